"""The RDF dump: it parses, it is the graph the build makes, and fixed SPARQL queries give the answers the
library gives (who leads A02; what implements A11; what became of the body that leads S2.2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from formats_rdf import BASE, rdf_graph
from rdflib import Graph
from rdflib.compare import isomorphic

HOST = "http://127.0.0.1:8000"
PREFIXES = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
"""


@pytest.fixture(scope="module")
def graph(root: Path) -> Graph:
    """The published file, its path-absolute IRIs resolved against the API that serves it."""
    g = Graph()
    g.parse(root / "dataset" / "internet-plus.ttl", format="turtle", publicID=HOST + "/v1/download/internet-plus.ttl")
    return g


def _ids(rows: Any) -> list[str]:
    return sorted(str(r[0]).removeprefix(HOST) for r in rows)


def test_the_file_is_the_graph_built_from_the_tables(root: Path) -> None:
    import json

    names = ("documents", "provisions", "actions", "agencies", "agency_changes", "responsibilities", "document_links")
    tables = {n: json.loads((root / "dataset" / f"{n}.json").read_text(encoding="utf-8")) for n in names}
    parsed = Graph().parse(root / "dataset" / "internet-plus.ttl", format="turtle", publicID=BASE + "/")
    assert isomorphic(parsed, rdf_graph(tables))


def test_every_document_and_provision_is_a_legal_resource(graph: Graph, ds: Any) -> None:
    works = graph.query(PREFIXES + "SELECT ?id WHERE { ?w a eli:LegalResource ; eli:id_local ?id }")
    assert sorted(str(r[0]) for r in works) == sorted(d.id for d in ds.documents)
    parts = graph.query(PREFIXES + "SELECT ?id WHERE { ?p a eli:LegalResourceSubdivision ; eli:id_local ?id }")
    assert sorted(str(r[0]) for r in parts) == sorted(p.id for p in ds.provisions)


def test_who_leads_a02_is_who_the_library_says(graph: Graph, ds: Any) -> None:
    rows = graph.query(
        PREFIXES
        + """SELECT ?agency WHERE {
            </akn/cn/act/guofa/2015/40/~A02> schema:legislationResponsible ?role .
            ?role a schema:Role ; schema:roleName ?name ; schema:legislationResponsible ?agency .
            FILTER (?name IN ("lead", "co-lead")) }""",
        base=HOST + "/",
    )
    expected = sorted(f"/v1/agencies/{r.agency_id}" for r in ds.responsible_for("A02") if r.role in ("lead", "co-lead"))
    assert _ids(rows) == expected == ["/v1/agencies/miit", "/v1/agencies/most", "/v1/agencies/ndrc"]


def test_what_implements_a11_is_its_lineage(graph: Graph, ds: Any) -> None:
    rows = graph.query(
        PREFIXES
        + """SELECT DISTINCT ?id WHERE {
            ?doc eli:ensures_implementation_of ?part ; eli:id_local ?id .
            ?part eli:is_part_of* </akn/cn/act/guofa/2015/40/~A11> }""",
        base=HOST + "/",
    )
    expected = sorted({e.document.id for e in ds.lineage("A11") if e.link.relation == "implements"})
    assert sorted(str(r[0]) for r in rows) == expected and "fagai-gaoji-2016-1078" in expected


def test_the_changes_of_the_body_that_leads_s2_2_are_its_successors(graph: Graph, ds: Any) -> None:
    rows = graph.query(
        PREFIXES
        + """SELECT ?change ?successor WHERE {
            </akn/cn/act/guofa/2015/40/~S2.2> schema:legislationResponsible ?role .
            ?role schema:roleName "lead" ; schema:legislationResponsible ?agency .
            ?agency org:changedBy ?event .
            ?event schema:identifier ?change ; schema:startDate ?date .
            OPTIONAL { ?event org:resultingOrganization ?successor } }
            ORDER BY ?date ?change""",
        base=HOST + "/",
    )
    (lead,) = [r.agency_id for r in ds.responsible_for("S2.2") if r.role == "lead"]
    expected = [(c.id, c.successor_agency_id) for c in ds.successors(lead)]
    got = [(str(r[0]), str(r[1]).removeprefix(HOST + "/v1/agencies/") if r[1] else None) for r in rows]
    assert sorted(got) == sorted(expected) and expected


def test_every_row_iri_names_its_table_as_the_package_does(graph: Graph, ds: Any) -> None:
    """Since 3.2.0 a row's IRI is ``/v1/<table>/<id>`` with the table's one name (``/v1/agency_changes/…``); the
    spelling before it (``agency-changes``) redirects, and is in no IRI of the dump."""
    iris = {str(t) for triple in graph for t in triple if str(t).startswith(HOST + "/v1/")}
    tables = {iri.removeprefix(HOST + "/v1/").split("/")[0] for iri in iris}
    assert {"agencies", "agency_changes", "responsibilities"} <= tables <= set(ds.tables)
    for iri in iris:
        table, key = iri.removeprefix(HOST + "/v1/").split("/", 1)
        assert ds.get(table, key) is not None, iri
