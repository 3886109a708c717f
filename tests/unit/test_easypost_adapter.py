"""The EasyPost adapter (issue #12, point 3): the requests it sends, as EasyPost documents them, and what it makes of
EasyPost's answers, replayed from tests/data/easypost/ (reconstructed from the public docs: see the README there)."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tradedesk.carriers import carrier_from_settings
from tradedesk.carriers.easypost import API_BASE, EasyPostLabels, https_transport, lowest_rate
from tradedesk.carriers.labels import (
    Address,
    CarrierConfigError,
    CarrierError,
    CustomsLine,
    LabelRequest,
    Parcel,
    PurchasedLabel,
    StreetAddress,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "easypost"
KEY = "EZTKtest0000example"
CUSTOMER = Address("Example Ltd", "GB", StreetAddress("1 High Street", "London", "EC1A 1BB"))
HUB = Address("Swiss Watch Repair AG", "CH", StreetAddress("Bahnhofstrasse 1", "Zurich", "8001", phone="+41441234567"))
WATCH = CustomsLine("Wristwatch", "910211", "CH", 1, Decimal("2500.00"), "GBP", 1200, sku="W-100")
REQUEST = LabelRequest(
    reference="RMA-2026-900001",
    ship_from=CUSTOMER,
    ship_to=HUB,
    parcel=Parcel(1200, 200, 150, 100),
    customs=(WATCH,),
    signer="Cora",
)


def recorded(name: str) -> bytes:
    return (DATA / name).read_bytes()


@dataclass
class Sent:
    method: str
    url: str
    headers: dict[str, str]
    json: Any


@dataclass
class Replay:
    """A Transport answering from recorded bodies in order; it keeps what it was sent."""

    answers: list[tuple[int, bytes]]
    sent: list[Sent] = field(default_factory=list)

    def __call__(self, method: str, url: str, headers: Any, body: bytes | None) -> tuple[int, bytes]:
        self.sent.append(Sent(method, url, dict(headers), None if body is None else json.loads(body)))
        return self.answers.pop(0)


def replay(*answers: tuple[int, str | bytes]) -> Replay:
    return Replay([(status, recorded(a) if isinstance(a, str) else a) for status, a in answers])


def buy(transport: Replay, request: LabelRequest = REQUEST) -> PurchasedLabel:
    return EasyPostLabels(KEY, transport=transport).buy_return_label(request)


def test_a_return_shipment_is_created_as_documented():
    transport = replay((201, "shipment_created.json"), (200, "shipment_bought.json"))
    buy(transport)
    create = transport.sent[0]
    assert (create.method, create.url) == ("POST", "https://api.easypost.com/v2/shipments")
    assert create.headers["Authorization"] == "Basic " + base64.b64encode(f"{KEY}:".encode()).decode()
    assert create.headers["Content-Type"] == "application/json"
    shipment = create.json["shipment"]
    assert shipment["is_return"] is True
    assert shipment["reference"] == "RMA-2026-900001"
    # a return names the outbound shipment's addresses; EasyPost swaps them (docs: Shipments > Returns)
    assert shipment["to_address"] == {
        "name": "Example Ltd",
        "street1": "1 High Street",
        "city": "London",
        "zip": "EC1A 1BB",
        "country": "GB",
    }
    assert shipment["from_address"]["name"] == "Swiss Watch Repair AG"
    assert (shipment["from_address"]["country"], shipment["from_address"]["phone"]) == ("CH", "+41441234567")
    # ounces and inches to one decimal, rounded up, sent as decimal strings (never a float)
    assert shipment["parcel"] == {"weight": "42.4", "length": "7.9", "width": "6.0", "height": "4.0"}
    assert shipment["options"] == {"label_format": "PDF", "label_size": "4x6"}


def test_a_cross_border_return_carries_its_customs_lines():
    transport = replay((201, "shipment_created.json"), (200, "shipment_bought.json"))
    buy(transport)
    customs = transport.sent[0].json["shipment"]["customs_info"]
    assert {k: customs[k] for k in ("contents_type", "customs_certify", "customs_signer", "non_delivery_option")} == {
        "contents_type": "returned_goods",
        "customs_certify": True,
        "customs_signer": "Cora",
        "non_delivery_option": "return",
    }
    assert customs["customs_items"] == [
        {
            "description": "Wristwatch",
            "quantity": 1,
            "value": "2500.00",
            "currency": "GBP",
            "weight": "42.4",
            "hs_tariff_number": "910211",
            "origin_country": "CH",
            "code": "W-100",
        }
    ]


def test_a_domestic_return_has_no_customs_and_a_parcel_may_be_weight_only():
    transport = replay((201, "shipment_created.json"), (200, "shipment_bought.json"))
    buy(transport, LabelRequest("RMA-2026-900002", CUSTOMER, CUSTOMER, Parcel(500)))
    shipment = transport.sent[0].json["shipment"]
    assert "customs_info" not in shipment
    assert shipment["parcel"] == {"weight": "17.7"}


def test_the_lowest_rate_is_bought_and_the_answer_parsed_into_a_purchased_label():
    transport = replay((201, "shipment_created.json"), (200, "shipment_bought.json"))
    label = buy(transport)
    purchase = transport.sent[1]
    assert (purchase.method, purchase.url) == ("POST", f"{API_BASE}/shipments/shp_5b3c0ed1a2f34d4ea0c2c1c9b1a7e001/buy")
    assert purchase.json == {"rate": {"id": "rate_a1b2c3d4e5f64a7b8c9d0e1f2a3b0002"}}  # 17.48 < 48.90 < 61.35
    assert purchase.headers["Authorization"].startswith("Basic ")
    assert label == PurchasedLabel(
        carrier="USPS",
        service="FirstClassPackageInternationalService",
        tracking_number="9400111899223344556677",
        rate=Decimal("17.48"),
        currency="USD",
        label_url="https://easypost-files.s3.us-west-2.amazonaws.com/files/postage_label/20261120/e8example0001.pdf",
        shipment_id="shp_5b3c0ed1a2f34d4ea0c2c1c9b1a7e001",
    )
    assert type(label.rate) is Decimal


def test_a_refused_shipment_is_reported_with_the_carriers_code_message_and_field_errors():
    transport = replay((422, "error_invalid_address.json"))
    with pytest.raises(CarrierError) as raised:
        buy(transport)
    assert raised.value.status == 422
    assert raised.value.message == (
        "HTTP 422 SHIPMENT.INVALID_PARAMS: Unable to create shipment, one or more parameters were invalid. "
        "(to_address.zip: is required; parcel.weight: must be greater than zero)"
    )
    assert len(transport.sent) == 1  # nothing is bought


def test_a_wrong_api_key_is_reported():
    with pytest.raises(CarrierError, match=r"HTTP 401 APIKEY.INACTIVE: This api key is no longer active"):
        buy(replay((401, "error_unauthorized.json")))


def test_a_server_error_without_json_is_reported_with_the_start_of_its_body():
    with pytest.raises(CarrierError, match=r"^easypost: HTTP 503: <html>Service Unavailable</html>$"):
        buy(replay((503, b"<html>Service Unavailable</html>")))


def test_a_shipment_without_rates_is_reported_with_what_the_carriers_said():
    transport = replay((201, "shipment_no_rates.json"))
    with pytest.raises(CarrierError) as raised:
        buy(transport)
    assert raised.value.message.startswith("no rate offered for this shipment (USPS: Unable to retrieve USPS rates")
    assert "DHLExpress: Postal code 8001 is not served" in raised.value.message
    assert len(transport.sent) == 1


def test_a_failed_purchase_is_reported():
    transport = replay(
        (201, "shipment_created.json"), (402, b'{"error": {"code": "PAYMENT.REQUIRED", "message": "x"}}')
    )
    with pytest.raises(CarrierError, match=r"HTTP 402 PAYMENT\.REQUIRED"):
        buy(transport)


def test_rates_in_several_currencies_have_no_lowest():
    shipment = json.loads(recorded("shipment_created.json"))
    shipment["rates"][0]["currency"] = "EUR"
    with pytest.raises(CarrierError, match=r"several currencies \(EUR, USD\)"):
        lowest_rate(shipment)


def test_the_default_transport_speaks_only_https_to_the_api_host():
    for url in ("https://example.com/v2/shipments", "http://api.easypost.com/v2/shipments", "file:///etc/passwd"):
        with pytest.raises(
            CarrierError, match=re.escape("refusing to send a request anywhere but https://api.easypost.com/")
        ):
            https_transport("POST", url, {}, b"{}")


def test_the_settings_choose_the_adapter():
    assert carrier_from_settings({}) is None
    assert carrier_from_settings({"TRADEDESK_CARRIER": ""}) is None
    adapter = carrier_from_settings({"TRADEDESK_CARRIER": "easypost", "TRADEDESK_EASYPOST_API_KEY": KEY})
    assert isinstance(adapter, EasyPostLabels)
    assert adapter.name == "easypost"
    with pytest.raises(CarrierConfigError, match="needs TRADEDESK_EASYPOST_API_KEY"):
        carrier_from_settings({"TRADEDESK_CARRIER": "easypost"})
    with pytest.raises(CarrierConfigError, match="'pigeon' is not a carrier"):
        carrier_from_settings({"TRADEDESK_CARRIER": "pigeon"})
