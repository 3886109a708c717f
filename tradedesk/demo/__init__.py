"""Demo data: a believable desk, loaded through the use cases so that it is validated, classified and audited.

`tradedesk demo` fills an empty database with a parties register (customers in nine countries, a Swiss
repair hub, a UK seller, a Dutch EU returns hub, importer/exporter-of-record providers, two customs brokers)
and RMAs of every scenario at every stage: a request under review, approved RMAs with classified legs,
paperwork in review with warnings, approved and filed declarations, acknowledgements with an MRN, closed
journeys, and the cases a desk watches for (an overdue temporary admission, an advance replacement whose
defective unit is late, a serial mismatch at inspection, a broker's rejection and its amendment).

Nothing is written with SQL: every row comes from the use case a person would have called, as that person
(coordinator, compliance officer, broker). The stories play over the past months on a simulated clock,
step by step in time order across all stories, so that ship dates, relief deadlines, cycle times and the
audit trail look like a living desk; the audit trail records those simulated times. A final `demo:load`
audit event, at the real time, marks the database as demo data: loading again changes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tradedesk.auth.actor import SYSTEM, Actor
from tradedesk.auth.permissions import Role
from tradedesk.auth.tokens import issue
from tradedesk.db.models import AuditEvent, Declaration, Leg, Party, Rma, new_id
from tradedesk.demo.cast import ADMIN, EU_HUB, STAFF, register
from tradedesk.demo.desk import Clock, Desk, play
from tradedesk.demo.stories import STORIES
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.parties import create_party

MARKER = "demo:load"
TOKENS_FILE = "demo-tokens.txt"
#: the desk opens (tokens, parties register) this long before its first story begins
SETUP_LEAD = timedelta(days=14)


class NotEmpty(RuntimeError):
    """The database holds data the demo did not create: the demo loads only into an empty desk."""


@dataclass(frozen=True, slots=True)
class DemoToken:
    name: str
    role: str
    party: str | None
    token: str


@dataclass(frozen=True, slots=True)
class DemoResult:
    created: bool
    loaded_at: datetime
    summary: dict[str, Any]
    tokens: tuple[DemoToken, ...] = ()


def _tally(session: Session, column: Any) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).group_by(column)).all()
    return {str(value): n for value, n in sorted(rows, key=lambda r: str(r[0]))}


def summarise(session: Session) -> dict[str, Any]:
    """What the database holds, by kind and state (the demo's summary and its marker's record)."""
    return {
        "parties": _tally(session, Party.kind),
        "rmas_by_status": _tally(session, Rma.status),
        "rmas_by_scenario": _tally(session, Rma.scenario),
        "legs": session.scalar(select(func.count(Leg.id))) or 0,
        "declarations_by_status": _tally(session, Declaration.status),
        "audit_events": session.scalar(select(func.count(AuditEvent.seq))) or 0,
    }


def _marker(session: Session) -> AuditEvent | None:
    return session.scalar(select(AuditEvent).where(AuditEvent.action == MARKER).order_by(AuditEvent.seq).limit(1))


def _check_empty(session: Session) -> None:
    parties = session.scalar(select(func.count(Party.id))) or 0
    records = session.scalar(select(func.count(Rma.id))) or 0
    if parties or records:
        raise NotEmpty(
            f"the database already holds {parties} parties and {records} RMAs, and no demo was loaded "
            "into it (or loading one stopped half-way); the demo loads only into an empty database: point "
            "DATABASE_URL at a new one and run `tradedesk init-db` first"
        )


def _issue(session: Session, ctx: Context, name: str, role: Role, party: Party | None) -> tuple[Actor, DemoToken]:
    row, plain = issue(session, name, role, party)
    row.created_at = ctx.now()
    audit_chain.record(
        session,
        ctx.audit_key,
        SYSTEM,
        "token:create",
        "api_token",
        row.id,
        None,
        {"name": row.name, "role": row.role, "party_id": row.party_id, "demo": True},
        ctx.now(),
    )
    actor = Actor(id=row.id, name=row.name, role=row.role, party_id=row.party_id)
    return actor, DemoToken(name, str(role), None if party is None else party.name, plain)


def load(ctx: Context) -> DemoResult:
    """Load the demo into an empty database; a database that already holds it is left as it is."""
    with ctx.unit_of_work(write=False) as session:
        marker = _marker(session)
        if marker is not None:
            return DemoResult(False, marker.occurred_at, dict(marker.after or {}))
        _check_empty(session)
    loaded_at = ctx.now()
    clock = Clock(loaded_at.replace(microsecond=0))
    demo = Context(engine=ctx.engine, profiles=ctx.profiles, audit_key=ctx.audit_key, now=clock)
    desk = Desk(demo, clock.at, people={}, parties={}, brokers={})
    tokens: list[DemoToken] = []
    play([story(desk) for story in STORIES], clock, lambda: tokens.extend(_open_desk(demo, desk)), SETUP_LEAD)

    def mark(session: Session) -> dict[str, Any]:
        summary = summarise(session)
        audit_chain.record(session, ctx.audit_key, SYSTEM, MARKER, "demo", new_id(), None, summary, loaded_at)
        return summary

    return DemoResult(True, loaded_at, ctx.run(mark), tuple(tokens))


def _open_desk(ctx: Context, desk: Desk) -> list[DemoToken]:
    """Before the first story: the staff's tokens, the parties register (by the admin), the brokers' tokens.
    Each transaction returns what it made, so that a retried one leaves no trace of its first attempt."""

    def staff(session: Session) -> list[tuple[Actor, DemoToken]]:
        _check_empty(session)
        return [_issue(session, ctx, name, role, None) for name, role in STAFF]

    issued = ctx.run(staff)
    desk.people.update({token.name: actor for actor, token in issued})
    hub = ctx.profiles.for_country(EU_HUB)
    cast = register(tuple(sorted(hub.members)) if hub is not None else (EU_HUB,))
    for key, data in cast.items():
        desk.parties[key] = str(create_party(ctx, desk.people[ADMIN], data).body["id"])

    def brokers(session: Session) -> list[tuple[Party, Actor, DemoToken]]:
        parties = [session.get(Party, desk.parties[key]) for key, data in cast.items() if data.kind == "broker"]
        return [(p, *_issue(session, ctx, f"{p.name} (broker desk)", Role.BROKER, p)) for p in parties if p]

    bound = ctx.run(brokers)
    for party, actor, _ in bound:
        profile = ctx.profiles.for_country(party.country)
        desk.brokers[party.country if profile is None else profile.jurisdiction] = (party.id, actor)
    return [token for _, token in issued] + [token for _, _, token in bound]


def write_tokens(path: Path, tokens: tuple[DemoToken, ...]) -> None:
    """The demo's tokens, readable by the owner only (0600): they grant every role on this desk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("# TradeDesk demo API tokens: send as 'Authorization: Bearer <token>'\n")
        for t in tokens:
            handle.write(f"{t.role:22} {t.name:45} {t.token}\n")


def describe(result: DemoResult, tokens_file: Path) -> str:
    """The summary the CLI prints."""
    s = result.summary
    lines = [("Loaded" if result.created else "Already loaded") + f" demo data ({result.loaded_at:%Y-%m-%d %H:%M} UTC)"]
    for title, key in (
        ("parties", "parties"),
        ("RMAs by status", "rmas_by_status"),
        ("RMAs by scenario", "rmas_by_scenario"),
        ("declarations", "declarations_by_status"),
    ):
        lines.append(f"  {title:18} " + ", ".join(f"{k} {v}" for k, v in (s.get(key) or {}).items()))
    lines.append(f"  {'legs':18} {s.get('legs', 0)}; audit events {s.get('audit_events', 0)}")
    if result.tokens:
        lines.append(f"API tokens (also in {tokens_file}, mode 0600; shown once):")
        lines.extend(f"  {t.role:22} {t.name:45} {t.token}" for t in result.tokens)
    else:
        lines.append(f"API tokens: see {tokens_file} (written when the demo was loaded)")
    return "\n".join(lines)
