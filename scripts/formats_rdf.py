"""The package as one Turtle file: documents, provisions, agencies, responsibilities, succession and links.

Why these vocabularies: the ELI ontology is what legislation portals load (``eli:LegalResource``,
``eli:is_part_of``, ``eli:passed_by``, ``eli:ensures_implementation_of``), schema.org's ``Legislation``
terms mirror it for search engines and general tools, and the W3C Organization ontology's
``org:ChangeEvent`` is the standard shape for what became of a body. Every fact is a row of the tables:
nothing here is curated.

IRIs are path-absolute references (``</akn/cn/act/guofa/2015/40/~A02>``, ``</v1/agencies/ndrc>``),
resolved against where the file is read from, like every URL of the API's JSON: served by the API at
``/v1/download/internet-plus.ttl`` they name that API's own resources. rdflib writes absolute IRIs, so the
graph is built under a placeholder base that the serialisation then drops (the test parses the file
back against the base and finds the same graph). Deterministic: rdflib sorts subjects and predicates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from _common import BuildError
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from internet_plus.legislation import LEGAL_FORCE, LINK_PROPERTIES
from internet_plus.naming import EXPRESSIONS, Names, expression_iri, manifestation_iri, portion_iri

__all__ = ["BASE", "ELI", "ORG", "rdf_graph", "turtle_bytes"]

BASE = "http://base.invalid"  # dropped when written: the file's IRIs are path-absolute
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SDO = Namespace("https://schema.org/")  # a plain namespace: rdflib's SDO predates some Legislation terms
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
ELI_IN_FORCE = {"in_force": ELI["InForce-inForce"], "lapsed": ELI["InForce-notInForce"]}


def _iri(path: str) -> URIRef:
    return URIRef(BASE + path)


def _text(g: Graph, s: URIRef, p: URIRef, row: Mapping[str, Any], field: str) -> None:
    value = row.get(field)
    if value:
        g.add((s, p, Literal(str(value), lang="zh-Hans" if field.endswith("_zh") else "en")))


def _documents(g: Graph, tables: Mapping[str, Sequence[Mapping[str, Any]]], names: Names) -> None:
    for d in tables["documents"]:
        s = _iri(names.of(d["id"]))
        g.add((s, RDF.type, ELI.LegalResource))
        g.add((s, RDF.type, SDO.Legislation))
        g.add((s, ELI.id_local, Literal(d["id"])))
        g.add((s, SDO.url, _iri(f"/v1/documents/{d['id']}")))
        for field in ("title_zh", "title_en"):
            _text(g, s, ELI["title"], d, field)
            _text(g, s, SDO.name, d, field)
        if d["number_zh"]:
            g.add((s, SDO.legislationIdentifier, Literal(d["number_zh"])))
        if d["signed"]:
            g.add((s, ELI.date_document, Literal(d["signed"], datatype=XSD.date)))
            g.add((s, SDO.legislationDate, Literal(d["signed"], datatype=XSD.date)))
        if d["published"]:
            g.add((s, ELI.date_publication, Literal(d["published"], datatype=XSD.date)))
        for agency in str(d["issuer_agency_ids"] or "").split():
            g.add((s, ELI.passed_by, _iri(f"/v1/agencies/{agency}")))
            g.add((s, SDO.legislationPassedBy, _iri(f"/v1/agencies/{agency}")))
        status = d.get("status")
        if status in ELI_IN_FORCE:
            g.add((s, ELI.in_force, ELI_IN_FORCE[status]))
        if status in LEGAL_FORCE:
            g.add((s, SDO.legislationLegalForce, SDO[LEGAL_FORCE[status]]))
        if d["text_path"]:
            _expressions(g, s, names.of(d["id"]))


def _expressions(g: Graph, work: URIRef, iri: str) -> None:
    for language, code in EXPRESSIONS.items():
        e = _iri(expression_iri(iri, language))
        g.add((work, ELI.is_realized_by, e))
        g.add((e, RDF.type, ELI.LegalExpression))
        g.add((e, ELI.realizes, work))
        g.add((e, ELI.language, LANGUAGE[code.upper()]))
        m = _iri(manifestation_iri(iri, language))
        g.add((e, ELI.is_embodied_by, m))
        g.add((m, RDF.type, ELI.Format))
        g.add((m, ELI.embodies, e))
        g.add((m, ELI["format"], URIRef("http://www.iana.org/assignments/media-types/application/akn+xml")))
        if language != "zh-Hans":
            g.add((e, SDO.translationOfWork, _iri(expression_iri(iri, "zh-Hans"))))


def _provisions(g: Graph, tables: Mapping[str, Sequence[Mapping[str, Any]]], names: Names) -> dict[str, URIRef]:
    iris: dict[str, URIRef] = {}
    for p in tables["provisions"]:
        iris[p["id"]] = _iri(portion_iri(names.of(p["document_id"]), p["id"], names.prefix[p["document_id"]]))
    for p in tables["provisions"]:
        s = iris[p["id"]]
        parent = iris[p["parent_id"]] if p["parent_id"] else _iri(names.of(p["document_id"]))
        g.add((s, RDF.type, ELI.LegalResourceSubdivision))
        g.add((s, RDF.type, SDO.Legislation))
        g.add((s, ELI.is_part_of, parent))
        g.add((parent, ELI.has_part, s))
        g.add((s, ELI.id_local, Literal(p["id"])))
        g.add((s, SDO.legislationType, Literal(p["kind"])))
        g.add((s, SDO.position, Literal(p["seq"])))
        if p["number"] is not None:
            g.add((s, ELI.number, Literal(str(p["number"]))))
        for field in ("heading_zh", "heading_en"):
            _text(g, s, SDO.name, p, field)
        for field in ("text_zh", "text_en"):
            _text(g, s, SDO.text, p, field)
    for a in tables["actions"]:
        g.add((iris[a["id"]], SDO.alternateName, Literal(a["slug"])))
    return iris


def _agencies(g: Graph, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    for a in tables["agencies"]:
        s = _iri(f"/v1/agencies/{a['id']}")
        g.add((s, RDF.type, SDO.GovernmentOrganization))
        g.add((s, SDO.identifier, Literal(a["id"])))
        for field in ("name_zh", "name_en"):
            _text(g, s, SDO.name, a, field)
        _text(g, s, SDO.legalName, a, "name_zh_full")
        if a["acronym"]:
            g.add((s, SDO.alternateName, Literal(a["acronym"])))
        if a["parent_id"]:
            g.add((s, SDO.parentOrganization, _iri(f"/v1/agencies/{a['parent_id']}")))
    for c in tables["agency_changes"]:
        e = _iri(f"/v1/agency_changes/{c['id']}")
        body = _iri(f"/v1/agencies/{c['agency_id']}")
        g.add((e, RDF.type, ORG.ChangeEvent))
        g.add((e, SDO.identifier, Literal(c["id"])))
        g.add((e, ORG.originalOrganization, body))
        g.add((body, ORG.changedBy, e))
        g.add((e, SDO.additionalType, Literal(c["change"])))
        g.add((e, SDO.name, Literal(str(c["reform"]), lang="zh-Hans")))
        g.add(
            (
                e,
                SDO.startDate,
                Literal(str(c["effective_date"] or c["year"]), datatype=XSD.date if c["effective_date"] else XSD.gYear),
            )
        )
        _text(g, e, SDO.name, c, "successor_zh")
        if c["successor_agency_id"]:
            successor = _iri(f"/v1/agencies/{c['successor_agency_id']}")
            g.add((e, ORG.resultingOrganization, successor))
            g.add((successor, ORG.resultedFrom, e))


def _responsibilities(
    g: Graph, tables: Mapping[str, Sequence[Mapping[str, Any]]], names: Names, iris: Mapping[str, URIRef]
) -> None:
    for r in tables["responsibilities"]:
        subject_id = r["action_id"] or r["measure_id"]
        subject = iris[subject_id] if subject_id else _iri(names.of(r["document_id"]))
        agency = _iri(f"/v1/agencies/{r['agency_id']}")
        role = _iri(f"/v1/responsibilities/{r['id']}")
        g.add((subject, ELI.responsibility_of, agency))
        g.add((subject, SDO.legislationResponsible, role))
        g.add((role, RDF.type, SDO.Role))
        g.add((role, SDO.roleName, Literal(r["role"])))
        g.add((role, SDO.position, Literal(r["position"])))
        g.add((role, SDO.legislationResponsible, agency))
        g.add((role, SDO.citation, iris[r["provision_id"]]))


def _links(
    g: Graph, tables: Mapping[str, Sequence[Mapping[str, Any]]], names: Names, iris: Mapping[str, URIRef]
) -> None:
    for link in tables["document_links"]:
        terms = LINK_PROPERTIES.get(link["relation"])
        if terms is None:
            continue
        source = _iri(names.of(link["from_document_id"]))
        target = iris[link["to_subject_id"]] if link["to_subject_id"] else _iri(names.of(link["to_document_id"]))
        schema_term, reverse = terms
        if reverse:
            source, target = target, source
        g.add((source, SDO[schema_term], target))
        g.add((source, ELI[_ELI_OF[schema_term]], target))


_ELI_OF = {"legislationEnsuresImplementationOf": "ensures_implementation_of", "isBasedOn": "based_on"}


def rdf_graph(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> Graph:
    """The graph under the placeholder ``BASE``."""
    g = Graph(bind_namespaces="core")
    g.bind("eli", ELI)
    g.bind("schema", SDO)
    g.bind("org", ORG)
    g.bind("lang", LANGUAGE)
    try:
        names = Names(tables["documents"])
    except ValueError as exc:  # a number outside the naming rule: one line, naming it
        raise BuildError(f"documents.csv: {exc} (docs/identifiers.md says how to add a code)") from None
    _documents(g, tables, names)
    iris = _provisions(g, tables, names)
    _agencies(g, tables)
    _responsibilities(g, tables, names, iris)
    _links(g, tables, names, iris)
    return g


def turtle_bytes(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> bytes:
    text = rdf_graph(tables).serialize(format="turtle", encoding="utf-8")
    return text.replace(f"<{BASE}/".encode(), b"</")
