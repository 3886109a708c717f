"""API tokens: random, shown once, stored as SHA-256 (high-entropy secrets need no slow hash)."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from tradedesk.auth.permissions import Role
from tradedesk.db.models import ApiToken, Party
from tradedesk.services.context import Actor

PREFIX = "td_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, name: str, role: Role, party: Party | None = None) -> tuple[ApiToken, str]:
    """Create a token row; returns (row, the plain token) — the plain token is never stored."""
    if role is Role.BROKER and (party is None or party.kind != "broker"):
        raise ValueError("a broker token is bound to one broker party (--party NAME)")
    plain = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(token_hash=hash_token(plain), name=name, role=str(role), party_id=party.id if party else None)
    session.add(row)
    session.flush()
    return row, plain


def actor_for(session: Session, plain: str) -> Actor | None:
    if not plain.startswith(PREFIX) or len(plain) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(plain), ApiToken.revoked_at.is_(None)))
    if row is None:
        return None
    return Actor(id=row.id, name=row.name, role=row.role, party_id=row.party_id)
