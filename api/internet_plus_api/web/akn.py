"""The Akoma Ntoso IRIs resolve here: a work, an expression, a provision (docs/identifiers.md).

Why the answer and not a redirect: the static copy (``internet-plus static``) keeps every answer as a file,
and a file cannot redirect. So a browser gets the page of the document or provision (the same bytes as
``/v1/documents/{id}``), any other client its schema.org ``Legislation`` as JSON-LD, and an expression its
Akoma Ntoso XML (the file ``/v1/download/<id>.zh.akn.xml`` also serves). Unknown IRIs are 404 problems.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from litestar import Request, Response

from internet_plus import Dataset
from internet_plus.legislation import document_jsonld, provision_jsonld
from internet_plus.naming import AKN_PREFIX, EXPRESSIONS, Names

from ..files import Published
from ..http import respond
from ..problems import ProblemError
from ..query import parse_query
from ..render import Rendered, render
from ..routing import Endpoint, PathParam
from .negotiation import wants_html
from .site import Site

__all__ = ["akn_endpoints"]

JSONLD = "application/ld+json"
AKN = "application/akn+xml"
_LANGUAGE = {code: (lang, "zh" if lang == "zh-Hans" else "en") for lang, code in EXPRESSIONS.items()}
_WORK = (
    PathParam(
        "series",
        "The romanised issuer code and category (`guofa`, `fagai-gaoji`); `nn` if unnumbered.",
        {"type": "string", "pattern": "^[a-z]+(-[a-z]+)*$", "maxLength": 40},
        "guofa",
    ),
    PathParam(
        "year",
        "The year of the number (`nd`: none seen).",
        {"type": "string", "pattern": "^([12][0-9]{3}|nd)$", "maxLength": 4},
        "2015",
    ),
    PathParam(
        "number",
        "The serial number (the document id if unnumbered).",
        {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80},
        "40",
    ),
)
_COMPONENT = PathParam(
    "component",
    "`!main` (the work), `zho` or `eng` (an expression: its Akoma Ntoso XML), or `~` and a provision's eId.",
    {"type": "string", "pattern": "^(!main|zho|eng|~[A-Za-z0-9.]+)$", "maxLength": 60},
    "~A02",
)
_EXPRESSION = PathParam(
    "expression", "The language of the expression.", {"type": "string", "enum": ["zho", "eng"]}, "zho"
)


JSONLD_SUFFIX = ".jsonld"
"""``<IRI>.jsonld`` is the IRI asked for as JSON-LD: the file a plain static host serves for it."""


class _Resolver:
    def __init__(self, ds: Dataset, published: Published, site: Site) -> None:
        self.ds, self.published, self.site = ds, published, site
        self.names = Names(d.model_dump() for d in ds.documents)
        self.kept: dict[tuple[str, str], Rendered] = {}

    def document(self, request: Request[Any, Any, Any]) -> str:
        parse_query(request.scope.get("query_string", b""), ())
        p = request.path_params
        iri = f"{AKN_PREFIX}/{p['series']}/{p['year']}/{str(p['number']).removesuffix(JSONLD_SUFFIX)}"
        doc = self.names.document.get(iri)
        if doc is None:
            raise ProblemError("not-found", f"No document has the work IRI {iri[:200]!r}.")
        return doc

    def _answer(
        self, request: Request[Any, Any, Any], page: str, key: tuple[str, str], jsonld: Callable[[], Any]
    ) -> Response[bytes]:
        explicit = request.url.path.endswith(JSONLD_SUFFIX)  # the explicit representation a static host serves
        if not explicit and wants_html(request.headers.get("accept")):
            rendered = self.site.page(page)
            if rendered is not None:
                return respond(rendered)
        if key not in self.kept:
            self.kept[key] = render(orjson.dumps(jsonld()), JSONLD, vary_accept=True)
        return respond(self.kept[key])

    def work(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        doc = self.document(request)
        return self._answer(request, f"/v1/documents/{doc}", ("document", doc), lambda: document_jsonld(self.ds, doc))

    def expression(self, doc: str, code: str) -> Response[bytes]:
        if code not in _LANGUAGE:
            raise ProblemError("not-found", f"No expression {code[:20]!r}: the languages are zho and eng.")
        rendered = self.published.files.get(f"dataset/{doc}.{_LANGUAGE[code][1]}.akn.xml")
        if rendered is None:
            raise ProblemError("not-found", f"The edition holds no text of {doc}: it has no {code} expression.")
        return respond(rendered)

    def component(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        doc = self.document(request)
        component = str(request.path_params["component"]).removesuffix(JSONLD_SUFFIX)
        if component == "!main":
            return self.work(request)
        if component in _LANGUAGE:
            return self.expression(doc, component)
        provision = self.names.provision_id(doc, component)
        row = self.ds.get("provisions", provision)
        if row is None or row.document_id != doc:
            raise ProblemError("not-found", f"{doc} has no provision with the eId {component[1:100]!r}.")
        page = self.site.page_of_provision.get(provision, f"/v1/provisions/{provision}")
        return self._answer(request, page, ("provision", provision), lambda: provision_jsonld(self.ds, provision, page))

    def manifestation(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        return self.expression(self.document(request), str(request.path_params["expression"]))


def akn_endpoints(ds: Dataset, published: Published, site: Site) -> list[Endpoint]:
    r = _Resolver(ds, published, site)
    work = f"{AKN_PREFIX}/{{series}}/{{year}}/{{number}}"
    legislation = {JSONLD: {"type": "object", "description": "schema.org Legislation"}, "text/html": {"type": "string"}}

    def endpoint(path: str, view: Any, op: str, summary: str, params: tuple[PathParam, ...], content: Any) -> Endpoint:
        return Endpoint(
            path=path,
            view=view,
            operation_id=op,
            summary=summary,
            tag="identifiers",
            content=content,
            description="Akoma Ntoso IRIs of the documents (docs/identifiers.md). A browser gets the page.",
            path_params=params,
            headers=("ETag", "Cache-Control", "X-Dataset-Version", "Vary"),
        )

    return [
        endpoint(work, r.work, "akn_work", "A document by its work IRI: schema.org Legislation", _WORK, legislation),
        endpoint(
            work + "/{component}",
            r.component,
            "akn_component",
            "A provision (~eId) as schema.org Legislation, an expression (zho, eng) as Akoma Ntoso XML, or !main",
            (*_WORK, _COMPONENT),
            {**legislation, AKN: {"type": "string"}},
        ),
        endpoint(
            work + "/{expression}/!main.xml",
            r.manifestation,
            "akn_manifestation",
            "An expression's Akoma Ntoso XML file",
            (*_WORK, _EXPRESSION),
            {AKN: {"type": "string"}},
        ),
    ]
