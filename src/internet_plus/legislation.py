"""schema.org ``Legislation`` for a document or a provision, as JSON-LD: what search engines read.

Every value is a row's: the number and dates of ``documents``, its issuers (``legislationPassedBy``), its
status (``legislationLegalForce``, through ``LEGAL_FORCE``), the bodies ``responsibilities`` names
(``legislationResponsible``, each in a ``Role`` with the role as printed: lead, co-lead, …) and the
``document_links`` (``LINK_PROPERTIES``). The two small tables below are the only mapping from the data's
vocabulary to schema.org's: a new status or relation value is one line here. A value with no entry
(``unknown``; ``related``) says nothing rather than something wrong. Identifiers are the Akoma Ntoso IRIs
of ``internet_plus.naming``, path-absolute like every URL the API gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .naming import EXPRESSIONS, Names, manifestation_iri, portion_iri

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["LEGAL_FORCE", "LINK_PROPERTIES", "SCHEMA", "document_jsonld", "provision_jsonld"]

SCHEMA = "https://schema.org/"
# documents.status -> schema.org LegalForceStatus member
LEGAL_FORCE: dict[str, str] = {
    "in_force": "InForce",
    "lapsed": "NotInForce",
    "abolished": "NotInForce",
    "superseded": "NotInForce",
    "expired": "NotInForce",
    "partially_in_force": "PartiallyInForce",
}
# document_links.relation -> (schema.org property, reversed?): "precedes" says the later document is based on it
LINK_PROPERTIES: dict[str, tuple[str, bool]] = {
    "implements": ("legislationEnsuresImplementationOf", False),
    "builds_on": ("isBasedOn", False),
    "precedes": ("isBasedOn", True),
}


def _both(zh: str | None, en: str | None) -> list[dict[str, str]]:
    return [{"@value": v, "@language": lang} for v, lang in ((zh, "zh-Hans"), (en, "en")) if v]


def _agency(ds: Dataset, agency_id: str) -> dict[str, Any]:
    a = ds.get("agencies", agency_id)
    out: dict[str, Any] = {"@type": "GovernmentOrganization", "@id": f"/v1/agencies/{agency_id}"}
    if a is not None:
        out["name"] = _both(a.name_zh, a.name_en)
    return out


def _roles(ds: Dataset, rows: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"@type": "Role", "roleName": r.role, "legislationResponsible": _agency(ds, r.agency_id)} for r in rows]


def _work(ds: Dataset, names: Names, document_id: str) -> dict[str, Any]:
    d = ds.document(document_id)
    return {"@type": "Legislation", "@id": names.of(d.id), "legislationIdentifier": d.number_zh or d.id}


def _target(ds: Dataset, names: Names, link: Any, reverse: bool) -> dict[str, Any]:
    if reverse:
        return _work(ds, names, link.to_document_id)
    if link.to_subject_id:
        return {
            "@type": "Legislation",
            "@id": portion_iri(names.of(link.to_document_id), link.to_subject_id, names.prefix[link.to_document_id]),
            "isPartOf": _work(ds, names, link.to_document_id),
        }
    return _work(ds, names, link.to_document_id)


def _links(ds: Dataset, names: Names, document_id: str) -> dict[str, list[dict[str, Any]]]:
    """The document's outgoing properties (and "precedes" read backwards: what it is based on)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for link in ds.document_links:
        prop = LINK_PROPERTIES.get(link.relation)
        if prop is None:
            continue
        name, reverse = prop
        if (link.to_document_id if reverse else link.from_document_id) != document_id:
            continue
        target = _work(ds, names, link.from_document_id) if reverse else _target(ds, names, link, False)
        if target not in out.setdefault(name, []):
            out[name].append(target)
    return out


def _common(ds: Dataset, names: Names, d: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    issuers = (d.issuer_agency_ids or "").split()
    if issuers:
        out["legislationPassedBy"] = [_agency(ds, a) for a in issuers]
    else:
        out["legislationPassedBy"] = [{"@type": "Organization", "name": d.issuers_zh}]
    force = LEGAL_FORCE.get(getattr(d, "status", "") or "")
    if force:
        out["legislationLegalForce"] = SCHEMA + force
    out["legislationJurisdiction"] = {"@type": "Country", "name": "China", "identifier": "CN"}
    return out


def document_jsonld(ds: Dataset, document_id: str, url: str | None = None) -> dict[str, Any]:
    """The document as ``Legislation``; ``url`` is its page (default ``/v1/documents/<id>``)."""
    names = _names(ds)
    d = ds.document(document_id)
    work = names.of(d.id)
    out: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Legislation",
        "@id": work,
        "url": url or f"/v1/documents/{d.id}",
        "name": _both(d.title_zh, d.title_en),
        "legislationIdentifier": d.number_zh or d.id,
        "inLanguage": "zh-Hans",
    }
    if d.signed:
        out["legislationDate"] = d.signed.isoformat()
    if d.published:
        out["datePublished"] = d.published.isoformat()
    out.update(_common(ds, names, d))
    agencies = dict.fromkeys(r.agency_id for r in ds.responsibilities if r.document_id == d.id)
    if agencies:
        out["legislationResponsible"] = [_agency(ds, a) for a in agencies]
    out.update(_links(ds, names, d.id))
    if d.text_path:
        out["encoding"] = [
            {
                "@type": "MediaObject",
                "contentUrl": manifestation_iri(work, language),
                "encodingFormat": "application/akn+xml",
                "inLanguage": language,
            }
            for language in EXPRESSIONS
        ]
    return out


def provision_jsonld(ds: Dataset, provision_id: str, url: str | None = None) -> dict[str, Any]:
    """A provision as ``Legislation`` that ``isPartOf`` its document; the documents that implement it
    (or one of its tasks) under ``@reverse``; ``url`` is its page (default ``/v1/provisions/<id>``)."""
    names = _names(ds)
    p = ds.provision(provision_id)
    d = ds.document(p.document_id)
    out: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Legislation",
        "@id": portion_iri(names.of(d.id), p.id, names.prefix[d.id]),
        "url": url or f"/v1/provisions/{p.id}",
        "inLanguage": "zh-Hans",
        "isPartOf": _work(ds, names, d.id),
        "text": _both(p.text_zh, p.text_en),
    }
    if p.heading_zh or p.heading_en:
        out["name"] = _both(p.heading_zh, p.heading_en)
    out.update(_common(ds, names, d))
    if ds.get("actions", p.id) or ds.get("measures", p.id) or ds.get("tasks", p.id):
        roles = _roles(ds, ds.responsible_for(p.id))
        if roles:
            out["legislationResponsible"] = roles
    reverse: dict[str, list[dict[str, Any]]] = {}
    if p.kind in ("action", "task", "measure", "measure_group"):
        for entry in ds.lineage(p.id):
            prop = LINK_PROPERTIES.get(entry.link.relation)
            if prop is not None and not prop[1]:
                work = _work(ds, names, entry.document.id)
                if work not in reverse.setdefault(prop[0], []):
                    reverse[prop[0]].append(work)
    if reverse:
        out["@reverse"] = reverse
    return out


def _names(ds: Dataset) -> Names:
    return Names(d.model_dump() for d in ds.documents)
