"""Filing payloads for the five CDS situations HMRC has annotated samples for, with the same parties as the samples
(self-representation or a direct representative, EORIs where the sample has them)."""

from __future__ import annotations

from typing import Any

from tests.documents.payloads import payload_for
from tests.support import item, leg, money, party

EORI_OWNER = {"EORI": "GB553202734852"}
EORI_BROKER = {"EORI": "GB239355053000"}
EORI_REPAIRER = {"EORI": "GB896458895015"}
EXPORT_MRN = "26GBCDS123456789B1"
TEMP_EXPORT_MRN = "26GB59Z5A9V8BY3VS2"
ADDRESSES = {"exporter": "1 Main Street, New York NY 10001", "importer": "1 Main Street, New York NY 10001"}

_ITEM = item(
    description="Digital oscilloscope",
    hs_code="9030200000",
    origin_country="US",
    unit_value="4200.00",
    currency="GBP",
    serial_numbers=["OSC-7731-A"],
)
_UK_OWNER = party("Thames Instruments Ltd", "GB", identifiers=EORI_OWNER)
_BROKER = party("Channel Customs Brokers Ltd", "GB", identifiers=EORI_BROKER)


def with_addresses(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload shape carries a free-text address per party; build_payload leaves it empty, a broker fills it."""
    for role, address in ADDRESSES.items():
        if payload["parties"][role] is not None and not payload["parties"][role]["identifiers"]:
            payload["parties"][role]["address"] = address
    return payload


def export_for_repair(represented: bool) -> dict[str, Any]:
    """2100: a UK owner sends a unit to the US maker for repair (TT_EX049a represented, TT_EX023a self)."""
    extra = {"eor": _BROKER} if represented else {}
    request = leg(
        "export_for_repair",
        "GB",
        "US",
        items=[_ITEM],
        exporter=_UK_OWNER,
        importer=party("Keysight Repair Center", "US"),
        **extra,
    )
    return with_addresses(payload_for(request, "export"))


def temporary_export() -> dict[str, Any]:
    """2300: a demonstration unit goes to a US trade show and comes back unaltered (TT_EX033a)."""
    request = leg(
        "demo_dispatch", "GB", "US", items=[_ITEM], exporter=_UK_OWNER, importer=party("Expo Booth Services Inc", "US")
    )
    return with_addresses(payload_for(request, "export"))


def reimport_after_repair() -> dict[str, Any]:
    """6121: the repaired unit comes back, repair charged, the OP export's MRN on record (TT_IM041a)."""
    request = leg(
        "return_after_repair",
        "US",
        "GB",
        items=[_ITEM],
        importer=_UK_OWNER,
        exporter=party("Keysight Repair Center", "US", identifiers=EORI_REPAIRER),
        repair={"cost": money("640.00", "USD"), "charged": True},
        costs={"freight": money("85.00", "USD"), "insurance": money("12.00", "USD")},
        prior_export={
            "date": "2026-09-01",
            "regime": "outward_processing",
            "procedure_code": "2100",
            "reference": EXPORT_MRN,
            "exporter": "Thames Instruments Ltd",
            "hs_code": "9030200000",
            "serial_numbers": ["OSC-7731-A"],
        },
    )
    return with_addresses(payload_for(request, "import"))


def warranty_repair() -> dict[str, Any]:
    """6122 + B02: repaired free of charge under guarantee (TT_IM041a's own codes)."""
    request = leg(
        "return_after_repair",
        "US",
        "GB",
        items=[_ITEM],
        importer=_UK_OWNER,
        exporter=party("Keysight Repair Center", "US", identifiers=EORI_REPAIRER),
        repair={"cost": money("640.00", "USD"), "charged": False},
        warranty={"covered": True},
        prior_export={
            "date": "2026-09-01",
            "regime": "outward_processing",
            "procedure_code": "2100",
            "reference": EXPORT_MRN,
            "exporter": "Thames Instruments Ltd",
        },
    )
    return with_addresses(payload_for(request, "import"))


def returned_goods_relief() -> dict[str, Any]:
    """6123: the demonstration unit returns unaltered after the 2300 export (TT_IM092a)."""
    request = leg(
        "demo_return",
        "US",
        "GB",
        items=[_ITEM],
        importer=_UK_OWNER,
        exporter=_UK_OWNER,
        prior_export={
            "date": "2026-06-01",
            "regime": "temporary_export",
            "procedure_code": "2300",
            "reference": TEMP_EXPORT_MRN,
            "exporter": "Thames Instruments Ltd",
        },
    )
    return with_addresses(payload_for(request, "import"))


def temporary_admission() -> dict[str, Any]:
    """5300: a US owner's demonstration unit enters GB, declared by a UK broker in direct representation (TT_IM083a)."""
    request = leg(
        "demo_dispatch",
        "US",
        "GB",
        items=[_ITEM],
        importer=party("Keysight Demo Fleet Inc", "US"),
        exporter=party("Keysight Demo Fleet Inc", "US"),
        ior=_BROKER,
    )
    return with_addresses(payload_for(request, "import"))


def indirect_import() -> dict[str, Any]:
    """A non-UK importer with a UK indirect representative (the GB profile's representation for importers)."""
    request = leg(
        "warranty_replacement", "US", "GB", items=[_ITEM], importer=party("Keysight Service Inc", "US"), ior=_BROKER
    )
    return with_addresses(payload_for(request, "import"))
