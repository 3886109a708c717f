"""Bulk exchange (issue #12, point 5): RMAs imported from CSV and JSON as a job, each row all or nothing with its
errors reported by field, the same file resumed without duplicates; CSV exports for a date range."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests import factories as f
from tests.api.legs_http import ok, problem

HEADER = (
    "external_id,order_reference,purchase_date,reason_code,scenario,condition,hub_id,customer_name,"
    "customer_country,customer_email,description,hs_code,origin_country,quantity,unit_value,currency,serial_numbers"
)


@pytest.fixture
def hub(context, broker_party):
    f.freeze(context)
    return f.cast(context, broker_party).swiss_repairer


def csv_file(hub: str) -> str:
    rows = [
        f"ERP-1,SO-1,2026-11-01,defective,repair,used,{hub},Harbour Optics Ltd,GB,ops@harbour.example,Lens,9002.11,JP,1,1290.00,GBP,LZ-1",
        f"ERP-1,SO-1,2026-11-01,defective,repair,used,{hub},Harbour Optics Ltd,GB,ops@harbour.example,Lens cap,3926.90,CN,2,5.00,GBP,",
        f"ERP-2,SO-2,2026-11-02,defective,repair,used,{hub},Harbour Optics Ltd,GB,,Camera body,8525.89,JP,1,2100.00,GBP,CB-9",
        f"ERP-3,SO-3,2026-11-03,defective,repair,used,{hub},Harbour Optics Ltd,GB,,Tripod,9999.99,CN,1,80.00,GBP,",
    ]
    return "\n".join([HEADER, *rows]) + "\n"


def start(client, auth, filename: str, content: str):
    return client.post(
        "/api/v1/imports/rmas", json={"filename": filename, "content": content}, headers=auth("logistics_coordinator")
    )


def report(client, auth, queued: dict) -> dict:
    return ok(client.get(queued["report_url"], headers=auth("logistics_coordinator")))


def test_a_csv_file_opens_one_rma_per_external_id_and_reports_the_refused_row(client, auth, hub):
    queued = ok(start(client, auth, "returns.csv", csv_file(hub)), 202)
    body = report(client, auth, queued)
    assert (body["total_rows"], body["opened"], body["pending"]) == (3, 2, 0)
    [refused] = body["refused"]
    assert refused["external_id"] == "ERP-3" and "items.0.hs_code" in refused["errors"]
    rmas = ok(client.get("/api/v1/rmas", headers=auth("logistics_coordinator")))["items"]
    assert sorted(r["order_reference"] for r in rmas) == ["SO-1", "SO-2"]


def test_the_same_file_again_resumes_without_duplicates(client, auth, hub):
    first = ok(start(client, auth, "returns.csv", csv_file(hub)), 202)
    again = ok(start(client, auth, "returns.csv", csv_file(hub)), 202)
    assert again["resumed"] and again["import_id"] == first["import_id"]
    assert report(client, auth, again)["opened"] == 2
    assert len(ok(client.get("/api/v1/rmas", headers=auth("logistics_coordinator")))["items"]) == 2


def test_a_json_file_takes_the_rma_objects_of_the_api(client, auth, hub):
    rma = {
        "external_id": "J-1",
        "order_reference": "SO-J1",
        "purchase_date": "2026-11-05",
        "reason_code": "defective",
        "scenario": "repair",
        "condition": "used",
        "hub_id": hub,
        "customer": {"name": "Lowlands Optics B.V.", "country": "NL"},
        "items": [
            {
                "description": "Lens",
                "hs_code": "9002.11",
                "origin_country": "JP",
                "quantity": "1",
                "unit_value": "900.00",
                "currency": "EUR",
            }
        ],
    }
    queued = ok(start(client, auth, "returns.json", json.dumps([rma])), 202)
    assert report(client, auth, queued)["opened"] == 1


def test_a_file_without_the_needed_columns_is_refused_naming_file(client, auth, hub):
    assert "file" in problem(start(client, auth, "x.csv", "name,country\nA,DE\n"))["errors"]


def test_the_rmas_of_a_date_range_export_as_csv(client, auth, hub):
    start(client, auth, "returns.csv", csv_file(hub))
    r = client.get("/api/v1/exports/rmas?from=2026-01-01&to=2026-12-31", headers=auth("compliance_officer"))
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert sorted(row["order_reference"] for row in rows) == ["SO-1", "SO-2"]
    assert {row["customer"] for row in rows} == {"Harbour Optics Ltd"}


def test_an_export_outside_the_range_is_empty_and_a_backwards_range_is_refused(client, auth, hub):
    start(client, auth, "returns.csv", csv_file(hub))
    r = client.get("/api/v1/exports/legs?from=2020-01-01&to=2020-12-31", headers=auth("compliance_officer"))
    assert r.get_data(as_text=True).count("\n") == 1  # the header alone
    assert (
        "to"
        in problem(
            client.get("/api/v1/exports/rmas?from=2026-02-01&to=2026-01-01", headers=auth("compliance_officer"))
        )["errors"]
    )
