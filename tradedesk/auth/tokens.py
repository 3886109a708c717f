"""API tokens: random, shown once, stored as SHA-256 (high-entropy secrets need no slow hash)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, and_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tradedesk.auth.actor import Actor
from tradedesk.auth.permissions import Role
from tradedesk.db.models import ApiToken, Party
from tradedesk.db.types import utcnow

PREFIX = "td_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def usable(now: datetime) -> ColumnElement[bool]:
    """A token that works at `now`: not revoked, not expired (checked in every query that turns one into an actor)."""
    return and_(ApiToken.revoked_at.is_(None), or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now))


def issue(
    session: Session, name: str, role: Role, party: Party | None = None, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token row; returns (row, the plain token) — the plain token is never stored."""
    if role is Role.BROKER and (party is None or party.kind != "broker"):
        raise ValueError("a broker token is bound to one broker party (--party NAME)")
    plain = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        token_hash=hash_token(plain),
        name=name,
        role=str(role),
        party_id=party.id if party else None,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return row, plain


def actor_query(plain: str, now: datetime | None = None) -> Select[str, str, str, str | None] | None:
    """The one SELECT that turns a presented token into its actor (unknown, revoked or expired: no row);
    None for a string that cannot be one of our tokens (no database read at all)."""
    if not plain.startswith(PREFIX) or len(plain) > 200:
        return None
    return select(ApiToken.id, ApiToken.name, ApiToken.role, ApiToken.party_id).where(
        ApiToken.token_hash == hash_token(plain), usable(now or utcnow())
    )


def actor_of(row: Row[*tuple[Any, ...]] | None) -> Actor | None:
    return None if row is None else Actor(id=row.id, name=row.name, role=row.role, party_id=row.party_id)


def actor_for(session: Session, plain: str) -> Actor | None:
    query = actor_query(plain)
    return None if query is None else actor_of(session.execute(query).first())
