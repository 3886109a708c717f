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
    return {"type": "object", "required": sorted(required), "properties": {**required, **optional},
            "additionalProperties": True}


FLAG = _object({"code": STR, "severity": STR})

SCHEMAS: dict[str, dict[str, Any]] = {
    "PartyView": _object({"id": STR, "kind": STR, "name": STR, "country": STR}),
    "RmaView": _object({"id": STR, "number": STR, "status": STR, "scenario": STR, "reason_code": STR, "version": INT,
                        "items": OBJECTS, "legs": OBJECTS}, disposition=NULLABLE_STR),
    "LegView": _object({"id": STR, "rma_id": STR, "movement": STR, "from_country": STR, "to_country": STR,
                        "ship_date": STR, "transport": STR, "status": STR, "version": INT,
                        "decision": {"type": ["object", "null"]}}, declarations=OBJECTS),
    "DeclarationView": _object({"id": STR, "leg_id": STR, "rma_id": STR, "side": STR, "status": STR, "version": INT,
                                "version_no": INT, "flags": {"type": "array", "items": FLAG}},
                               customs_reference=NULLABLE_STR),
    "FilingView": _object({"id": STR, "side": STR, "status": STR, "version": INT}, customs_reference=NULLABLE_STR),
}
SCHEMAS["LegList"] = _object({"items": {"type": "array", "items": {"$ref": "#/components/schemas/LegView"}}})
SCHEMAS["DeclarationList"] = _object(
    {"items": {"type": "array", "items": {"$ref": "#/components/schemas/DeclarationView"}}})
SCHEMAS["DocumentList"] = _object({"items": {"type": "array", "items": _object({"kind": STR, "url": STR})}})


def ok(description: str, schema: str, **extra: Any) -> dict[str, Any]:
    """A 200/201 response whose JSON body is the component `schema` (extra: headers, links)."""
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}, **extra}
