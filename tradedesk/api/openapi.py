"""The OpenAPI document's shared parts: one problem+json schema for every error, and the defaults every
operation gets (401/403/default errors, a JSON body on 200/201), so that the document validates and a
generated client knows what each answer looks like."""

from __future__ import annotations

import http
from typing import Any

from apispec import BasePlugin
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser

from tradedesk.api.responses import SCHEMAS

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_CONTENT = {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}

#: RFC 9457 problem details, as api.errors.problem writes them (extra members such as `flags` may follow)
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "e.g. /problems/validation-error"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "field path (items.0.hs_code) -> messages (422 only)",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "additionalProperties": True,
}

#: the answers every API operation may give besides its own (a token is required everywhere)
COMMON_ERRORS = {"401": "UNAUTHORIZED", "403": "FORBIDDEN"}
JSON_OBJECT = {"application/json": {"schema": {"type": "object"}}}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def problem(status: int) -> str:
    """The shared response of an error status, e.g. problem(404) -> the NOT_FOUND component (problem+json)."""
    return http.HTTPStatus(status).name


def problem_response(description: str) -> dict[str, Any]:
    """An error response with its own description (problem+json)."""
    return {"description": description, "content": PROBLEM_CONTENT}


class DefaultResponses(BasePlugin):
    """apispec plugin: every operation documents 401/403, and a 200/201 without content a JSON object."""

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        for method, operation in (operations or {}).items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, name in COMMON_ERRORS.items():
                responses.setdefault(status, name)
            for status in ("200", "201"):
                response = responses.get(status)
                if isinstance(response, dict) and "content" not in response:
                    response["content"] = JSON_OBJECT


class _SchemaDecidesParser(FlaskParser):
    """webargs excludes unknown query parameters by default; ours are refused by the schema (Meta.unknown = RAISE),
    so that a misspelt filter or the retired `page` is a 422 naming it, not silently a different list."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None, "querystring": None}  # noqa: RUF012


class Blueprint(SmorestBlueprint):
    """The API's blueprints: flask-smorest's, with query parameters checked by the schema's own rules."""

    ARGUMENTS_PARSER = _SchemaDecidesParser()


class TradeDeskApi(Api):
    """flask-smorest's Api whose error responses are problem+json with the Problem schema."""

    ERROR_SCHEMA = PROBLEM_REF

    def _register_responses(self) -> None:
        self.spec.components.schema("Problem", PROBLEM_SCHEMA)
        for name, schema in SCHEMAS.items():
            self.spec.components.schema(name, schema)
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["content"] = PROBLEM_CONTENT
            self.spec.components.response(status.name, response, lazy=True)
        self.spec.components.response("DEFAULT_ERROR", problem_response("Any other error"), lazy=True)
        plugin = DefaultResponses()
        plugin.init_spec(self.spec)
        self.spec.plugins.append(plugin)


__all__ = ["PROBLEM_CONTENT", "Blueprint", "TradeDeskApi", "problem", "problem_response"]
