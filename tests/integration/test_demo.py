"""`tradedesk demo`: a believable desk loaded through the use cases, once, into an empty database.

The demo is loaded once per backend for this module (a fixed clock makes it the same every run); the
tests read it as a coordinator, a compliance officer and a broker would.
"""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import func, select

from tradedesk import demo
from tradedesk.auth.actor import Actor
from tradedesk.auth.tokens import actor_for
from tradedesk.cli import main
from tradedesk.config import audit_key
from tradedesk.db.engine import make_engine
from tradedesk.db.models import ApiToken, AuditEvent, Declaration, Inspection, Leg, Party, Rma
from tradedesk.services import audit_chain, reports
from tradedesk.services.context import Context
from tradedesk.services.parties import PartyData, create_party

TODAY = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
ADMIN = Actor(id="test-admin", name="Ada", role="admin")
SCENARIOS = {"repair", "advance_replacement", "warranty_replacement", "demo", "return_for_refund"}


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def database_url(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One database for the module (overrides conftest's per-test one): the demo is loaded once."""
    if request.param == "sqlite":
        target = tmp_path_factory.mktemp("demo") / "tradedesk.sqlite"
        shutil.copy(sqlite_template, target)
        yield f"sqlite:///{target}"
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    try:
        yield url
    finally:
        cluster.drop_database(url)


@pytest.fixture(scope="module")
def desk(database_url: str, shared_app: Flask) -> Iterator[Context]:
    """A context on the module's database, its clock fixed at TODAY."""
    engine = make_engine(database_url)
    yield Context(
        engine=engine,
        profiles=shared_app.extensions["tradedesk.profiles"],
        audit_key=audit_key(shared_app.config),
        now=lambda: TODAY,
    )
    engine.dispose()


@pytest.fixture(scope="module")
def loaded(desk: Context) -> demo.DemoResult:
    return demo.load(desk)


def read(ctx: Context, work: Any) -> Any:
    return ctx.run(work, write=False)


def rows(ctx: Context, query: Any) -> list[Any]:
    return read(ctx, lambda s: list(s.scalars(query)))


# ------------------------------------------------------------------------------------------------ the cast


def test_customers_live_in_nine_countries(desk, loaded):
    countries = rows(desk, select(Party.country).where(Party.kind == "customer"))
    assert sorted(countries) == sorted(["GB", "DE", "FR", "US", "JP", "CH", "SG", "AU", "CA"])


def test_the_hubs_are_a_swiss_repairer_a_uk_seller_and_a_dutch_seller(desk, loaded):
    hubs = read(
        desk, lambda s: s.execute(select(Party.kind, Party.country).where(Party.kind.in_(["repairer", "seller"]))).all()
    )
    assert sorted(map(tuple, hubs)) == [("repairer", "CH"), ("seller", "GB"), ("seller", "NL")]


def test_importers_of_record_serve_the_uk_the_eu_the_us_singapore_and_japan(desk, loaded):
    served = {c for p in rows(desk, select(Party).where(Party.kind == "ior_provider")) for c in p.serves_countries}
    eu = desk.profiles.for_country("NL")
    assert {"GB", "US", "SG", "JP"} | set(eu.members) <= served


def test_every_party_identifier_passed_validation_and_was_normalised(desk, loaded):
    parties = rows(desk, select(Party))
    assert all(p.identifiers for p in parties)
    assert next(p for p in parties if p.country == "US" and p.kind == "customer").identifiers == {"EIN": "843927150"}


def test_there_is_a_broker_in_the_uk_and_one_in_the_netherlands_each_with_a_token(desk, loaded):
    brokers = {p.id: p.country for p in rows(desk, select(Party).where(Party.kind == "broker"))}
    bound = rows(desk, select(ApiToken.party_id).where(ApiToken.role == "broker"))
    assert sorted(brokers.values()) == ["GB", "NL"]
    assert sorted(bound) == sorted(brokers)


# ---------------------------------------------------------------------------------------------------- RMAs


def test_there_are_rmas_of_every_scenario(loaded):
    assert set(loaded.summary["rmas_by_scenario"]) == SCENARIOS


def test_rmas_are_at_every_stage_of_their_life(loaded):
    assert {"under_review", "approved", "rejected", "cancelled", "in_transit", "inspected", "closed"} <= set(
        loaded.summary["rmas_by_status"]
    )


def test_declarations_are_at_every_stage_of_the_review(loaded):
    assert {"in_review", "changes_requested", "approved", "filed", "accepted", "superseded"} <= set(
        loaded.summary["declarations_by_status"]
    )


def test_paperwork_in_review_carries_warnings_to_acknowledge(desk, loaded):
    in_review = rows(desk, select(Declaration).where(Declaration.status == "in_review"))
    assert any(f["severity"] == "warning" for d in in_review for f in d.flags)


def test_every_approval_was_given_by_someone_other_than_the_requester_with_each_warning_acknowledged(desk, loaded):
    reviewed = rows(desk, select(Declaration).where(Declaration.status.in_(["approved", "filed", "accepted"])))
    assert reviewed
    for decl in reviewed:
        assert decl.reviewed_by != decl.requested_by
        warnings = {f["code"] for f in decl.flags if f["severity"] == "warning"}
        assert {a["code"] for a in decl.acknowledgements} == warnings


def test_accepted_declarations_carry_an_mrn_that_flows_to_their_rma(desk, loaded):
    accepted = rows(desk, select(Declaration).where(Declaration.status == "accepted"))
    references = {r["reference"] for rma in rows(desk, select(Rma)) for r in rma.customs_references}
    assert accepted
    assert {d.customs_reference for d in accepted} == references
    assert all(len(d.customs_reference) == 18 for d in accepted)


def test_an_importer_and_an_exporter_of_record_are_assigned_where_needed(desk, loaded):
    assert rows(desk, select(Leg.id).where(Leg.ior_id.is_not(None)))
    assert rows(desk, select(Leg.id).where(Leg.eor_id.is_not(None)))


def test_a_temporary_admission_is_overdue_in_the_deadlines(desk, loaded):
    due = reports.deadlines(desk, ADMIN, within_days=30)["items"]
    overdue = [r for r in due if r["status"] == "overdue"]
    assert [r["regime"] for r in overdue] == ["temporary_admission"]


def test_a_relief_deadline_comes_due_soon(desk, loaded):
    due = reports.deadlines(desk, ADMIN, within_days=30)["items"]
    assert [r["kind"] for r in due if r["status"] == "due_soon"] == ["outward_processing_reimport"]


def test_the_overdue_demo_unit_and_the_late_defective_unit_are_flagged(desk, loaded):
    codes = {f["code"] for leg in rows(desk, select(Leg)) for f in leg.decision["flags"]}
    assert {"TEMPORARY_ADMISSION_OVERDUE", "REPLACEMENT_DEFECTIVE_OVERDUE"} <= codes


def test_one_inspection_found_other_serial_numbers_than_sold(desk, loaded):
    assert [i.serial_match for i in rows(desk, select(Inspection))].count(False) == 1


def test_ship_dates_spread_from_last_year_into_the_coming_weeks(desk, loaded):
    dates = rows(desk, select(Leg.ship_date))
    assert min(dates) < date(2026, 1, 1) and max(dates) > TODAY.date()


def test_analytics_show_closed_cycles_and_duty_relief(desk, loaded):
    figures = reports.analytics(desk, ADMIN)
    assert figures["cycle_time"]["all"]["closed"] == loaded.summary["rmas_by_status"]["closed"]
    assert any(row["relief"] != "0.00" for row in figures["duty_relief"]["by_currency"])


# --------------------------------------------------------------------------------------------------- audit


def test_every_change_is_audited_and_the_chain_verifies(desk, loaded):
    result = read(desk, lambda s: audit_chain.verify(s, desk.audit_key))
    assert result.ok
    assert result.checked == loaded.summary["audit_events"] + 1  # + the demo:load marker


def test_the_audit_trail_runs_forward_in_time_and_ends_with_the_marker(desk, loaded):
    events = rows(desk, select(AuditEvent).order_by(AuditEvent.seq))
    assert all(a.occurred_at <= b.occurred_at for a, b in pairwise(events))
    assert (events[-1].action, events[-1].occurred_at) == (demo.MARKER, TODAY)


def test_the_people_of_the_desk_act_under_their_own_names(desk, loaded):
    actors = set(read(desk, lambda s: s.execute(select(AuditEvent.actor_name, AuditEvent.actor_role)).all()))
    assert {
        ("Olivia Brennan", "compliance_officer"),
        ("Tomasz Wolski", "logistics_coordinator"),
        ("Aiko Tanaka", "logistics_coordinator"),
    } <= set(map(tuple, actors))


# ------------------------------------------------------------------------------------------------- tokens


def test_the_demo_tokens_sign_in_with_their_roles(desk, loaded):
    roles = [read(desk, lambda s, t=t: actor_for(s, t.token)).role for t in loaded.tokens]
    assert sorted(roles) == sorted(
        ["compliance_officer", "logistics_coordinator", "logistics_coordinator", "admin", "broker", "broker"]
    )


def test_a_demo_broker_sees_the_filings_addressed_to_it(app, desk, loaded):
    token = next(t.token for t in loaded.tokens if t.party == "Thames Customs Brokers Ltd")
    inbox = app.test_client().get("/api/v1/filings", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert len(inbox["items"]) > 0
    assert {f["jurisdiction"] for f in inbox["items"]} == {"GB"}


# ----------------------------------------------------------------------------------------------- idempotent


def test_loading_again_changes_nothing(desk, loaded):
    def count(session: Any) -> int:
        return int(session.scalar(select(func.count(AuditEvent.seq))))

    before = read(desk, count)
    again = demo.load(desk)
    assert (again.created, again.summary, again.tokens) == (False, loaded.summary, ())
    assert read(desk, count) == before


@pytest.fixture
def another_desk(sqlite_url: str, shared_app: Flask) -> Iterator[Context]:
    """A database of its own (the module's one holds the demo)."""
    engine = make_engine(sqlite_url)
    yield Context(
        engine=engine,
        profiles=shared_app.extensions["tradedesk.profiles"],
        audit_key=audit_key(shared_app.config),
        now=lambda: TODAY,
    )
    engine.dispose()


def test_a_database_holding_other_data_is_refused_and_left_as_it_was(another_desk):
    create_party(another_desk, ADMIN, PartyData("customer", "Existing Customer Ltd", "GB"))
    with pytest.raises(demo.NotEmpty, match="1 parties and 0 RMAs"):
        demo.load(another_desk)
    assert read(another_desk, lambda s: s.scalar(select(func.count(Party.id)))) == 1
    assert read(another_desk, lambda s: s.scalar(select(func.count(ApiToken.id)))) == 0


def test_the_demo_loads_on_a_leap_day_too(sqlite_url, shared_app):
    engine = make_engine(sqlite_url)
    leap_day = Context(
        engine=engine,
        profiles=shared_app.extensions["tradedesk.profiles"],
        audit_key=audit_key(shared_app.config),
        now=lambda: datetime(2028, 2, 29, 12, tzinfo=UTC),
    )
    try:
        assert demo.load(leap_day).summary["rmas_by_scenario"].keys() == SCENARIOS
    finally:
        engine.dispose()


def test_the_tokens_file_is_readable_by_its_owner_only(tmp_path, loaded):
    path = tmp_path / "instance" / demo.TOKENS_FILE
    demo.write_tokens(path, loaded.tokens)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert all(t.token in path.read_text() for t in loaded.tokens)


# ----------------------------------------------------------------------------------------------------- CLI


@pytest.fixture
def tradedesk_cli(sqlite_url, tmp_path):
    env = {"DATABASE_URL": sqlite_url, "TRADEDESK_AUDIT_KEY": "e5" * 32, "TRADEDESK_INSTANCE_DIR": str(tmp_path / "i")}
    return lambda *args: CliRunner().invoke(main, list(args), env=env)


def test_the_demo_command_prints_the_tokens_once_and_then_points_at_the_file(tradedesk_cli, tmp_path):
    first, second = tradedesk_cli("demo"), tradedesk_cli("demo")
    tokens_file = tmp_path / "i" / demo.TOKENS_FILE
    tokens = [line.split()[-1] for line in tokens_file.read_text().splitlines() if not line.startswith("#")]
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert len(tokens) == 6 and all(t in first.output for t in tokens)
    assert "Already loaded" in second.output and not any(t in second.output for t in tokens)
