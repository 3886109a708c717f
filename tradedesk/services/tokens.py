"""API tokens as an administrator manages them: create one (shown once, stored hashed), list them, revoke one.

The CLI (`tradedesk token ...`) is the adapter; every change is audited in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tradedesk.auth.actor import SYSTEM, Actor
from tradedesk.auth.permissions import Role
from tradedesk.auth.tokens import issue
from tradedesk.db.models import ApiToken, Party
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.errors import InvalidInput, NotFound

MAX_NAME = 128


@dataclass(frozen=True, slots=True)
class NewToken:
    id: str
    name: str
    role: str
    #: the token itself: shown once, never stored
    plain: str


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: str
    name: str
    role: str
    party: str | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


def create_token(
    ctx: Context, role: Role, name: str, broker: str | None = None, expires_in_days: int = 0, actor: Actor = SYSTEM
) -> NewToken:
    """A token for `role`; a broker's is bound to the broker party named `broker`. 0 days: until revoked."""
    label = name.strip()
    if not 1 <= len(label) <= MAX_NAME:
        raise InvalidInput({"name": [f"must be 1 to {MAX_NAME} characters"]})
    if role == Role.BROKER and not broker:
        raise InvalidInput({"party": ["a broker token is bound to one broker party: name it"]})
    if broker and role != Role.BROKER:
        raise InvalidInput({"party": ["applies to broker tokens only"]})

    def work(session: Session) -> NewToken:
        party = None
        if broker:
            party = session.scalar(select(Party).where(Party.name == broker, Party.kind == "broker"))
            if party is None:
                raise InvalidInput({"party": [f"no broker party named {broker!r}"]})
        expires_at = ctx.now() + timedelta(days=expires_in_days) if expires_in_days else None
        row, plain = issue(session, label, role, party, expires_at)
        after = {"name": row.name, "role": row.role, "party_id": row.party_id, "expires_at": expires_at}
        audit_chain.record(session, ctx.audit_key, actor, "token:create", "api_token", row.id, None, after, ctx.now())
        return NewToken(row.id, row.name, row.role, plain)

    return ctx.run(work)


def list_tokens(ctx: Context, include_revoked: bool = False) -> list[TokenInfo]:
    """Every token (the usable ones unless `include_revoked`), oldest first; never the token itself."""

    def work(session: Session) -> list[TokenInfo]:
        query = (
            select(ApiToken, Party.name)
            .outerjoin(Party, ApiToken.party_id == Party.id)
            .order_by(ApiToken.created_at, ApiToken.id)
        )
        if not include_revoked:
            query = query.where(ApiToken.revoked_at.is_(None))
        return [
            TokenInfo(row.id, row.name, row.role, party, row.created_at, row.expires_at, row.revoked_at)
            for row, party in session.execute(query)
        ]

    return ctx.run(work, write=False)


def revoke_token(ctx: Context, token_id: str, actor: Actor = SYSTEM) -> bool:
    """Revoke the token at once; False when it was revoked already."""

    def work(session: Session) -> bool:
        row = session.get(ApiToken, token_id)
        if row is None:
            raise NotFound(f"no token {token_id}")
        if row.revoked_at is not None:
            return False
        row.revoked_at = ctx.now()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "token:revoke",
            "api_token",
            row.id,
            {"revoked_at": None},
            {"revoked_at": row.revoked_at},
            ctx.now(),
        )
        return True

    return ctx.run(work)
