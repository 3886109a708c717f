"""Browser sessions kept in the database: any worker on any machine sees the same sessions, and signing out
(or revoking the API token behind a session) ends it for every copy of its cookie at once.

The cookie carries a random session id (signed by Flask with SECRET_KEY); the database keeps only its
SHA-256, the token it was opened with and when it expires.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tradedesk.auth.actor import Actor
from tradedesk.auth.tokens import actor_for, usable
from tradedesk.db.models import ApiToken, WebSession
from tradedesk.services.context import Context

#: a session ends after this long even while it is used (the token itself stays valid)
MAX_SESSION = timedelta(hours=12)
MAX_SESSION_ID_LENGTH = 128


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start(ctx: Context, plain_token: str) -> tuple[str, Actor] | None:
    """Open a session for the holder of `plain_token`: (the new session id for the cookie, the actor), or None
    when the token is unknown or revoked. The token's expired sessions are cleared on the way."""

    def work(session: Session) -> tuple[str, Actor] | None:
        actor = actor_for(session, plain_token)
        if actor is None:
            return None
        now = ctx.now()
        session.execute(delete(WebSession).where(WebSession.token_id == actor.id, WebSession.expires_at <= now))
        session_id = secrets.token_urlsafe(32)
        session.add(
            WebSession(id_hash=_hash(session_id), token_id=actor.id, created_at=now, expires_at=now + MAX_SESSION)
        )
        return session_id, actor

    return ctx.run(work)


def actor_of(ctx: Context, session_id: str) -> Actor | None:
    """The actor of a live session: None when it was ended, has expired or its token was revoked."""
    if not session_id or len(session_id) > MAX_SESSION_ID_LENGTH:
        return None

    def work(session: Session) -> Actor | None:
        row = session.execute(
            select(ApiToken.id, ApiToken.name, ApiToken.role, ApiToken.party_id)
            .join(WebSession, WebSession.token_id == ApiToken.id)
            .where(WebSession.id_hash == _hash(session_id), WebSession.expires_at > ctx.now(), usable(ctx.now()))
        ).first()
        return None if row is None else Actor(id=row.id, name=row.name, role=row.role, party_id=row.party_id)

    return ctx.run(work, write=False)


def end(ctx: Context, session_id: str) -> None:
    """Sign out: the session stops working for every copy of its cookie."""
    if session_id and len(session_id) <= MAX_SESSION_ID_LENGTH:
        ctx.run(lambda session: session.execute(delete(WebSession).where(WebSession.id_hash == _hash(session_id))))
