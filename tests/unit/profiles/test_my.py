"""Malaysia profile (country_profiles/my.yaml, PARTIAL): each RMA movement on the Malaysian export and import side.

Facts: Customs Act 1967 s.97 (temporary importation), s.99 (drawback, secondary); Customs Duties (Exemption)
Order 2017 (repair items read only for LMW companies); ATA carnets (MICCI); Sales Tax Act 2018 (10 %).
Counterpart: Singapore (SG profile). Malaysian import figures are in MYR so that no exchange rate is involved.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import decide, item, leg, money, party, side_flags

MY_OWNER = party("Owner Sdn Bhd", "MY")
SG_REPAIRER = party("Repair Pte Ltd", "SG")
FREIGHT = {"freight": money("200.00", "MYR"), "insurance": money("50.00", "MYR")}
MOVEMENTS = [
    "export_for_repair",
    "return_after_repair",
    "warranty_replacement",
    "advance_replacement",
    "defective_return",
    "demo_dispatch",
    "demo_return",
    "return_for_refund",
]


def unit(currency: str = "MYR", value: str = "5000.00", **overrides: Any) -> dict[str, Any]:
    return item(unit_value=value, currency=currency, serial_numbers=["SN-0001"], **overrides)


def prior(date: str, regime: str | None, exporter: str = "Owner Sdn Bhd") -> dict[str, Any]:
    return {"date": date, "regime": regime, "exporter": exporter, "hs_code": "847130", "serial_numbers": ["SN-0001"]}


def any_leg(movement: str, from_country: str, to_country: str, currency: str) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if movement == "return_after_repair":
        extra["repair"] = {"cost": money("100.00", currency), "charged": True}
    return leg(movement, from_country, to_country, items=[unit(currency)], **extra)


@pytest.mark.parametrize("movement", MOVEMENTS)
@pytest.mark.parametrize(
    ("side", "route"), [("import", ("SG", "MY", "MYR")), ("export", ("MY", "SG", "SGD"))], ids=["import", "export"]
)
def test_every_answer_of_the_partial_profile_is_flagged(movement, side, route) -> None:
    """status: partial (exemption-order items not read): every Malaysian answer carries PROFILE_PARTIAL."""
    d = decide(any_leg(movement, *route))
    assert d[side]["jurisdiction"] == "MY"
    assert d[side]["confirmed"] is False
    assert "PROFILE_PARTIAL" in side_flags(d, side)


# ------------------------------------------------------------------------------------------ export side (MY -> SG)

EXPORTS = [
    ("export_for_repair", {}, "outward_processing", "export-for-repair", None),
    ("warranty_replacement", {}, "standard_export", "export", None),
    ("advance_replacement", {"warranty": {"covered": True}}, "standard_export", "export", None),
    (
        "defective_return",
        {"prior_export": prior("2026-06-01", "standard_export", "Seller Pte Ltd")},
        "re_export",
        "s99-drawback",
        "2027-06-01",
    ),
    (
        "defective_return",
        {"prior_export": prior("2025-06-01", "standard_export", "Seller Pte Ltd")},
        "standard_export",
        "export",
        None,
    ),
    (
        "return_for_refund",
        {"prior_export": prior("2026-06-01", "standard_export", "Seller Pte Ltd")},
        "re_export",
        "s99-drawback",
        "2027-06-01",
    ),
    ("demo_dispatch", {"ata_carnet": True}, "temporary_export", "ata-carnet", "2027-11-20"),  # the carnet's year
    ("demo_dispatch", {}, "temporary_export", "temporary-export", None),
]


@pytest.mark.parametrize(
    ("movement", "extra", "regime", "rule", "deadline"),
    EXPORTS,
    ids=[
        "repair",
        "replacement",
        "advance",
        "defective-drawback",
        "defective-after-12-months",
        "refund-drawback",
        "demo-carnet",
        "demo",
    ],
)
def test_export_side_regime_per_movement(movement, extra, regime, rule, deadline) -> None:
    """Exemption Order 2017 (repair abroad); s.99 drawback within 12 months (secondary); ATA carnet (MICCI)."""
    d = decide(leg(movement, "MY", "SG", items=[unit("SGD", "1500.00")], exporter=MY_OWNER, **extra))
    exp = d["export"]
    assert (exp["regime"], exp["rule"], exp["procedure_code"]) == (regime, rule, None)
    assert (exp["deadline"] or {}).get("date") == deadline
    assert exp["eor_required"] is False


@pytest.mark.parametrize(
    ("movement", "carnet", "started", "rule", "overdue"),
    [
        ("return_after_repair", False, "2026-09-01", "s97-reexport", False),
        ("return_after_repair", False, "2026-07-01", "s97-reexport", True),
        ("demo_return", True, "2026-07-01", "ata-reexport", True),
        ("demo_return", False, "2026-10-01", "s97-reexport", False),
    ],
    ids=["repair-within-3-months", "repair-after-3-months", "carnet-after-3-months", "demo-within-3-months"],
)
def test_re_export_within_3_months_of_temporary_import(movement, carnet, started, rule, overdue) -> None:
    """Customs Act 1967 s.97: re-export within 3 months of import (or a further period allowed); carnets 3 months."""
    extra: dict[str, Any] = (
        {"repair": {"cost": money("200.00", "SGD"), "charged": True}} if movement == "return_after_repair" else {}
    )
    d = decide(
        leg(
            movement,
            "MY",
            "SG",
            items=[unit("SGD", "1500.00")],
            exporter=party("Owner Pte Ltd", "SG"),
            importer=party("Owner Pte Ltd", "SG"),
            eor=party("Forwarder Sdn Bhd", "MY"),
            ata_carnet=carnet,
            prior_export=prior(started, "temporary_export", "Owner Pte Ltd"),
            **extra,
        )
    )
    assert (d["export"]["regime"], d["export"]["rule"]) == ("re_export", rule)
    assert ("TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "export")) is overdue


def test_foreign_exporter_needs_an_exporter_of_record() -> None:
    """RMCD registration (uCustoms) of a Malaysian entity ([K])."""
    d = decide(
        leg("warranty_replacement", "MY", "SG", items=[unit("SGD", "1500.00")], exporter=party("Brand Pte Ltd", "SG"))
    )
    assert d["export"]["eor_required"] is True
    assert "NO_LOCAL_EXPORTER" in side_flags(d, "export")


# ------------------------------------------------------------------------------------------ import side (SG -> MY)


def test_goods_entering_for_repair_use_s97_with_a_deposit_and_3_months() -> None:
    """Customs Act 1967 s.97: no duty against a deposit >= the duty; re-export within 3 months; sales tax estimated."""
    d = decide(
        leg(
            "export_for_repair",
            "SG",
            "MY",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Owner Pte Ltd", "SG"),
            importer=party("Repair Sdn Bhd", "MY"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("temporary_admission", "s97-temporary-import", "none")
    assert imp["customs_value"] == money("5250.00", "MYR")
    assert imp["duty"] == money("0.00", "MYR")
    assert imp["vat"] == money("525.00", "MYR")  # 10 % sales tax, conservatively
    assert imp["guarantee_required"] is True
    assert imp["deadline"]["date"] == "2027-02-20"


def _repair_return(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "items": [unit(duty_rate="5")],
        "exporter": SG_REPAIRER,
        "importer": MY_OWNER,
        "costs": FREIGHT,
        "repair": {"cost": money("800.00", "MYR"), "charged": True},
        "prior_export": prior("2026-09-01", "outward_processing"),
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "SG", "MY", **base))


def test_repaired_goods_pay_on_the_new_parts_only_estimated_by_the_repair_cost() -> None:
    """Exemption Order 2017 pattern (Item 47 / former GST item 16A): original parts relieved, new parts dutiable."""
    d = _repair_return()
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == (
        "reimport_after_repair",
        "repaired-original-parts-relief",
        "repair_cost",
    )
    assert imp["customs_value"] == money("1050.00", "MYR")  # 800 + freight 200 + insurance 50
    assert imp["duty"] == money("52.50", "MYR")
    assert imp["vat"] == money("110.25", "MYR")  # 10 % of (1050 + 52.50)
    assert imp["deadline"] is None  # no re-import period read


def test_goods_not_exported_for_repair_are_imported_at_full_value() -> None:
    """No repair exemption without the registered export for repair."""
    d = _repair_return(prior_export=prior("2026-09-01", "standard_export"))
    assert d["import"]["duty_base"] == "full_value"
    assert d["import"]["customs_value"] == money("5250.00", "MYR")
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" in side_flags(d, "import")


@pytest.mark.parametrize(
    "movement", ["warranty_replacement", "advance_replacement", "defective_return", "return_for_refund", "demo_return"]
)
def test_replacements_and_returns_are_conservatively_imported_at_full_value(movement) -> None:
    """No replacement item found; the returned-goods item of the 2017 Order was not read: full value."""
    d = decide(
        leg(
            movement,
            "SG",
            "MY",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Brand Pte Ltd", "SG"),
            importer=MY_OWNER,
            warranty={"covered": True},
            prior_export=prior("2026-06-01", "temporary_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert imp["vat"] == money("525.00", "MYR")


@pytest.mark.parametrize(
    ("transport", "rule", "vat"),
    [
        ("courier", "ata-carnet", "0.00"),
        ("post", "s97-temporary-import", "525.00"),
    ],
    ids=["carnet", "carnet-by-post-not-accepted"],
)
def test_demo_on_an_ata_carnet_enters_free_for_3_months_but_not_by_post(transport, rule, vat) -> None:
    """RMCD: ATA carnets accepted (MICCI guarantor), 3 months; postal traffic excluded -> s.97 temporary import."""
    d = decide(
        leg(
            "demo_dispatch",
            "SG",
            "MY",
            items=[unit()],
            costs=FREIGHT,
            transport=transport,
            exporter=party("Brand Pte Ltd", "SG"),
            importer=party("Brand Pte Ltd", "SG"),
            ior=party("Agent Sdn Bhd", "MY"),
            ata_carnet=True,
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty"]) == ("temporary_admission", rule, money("0.00", "MYR"))
    assert imp["vat"] == money(vat, "MYR")
    assert imp["deadline"]["date"] == "2027-02-20"


def test_malaysian_demo_back_on_its_carnet_is_relieved() -> None:
    """ATA Convention: re-importation voucher; no duty or sales tax."""
    d = decide(
        leg(
            "demo_return",
            "SG",
            "MY",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Prospect Pte Ltd", "SG"),
            importer=MY_OWNER,
            ata_carnet=True,
            prior_export=prior("2026-09-01", "temporary_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"]) == ("returned_goods_relief", "ata-reimport")
    assert (imp["duty"], imp["vat"]) == (money("0.00", "MYR"), money("0.00", "MYR"))


def test_low_value_courier_consignment_gets_no_de_minimis() -> None:
    """Item 94 air-courier cap not read; LVG bear 10 % sales tax since 1 Jan 2024: no de minimis applied."""
    d = decide(
        leg(
            "warranty_replacement",
            "SG",
            "MY",
            items=[unit(value="100.00")],
            importer=MY_OWNER,
            exporter=party("Brand Pte Ltd", "SG"),
        )
    )
    assert d["import"]["vat"] == money("10.00", "MYR")
    assert d["import"]["de_minimis"] == []


def test_foreign_importer_needs_an_importer_of_record() -> None:
    """RMCD: a non-resident cannot act as importer for general goods ([K]); MyLVG is not an importer status."""
    d = decide(
        leg(
            "warranty_replacement",
            "SG",
            "MY",
            items=[unit()],
            exporter=party("Brand Pte Ltd", "SG"),
            importer=party("Brand Pte Ltd", "SG"),
        )
    )
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" in side_flags(d, "import")
