"""HTTP plumbing shared by the blueprints: the actor, permissions and object visibility, ETag/If-Match and stale
versions, Idempotency-Key and replayed responses, paging."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Response, current_app, g, jsonify, request

from tradedesk.auth.actor import Actor
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.auth.tokens import actor_of, actor_query
from tradedesk.inputs.base import text_problems
from tradedesk.services.context import Context
from tradedesk.services.errors import InvalidInput
from tradedesk.services.idempotency import Outcome
from tradedesk.services.paging import DEFAULT_LIMIT, Page, PageRequest
from tradedesk.services.rmas import StaleVersion

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class ApiError(Exception):
    """Raised by views and services' callers; rendered as problem+json by api.errors."""

    def __init__(self, status: int, title: str, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


def ctx() -> Context:
    return cast(Context, current_app.extensions["tradedesk.context"])


def current_actor() -> Actor:
    actor = getattr(g, "actor", None)
    if actor is None:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(
                401,
                "Unauthorized",
                "send an API token: 'Authorization: Bearer td_...'",
                headers={"WWW-Authenticate": 'Bearer realm="tradedesk"'},
            )
        # Read on every request (a revoked token is refused at once, on any worker), once per request
        # (g caches it for the request only), as one SELECT outside any transaction.
        query = actor_query(token.strip(), ctx().now())
        actor = None if query is None else actor_of(ctx().read_once(query))
        if actor is None:
            raise ApiError(
                401,
                "Unauthorized",
                "the API token is unknown, revoked or expired",
                headers={"WWW-Authenticate": 'Bearer realm="tradedesk", error="invalid_token"'},
            )
        g.actor = actor
    return cast(Actor, actor)


def requires(permission: Permission) -> Callable[[F], F]:
    """Deny by default: the view runs only for roles holding `permission` (401 without a token, 403 without the right)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            actor = current_actor()
            if not allowed(actor.role, permission):
                raise ApiError(403, "Forbidden", f"the role {actor.role} may not {permission}")
            return view(*args, **kwargs)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate


def etag_of(version: int) -> str:
    return f'"{version}"'


def require_if_match(current_version: int) -> None:
    """State changes need If-Match with the current ETag: missing -> 428, stale -> 412."""
    if not request.headers.get("If-Match"):
        raise ApiError(
            428,
            "Precondition Required",
            "send If-Match with the ETag you last read, so that you do not overwrite a newer change",
        )
    if not request.if_match.contains(etag_of(current_version).strip('"')) and not request.if_match.star_tag:
        raise ApiError(
            412,
            "Precondition Failed",
            "the resource changed since you read it; fetch it again",
            headers={"ETag": etag_of(current_version)},
        )


def if_match_version() -> int:
    """The version the client says it read (from If-Match); 428 when missing."""
    raw = request.headers.get("If-Match")
    if not raw:
        raise ApiError(
            428,
            "Precondition Required",
            "send If-Match with the ETag you last read, so that you do not overwrite a newer change",
        )
    tags = [t for t in request.if_match if t]
    try:
        return int(tags[0]) if tags else -1
    except (TypeError, ValueError):
        return -1  # not one of our ETags: it can only be stale (412)


def idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 255:
        raise ApiError(400, "Bad Request", "Idempotency-Key must be 1 to 255 characters")
    return key


def refuse_unstorable_text() -> None:
    """before_request of the whole app (API and pages): path parameters, query parameters and form fields holding
    NUL (or a lone surrogate) are refused by name (422), as the schemas refuse them in JSON bodies."""
    fields: dict[str, Any] = dict(request.view_args or {})
    for source in (request.args, request.form):
        for name, values in source.lists():
            fields[name] = values if len(values) > 1 else values[0]
    problems = text_problems(fields)
    if problems:
        raise InvalidInput(problems)


def json_body() -> Any:
    if not request.is_json:
        raise ApiError(415, "Unsupported Media Type", "send application/json")
    try:
        payload = request.get_json(silent=True)
    except RecursionError as exc:
        raise ApiError(400, "Bad Request", "the JSON body is nested too deeply") from exc
    if payload is None:
        raise ApiError(400, "Bad Request", "the body is not valid JSON")
    return payload


def page_request(query: Mapping[str, Any]) -> PageRequest:
    """The page a list's query (loaded by its PagedQuerySchema) asks for."""
    return PageRequest(limit=query.get("limit", DEFAULT_LIMIT), cursor=query.get("cursor"))


def list_response(page: Page[Any], **extra: Any) -> Response:
    return jsonify(page.body(**extra))


def with_etag(body: Any, version: int, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["ETag"] = etag_of(version)
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def visible_only(permission: Permission) -> Callable[[F], F]:
    """Object routes: an actor whose role may not read this kind of object gets 404, never 403 (no oracle).

    Stack @requires(action) underneath for what the actor wants to do with an object it can see (403).
    """

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not allowed(current_actor().role, permission):
                raise ApiError(404, "Not Found", "no such resource")
            return view(*args, **kwargs)

        wrapper.required_permission = getattr(view, "required_permission", permission)  # type: ignore[attr-defined]
        wrapper.visible_with = permission  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate


def outcome_response(outcome: Outcome) -> Response:
    """A creating POST's (possibly replayed) response; replays say so (Idempotent-Replayed: true)."""
    response = jsonify(outcome.body)
    response.status_code = outcome.status
    for key, value in outcome.headers.items():
        response.headers[key] = value
    if outcome.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def expected_version() -> int | None:
    """The version named by If-Match (428 when missing); None for `If-Match: *` (any current version)."""
    version = if_match_version()
    return None if request.if_match.star_tag else version


def stale_as_412(change: Callable[[], T]) -> T:
    """Run a state change; a stale If-Match becomes 412 carrying the current ETag."""
    try:
        return change()
    except StaleVersion as exc:
        raise ApiError(412, "Precondition Failed", str(exc), headers={"ETag": etag_of(exc.current_version)}) from exc
