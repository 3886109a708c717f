"""One error format for the whole API: RFC 9457 problem details (application/problem+json).

Validation problems (422) carry `errors`: field path -> messages, e.g. {"items.0.hs_code": ["..."]}.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

PROBLEM_TYPES = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation-error",
    428: "precondition-required",
    500: "internal-error",
}


def problem(status: int, title: str, detail: str = "", **extra: Any) -> Response:
    body: dict[str, Any] = {"type": f"/problems/{PROBLEM_TYPES.get(status, 'error')}", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return Response(json.dumps(body), status=status, mimetype="application/problem+json")


def validation_problem(errors: dict[str, list[str]]) -> Response:
    fields = ", ".join(sorted(errors))
    return problem(422, "Unprocessable Content", f"invalid input: {fields}", errors=errors)


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        status = exc.code or 500
        # flask-smorest / webargs put validation messages on exc.data
        data = getattr(exc, "data", None) or {}
        messages = data.get("messages") if isinstance(data, dict) else None
        if status == 422 and messages:
            from tradedesk.api.schemas.leg import flatten_errors

            flat: dict[str, list[str]] = {}
            for location_messages in messages.values():
                flat.update(flatten_errors(location_messages))
            return validation_problem(flat)
        return problem(status, exc.name, exc.description or "")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:  # pragma: no cover - exercised only by bugs
        app.logger.exception("unhandled error")
        return problem(500, "Internal Server Error", "an unexpected error occurred; it has been logged")
