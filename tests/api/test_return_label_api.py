"""Return labels (issue #12, point 3): POST /rmas/<id>/return-label issues the label of the RMA's inbound leg (buying
the carrier's first when one is configured, its tracking number then on the leg), GET downloads the newest one.

The carrier is EasyPost with a transport that replays the answers in tests/data/easypost/ (no network)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests import factories as f
from tests.api.legs_http import REPAIR, ok, plan, problem
from tradedesk.api import labels as labels_api
from tradedesk.carriers.easypost import EasyPostLabels
from tradedesk.db.label_models import ReturnLabel
from tradedesk.db.models import AuditEvent

DATA = Path(__file__).resolve().parents[1] / "data" / "easypost"
FIRST, SECOND = "9400111899223344556677", "9400111899223344556684"
DETAILS = {
    "parcel": {"weight_g": 1200, "length_mm": 200, "width_mm": 150, "height_mm": 100},
    "ship_from": {"street1": "1 High Street", "city": "London", "postal_code": "EC1A 1BB"},
    "ship_to": {"street1": "Bahnhofstrasse 1", "city": "Zurich", "postal_code": "8001", "phone": "+41441234567"},
}


class Replay:
    """EasyPost's answers, recorded, one per request in order."""

    def __init__(self, *answers: tuple[int, str]) -> None:
        self.answers = [(status, (DATA / name).read_bytes()) for status, name in answers]
        self.urls: list[str] = []

    def __call__(self, method: str, url: str, headers: Any, body: bytes | None) -> tuple[int, bytes]:
        self.urls.append(url)
        return self.answers.pop(0)


@pytest.fixture
def carrier(app, monkeypatch) -> Iterator[list[Replay]]:
    """EasyPost configured; each request the API makes goes to the next Replay appended to the list."""
    app.config.update({"TRADEDESK_CARRIER": "easypost", "TRADEDESK_EASYPOST_API_KEY": "EZTKtest0000example"})
    replays: list[Replay] = []

    def factory(settings: Any) -> EasyPostLabels:
        return EasyPostLabels(settings["TRADEDESK_EASYPOST_API_KEY"], transport=replays.pop(0) if replays else Replay())

    monkeypatch.setattr(labels_api, "carrier_from_settings", factory)
    yield replays


@pytest.fixture
def desk(client, auth, context, broker_party):
    f.freeze(context)
    cast = f.cast(context, broker_party)
    rma_id = f.rma(context, "repair", cast.uk_customer, cast.swiss_repairer)
    legs = plan(client, auth("logistics_coordinator"), rma_id, broker_id=cast.uk_broker, details=REPAIR)
    return {"rma_id": rma_id, "legs": legs, "cast": cast}


def issue(client, auth, rma_id: str, role: str = "logistics_coordinator", **body: Any):
    return client.post(f"/api/v1/rmas/{rma_id}/return-label", json=body, headers=auth(role))


def download(client, auth, rma_id: str, role: str = "logistics_coordinator"):
    return client.get(f"/api/v1/rmas/{rma_id}/return-label", headers=auth(role))


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_coordinator_issues_the_label_and_downloads_it_as_pdf(client, auth, desk):
    issued = ok(issue(client, auth, desk["rma_id"]), 201)
    assert issued["leg_id"] == desk["legs"][0]["id"]  # customer -> repairer: the leg whose importer is the hub
    assert issued["url"] == f"/api/v1/rmas/{desk['rma_id']}/return-label"
    assert (issued["tracking"], issued["carrier_label"]) == (None, None)
    response = client.get(issued["url"], headers=auth("compliance_officer"))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{issued["filename"]}"'
    assert hashlib.sha256(response.data).hexdigest() == issued["sha256"]
    text = text_of(response.data)
    assert issued["rma_number"] in text and "Swiss Watch Repair AG" in text


def test_a_broker_may_not_see_the_label_and_an_officer_may_not_issue_one(client, auth, desk):
    ok(issue(client, auth, desk["rma_id"]), 201)
    assert problem(issue(client, auth, desk["rma_id"], role="broker"))["status"] == 404
    assert download(client, auth, desk["rma_id"], role="broker").status_code == 404
    assert problem(issue(client, auth, desk["rma_id"], role="compliance_officer"))["status"] == 403
    assert download(client, auth, desk["rma_id"], role="compliance_officer").status_code == 200


def test_with_a_carrier_the_label_is_bought_and_its_tracking_number_recorded_on_the_leg(
    client, auth, context, desk, carrier
):
    carrier.append(Replay((201, "shipment_created.json"), (200, "shipment_bought.json")))
    issued = ok(issue(client, auth, desk["rma_id"], **DETAILS), 201)
    assert issued["tracking"]["carrier"] == "usps"
    assert issued["tracking"]["tracking_number"] == FIRST
    assert issued["carrier_label"]["rate"] == {"amount": "17.48", "currency": "USD"}
    assert issued["carrier_label"]["carrier"] == "USPS"
    leg = ok(client.get(f"/api/v1/legs/{issued['leg_id']}", headers=auth("logistics_coordinator")))
    assert (leg["tracking"]["carrier"], leg["tracking"]["number"]) == ("usps", FIRST)
    assert FIRST in text_of(download(client, auth, desk["rma_id"]).data)

    def audited(session):
        return session.scalars(select(AuditEvent).where(AuditEvent.action == "rma:return-label")).all()

    [event] = context.run(audited)
    assert event.entity_id == desk["rma_id"]


def test_a_second_label_is_stored_and_the_newest_is_served(client, auth, context, desk, carrier):
    carrier.append(Replay((201, "shipment_created.json"), (200, "shipment_bought.json")))
    carrier.append(Replay((201, "shipment_created.json"), (200, "shipment_bought_again.json")))
    first = ok(issue(client, auth, desk["rma_id"], **DETAILS), 201)
    second = ok(issue(client, auth, desk["rma_id"], **DETAILS), 201)
    assert (first["sequence"], second["sequence"]) == (1, 2)
    text = text_of(download(client, auth, desk["rma_id"]).data)
    assert SECOND in text and FIRST not in text
    stored = context.run(lambda s: s.scalars(select(ReturnLabel.tracking_number).order_by(ReturnLabel.sequence)).all())
    assert stored == [FIRST, SECOND]
    leg = ok(client.get(f"/api/v1/legs/{first['leg_id']}", headers=auth("logistics_coordinator")))
    assert leg["tracking"]["number"] == SECOND


def test_a_carrier_error_is_a_502_with_the_carriers_message_and_nothing_is_stored(client, auth, desk, carrier):
    carrier.append(Replay((422, "error_invalid_address.json")))
    body = problem(issue(client, auth, desk["rma_id"], **DETAILS))
    assert body["status"] == 502
    assert "SHIPMENT.INVALID_PARAMS" in body["detail"] and "to_address.zip: is required" in body["detail"]
    assert download(client, auth, desk["rma_id"]).status_code == 404


def test_a_carrier_label_needs_the_parcel_and_both_addresses(client, auth, desk, carrier):
    assert set(problem(issue(client, auth, desk["rma_id"]))["errors"]) == {"parcel", "ship_from", "ship_to"}
    partial = problem(issue(client, auth, desk["rma_id"], parcel={"weight_g": 900}))
    assert set(partial["errors"]) == {"ship_from", "ship_to"}
    sides = problem(issue(client, auth, desk["rma_id"], **{**DETAILS, "parcel": {"weight_g": 9, "length_mm": 5}}))
    assert sides["errors"] == {"parcel": ["give length_mm, width_mm and height_mm together, or none of them"]}


def test_a_misconfigured_carrier_is_a_503(client, auth, app, desk):
    app.config["TRADEDESK_CARRIER"] = "easypost"  # and no API key
    body = problem(issue(client, auth, desk["rma_id"]))
    assert (body["status"], "TRADEDESK_EASYPOST_API_KEY" in body["detail"]) == (503, True)


def test_no_label_before_approval_or_before_the_legs_are_planned(client, auth, context, broker_party):
    cast = f.cast(context, broker_party)
    requested = f.rma(context, "repair", cast.uk_customer, cast.swiss_repairer, status="requested")
    assert "approved" in problem(issue(client, auth, requested))["detail"]
    unplanned = f.rma(context, "repair", cast.uk_customer, cast.swiss_repairer)
    body = problem(issue(client, auth, unplanned))
    assert (body["status"], "plan the legs" in body["detail"]) == (409, True)
    assert download(client, auth, unplanned).status_code == 404
