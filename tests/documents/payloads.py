"""Filing payloads for document tests: leg requests (tests/support.py) validated, classified and turned into
`build_payload(...)` dicts, plus the catalogue of every movement that clears in GB on either side."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from tests.support import item, leg, money, party
from tradedesk.data.loader import load_profiles
from tradedesk.domain.contract import decision_dict
from tradedesk.domain.filing import FilingMeta, build_payload
from tradedesk.domain.model import Party, Side
from tradedesk.domain.regimes import classify
from tradedesk.inputs.leg import load_legs

PROFILES = load_profiles()
META = FilingMeta(
    rma_number="RMA-2026-000123", declaration_id="DEC-2026-000123-1", version=1, issued_on=date(2026, 11, 18)
)
BROKER = Party("Channel Customs Brokers Ltd", "GB", ("GB",), (("EORI", "GB987654321000"),))
EORI_GB = {"EORI": "GB123456789000"}


def payload_for(request: dict[str, Any], side: str, meta: FilingMeta = META) -> dict[str, Any]:
    """The filing payload of one side of the leg `request` (a tests/support.py leg dict)."""
    (one,), _ = load_legs(request, PROFILES)
    return build_payload(one, decision_dict(classify(one, PROFILES)), Side(side), meta, PROFILES)


def acknowledged_payload(request: dict[str, Any], side: str, meta: FilingMeta = META) -> dict[str, Any]:
    """As payload_for, with every warning flag acknowledged by a compliance officer (who, when, why)."""
    draft = payload_for(request, side, meta)
    acks = {
        f["code"]: {
            "reason": f"checked by compliance: {f['code'].lower()}",
            "by": "u-officer-1",
            "by_name": "Olivia Officer",
            "at": "2026-11-18T09:30:00+00:00",
        }
        for f in draft["flags"]
        if f["severity"] == "warning"
    }
    return payload_for(request, side, dataclasses.replace(meta, acknowledgements=acks))


_OP_EXPORT = {
    "date": "2026-09-01",
    "regime": "outward_processing",
    "procedure_code": "2100",
    "reference": "26GB12345678901234",
    "exporter": "Importer Co",
    "hs_code": "847130",
    "serial_numbers": ["SN-0001"],
    "reimport_deadline": "2027-09-01",
}
_TEMP_EXPORT = {
    "date": "2026-06-01",
    "regime": "temporary_export",
    "procedure_code": "2300",
    "reference": "26GBEX1234567890A1",
}
_STANDARD_EXPORT = {
    "date": "2026-06-01",
    "regime": "standard_export",
    "procedure_code": "1040",
    "reference": "26GBEX9876543210B2",
}
_REPAIR_EUR = {"cost": money("120.00", "EUR"), "charged": True}
_REPAIR_GBP = {"cost": money("95.00", "GBP"), "charged": False, "upgrade_value": money("20.00", "GBP")}


def _into_gb(movement: str, **extra: Any) -> dict[str, Any]:
    return leg(movement, "DE", "GB", importer=party("Importer Co", "GB", identifiers=EORI_GB), **extra)


# (case id, side, leg request): every movement, importing into GB and exporting from GB
GB_IMPORTS: list[tuple[str, str, dict[str, Any]]] = [
    ("gb-import-export_for_repair", "import", _into_gb("export_for_repair")),
    (
        "gb-import-return_after_repair",
        "import",
        _into_gb(
            "return_after_repair",
            repair=_REPAIR_EUR,
            prior_export=_OP_EXPORT,
            costs={
                "freight": money("25.00", "EUR"),
                "insurance": money("5.00", "EUR"),
                "outbound_freight": money("20.00", "GBP"),
            },
        ),
    ),
    (
        "gb-import-warranty_replacement",
        "import",
        _into_gb("warranty_replacement", warranty={"covered": True, "expires": "2027-12-31"}),
    ),
    (
        "gb-import-advance_replacement",
        "import",
        _into_gb(
            "advance_replacement",
            paired_leg={"movement": "defective_return", "reference": "RMA-2026-000123/2", "ship_date": "2026-12-01"},
        ),
    ),
    (
        "gb-import-defective_return",
        "import",
        _into_gb(
            "defective_return",
            items=[
                item(quantity=3, unit_value="250.00"),
                item(description="Charger", hs_code="850440", serial_numbers=[]),
            ],
        ),
    ),
    (
        "gb-import-demo_dispatch",
        "import",
        leg("demo_dispatch", "US", "GB", importer=party("Demo Importer Inc", "US"), items=[item(currency="USD")]),
    ),
    ("gb-import-demo_return", "import", _into_gb("demo_return", prior_export=_TEMP_EXPORT)),
    ("gb-import-return_for_refund", "import", _into_gb("return_for_refund", prior_export=_STANDARD_EXPORT)),
]
GB_EXPORTS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "gb-export-export_for_repair",
        "export",
        leg(
            "export_for_repair",
            "GB",
            "DE",
            exporter=party("Exporter Inc", "US"),
            eor=party("Exporter of Record Ltd", "GB", identifiers=EORI_GB),
        ),
    ),
    ("gb-export-return_after_repair", "export", leg("return_after_repair", "GB", "DE", repair=_REPAIR_GBP)),
    ("gb-export-warranty_replacement", "export", leg("warranty_replacement", "GB", "DE")),
    (
        "gb-export-advance_replacement",
        "export",
        leg("advance_replacement", "GB", "DE", paired_leg={"movement": "defective_return"}),
    ),
    (
        "gb-export-defective_return",
        "export",
        leg(
            "defective_return",
            "GB",
            "DE",
            paired_leg={"movement": "advance_replacement", "reference": "RMA-2026-000123/1"},
            items=[item(hs_code="901890", udi="(01)00884838026375(21)SN1")],
        ),
    ),
    ("gb-export-demo_dispatch", "export", leg("demo_dispatch", "GB", "DE")),
    (
        "gb-export-demo_return",
        "export",
        leg(
            "demo_return",
            "GB",
            "DE",
            prior_export={"date": "2026-03-01", "regime": "temporary_admission", "procedure_code": "5300"},
        ),
    ),
    ("gb-export-return_for_refund", "export", leg("return_for_refund", "GB", "DE")),
]
GB_CASES = GB_IMPORTS + GB_EXPORTS
OTHER_CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("eu-import-de", "import", leg("return_after_repair", "GB", "DE", repair=_REPAIR_GBP, prior_export=_OP_EXPORT)),
    ("eu-export-de", "export", leg("export_for_repair", "DE", "GB")),
    (
        "us-import",
        "import",
        leg(
            "return_after_repair",
            "GB",
            "US",
            repair={"cost": money("100.00", "GBP"), "charged": True},
            prior_export={"date": "2026-06-01", "reference": "EEI-X20260601123456"},
        ),
    ),
    (
        "jp-import",
        "import",
        leg("return_after_repair", "DE", "JP", repair=_REPAIR_EUR, prior_export={"date": "2026-06-01"}),
    ),
]
