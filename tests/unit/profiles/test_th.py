"""Thailand profile (country_profiles/th.yaml): each RMA movement on the Thai export and import side.

Facts: Customs Tariff Decree B.E. 2530 Part 4 (Category 1 returned goods, Category 2 goods repaired abroad,
Category 3 temporary import), Tariff Decree (No. 8) B.E. 2557, the re-importation certificate, the drawback on
re-export, ATA carnets, Revenue Code VAT 7 % and s.81(2)(c), Customs Notifications 191/2561 and 116/2567.
Counterpart: Japan (JP profile). Thai import figures are in THB so that no exchange rate is involved.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import codes, decide, item, leg, money, party, side_flags

TH_OWNER = party("Owner Co Ltd", "TH")
JP_REPAIRER = party("Repair KK", "JP")
FREIGHT = {"freight": money("2000.00", "THB"), "insurance": money("500.00", "THB")}


def unit(value: str = "50000.00", currency: str = "THB", **overrides: Any) -> dict[str, Any]:
    return item(unit_value=value, currency=currency, serial_numbers=["SN-0001"], **overrides)


def prior(date: str, regime: str | None, exporter: str = "Owner Co Ltd", **extra: Any) -> dict[str, Any]:
    base = {"date": date, "regime": regime, "exporter": exporter, "hs_code": "847130", "serial_numbers": ["SN-0001"]}
    base.update(extra)
    return base


# ------------------------------------------------------------------------------------------ export side (TH -> JP)

EXPORTS = [
    # movement, extra, regime, rule, procedure code, deadline, confirmed
    ("export_for_repair", {}, "outward_processing", "part4-cat2-export", "2PART4", "2027-11-20", True),
    (
        "export_for_repair",
        {"items": [unit(origin_country="TH")]},
        "outward_processing",
        "permitted-processing-export",
        None,
        "2027-11-20",
        False,
    ),
    ("warranty_replacement", {}, "standard_export", "export", None, None, True),
    ("advance_replacement", {"warranty": {"covered": True}}, "standard_export", "export", None, None, True),
    (
        "defective_return",
        {"prior_export": prior("2026-06-01", "standard_export", "Seller KK")},
        "re_export",
        "drawback-reexport",
        None,
        "2027-06-01",
        False,
    ),
    ("defective_return", {}, "standard_export", "export", None, None, True),
    (
        "return_for_refund",
        {"prior_export": prior("2026-06-01", "standard_export", "Seller KK")},
        "re_export",
        "drawback-reexport",
        None,
        "2027-06-01",
        False,
    ),
    ("demo_dispatch", {"ata_carnet": True}, "temporary_export", "ata-carnet", None, "2027-11-20", True),
    ("demo_dispatch", {}, "temporary_export", "part4-cat1-export", "1PART4", "2027-11-20", True),
]


@pytest.mark.parametrize(
    ("movement", "extra", "regime", "rule", "code", "deadline", "confirmed"),
    EXPORTS,
    ids=[f"{e[0]}-{e[3]}" for e in EXPORTS],
)
def test_export_side_regime_per_movement(movement, extra, regime, rule, code, deadline, confirmed) -> None:
    """Customs Tariff Decree Part 4 Cat. 2 (duty-paid goods out for repair, 1 year, 2PART4), Tariff Decree No. 8
    B.E. 2557 (Thai goods processed abroad, unconfirmed), Cat. 1 (re-import unaltered, 1 year, 1PART4), the former
    s.19 drawback (unconfirmed under the 2017 Act), ATA Convention."""
    payload = {"items": [unit()], "exporter": TH_OWNER, **extra}
    d = decide(leg(movement, "TH", "JP", **payload))
    exp = d["export"]
    assert exp["jurisdiction"] == "TH"
    assert (exp["regime"], exp["rule"], exp["procedure_code"]) == (regime, rule, code)
    assert (exp["deadline"] or {}).get("date") == deadline
    assert exp["confirmed"] is confirmed
    assert ("PROFILE_PARTIAL" in side_flags(d, "export")) is not confirmed
    assert exp["eor_required"] is False


@pytest.mark.parametrize(
    ("movement", "extra", "certificate"),
    [
        ("export_for_repair", {}, True),
        ("demo_dispatch", {}, True),
        (
            "return_after_repair",
            {
                "prior_export": prior("2026-09-01", "temporary_export", "Owner KK"),
                "repair": {"cost": money("8000.00", "THB"), "charged": True},
            },
            False,
        ),
    ],
    ids=["2PART4", "1PART4", "3PART4"],
)
def test_part_4_exports_carry_the_re_importation_privilege_code(movement, extra, certificate) -> None:
    """e-Customs: Part 4 export tariffs 1PART4 / 2PART4 / 3PART4 with privilege code 004; the re-importation
    certificate (ใบสุทธิสำหรับนำกลับ) is obtained at export or there is no exemption on return."""
    d = decide(
        leg(movement, "TH", "JP", items=[unit()], exporter=TH_OWNER, eor=party("Forwarder Co Ltd", "TH"), **extra)
    )
    exp = d["export"]
    assert exp["additional_procedure_codes"] == ["004"]
    assert any("re-importation certificate" in doc for doc in exp["documents"]) is certificate


def test_repair_abroad_past_the_year_is_flagged() -> None:
    """Part 4 Cat. 2: re-import within 1 year of the certificate (the Director-General may extend)."""
    d = decide(
        leg(
            "export_for_repair", "TH", "JP", items=[unit()], exporter=TH_OWNER, importer=JP_REPAIRER, as_of="2027-12-01"
        )
    )
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "export")


def test_defective_unit_held_longer_than_a_year_loses_the_drawback() -> None:
    """Drawback on re-export: within 1 year of import; later -> a plain export."""
    d = decide(
        leg(
            "defective_return",
            "TH",
            "JP",
            items=[unit()],
            exporter=TH_OWNER,
            prior_export=prior("2025-06-01", "standard_export", "Seller KK"),
        )
    )
    assert (d["export"]["regime"], d["export"]["rule"]) == ("standard_export", "export")
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "export")


@pytest.mark.parametrize(
    ("movement", "carnet", "started", "rule", "overdue"),
    [
        ("return_after_repair", False, "2026-06-01", "part4-cat3-reexport", False),
        ("return_after_repair", False, "2026-04-01", "part4-cat3-reexport", True),
        ("demo_return", False, "2026-04-01", "part4-cat3-reexport", True),
        ("demo_return", True, "2026-06-01", "ata-reexport", False),
        ("demo_return", True, "2026-04-01", "ata-reexport", True),
    ],
    ids=["repair-5-months", "repair-7-months", "demo-7-months", "carnet-5-months", "carnet-7-months"],
)
def test_re_export_within_6_months_of_temporary_import(movement, carnet, started, rule, overdue) -> None:
    """Part 4 Cat. 3: re-export within 6 months of import (3PART4); ATA carnets: 6 months."""
    extra: dict[str, Any] = (
        {"repair": {"cost": money("8000.00", "THB"), "charged": True}} if movement == "return_after_repair" else {}
    )
    d = decide(
        leg(
            movement,
            "TH",
            "JP",
            items=[unit()],
            exporter=party("Owner KK", "JP"),
            importer=party("Owner KK", "JP"),
            eor=party("Forwarder Co Ltd", "TH"),
            ata_carnet=carnet,
            prior_export=prior(started, "temporary_export", "Owner KK"),
            **extra,
        )
    )
    assert (d["export"]["regime"], d["export"]["rule"]) == ("re_export", rule)
    assert ("TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "export")) is overdue


def test_foreign_exporter_without_a_customs_registration_needs_an_exporter_of_record() -> None:
    """Thai Customs trader registration (Customs Trader Portal, e-Customs ID) of a Thai company."""
    d = decide(leg("warranty_replacement", "TH", "JP", items=[unit()], exporter=party("Brand KK", "JP")))
    assert d["export"]["eor_required"] is True
    assert "NO_LOCAL_EXPORTER" in side_flags(d, "export")


# ------------------------------------------------------------------------------------------ import side (JP -> TH)


def _repair_return(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "items": [unit(duty_rate="5")],
        "exporter": JP_REPAIRER,
        "importer": TH_OWNER,
        "costs": FREIGHT,
        "repair": {"cost": money("8000.00", "THB"), "charged": True},
        "prior_export": prior("2026-03-01", "outward_processing"),
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "JP", "TH", **base))


def test_duty_paid_goods_repaired_abroad_pay_duty_on_the_increase_in_value_only() -> None:
    """Part 4 Cat. 2: exempt up to the original goods' value; the repair's increase is dutiable at the original
    rate, freight and insurance excluded. VAT base unconfirmed: estimated on the full value plus duty."""
    d = _repair_return()
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == (
        "reimport_after_repair",
        "part4-cat2-repair",
        "repair_cost",
    )
    assert imp["customs_value"] == money("8000.00", "THB")  # repair only, no freight / insurance
    assert imp["duty"] == money("400.00", "THB")  # 5 % of 8,000
    assert imp["vat"] == money("3703.00", "THB")  # 7 % of (CIF 52,500 + duty 400)
    assert imp["deadline"]["date"] == "2027-03-01"
    assert imp["confirmed"] is False
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_thai_goods_repaired_abroad_fall_under_the_unconfirmed_2014_category() -> None:
    """Tariff Decree (No. 8) B.E. 2557: permitted processing abroad, duty on the value excluding the exported
    articles; category number not read -> PROFILE_PARTIAL."""
    d = _repair_return(items=[unit(duty_rate="5", origin_country="TH")])
    imp = d["import"]
    assert (imp["rule"], imp["duty_base"], imp["duty"]) == (
        "permitted-processing-reimport",
        "repair_cost",
        money("400.00", "THB"),
    )
    assert "PROFILE_PARTIAL" in side_flags(d, "import")


def test_re_import_after_the_year_pays_duty_on_the_full_value() -> None:
    """Part 4 Cat. 2: re-import within 1 year; later -> no exemption, full CIF value."""
    d = _repair_return(prior_export=prior("2025-10-01", "outward_processing"))
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("standard_import", "full-value", "full_value")
    assert imp["customs_value"] == money("52500.00", "THB")
    assert imp["duty"] == money("2625.00", "THB")
    assert imp["vat"] == money("3858.75", "THB")  # 7 % of (52,500 + 2,625)
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")


def test_an_extension_granted_by_the_director_general_keeps_the_repair_valuation() -> None:
    """Thai Customs FAQ: the Director-General may extend the re-import period."""
    d = _repair_return(prior_export=prior("2025-10-01", "outward_processing", reimport_deadline="2026-12-31"))
    assert (d["import"]["rule"], d["import"]["deadline"]["date"]) == ("part4-cat2-repair", "2026-12-31")


def test_goods_exported_without_the_re_importation_certificate_are_imported_at_full_value() -> None:
    """Thai Customs FAQ: no re-importation certificate at export -> no exemption on return."""
    d = _repair_return(prior_export=prior("2026-03-01", "standard_export"))
    assert (d["import"]["duty_base"], d["import"]["customs_value"]) == ("full_value", money("52500.00", "THB"))
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" in side_flags(d, "import")


def test_goods_transformed_abroad_are_imported_at_full_value() -> None:
    """Part 4 Cat. 2 covers repair of the same goods; an HS change means a different article."""
    d = _repair_return(items=[unit(duty_rate="5", hs_code="847150")])
    assert d["import"]["duty_base"] == "full_value"
    assert "RECLASSIFIED_AFTER_REPAIR" in codes(d)


@pytest.mark.parametrize(
    ("extra", "rule", "vat", "confirmed"),
    [
        (
            {"prior_export": prior("2026-01-10", "standard_export", "Owner Co Ltd")},
            "thai-goods-back-for-repair",
            "0.00",
            True,
        ),
        ({}, "part4-cat3-repair", "3675.00", False),
    ],
    ids=["thai-goods-back-for-repair", "foreign-goods"],
)
def test_goods_entering_thailand_for_repair_are_temporary_imports_with_a_guarantee(extra, rule, vat, confirmed) -> None:
    """Part 4: Thai exports back for repair by the vendor and re-exported to the same buyer are duty-exempt
    (VAT exempt, Revenue Code s.81(2)(c)); other goods under the Cat. 3 temporary import are not confirmed
    (VAT estimated). Re-export within 6 months against a cash deposit or bank guarantee."""
    d = decide(
        leg(
            "export_for_repair",
            "JP",
            "TH",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Owner KK", "JP"),
            importer=party("Repair Co Ltd", "TH"),
            **extra,
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty"]) == ("temporary_admission", rule, money("0.00", "THB"))
    assert imp["vat"] == money(vat, "THB")  # 7 % of CIF 52,500 where not relieved
    assert imp["guarantee_required"] is True
    assert imp["deadline"]["date"] == "2027-05-20"
    assert imp["confirmed"] is confirmed


@pytest.mark.parametrize("movement", ["warranty_replacement", "advance_replacement"])
def test_replacement_units_are_conservatively_imported_at_full_value(movement) -> None:
    """No replacement category in Part 4 found ([K]): a normal import at full value, flagged PROFILE_PARTIAL."""
    d = decide(
        leg(
            movement,
            "JP",
            "TH",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Brand KK", "JP"),
            importer=TH_OWNER,
            warranty={"covered": True},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"], imp["customs_value"]) == (
        "standard_import",
        "full_value",
        money("52500.00", "THB"),
    )
    assert imp["vat"] == money("3675.00", "THB")  # 7 % of CIF (duty not estimated)
    assert "PROFILE_PARTIAL" in side_flags(d, "import")


RETURNS = [
    # movement, prior export, carnet, regime, rule, VAT, extra flag
    (
        "defective_return",
        prior("2026-02-01", "temporary_export"),
        False,
        "returned_goods_relief",
        "part4-cat1-returned",
        "0.00",
        None,
    ),
    (
        "return_for_refund",
        prior("2026-02-01", "temporary_export"),
        False,
        "returned_goods_relief",
        "part4-cat1-returned",
        "0.00",
        None,
    ),
    (
        "return_for_refund",
        prior("2025-06-01", "temporary_export"),
        False,
        "standard_import",
        "full-value",
        "3675.00",
        "RELIEF_PERIOD_EXCEEDED",
    ),
    (
        "return_for_refund",
        prior("2026-02-01", "standard_export"),
        False,
        "standard_import",
        "full-value",
        "3675.00",
        None,
    ),
    ("defective_return", None, False, "standard_import", "full-value", "3675.00", "NO_PRIOR_EXPORT_RECORD"),
    (
        "demo_return",
        prior("2026-02-01", "temporary_export"),
        False,
        "returned_goods_relief",
        "part4-cat1-returned",
        "0.00",
        None,
    ),
    (
        "demo_return",
        prior("2026-02-01", "temporary_export"),
        True,
        "returned_goods_relief",
        "ata-reimport",
        "0.00",
        None,
    ),
]


@pytest.mark.parametrize(
    ("movement", "exported", "carnet", "regime", "rule", "vat", "flag"),
    RETURNS,
    ids=[
        "defective-certificate",
        "refund-certificate",
        "refund-after-1-year",
        "refund-after-sale-export",
        "defective-no-export-record",
        "demo-certificate",
        "demo-carnet",
    ],
)
def test_returned_thai_goods(movement, exported, carnet, regime, rule, vat, flag) -> None:
    """Part 4 Cat. 1: re-import within 1 year, unchanged, with the re-importation certificate obtained at export
    (a temporary export) -> duty-exempt and VAT-exempt (Revenue Code s.81(2)(c)); a plain sale export has no
    certificate -> full value (unless the Director-General waives it); ATA re-importation voucher."""
    extra: dict[str, Any] = {} if exported is None else {"prior_export": exported}
    d = decide(
        leg(
            movement,
            "JP",
            "TH",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Customer KK", "JP"),
            importer=TH_OWNER,
            ata_carnet=carnet,
            **extra,
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"]) == (regime, rule)
    assert imp["vat"] == money(vat, "THB")
    assert imp["confirmed"] is True
    if flag is not None:
        assert flag in side_flags(d, "import")


@pytest.mark.parametrize(
    ("carnet", "rule"), [(True, "ata-carnet"), (False, "part4-cat3-demo")], ids=["carnet", "part4-cat3"]
)
def test_demo_units_enter_free_for_6_months_against_a_guarantee(carnet, rule) -> None:
    """ATA Convention (6 months, Board of Trade guarantee) or Part 4 Cat. 3 temporary import (6 months, cash
    deposit or bank guarantee; VAT exempt under Revenue Code s.81(2)(c))."""
    d = decide(
        leg(
            "demo_dispatch",
            "JP",
            "TH",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Brand KK", "JP"),
            importer=party("Prospect Co Ltd", "TH"),
            ata_carnet=carnet,
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("temporary_admission", rule, "none")
    assert (imp["duty"], imp["vat"]) == (money("0.00", "THB"), money("0.00", "THB"))
    assert imp["guarantee_required"] is not carnet  # the carnet is the guarantee
    assert imp["deadline"]["date"] == "2027-05-20"
    assert side_flags(d, "import") == set()


@pytest.mark.parametrize(
    ("ship_date", "duty", "vat", "below"),
    [
        ("2023-06-01", "0.00", "0.00", 2),
        ("2025-06-01", "0.00", "70.00", 1),
        ("2026-11-20", "50.00", "73.50", 0),
    ],
    ids=["2023-duty-and-vat-exempt", "2025-duty-exempt-vat-due", "2026-not-confirmed-not-applied"],
)
def test_low_value_consignments(ship_date, duty, vat, below) -> None:
    """Customs Notification 191/2561: <= THB 1,500 CIF free of duty and VAT until 4 Jul 2024; Notification
    116/2567: duty exemption only, VAT on every import, to 31 Dec 2025; after 2025 not confirmed -> not applied."""
    d = decide(
        leg(
            "warranty_replacement",
            "JP",
            "TH",
            items=[unit("1000.00", duty_rate="5")],
            ship_date=ship_date,
            exporter=party("Brand KK", "JP"),
            importer=TH_OWNER,
        )
    )
    imp = d["import"]
    assert (imp["duty"], imp["vat"]) == (money(duty, "THB"), money(vat, "THB"))
    assert len(imp["de_minimis"]) == below
    assert ("BELOW_DE_MINIMIS" in side_flags(d, "import")) is (below > 0)


def test_foreign_importer_needs_an_importer_of_record() -> None:
    """Thai Customs importer registration of a Thai company (DBD name, VAT registration); non-residents cannot
    import in their own name ([K])."""
    d = decide(
        leg(
            "warranty_replacement",
            "JP",
            "TH",
            items=[unit()],
            exporter=party("Brand KK", "JP"),
            importer=party("Brand KK", "JP"),
        )
    )
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" in side_flags(d, "import")
