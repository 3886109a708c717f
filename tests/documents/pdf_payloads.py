"""Filing payloads for the PDF pack tests: one per situation the pack distinguishes (built with payloads.payload_for)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from tests.documents.payloads import payload_for
from tests.support import item, leg, money, party

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "return_after_repair_ch_gb.json"
XML = ("tradedesk-declaration.xml", b'<?xml version="1.0"?><declaration rma="RMA-2026-000123"/>', "application/xml")
CDS = ("cds-declaration.xml", b'<?xml version="1.0"?><MetaData/>', "application/xml")
EORI_GB = {"EORI": "GB123456789000"}
_GB_OWNER = party("Example Ltd", "GB", identifiers=EORI_GB)
_TEMP_EXPORT = {
    "date": "2026-06-01",
    "regime": "temporary_export",
    "procedure_code": "2300",
    "reference": "26GB00000000000001",
    "exporter": "Example Ltd",
    "hs_code": "847130",
    "serial_numbers": ["SN-0001"],
}


def reimport_request() -> dict[str, Any]:
    """examples/return_after_repair_ch_gb.json: a watch back in GB after a paid repair in Switzerland (6121)."""
    return json.loads(EXAMPLE.read_text())


def repair_export_request() -> dict[str, Any]:
    """The outward leg of the example: the GB owner sends the watch to the Swiss repairer (2100)."""
    back = reimport_request()
    return {
        **back,
        "movement": "export_for_repair",
        "from_country": "GB",
        "to_country": "CH",
        "ship_date": back["prior_export"]["date"],
        "exporter": back["importer"],
        "importer": back["exporter"],
        "costs": {"freight": back["costs"]["outbound_freight"]},
        "prior_export": None,
    }


def _requests() -> dict[str, tuple[dict[str, Any], str]]:
    return {
        "repair-export-gb-ch": (repair_export_request(), "export"),
        "repair-reimport-ch-gb": (reimport_request(), "import"),
        "repair-reimport-us": (
            leg(
                "return_after_repair",
                "DE",
                "US",
                items=[item(currency="EUR")],
                importer=party("Harbor Instruments Inc", "US"),
                exporter=party("Berlin Repair GmbH", "DE"),
                repair={"cost": money("300.00", "EUR"), "charged": True},
                prior_export={
                    "date": "2026-06-01",
                    "regime": "temporary_export",
                    "reference": "CBP4455-20260601",
                    "exporter": "Harbor Instruments Inc",
                    "hs_code": "847130",
                    "serial_numbers": ["SN-0001"],
                },
            ),
            "import",
        ),
        "rgr-6123": (
            leg(
                "demo_return",
                "CH",
                "GB",
                items=[item(currency="GBP")],
                importer=_GB_OWNER,
                exporter=party("Zurich Trade Fair AG", "CH"),
                prior_export=_TEMP_EXPORT,
            ),
            "import",
        ),
        "ta-5300": (
            leg(
                "demo_dispatch",
                "CH",
                "GB",
                items=[item(description="Demonstration analyser", hs_code="903020", currency="GBP")],
                importer=party("Demo Owner SA", "CH"),
                exporter=party("Demo Owner SA", "CH"),
            ),
            "import",
        ),
        "advance-replacement": (
            leg(
                "advance_replacement",
                "DE",
                "GB",
                items=[item(currency="GBP")],
                importer=_GB_OWNER,
                exporter=party("Frankfurt Devices GmbH", "DE"),
                warranty={"covered": True, "expires": "2027-12-31"},
                paired_leg={
                    "movement": "defective_return",
                    "reference": "RMA-2026-000123/2",
                    "ship_date": "2026-12-01",
                },
            ),
            "import",
        ),
        "free-repair-return": (
            leg(
                "return_after_repair",
                "CH",
                "GB",
                items=[item(currency="GBP")],
                importer=_GB_OWNER,
                repair={"cost": money("0.00", "GBP"), "charged": False},
                warranty={"covered": True, "expires": "2027-12-31"},
                prior_export={**_TEMP_EXPORT, "regime": "outward_processing", "procedure_code": "2100"},
            ),
            "import",
        ),
        "refund-return-de": (
            leg(
                "return_for_refund",
                "CH",
                "DE",
                items=[item(currency="EUR")],
                importer=party("Seller AG", "CH"),
                exporter=party("Kunde Schweiz AG", "CH"),
                ior=party("Zollagentur GmbH", "DE", identifiers={"EORI": "DE1234567"}),
            ),
            "import",
        ),
        "represented-gb": (
            leg(
                "warranty_replacement",
                "CH",
                "GB",
                items=[item(currency="GBP")],
                importer=party("Seller AG", "CH"),
                ior=party("UK Customs Reps Ltd", "GB", identifiers={"EORI": "GB987654321000"}),
            ),
            "import",
        ),
    }


CASES = tuple(_requests())


@cache
def case(name: str) -> dict[str, Any]:
    """The payload of situation `name` (built once; callers must not mutate it)."""
    request, side = _requests()[name]
    return payload_for(request, side)
