"""One error format for the whole API: RFC 9457 problem details (application/problem+json).

Validation problems (422) carry `errors`: field path -> messages, e.g. {"items.0.hs_code": ["..."]}.
Every exception a use case may raise maps to exactly one status in EXCEPTION_STATUS.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, json
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from tradedesk.domain.regimes import DateOutOfRange
from tradedesk.domain.rma import TransitionError
from tradedesk.domain.workflow import WorkflowError
from tradedesk.inputs.leg import LegInputError, flatten_errors
from tradedesk.services.errors import Conflict, InvalidInput, NotFound, Stale
from tradedesk.services.idempotency import IdempotencyInFlight, IdempotencyMismatch

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
    503: "unavailable",
}

EXCEPTION_STATUS: tuple[tuple[type[Exception], int, str], ...] = (
    (NotFound, 404, "Not Found"),
    (Conflict, 409, "Conflict"),
    (TransitionError, 409, "Conflict"),
    (WorkflowError, 409, "Conflict"),
    (IdempotencyInFlight, 409, "Conflict"),
    (Stale, 412, "Precondition Failed"),
    (IdempotencyMismatch, 422, "Unprocessable Content"),
)


def problem(status: int, title: str, detail: str = "", headers: dict[str, str] | None = None, **extra: Any) -> Response:
    body: dict[str, Any] = {"type": f"/problems/{PROBLEM_TYPES.get(status, 'error')}", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype="application/problem+json")
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def validation_problem(errors: dict[str, list[str]]) -> Response:
    return problem(422, "Unprocessable Content", f"invalid input: {', '.join(sorted(errors))}", errors=errors)


def register(app: Flask) -> None:
    from tradedesk.api.http import ApiError, refuse_unstorable_text

    @app.errorhandler(ApiError)
    def _api(exc: ApiError) -> Response:
        extra = dict(exc.extra)
        headers = extra.pop("headers", None)
        return problem(exc.status, exc.title, exc.detail, headers=headers, **extra)

    @app.errorhandler(LegInputError)
    def _leg(exc: LegInputError) -> Response:
        return validation_problem(exc.errors)

    @app.errorhandler(InvalidInput)
    def _invalid(exc: InvalidInput) -> Response:
        return validation_problem(exc.errors)

    @app.errorhandler(DateOutOfRange)
    def _date(exc: DateOutOfRange) -> Response:
        return validation_problem({exc.field: [str(exc)]})

    app.before_request(refuse_unstorable_text)

    @app.errorhandler(ValidationError)
    def _marshmallow(exc: ValidationError) -> Response:
        return validation_problem(flatten_errors(exc.messages))

    for exc_type, status, title in EXCEPTION_STATUS:
        app.register_error_handler(exc_type, lambda exc, s=status, t=title: problem(s, t, str(exc)))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        status = exc.code or 500
        data = getattr(exc, "data", None) or {}
        messages = data.get("messages") if isinstance(data, dict) else None
        if status == 422 and messages:
            flat: dict[str, list[str]] = {}
            for location_messages in messages.values():
                flat.update(flatten_errors(location_messages))
            return validation_problem(flat)
        # keep what the exception says besides its body (Allow on a 405, WWW-Authenticate, Retry-After)
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        return problem(status, exc.name, exc.description or "", headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:  # pragma: no cover - exercised only by bugs
        app.logger.exception("unhandled error")
        return problem(500, "Internal Server Error", "an unexpected error occurred; it has been logged")
