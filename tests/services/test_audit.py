"""The audit trail (DESIGN.md §5, engineering-practices B.5): append-only, HMAC-chained, verified by the CLI.

The tamper tests act as an attacker with database access but without the audit key: they drop the
append-only triggers first, then edit, delete or reorder events; `tradedesk audit-verify` must name the
first bad event and exit 1.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from tradedesk.auth.actor import Actor
from tradedesk.cli import main
from tradedesk.db.models import AuditEvent, AuditHead
from tradedesk.services import audit_chain

pytestmark = pytest.mark.both_databases  # dialect-specific: see tests/conftest.py

COORDINATOR = Actor(id="u-1", name="Casey", role="logistics_coordinator")
WHEN = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


def record(context, n: int = 1) -> None:
    """n events about one RMA: create, then transitions."""

    def work(session):
        start = session.scalar(select(AuditHead.seq)) or 0
        for i in range(start, start + n):
            action = "rma:create" if i == 0 else "rma:transition"
            audit_chain.record(
                session,
                context.audit_key,
                COORDINATOR,
                action,
                "rma",
                "rma-1",
                {"status": f"s{i}"},
                {"status": f"s{i + 1}"},
                WHEN,
                rma_id="rma-1",
            )

    context.run(work)


def events(context) -> list[AuditEvent]:
    return context.run(lambda s: list(s.scalars(select(AuditEvent).order_by(AuditEvent.seq))), write=False)


def audit_verify(context, database_url: str):
    env = {"DATABASE_URL": database_url, "TRADEDESK_AUDIT_KEY": context.audit_key.hex()}
    return CliRunner().invoke(main, ["audit-verify"], env=env)


def as_attacker(context, *statements) -> None:
    """Drop the append-only triggers (as someone with database access could), then run the statements."""
    sqlite = context.engine.dialect.name == "sqlite"
    drops = (
        ["DROP TRIGGER audit_event_no_update", "DROP TRIGGER audit_event_no_delete"]
        if sqlite
        else ["DROP TRIGGER audit_event_append_only ON audit_event"]
    )

    def work(session):
        for ddl in drops:
            session.execute(text(ddl))
        for statement in statements:
            session.execute(statement)

    context.run(work)


# ------------------------------------------------------------------------------------------------- recording


def test_events_are_numbered_from_one_and_each_links_to_the_previous_hash(context):
    record(context, 3)
    rows = events(context)
    assert [e.seq for e in rows] == [1, 2, 3]
    assert rows[0].prev_hash == audit_chain.GENESIS
    assert [e.prev_hash for e in rows[1:]] == [e.hash for e in rows[:-1]]


def test_the_head_remembers_the_newest_event(context):
    record(context, 3)
    head = context.run(lambda s: s.get(AuditHead, 1), write=False)
    assert (head.seq, head.hash) == (3, events(context)[-1].hash)


def test_an_event_is_written_with_its_change_or_not_at_all(context):
    def failing(session):
        audit_chain.record(
            session, context.audit_key, COORDINATOR, "rma:create", "rma", "rma-1", None, {"status": "x"}, WHEN
        )
        raise RuntimeError("the use case failed after recording")

    with pytest.raises(RuntimeError):
        context.run(failing)
    assert events(context) == []
    assert context.run(lambda s: s.get(AuditHead, 1).seq, write=False) == 0


def test_before_and_after_are_stored_as_plain_json(context):
    context.run(
        lambda s: audit_chain.record(
            s,
            context.audit_key,
            COORDINATOR,
            "leg:edit",
            "leg",
            "leg-1",
            {"ship_date": date(2026, 5, 1)},
            {"value": Decimal("12.50")},
            WHEN,
        )
    )
    (event,) = events(context)
    assert (event.before, event.after) == ({"ship_date": "2026-05-01"}, {"value": "12.50"})


# ------------------------------------------------------------------------------------------------- verifying


def test_an_intact_chain_verifies(context):
    record(context, 3)
    result = context.run(lambda s: audit_chain.verify(s, context.audit_key), write=False)
    assert (result.ok, result.checked, result.first_bad_seq) == (True, 3, None)


def test_audit_verify_reports_an_intact_chain_ok(context, database_url):
    record(context, 3)
    result = audit_verify(context, database_url)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "ok: 3 events, chain intact"


def test_an_empty_chain_verifies(context, database_url):
    assert audit_verify(context, database_url).exit_code == 0


def test_another_key_cannot_vouch_for_the_chain(context):
    record(context, 2)
    result = context.run(lambda s: audit_chain.verify(s, b"not the audit key"), write=False)
    assert (result.ok, result.first_bad_seq) == (False, 1)


# ---------------------------------------------------------------------------------------------- append-only


def test_the_database_refuses_to_update_an_event(context):
    record(context, 2)
    with pytest.raises(DBAPIError, match="append-only"):
        context.run(lambda s: s.execute(update(AuditEvent).where(AuditEvent.seq == 1).values(action="rma:forged")))
    assert events(context)[0].action == "rma:create"


def test_the_database_refuses_to_delete_an_event(context):
    record(context, 2)
    with pytest.raises(DBAPIError, match="append-only"):
        context.run(lambda s: s.execute(delete(AuditEvent).where(AuditEvent.seq == 2)))
    assert len(events(context)) == 2


# ------------------------------------------------------------------------------------------------- tampering


def test_an_edited_event_is_named_by_its_seq(context, database_url):
    record(context, 4)
    as_attacker(context, update(AuditEvent).where(AuditEvent.seq == 2).values(after={"status": "closed"}))
    result = audit_verify(context, database_url)
    assert result.exit_code == 1
    assert "event 2 (rma:transition) was changed" in result.stderr
    assert "first bad event: 2" in result.stderr


def test_a_deleted_middle_event_is_reported_missing(context, database_url):
    record(context, 4)
    as_attacker(context, delete(AuditEvent).where(AuditEvent.seq == 3))
    result = audit_verify(context, database_url)
    assert result.exit_code == 1
    assert "event 3 is missing" in result.stderr


def test_deleted_newest_events_are_reported_missing_against_the_head(context, database_url):
    record(context, 5)
    as_attacker(context, delete(AuditEvent).where(AuditEvent.seq >= 4))
    result = audit_verify(context, database_url)
    assert result.exit_code == 1
    assert "events after 3 are missing (head is at 5)" in result.stderr
    assert "first bad event: 4" in result.stderr


def test_reordered_events_are_detected(context, database_url):
    record(context, 4)
    seq = AuditEvent.seq
    as_attacker(
        context,
        update(AuditEvent).where(seq == 2).values(seq=1000),
        update(AuditEvent).where(seq == 3).values(seq=2),
        update(AuditEvent).where(seq == 1000).values(seq=3),
    )
    result = audit_verify(context, database_url)
    assert result.exit_code == 1
    assert "event 2 does not follow event 1" in result.stderr


# ------------------------------------------------------------------------------------------ the sealed head


def test_the_head_is_sealed_with_the_audit_key(context):
    record(context, 2)
    head = context.run(lambda s: s.get(AuditHead, 1), write=False)
    assert head.mac == audit_chain.head_mac(context.audit_key, 2, head.hash)


def test_a_tail_cut_with_the_head_rewritten_to_match_is_detected(context, database_url):
    record(context, 5)
    kept = events(context)[2]
    as_attacker(context, delete(AuditEvent).where(AuditEvent.seq >= 4), update(AuditHead).values(seq=3, hash=kept.hash))
    result = audit_verify(context, database_url)
    assert result.exit_code == 1
    assert "the audit head was rewritten (it claims event 3)" in result.stderr


def test_emptied_events_with_the_head_left_in_place_are_detected(context, database_url):
    record(context, 3)
    as_attacker(context, delete(AuditEvent))
    result = audit_verify(context, database_url)
    assert result.exit_code == 1
    assert "events after 0 are missing (head is at 3)" in result.stderr


def test_emptying_both_events_and_head_is_detected(context, database_url):
    record(context, 3)
    as_attacker(context, delete(AuditEvent), delete(AuditHead))
    result = audit_verify(context, database_url)
    assert result.exit_code == 1
    assert "the audit head is missing" in result.stderr


def test_a_head_reset_to_the_empty_chain_without_its_seal_is_detected(context, database_url):
    record(context, 2)
    as_attacker(context, delete(AuditEvent), update(AuditHead).values(seq=0, hash=audit_chain.GENESIS, mac=None))
    result = audit_verify(context, database_url)
    assert result.exit_code == 1
    assert "the audit head is not sealed" in result.stderr


def test_init_db_seals_a_head_from_before_seals_after_verifying_its_chain(context, database_url):
    record(context, 3)
    context.run(lambda s: s.execute(update(AuditHead).values(mac=None)))
    env = {"DATABASE_URL": database_url, "TRADEDESK_AUDIT_KEY": context.audit_key.hex()}
    sealed = CliRunner().invoke(main, ["init-db"], env=env)
    assert sealed.exit_code == 0, sealed.output
    assert "sealed the audit head at event 3" in sealed.stdout
    assert audit_verify(context, database_url).exit_code == 0


def test_init_db_refuses_to_seal_over_a_tampered_chain(context, database_url):
    record(context, 3)
    as_attacker(
        context,
        update(AuditEvent).where(AuditEvent.seq == 2).values(after={"status": "x"}),
        update(AuditHead).values(mac=None),
    )
    result = CliRunner().invoke(
        main, ["init-db"], env={"DATABASE_URL": database_url, "TRADEDESK_AUDIT_KEY": context.audit_key.hex()}
    )
    assert result.exit_code == 1
    assert "event 2 (rma:transition) was changed" in result.stderr
