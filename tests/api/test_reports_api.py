"""GET /api/v1/deadlines and GET /api/v1/analytics over HTTP: who may read them, parameters, shapes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests import rows

pytestmark = pytest.mark.both_databases  # dialect-specific: see tests/conftest.py

TODAY = date(2026, 6, 1)
DESK_ROLES = ("logistics_coordinator", "compliance_officer", "admin")


@pytest.fixture
def context(context):
    context.now = lambda: datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=UTC)
    return context


@pytest.fixture
def export_due_in(context):
    """export_due_in(n): an RMA whose goods are out for repair, to be re-imported within n days."""

    def make(days: int) -> str:
        def work(session):
            rma = rows.rma(session, rows.party(session), status="in_transit")
            out = rows.leg(
                session,
                rma,
                "export_for_repair",
                decision={
                    "export": rows.export_side(deadline_=rows.deadline(TODAY + timedelta(days=days))),
                    "import": None,
                },
            )
            rows.leg(session, rma, "return_after_repair", relies_on=out)
            return out.id

        return context.run(work)

    return make


def problem(response) -> dict:
    assert response.content_type == "application/problem+json"
    return response.get_json(force=True)


# ----------------------------------------------------------------------------------------------- authorization


@pytest.mark.parametrize("path", ["/api/v1/deadlines", "/api/v1/analytics"])
@pytest.mark.parametrize("role", DESK_ROLES)
def test_the_desk_roles_may_read_the_reports(client, auth, path, role):
    assert client.get(path, headers=auth(role)).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/deadlines", "/api/v1/analytics"])
def test_a_broker_may_not_read_the_reports(client, auth, path):
    assert problem(client.get(path, headers=auth("broker")))["status"] == 403


@pytest.mark.parametrize("path", ["/api/v1/deadlines", "/api/v1/analytics"])
def test_the_reports_need_a_token(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


# --------------------------------------------------------------------------------------------------- deadlines


def test_a_mistaken_parameter_name_is_refused_with_the_name_it_stands_for(client, auth):
    """Issue #10: `?days=` was just "Unknown field"; the window is `within_days`."""
    errors = problem(client.get("/api/v1/deadlines?days=7", headers=auth("compliance_officer")))["errors"]
    assert errors == {"days": ["Unknown field; did you mean 'within_days'?"]}


def test_an_unknown_parameter_like_no_field_stays_unknown(client, auth):
    errors = problem(client.get("/api/v1/deadlines?zzz=7", headers=auth("compliance_officer")))["errors"]
    assert errors == {"zzz": ["Unknown field."]}


def test_deadlines_default_to_the_next_30_days(client, auth, export_due_in):
    soon = export_due_in(30)
    export_due_in(31)
    body = client.get("/api/v1/deadlines", headers=auth("logistics_coordinator")).get_json()
    assert [r["leg_id"] for r in body["items"]] == [soon]
    assert (body["within_days"], body["as_of"], body["next_cursor"]) == (30, "2026-06-01", None)


def test_within_days_widens_the_window(client, auth, export_due_in):
    export_due_in(30)
    export_due_in(45)
    body = client.get("/api/v1/deadlines?within_days=45", headers=auth("compliance_officer")).get_json()
    assert [r["days_left"] for r in body["items"]] == [30, 45]


def test_a_deadline_row_names_the_leg_rma_kind_date_and_its_source(client, auth, export_due_in):
    leg_id = export_due_in(-2)
    (row,) = client.get("/api/v1/deadlines", headers=auth("compliance_officer")).get_json()["items"]
    assert row["leg_id"] == leg_id
    assert row["rma_number"].startswith("RMA-2026-")
    assert {k: row[k] for k in ("movement", "kind", "date", "days_left", "status", "event", "source")} == {
        "movement": "export_for_repair",
        "kind": "outward_processing_reimport",
        "date": "2026-05-30",
        "days_left": -2,
        "status": "overdue",
        "event": "re-import of the repaired goods",
        "source": "OP authorisation",
    }


def test_deadlines_are_paged(client, auth, export_due_in):
    for days in (1, 2, 3):
        export_due_in(days)
    first = client.get("/api/v1/deadlines?limit=2", headers=auth("admin")).get_json()
    body = client.get(f"/api/v1/deadlines?limit=2&cursor={first['next_cursor']}", headers=auth("admin")).get_json()
    assert ([r["days_left"] for r in first["items"]], [r["days_left"] for r in body["items"]]) == ([1, 2], [3])
    assert (body["limit"], body["next_cursor"]) == (2, None)


@pytest.mark.parametrize("query", ["within_days=-1", "within_days=soon", "within_days=99999"])
def test_a_bad_window_is_a_422_naming_the_parameter(client, auth, query):
    body = problem(client.get(f"/api/v1/deadlines?{query}", headers=auth("logistics_coordinator")))
    assert body["status"] == 422
    assert list(body["errors"]) == ["within_days"]


@pytest.mark.parametrize("path", ["/api/v1/deadlines?days=5", "/api/v1/analytics?currency=GBP"])
def test_unknown_parameters_are_refused(client, auth, path):
    assert problem(client.get(path, headers=auth("logistics_coordinator")))["status"] == 422


def test_bad_paging_is_a_422(client, auth):
    body = problem(client.get("/api/v1/deadlines?limit=0", headers=auth("admin")))
    assert (body["status"], list(body["errors"])) == (422, ["limit"])


# --------------------------------------------------------------------------------------------------- analytics


def test_analytics_give_counts_relief_and_cycle_times_with_money_as_strings(client, auth, context):
    def work(session):
        rma = rows.rma(
            session,
            rows.party(session),
            status="closed",
            disposition="repair",
            created_at=datetime(2026, 5, 1, tzinfo=UTC),
            closed_at=datetime(2026, 5, 11, tzinfo=UTC),
        )
        rows.leg(
            session,
            rma,
            "return_after_repair",
            decision={"import": rows.import_side(duty_base="repair_cost", duty="4.00", items=(("200.00", "2"),))},
        )

    context.run(work)
    body = client.get("/api/v1/analytics", headers=auth("compliance_officer")).get_json()
    assert body["by_reason_code"] == [{"reason_code": "defective", "count": 1}]
    assert body["by_disposition"] == [{"disposition": "repair", "count": 1}]
    assert body["duty_relief"]["by_currency"] == [
        {
            "currency": "GBP",
            "legs": 1,
            "not_estimated": 0,
            "duty": "4.00",
            "duty_at_full_value": "20.00",
            "relief": "16.00",
        }
    ]
    assert body["cycle_time"]["all"] == {"closed": 1, "median_days": 10.0, "mean_days": 10.0}


def test_the_reports_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {"/api/v1/deadlines", "/api/v1/analytics"} <= set(paths)
    assert "within_days" in {p["name"] for p in paths["/api/v1/deadlines"]["get"]["parameters"]}
