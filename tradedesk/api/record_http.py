"""HTTP helpers of the record blueprints (parties, RMAs): object visibility, idempotent replays, If-Match.

Candidates for api/http.py; kept here so that the blueprints stay thin.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Response, jsonify, request

from tradedesk.api.http import ApiError, current_actor, etag_of, if_match_version
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.services.idempotency import Outcome
from tradedesk.services.rmas import StaleVersion

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


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
