"""Who is signed in: a signed cookie holding a server-side session id (services.web_sessions); the actor is
read again on every request, so signing out or revoking the token ends the session everywhere at once.

Deny by default: every page names the permission it needs (`page`), object pages answer 404 to roles that
may not see that kind of object (`visible`), exactly like the API's `requires` / `visible_only`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import abort, g, redirect, request, session, url_for

from tradedesk.api.http import ctx
from tradedesk.auth.actor import Actor
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.services import web_sessions
from tradedesk.services.errors import NotFound

F = TypeVar("F", bound=Callable[..., Any])


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
    NavItem("web.screening_queue", "Screening", Permission.READ_SCREENING),
    NavItem("web.imports", "Import", Permission.CREATE_RMA),
    NavItem("web.webhooks", "Webhooks", Permission.MANAGE_WEBHOOKS),
)


def load_user() -> None:
    """Set g.web_actor from the session (None when signed out, ended elsewhere, revoked or expired)."""
    session_id = session.get("sid")
    actor = web_sessions.actor_of(ctx(), session_id) if isinstance(session_id, str) else None
    if session_id and actor is None:
        session.pop("sid", None)
    g.web_actor = actor


def current_user() -> Actor | None:
    return cast(Actor | None, getattr(g, "web_actor", None))


def user() -> Actor:
    """The signed-in actor inside a view guarded by `page` / `visible`."""
    actor = current_user()
    assert actor is not None
    return actor


def sign_in(plain_token: str) -> Actor | None:
    """Exchange a token for a fresh server-side session (a new session id and CSRF token: no fixation)."""
    opened = web_sessions.start(ctx(), plain_token.strip())
    if opened is None:
        return None
    session_id, actor = opened
    session.clear()
    session["sid"] = session_id
    g.web_actor = actor
    return actor


def sign_out() -> None:
    """End the session on the server (every copy of the cookie stops working), then clear the cookie."""
    session_id = session.get("sid")
    if isinstance(session_id, str):
        web_sessions.end(ctx(), session_id)
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
