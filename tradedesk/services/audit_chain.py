"""Append-only audit trail, HMAC-chained so that an edited, removed or reordered event is detectable.

hash_n = HMAC-SHA256(key, hash_{n-1} || canonical_json(event_n)); the key lives outside the database
(TRADEDESK_AUDIT_KEY or instance/audit.key), so an attacker with only database access cannot recompute
the chain. The head (the newest seq and hash) is sealed with an HMAC too, and exists from the first
migration on (seq 0: the empty chain), so cutting the tail, rewriting the head or emptying both tables is
detected as well. Appends are serialised: SQLite write transactions are BEGIN IMMEDIATE, PostgreSQL locks the
head row (SELECT .. FOR UPDATE; a transaction-scoped advisory lock while there is no head row yet).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tradedesk.auth.actor import Actor
from tradedesk.db.models import AuditEvent, AuditHead
from tradedesk.services.events import note_audited

GENESIS = "0" * 64
_ADVISORY_LOCK_ID = 7_427_001


def jsonable(value: Any) -> Any:
    """Decimals, dates and enums as strings, recursively: what goes into the chain is plain JSON."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _payload(e: AuditEvent) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "occurred_at": e.occurred_at.isoformat(),
        "actor_id": e.actor_id,
        "actor_name": e.actor_name,
        "actor_role": e.actor_role,
        "action": e.action,
        "entity_type": e.entity_type,
        "entity_id": e.entity_id,
        "rma_id": e.rma_id,
        "before": e.before,
        "after": e.after,
    }


def _digest(key: bytes, prev_hash: str, event: AuditEvent) -> str:
    return hmac.new(key, prev_hash.encode() + canonical(_payload(event)), hashlib.sha256).hexdigest()


def head_mac(key: bytes, seq: int, hash_: str) -> str:
    """The seal of the chain head: only the audit key's holder can move the head."""
    return hmac.new(key, f"audit-head|{seq}|{hash_}".encode(), hashlib.sha256).hexdigest()


def _head(session: Session) -> list[Any]:
    """[AuditHead or None] for this transaction: locked and read once, then kept (one read, one update per commit)."""
    session.connection()  # begin the transaction now, so that it identifies the cache below
    transaction = session.get_transaction()
    cached = session.info.get("audit_head")
    if cached is not None and cached[0] is transaction:
        return cached[1]  # type: ignore[no-any-return]
    postgresql = session.get_bind().dialect.name == "postgresql"
    # PostgreSQL: the head row's lock (FOR UPDATE waits, then reads the newest head) serialises appends in the
    # read itself; only a database without a head yet needs the advisory lock before it inserts one.
    head = session.get(AuditHead, 1, populate_existing=True, with_for_update=postgresql)
    if head is None and postgresql:
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_LOCK_ID})
        head = session.get(AuditHead, 1, populate_existing=True, with_for_update=True)
    slot: list[Any] = [head]
    session.info["audit_head"] = (transaction, slot)
    return slot


def record(
    session: Session,
    key: bytes,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    occurred_at: datetime,
    rma_id: str | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (it commits or rolls back with the change it records).

    The events of one transaction are inserted together when it flushes; the chain head is read once
    (under the append lock) and written once.
    """
    slot = _head(session)
    head = slot[0]
    prev = head.hash if head is not None else GENESIS
    event = AuditEvent(
        seq=(head.seq if head is not None else 0) + 1,
        occurred_at=occurred_at,
        actor_id=actor.id,
        actor_name=actor.name,
        actor_role=actor.role,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        rma_id=rma_id,
        before=jsonable(before),
        after=jsonable(after),
        prev_hash=prev,
        hash="",
    )
    event.hash = _digest(key, prev, event)
    session.add(event)
    if head is None:
        head = AuditHead(id=1, seq=event.seq, hash=event.hash)
        session.add(head)
        slot[0] = head
    else:
        head.seq, head.hash = event.seq, event.hash
    head.mac = head_mac(key, head.seq, head.hash)
    note_audited(session, action, entity_id, rma_id, event.after, occurred_at)
    return event


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    checked: int
    first_bad_seq: int | None
    problem: str


def _verify_events(session: Session, key: bytes) -> tuple[Verification | None, int, str]:
    """Walk the events in order: (the first problem or None, events checked, the last good hash)."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(1000):
        if event.seq != expected_seq:
            return (
                Verification(
                    False, checked, expected_seq, f"event {expected_seq} is missing (next found: {event.seq})"
                ),
                checked,
                prev,
            )
        if event.prev_hash != prev:
            return (
                Verification(False, checked, event.seq, f"event {event.seq} does not follow event {event.seq - 1}"),
                checked,
                prev,
            )
        if not hmac.compare_digest(event.hash, _digest(key, prev, event)):
            return (
                Verification(False, checked, event.seq, f"event {event.seq} ({event.action}) was changed"),
                checked,
                prev,
            )
        prev = event.hash
        expected_seq += 1
        checked += 1
    return None, checked, prev


def verify(session: Session, key: bytes) -> Verification:
    """Recompute the chain and check it against the sealed head; report the first event that was changed,
    removed or reordered, or a head that was deleted, rewritten or not sealed."""
    problem, checked, prev = _verify_events(session, key)
    if problem is not None:
        return problem
    head = session.get(AuditHead, 1)
    if head is None:
        return Verification(
            False,
            checked,
            checked + 1,
            f"the audit head is missing: events after {checked} may have been removed "
            "(the head was deleted or the audit tables emptied)",
        )
    if head.mac is None:
        return Verification(
            False, checked, checked + 1, "the audit head is not sealed: run `tradedesk init-db` to verify and seal it"
        )
    if not hmac.compare_digest(head.mac, head_mac(key, head.seq, head.hash)):
        return Verification(False, checked, checked + 1, f"the audit head was rewritten (it claims event {head.seq})")
    if head.seq != checked or head.hash != prev:
        return Verification(False, checked, checked + 1, f"events after {checked} are missing (head is at {head.seq})")
    return Verification(True, checked, None, f"{checked} events, chain intact")


def seal_head(session: Session, key: bytes) -> str:
    """Seal a head that has no seal yet (a new database, or one from before heads were sealed), after checking
    that the chain it closes is intact; a sealed head is left as it is. Returns what was done; raises
    ValueError when the chain does not verify (nothing is sealed over a tampered chain)."""
    head = _head(session)[0]
    if head is not None and head.mac is not None:
        return "audit head already sealed"
    problem, checked, prev = _verify_events(session, key)
    if problem is not None:
        raise ValueError(f"the audit chain does not verify, so its head is not sealed: {problem.problem}")
    if head is None:
        if checked:
            raise ValueError(f"the audit head is missing while {checked} events exist: run `tradedesk audit-verify`")
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    if head.seq != checked or head.hash != prev:
        raise ValueError(f"the audit head (event {head.seq}) does not match the chain ({checked} events)")
    head.mac = head_mac(key, head.seq, head.hash)
    return f"sealed the audit head at event {head.seq}"
