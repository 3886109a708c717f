"""Who is signed in: a session cookie holding the API token's id; the actor is read again on every request.

Deny by default: every page names the permission it needs (`page`), object pages answer 404 to roles that
may not see that kind of object (`visible`), exactly like the API's `requires` / `visible_only`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import abort, g, redirect, request, session, url_for
from sqlalchemy import select

from tradedesk.api.http import ctx
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.auth.tokens import actor_for
from tradedesk.db.models import ApiToken
from tradedesk.services.context import Actor
from tradedesk.services.errors import NotFound

F = TypeVar("F", bound=Callable[..., Any])
#: a session ends after this long even while it is used (the token itself stays valid)
MAX_SESSION_SECONDS = 12 * 3600


@dataclass(frozen=True, slots=True)
class NavItem:
    endpoint: str
    label: str
    permission: Permission


NAV = (
    NavItem("web.queue", "Review queue", Permission.READ_DECLARATION),
    NavItem("web.deadlines", "Deadlines", Permission.READ_REPORTS),
    NavItem("web.rmas", "RMAs", Permission.READ_RMA),
    NavItem("web.new_rma", "New RMA", Permission.CREATE_RMA),
    NavItem("web.inbox", "Filings inbox", Permission.READ_FILING),
    NavItem("web.analytics", "Analytics", Permission.READ_REPORTS),
)


def _actor_by_token_id(token_id: str) -> Actor | None:
    with ctx().unit_of_work(write=False) as s:
        row = s.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None)))
        return None if row is None else Actor(id=row.id, name=row.name, role=row.role, party_id=row.party_id)


def load_user() -> None:
    """Set g.web_actor from the session (None when signed out, revoked or expired)."""
    token_id, since = session.get("token_id"), session.get("since", 0)
    actor = None
    if isinstance(token_id, str) and isinstance(since, (int, float)) and time.time() - since < MAX_SESSION_SECONDS:
        actor = _actor_by_token_id(token_id)
    if token_id and actor is None:
        session.pop("token_id", None)
    g.web_actor = actor


def current_user() -> Actor | None:
    return cast(Actor | None, getattr(g, "web_actor", None))


def user() -> Actor:
    """The signed-in actor inside a view guarded by `page` / `visible`."""
    actor = current_user()
    assert actor is not None
    return actor


def sign_in(plain_token: str) -> Actor | None:
    """Exchange a token for a fresh session (a new session id and CSRF token: no fixation)."""
    with ctx().unit_of_work(write=False) as s:
        actor = actor_for(s, plain_token.strip())
    if actor is None:
        return None
    session.clear()
    session["token_id"], session["since"] = actor.id, int(time.time())
    g.web_actor = actor
    return actor


def sign_out() -> None:
    session.clear()
    g.web_actor = None


def safe_next(target: str | None) -> str | None:
    """Only a path on this site is followed after signing in (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def _signed_in_or_redirect() -> Any:
    if current_user() is None:
        return redirect(url_for("web.login", next=request.full_path.rstrip("?")))
    return None


def page(permission: Permission) -> Callable[[F], F]:
    """A page for roles holding `permission`: sign-in page when signed out, 403 when the role lacks it."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            gate = _signed_in_or_redirect()
            if gate is not None:
                return gate
            if not allowed(user().role, permission):
                abort(403, description=f"Your role ({user().role.replace('_', ' ')}) may not open this page.")
            return view(*args, **kwargs)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate


def visible(permission: Permission, action: Permission | None = None) -> Callable[[F], F]:
    """An object page: 404 to roles that may not see this kind of object; 403 when they may see it but
    not do `action` (as the API's visible_only + requires)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            gate = _signed_in_or_redirect()
            if gate is not None:
                return gate
            if not allowed(user().role, permission):
                raise NotFound("not visible")
            if action is not None and not allowed(user().role, action):
                abort(403, description=f"Your role ({user().role.replace('_', ' ')}) may not do this.")
            return view(*args, **kwargs)

        wrapper.required_permission = action or permission  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate


def signed_in(view: F) -> F:
    """A page for any signed-in actor; what it shows is scoped by the view (e.g. a job to its owner)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        gate = _signed_in_or_redirect()
        return gate if gate is not None else view(*args, **kwargs)

    return cast(F, wrapper)
