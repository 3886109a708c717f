"""JSON schemas of what the API answers (OpenAPI components), so that clients and schemathesis can check answers.

They name the members a client relies on, with their types; other members may follow (additionalProperties),
so that adding a member to a view is not a breaking change of the document.
"""

from __future__ import annotations

from typing import Any

STR = {"type": "string"}
INT = {"type": "integer"}
NULLABLE_STR = {"type": ["string", "null"]}
OBJECTS = {"type": "array", "items": {"type": "object"}}


def _object(required: dict[str, Any], **optional: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": sorted(required),
        "properties": {**required, **optional},
        "additionalProperties": True,
    }


FLAG = _object({"code": STR, "severity": STR})

SCHEMAS: dict[str, dict[str, Any]] = {
    "PartyView": _object({"id": STR, "kind": STR, "name": STR, "country": STR}),
    "RmaView": _object(
        {
            "id": STR,
            "number": STR,
            "status": STR,
            "scenario": STR,
            "reason_code": STR,
            "version": INT,
            "items": OBJECTS,
            "legs": OBJECTS,
        },
        disposition=NULLABLE_STR,
    ),
    "LegView": _object(
        {
            "id": STR,
            "rma_id": STR,
            "movement": STR,
            "from_country": STR,
            "to_country": STR,
            "ship_date": STR,
            "transport": STR,
            "status": STR,
            "version": INT,
            "decision": {"type": ["object", "null"]},
        },
        declarations=OBJECTS,
    ),
    "DeclarationView": _object(
        {
            "id": STR,
            "leg_id": STR,
            "rma_id": STR,
            "side": STR,
            "status": STR,
            "version": INT,
            "version_no": INT,
            "flags": {"type": "array", "items": FLAG},
        },
        customs_reference=NULLABLE_STR,
    ),
    "FilingView": _object({"id": STR, "side": STR, "status": STR, "version": INT}, customs_reference=NULLABLE_STR),
    "ExportReferenceView": _object(
        {"leg_id": STR, "export_reference": _object({"reference": STR, "reason": STR, "by": STR, "at": STR})}
    ),
}
_LIST_REF = _object({"id": STR, "source": STR, "title": STR, "sha256": STR}, published=NULLABLE_STR)
SCHEMAS["ScreeningMatch"] = _object(
    {
        "id": STR,
        "status": STR,
        "score": STR,
        "matched_name": STR,
        "reasons": {"type": "array", "items": STR},
        "party": _object({"id": STR, "name": STR}),
        "list": _LIST_REF,
        "entry_id": STR,
    },
    entry={"type": "object"},
    decision_reason=NULLABLE_STR,
)
SCHEMAS["ScreeningListVersions"] = _object(
    {"items": {"type": "array", "items": _object({"id": STR, "source": STR, "title": STR, "entry_count": INT})}}
)
SCHEMAS["PartyScreening"] = _object(
    {"party": _object({"id": STR, "name": STR}), "runs": OBJECTS, "matches": OBJECTS},
    screened_against=NULLABLE_STR,
    screened_at=NULLABLE_STR,
)
SCHEMAS["ExportAuthorisations"] = _object(
    {"leg_id": STR, "export_authorisations": OBJECTS, "flags": {"type": "array", "items": STR}}
)
SCHEMAS["WebhookSubscription"] = _object(
    {"id": STR, "url": STR, "events": {"type": "array", "items": STR}, "active": {"type": "boolean"}}
)
SCHEMAS["WebhookSubscriptionCreated"] = _object(
    {"id": STR, "url": STR, "events": {"type": "array", "items": STR}, "secret": STR}
)
SCHEMAS["WebhookDelivery"] = _object({"id": STR, "event_type": STR, "status": STR, "attempts": INT})
SCHEMAS["LegTrackingNumber"] = _object({"leg_id": STR, "carrier": STR, "tracking_number": STR})
SCHEMAS["TrackingEventResult"] = _object({"leg_id": STR, "status": STR, "changed": {"type": "boolean"}})
SCHEMAS["IntakeAccepted"] = _object({"message": STR})
SCHEMAS["IntakeOrder"] = _object({"reference": STR, "lines": OBJECTS})
SCHEMAS["IntakeStatus"] = _object({"rma_id": STR, "number": STR, "status": STR, "next": STR})
SCHEMAS["OrderCreated"] = _object({"id": STR, "reference": STR, "lines": INT})
SCHEMAS["ImportQueued"] = _object({"import_id": STR, "job_id": STR, "resumed": {"type": "boolean"}, "report_url": STR})
SCHEMAS["ImportReport"] = _object({"id": STR, "total_rows": INT, "opened": INT, "refused": OBJECTS, "pending": INT})
SCHEMAS["LegList"] = _object({"items": {"type": "array", "items": {"$ref": "#/components/schemas/LegView"}}})
SCHEMAS["DeclarationList"] = _object(
    {"items": {"type": "array", "items": {"$ref": "#/components/schemas/DeclarationView"}}}
)
SCHEMAS["DocumentList"] = _object({"items": {"type": "array", "items": _object({"kind": STR, "url": STR})}})


def ok(description: str, schema: str, **extra: Any) -> dict[str, Any]:
    """A 200/201 response whose JSON body is the component `schema` (extra: headers, links)."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        **extra,
    }


def link(path: str, method: str, **parameters: str) -> dict[str, Any]:
    """An OpenAPI link to the operation `method path`; parameters: name -> runtime expression."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {"operationRef": f"#/paths/{pointer}/{method}", "parameters": parameters}


def _etag(**parameters: str) -> dict[str, str]:
    return {**parameters, "If-Match": "$response.header.ETag"}


V1 = "/api/v1"
_ID = "$response.body#/id"
_FIRST = "$response.body#/items/0/id"

#: what a client (and schemathesis' stateful phase) can do next with the object an answer names
RMA_LINKS = {
    "GetRma": link(f"{V1}/rmas/{{rma_id}}", "get", rma_id=_ID),
    "PlanLegs": link(f"{V1}/rmas/{{rma_id}}/legs/plan", "post", rma_id=_ID),
    "ListLegs": link(f"{V1}/rmas/{{rma_id}}/legs", "get", rma_id=_ID),
    "AddLeg": link(f"{V1}/rmas/{{rma_id}}/legs", "post", rma_id=_ID),
    "Transition": link(f"{V1}/rmas/{{rma_id}}/transitions", "post", **_etag(rma_id=_ID)),
    "Inspect": link(f"{V1}/rmas/{{rma_id}}/inspection", "post", **_etag(rma_id=_ID)),
    "Dispose": link(f"{V1}/rmas/{{rma_id}}/disposition", "post", **_etag(rma_id=_ID)),
}
LEG_LINKS = {
    "GetLeg": link(f"{V1}/legs/{{leg_id}}", "get", leg_id=_ID),
    "EditLeg": link(f"{V1}/legs/{{leg_id}}", "patch", **_etag(leg_id=_ID)),
    "Reclassify": link(f"{V1}/legs/{{leg_id}}/reclassify", "post", **_etag(leg_id=_ID)),
    "RequestPaperwork": link(f"{V1}/legs/{{leg_id}}/paperwork", "post", leg_id=_ID),
}
PLANNED_LINKS = {
    "GetFirstLeg": link(f"{V1}/legs/{{leg_id}}", "get", leg_id=_FIRST),
    "RequestPaperwork": link(f"{V1}/legs/{{leg_id}}/paperwork", "post", leg_id=_FIRST),
}
DRAFTED_LINKS = {
    "GetFirstDeclaration": link(f"{V1}/declarations/{{declaration_id}}", "get", declaration_id=_FIRST),
    "ListDocuments": link(f"{V1}/declarations/{{declaration_id}}/documents", "get", declaration_id=_FIRST),
}
DECLARATION_LINKS = {
    "Approve": link(f"{V1}/declarations/{{declaration_id}}/approve", "post", **_etag(declaration_id=_ID)),
    "RequestChanges": link(
        f"{V1}/declarations/{{declaration_id}}/request-changes", "post", **_etag(declaration_id=_ID)
    ),
    "Amend": link(f"{V1}/declarations/{{declaration_id}}/amend", "post", **_etag(declaration_id=_ID)),
    "File": link(f"{V1}/declarations/{{declaration_id}}/file", "post", **_etag(declaration_id=_ID)),
    "GetFiling": link(f"{V1}/filings/{{declaration_id}}", "get", declaration_id=_ID),
}
FILING_LINKS = {
    "Acknowledge": link(f"{V1}/filings/{{declaration_id}}/acknowledge", "post", **_etag(declaration_id=_ID)),
    "Reject": link(f"{V1}/filings/{{declaration_id}}/reject", "post", **_etag(declaration_id=_ID)),
    "ListDocuments": link(f"{V1}/filings/{{declaration_id}}/documents", "get", declaration_id=_ID),
}
PARTY_LINKS = {"GetParty": link(f"{V1}/parties/{{party_id}}", "get", party_id=_ID)}
