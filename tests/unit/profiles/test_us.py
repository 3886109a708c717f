"""Specification of the United States profile (country_profiles/us.yaml): CBP, 19 USC / 19 CFR, HTSUS chapter 98.

Facts from customs-regimes.md §1 (US column), §2, §5, §14, §15, §17 items 8-10. Counterparts are GB (confirmed) and
Canada; a stub profile stands in for an FTA partner (Chile) where no real profile covers it. Amounts are in USD so
that no conversion is involved. Duty rates come from hs_data/us_hts_general.csv (HTSUS 2024 general column):
8471.30.01.00 computers Free, 8528.72.16.00 television receivers 3.9 %.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support import codes, decide, item, leg, money, party, severity, side_flags

TV = {
    "description": "Flat-panel television receiver",
    "hs_code": "8528.72.16.00",
    "origin_country": "CN",
    "unit_value": "1000.00",
    "currency": "USD",
    "serial_numbers": ["TV-0001"],
}
COMPUTER = {
    "description": "Laptop computer",
    "hs_code": "8471.30.01.00",
    "origin_country": "CN",
    "unit_value": "1000.00",
    "currency": "USD",
    "serial_numbers": ["SN-0001"],
}


def tv(**overrides: Any) -> dict[str, Any]:
    return item(**{**TV, **overrides})


def computer(**overrides: Any) -> dict[str, Any]:
    return item(**{**COMPUTER, **overrides})


def prior(
    on: str,
    regime: str = "temporary_export",
    hs_code: str = "852872",
    serials: tuple[str, ...] = ("TV-0001",),
    **extra: Any,
) -> dict[str, Any]:
    return {
        "date": on,
        "regime": regime,
        "reference": "EXP-1",
        "exporter": "Importer Co",
        "hs_code": hs_code,
        "serial_numbers": list(serials),
        **extra,
    }


def repair(cost: str, charged: bool = True, upgrade: str | None = None, essential: bool = False) -> dict[str, Any]:
    return {
        "cost": money(cost, "USD"),
        "charged": charged,
        "upgrade_value": None if upgrade is None else money(upgrade, "USD"),
        "essential_parts_replaced": essential,
    }


WARRANTY = {"covered": True, "paid_service_contract": False, "expires": "2027-12-31"}
FREIGHT = {"freight": money("50.00", "USD"), "insurance": money("10.00", "USD")}


# ------------------------------------------------------------------------------------------ export side (US)


def test_export_for_repair_from_us_registers_the_goods_on_cbp_form_4455() -> None:
    """19 CFR 148.1 / 10.8 practice: no special US export regime; serial-numbered goods are registered on CBP Form 4455."""
    d = decide(leg("export_for_repair", "US", "GB", items=[tv()], exporter=party("Owner Inc", "US")))
    exp = d["export"]
    assert (exp["jurisdiction"], exp["regime"], exp["procedure_code"]) == ("US", "temporary_export", None)
    assert exp["additional_procedure_codes"] == []
    assert any("CBP Form 4455" in doc for doc in exp["documents"])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert exp["confirmed"] is True


def test_return_after_repair_from_us_is_reported_under_schedule_b_9801_10_at_the_value_of_repairs() -> None:
    """15 CFR 30.53: foreign goods repaired in the US are exported under Schedule B 9801.10.0000, value of repairs only;
    HTSUS ch. 98 subch. XIII U.S. note 1: the TIB (9813.00.05) is discharged by export within 1 year."""
    d = decide(
        leg(
            "return_after_repair",
            "US",
            "GB",
            items=[tv(currency="GBP")],
            repair=repair("200.00"),
            prior_export=prior("2026-06-01", regime="outward_processing"),
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == (
        "re_export",
        "9801.10.0000",
        [],
    )
    assert any("value of the repairs only" in doc for doc in exp["documents"])
    assert exp["deadline"]["date"] == "2027-06-01"
    assert exp["eor_required"] is False
    assert "TEMPORARY_ADMISSION_OVERDUE" not in codes(d)


def test_return_after_repair_from_us_after_the_tib_year_is_flagged_overdue() -> None:
    """HTSUS ch. 98 subch. XIII U.S. note 1: TIB goods must be exported within 1 year (extensions on CBP Form 3173)."""
    d = decide(
        leg(
            "return_after_repair",
            "US",
            "GB",
            items=[tv(currency="GBP")],
            repair=repair("200.00"),
            prior_export=prior("2025-10-01", regime="outward_processing"),
        )
    )
    assert d["export"]["regime"] == "re_export"
    assert d["export"]["deadline"]["date"] == "2026-10-01"
    assert "TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "export")


@pytest.mark.parametrize("movement", ["warranty_replacement", "advance_replacement"])
def test_replacements_leave_the_us_as_standard_exports(movement: str) -> None:
    """15 CFR Part 30: a replacement unit is an ordinary export (EEI where required); no US export regime applies."""
    d = decide(leg(movement, "US", "GB", items=[tv(currency="GBP")]))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("standard_export", None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None


@pytest.mark.parametrize("movement", ["defective_return", "return_for_refund"])
def test_goods_sent_back_from_the_us_are_exported_with_rejected_merchandise_drawback(movement: str) -> None:
    """19 USC 1313(c); 19 CFR 191.41: 99 % of the duty on defective / non-conforming imports is refunded when they are
    exported within 5 years of importation."""
    d = decide(leg(movement, "US", "GB", items=[tv(currency="GBP")]))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("standard_export", None, [])
    assert any("1313(c)" in doc and "5 years" in doc for doc in exp["documents"])
    assert any("99 %" in basis for basis in exp["legal_basis"])


def test_demo_dispatch_from_us_is_a_temporary_export_registered_on_cbp_form_4455() -> None:
    """19 CFR 148.1 practice: CBP Form 4455 identifies the demo unit for its duty-free return under HTSUS 9801.00.10."""
    d = decide(leg("demo_dispatch", "US", "GB", items=[tv(currency="GBP")]))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["rule"]) == ("temporary_export", None, "temporary-export-4455")
    assert any("CBP Form 4455" in doc for doc in exp["documents"])


def test_demo_dispatch_from_us_under_an_ata_carnet_uses_the_carnet() -> None:
    """19 CFR Part 114: US-issued ATA carnet (USCIB), 1-year validity."""
    d = decide(leg("demo_dispatch", "US", "GB", items=[tv(currency="GBP")], ata_carnet=True))
    exp = d["export"]
    assert (exp["regime"], exp["rule"]) == ("temporary_export", "temporary-export-carnet")
    assert any("ATA carnet" in doc for doc in exp["documents"])


def test_demo_return_from_us_re_exports_the_tib_goods_within_one_year() -> None:
    """HTSUS ch. 98 subch. XIII U.S. note 1; 19 CFR 10.31-10.40: TIB goods exported within 1 year."""
    d = decide(
        leg(
            "demo_return",
            "US",
            "GB",
            items=[tv(currency="GBP")],
            prior_export=prior("2026-02-01", regime="temporary_export"),
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["rule"]) == ("re_export", None, "reexport-tib")
    assert exp["deadline"]["date"] == "2027-02-01"
    assert "TEMPORARY_ADMISSION_OVERDUE" not in codes(d)


def test_demo_return_from_us_after_one_year_is_temporary_admission_overdue() -> None:
    """HTSUS ch. 98 subch. XIII U.S. note 1: after 1 year (without a CBP Form 3173 extension) the bond is breached."""
    d = decide(
        leg(
            "demo_return",
            "US",
            "GB",
            items=[tv(currency="GBP")],
            prior_export=prior("2025-09-01", regime="temporary_export"),
        )
    )
    assert d["export"]["deadline"]["date"] == "2026-09-01"
    assert "TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "export")
    assert severity(d, "TEMPORARY_ADMISSION_OVERDUE") == "error"


def test_foreign_owner_exporting_from_the_us_needs_no_exporter_of_record() -> None:
    """15 CFR 30.3 routed export transaction: the foreign principal party authorises a US agent to file the EEI."""
    d = decide(
        leg(
            "demo_return",
            "US",
            "GB",
            items=[tv(currency="GBP")],
            exporter=party("Demo Ltd", "GB"),
            prior_export=prior("2026-06-01", regime="temporary_export"),
        )
    )
    assert d["export"]["eor_required"] is False
    assert "NO_LOCAL_EXPORTER" not in codes(d)


# ------------------------------------------------------------------------------------------ import side (US)


def test_goods_sent_to_the_us_for_repair_enter_under_tib_9813_00_05() -> None:
    """HTSUS 9813.00.05: articles to be repaired enter under bond, duty-free, for export within 1 year."""
    d = decide(leg("export_for_repair", "GB", "US", items=[tv()], costs=FREIGHT))
    imp = d["import"]
    assert (imp["jurisdiction"], imp["regime"], imp["procedure_code"]) == ("US", "temporary_admission", "9813.00.05")
    assert imp["additional_procedure_codes"] == []
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("1000.00", "USD")
    assert imp["duty"] == money("0.00", "USD")
    assert imp["vat"] is None
    assert imp["guarantee_required"] is True
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2027-11-20"
    assert codes(d) == set()


@pytest.mark.parametrize(
    ("warranty", "code", "regime"),
    [
        (WARRANTY, "9802.00.40", "warranty_relief"),
        (None, "9802.00.50", "reimport_after_repair"),
    ],
)
def test_repair_in_canada_is_duty_free_whether_or_not_under_warranty(
    warranty: dict[str, Any] | None, code: str, regime: str
) -> None:
    """USMCA Art. 2.7; 19 CFR Part 182: goods re-entered after repair or alteration in Canada or Mexico are free,
    whether or not under warranty (CBP HQ H328190: hence no chapter 99 duty on the repairs either)."""
    d = decide(
        leg(
            "return_after_repair",
            "CA",
            "US",
            items=[tv()],
            repair=repair("300.00", charged=warranty is None),
            warranty=warranty,
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (regime, code, [])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("1000.00", "USD")
    assert imp["duty"] == money("0.00", "USD")
    assert imp["vat"] is None
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert d["export"]["regime"] == "re_export"
    assert codes(d) == set()


def test_repair_in_mexico_is_duty_free_under_usmca() -> None:
    """USMCA Art. 2.7; 19 CFR Part 182; CBP HQ H328190: repairs in Mexico are free, so no duty (nor chapter 99 duty)
    is due on them."""
    d = decide(
        leg("return_after_repair", "MX", "US", items=[tv()], repair=repair("300.00"), prior_export=prior("2026-09-01"))
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["rule"]) == (
        "reimport_after_repair",
        "9802.00.50",
        "usmca-repair",
    )
    assert imp["duty"] == money("0.00", "USD")
    assert imp["confirmed"] is True
    assert side_flags(d, "import") == set()


def test_warranty_repair_outside_the_listed_partners_is_dutiable_on_the_value_of_the_repairs() -> None:
    """HTSUS 9802.00.40 general column: 'a duty upon the value of the repairs' (U.S. note 3: their value when no charge
    is made); CBP Form 4455: foreign repairs are dutiable whether or not done free of charge. Hard case."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "US",
            items=[tv()],
            repair=repair("200.00", charged=False),
            warranty=WARRANTY,
            costs=FREIGHT,
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "reimport_after_repair",
        "9802.00.40",
        [],
    )
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("200.00", "USD")  # FOB: no freight or insurance added
    assert imp["duty"] == money("7.80", "USD")  # 3.9 % (HTS 8528.72.16.00) of the value of the repairs
    assert imp["confirmed"] is True
    assert codes(d) == set()  # no WARRANTY_RELIEF_NOT_APPLIED: the US grants none here


@pytest.mark.parametrize("partner", ["CL", "SG", "AU"])
def test_warranty_repair_in_a_listed_fta_partner_is_free_but_unconfirmed(
    decide_with_chile: Callable[..., Any], partner: str
) -> None:
    """HTSUS 9802.00.40 special column 'Free' (AU, BH, CL, IL, JO, MA, P, SG ...): older tariff extract, the current
    special-programme symbols are open (customs-regimes.md §17 q.8)."""
    d = decide_with_chile(
        leg(
            "return_after_repair",
            partner,
            "US",
            items=[tv()],
            repair=repair("200.00", charged=False),
            warranty=WARRANTY,
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["rule"]) == ("warranty_relief", "9802.00.40", "fta-warranty")
    assert imp["duty_base"] == "none"
    assert imp["duty"] == money("0.00", "USD")
    assert imp["confirmed"] is False
    assert "PROFILE_PARTIAL" in side_flags(d, "import")


def test_paid_upgrade_during_warranty_repair_in_a_listed_partner_is_dutiable_on_the_upgrade(
    decide_with_chile: Callable[..., Any],
) -> None:
    """HTSUS 9802.00.50: duty upon the value of the alteration; the warranty repair is free under the 9802.00.40
    special column for the partner (unconfirmed list)."""
    d = decide_with_chile(
        leg(
            "return_after_repair",
            "CL",
            "US",
            items=[tv()],
            warranty=WARRANTY,
            repair=repair("350.00", charged=True, upgrade="150.00"),
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "reimport_after_repair",
        "9802.00.50",
        ["9802.00.40"],
    )
    assert imp["duty_base"] == "upgrade_value"
    assert imp["customs_value"] == money("150.00", "USD")
    assert imp["duty"] == money("5.85", "USD")
    assert "PROFILE_PARTIAL" in side_flags(d, "import")


def test_paid_upgrade_during_warranty_repair_elsewhere_is_dutiable_on_all_the_work() -> None:
    """HTSUS 9802.00.40 (warranty repair: duty on the value of the repairs) + 9802.00.50 (upgrade: duty on the value of
    the alteration): outside USMCA and the listed partners both are dutiable, so repair.cost (all the work) is the base."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "US",
            items=[tv()],
            warranty=WARRANTY,
            repair=repair("350.00", charged=True, upgrade="150.00"),
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == ("9802.00.40", ["9802.00.50"])
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("350.00", "USD")
    assert imp["duty"] == money("13.65", "USD")
    assert codes(d) == set()


def test_charged_repair_is_dutiable_on_the_repair_cost_without_freight() -> None:
    """HTSUS 9802.00.50 and U.S. note 3: duty upon the cost of the repairs to the importer; 19 USC 1401a: international
    freight and insurance are not part of the value."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "US",
            items=[tv()],
            repair=repair("300.00"),
            costs=FREIGHT,
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "reimport_after_repair",
        "9802.00.50",
        [],
    )
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("300.00", "USD")
    assert imp["duty"] == money("11.70", "USD")
    assert imp["vat"] is None
    assert imp["deadline"] is None  # 9802 sets no period
    assert any("10.8" in doc for doc in imp["documents"])
    assert codes(d) == set()


def test_essential_parts_replaced_abroad_is_a_new_article_at_full_value() -> None:
    """CBP HQ 555443: replacing essential components creates a new article, not a 9802 repair."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "US",
            items=[tv()],
            repair=repair("600.00", essential=True),
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == ("standard_import", None, "full_value")
    assert imp["customs_value"] == money("1000.00", "USD")
    assert imp["duty"] == money("39.00", "USD")
    assert "NEW_ARTICLE_AFTER_REPAIR" in codes(d)


def test_reclassified_goods_lose_9802_treatment() -> None:
    """19 CFR 10.8 / 181.64(a): a repair must not create a new or commercially different good (HS change)."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "US",
            items=[tv()],
            repair=repair("300.00"),
            prior_export=prior("2026-09-01", hs_code="847130"),
        )
    )
    assert d["import"]["duty_base"] == "full_value"
    assert "RECLASSIFIED_AFTER_REPAIR" in codes(d)


def test_repaired_goods_without_a_prior_export_record_pay_duty_on_full_value() -> None:
    """HTSUS 9802 needs the goods' export for repair to be shown (CBP Form 4455 / 19 CFR 10.8): without it, full value."""
    d = decide(leg("return_after_repair", "GB", "US", items=[tv()], repair=repair("300.00")))
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == ("standard_import", None, "full_value")
    assert imp["customs_value"] == money("1000.00", "USD")
    assert imp["duty"] == money("39.00", "USD")
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_warranty_replacement_is_a_new_importation_at_full_value() -> None:
    """CBP HQ H321592: a replacement unit is a new importation appraised at full value (similar goods when no sale);
    19 USC 1401a: freight and insurance excluded; no federal import VAT."""
    d = decide(leg("warranty_replacement", "GB", "US", items=[tv()], warranty=WARRANTY, costs=FREIGHT))
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == ("standard_import", None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("1000.00", "USD")
    assert imp["duty"] == money("39.00", "USD")
    assert imp["vat"] is None
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert codes(d) == set()


@pytest.mark.parametrize(
    ("ship_date", "duty", "below"),
    [
        ("2025-06-10", "0.00", True),
        ("2025-08-28", "0.00", True),
        ("2025-08-29", "3.90", False),
        ("2026-11-20", "3.90", False),
    ],
)
def test_usd_800_de_minimis_ended_on_29_august_2025(ship_date: str, duty: str, below: bool) -> None:
    """19 USC 1321: USD 800 de minimis, suspended for all countries from 29 Aug 2025 by Executive Order 14324."""
    d = decide(leg("warranty_replacement", "GB", "US", ship_date=ship_date, items=[tv(unit_value="100.00")]))
    assert d["import"]["duty"] == money(duty, "USD")
    assert ("BELOW_DE_MINIMIS" in codes(d)) is below


def test_six_digit_code_with_differing_hts_lines_is_not_estimated() -> None:
    """HTSUS general column: 8528.72 lines carry Free, 3.9 % and 5 %; a 6-digit code cannot pick one."""
    d = decide(leg("warranty_replacement", "GB", "US", items=[tv(hs_code="852872")]))
    assert d["import"]["customs_value"] == money("1000.00", "USD")
    assert d["import"]["duty"] is None
    assert d["import"]["duty_detail"][0]["rate"] is None


def test_computers_are_free_under_the_hts_general_column() -> None:
    """HTSUS 8471.30.01.00: general rate Free."""
    d = decide(leg("warranty_replacement", "GB", "US", items=[computer()]))
    assert d["import"]["duty"] == money("0.00", "USD")


def test_advance_replacement_pays_full_duty_and_points_to_rejected_merchandise_drawback() -> None:
    """CBP HQ H321592: the replacement is a new importation; 19 USC 1313(c): drawback on the defective unit's export."""
    d = decide(
        leg(
            "advance_replacement",
            "GB",
            "US",
            items=[tv()],
            warranty=WARRANTY,
            paired_leg={"movement": "defective_return", "ship_date": "2026-12-15", "reference": "RMA-2026-000123"},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == ("standard_import", None, "full_value")
    assert imp["customs_value"] == money("1000.00", "USD")
    assert imp["duty"] == money("39.00", "USD")
    assert imp["guarantee_required"] is False
    assert imp["deadline"] is None
    assert any("1313(c)" in doc for doc in imp["documents"])
    assert codes(d) == set()


def test_us_goods_returned_enter_free_under_9801_00_10_at_any_time() -> None:
    """HTSUS 9801.00.10: products of the United States returned after having been exported, unaltered: no time limit."""
    d = decide(
        leg(
            "defective_return",
            "GB",
            "US",
            items=[tv(origin_country="US")],
            prior_export=prior("2016-01-15", regime="standard_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "returned_goods_relief",
        "9801.00.10",
        [],
    )
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("1000.00", "USD")
    assert imp["duty"] == money("0.00", "USD")
    assert imp["deadline"] is None
    assert any("CBP Form 3311" in doc for doc in imp["documents"])
    assert codes(d) == set()


def test_foreign_goods_returned_within_three_years_enter_free_under_9801_00_10() -> None:
    """HTSUS 9801.00.10: any other products returned within 3 years after export, unaltered; 19 CFR 10.1 declarations
    (CBP Form 3311) for shipments over USD 2,500."""
    d = decide(
        leg("return_for_refund", "GB", "US", items=[tv()], prior_export=prior("2024-12-01", regime="standard_export"))
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["rule"]) == (
        "returned_goods_relief",
        "9801.00.10",
        "goods-returned-3y",
    )
    assert imp["duty"] == money("0.00", "USD")
    assert imp["deadline"]["date"] == "2027-12-01"
    assert codes(d) == set()


def test_foreign_goods_returned_after_three_years_pay_duty_on_full_value() -> None:
    """HTSUS 9801.00.10: the 3-year limit for non-US products; afterwards an ordinary entry at full value."""
    d = decide(
        leg("return_for_refund", "GB", "US", items=[tv()], prior_export=prior("2023-06-01", regime="standard_export"))
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == ("standard_import", None, "full_value")
    assert imp["duty"] == money("39.00", "USD")
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")
    assert "NO_PRIOR_EXPORT_RECORD" not in codes(d)


def test_returned_goods_without_export_record_pay_full_value() -> None:
    """HTSUS 9801.00.10 needs goods 'returned after having been exported': no export on record, no relief."""
    d = decide(leg("defective_return", "GB", "US", items=[tv(origin_country="US")]))
    assert d["import"]["duty_base"] == "full_value"
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_demo_unit_returning_to_the_us_enters_under_9801_00_10() -> None:
    """HTSUS 9801.00.10: a US demo unit registered on CBP Form 4455 and returned unaltered is free."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "US",
            items=[tv(origin_country="US")],
            prior_export=prior("2026-03-01", regime="temporary_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == ("returned_goods_relief", "9801.00.10", "none")
    assert imp["duty"] == money("0.00", "USD")
    assert any("4455" in doc for doc in imp["documents"])


def test_demo_unit_entering_the_us_is_tib_9813_00_30_under_bond_for_one_year() -> None:
    """HTSUS 9813.00.30 (articles solely for testing, experimental or review purposes); ch. 98 subch. XIII U.S. note 1:
    not for sale or on approval, export within 1 year (extendable to 3), bond."""
    d = decide(leg("demo_dispatch", "GB", "US", items=[tv()]))
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "temporary_admission",
        "9813.00.30",
        [],
    )
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("1000.00", "USD")
    assert imp["duty"] == money("0.00", "USD")
    assert imp["guarantee_required"] is True
    assert imp["deadline"]["date"] == "2027-11-20"
    assert codes(d) == set()


def test_demo_unit_still_in_the_us_after_one_year_is_overdue() -> None:
    """HTSUS ch. 98 subch. XIII U.S. note 1: liquidated damages under the TIB bond when not exported in time."""
    d = decide(leg("demo_dispatch", "GB", "US", items=[tv()], ship_date="2025-10-01", as_of="2026-11-20"))
    assert d["import"]["deadline"]["date"] == "2026-10-01"
    assert "TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "import")


def test_demo_unit_entering_the_us_under_an_ata_carnet_needs_no_bond() -> None:
    """19 CFR Part 114: the ATA carnet (guaranteed by the issuing chamber, USCIB in the US) replaces the TIB entry."""
    d = decide(leg("demo_dispatch", "GB", "US", items=[tv()], ata_carnet=True))
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["rule"]) == ("temporary_admission", None, "carnet")
    assert imp["guarantee_required"] is False
    assert imp["deadline"]["date"] == "2027-11-20"


# ------------------------------------------------------------------------------------------------- parties


def test_non_resident_importer_without_an_importer_number_needs_an_importer_of_record() -> None:
    """19 CFR 24.5 (CBP Form 5106), 141.18: a foreign company needs a CBP importer number, bond and resident agent."""
    d = decide(leg("warranty_replacement", "GB", "US", items=[tv()], importer=party("Seller Ltd", "GB")))
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" in codes(d)
    assert severity(d, "NO_LOCAL_IMPORTER") == "error"


@pytest.mark.parametrize("scheme", ["CBP_IMPORTER_NUMBER", "EIN"])
def test_non_resident_importer_with_an_importer_number_imports_in_its_own_name(scheme: str) -> None:
    """19 CFR 24.5: CBP-assigned number (YYDDPP-NNNNN) or IRS EIN as importer number; bond and resident agent."""
    ident = {"CBP_IMPORTER_NUMBER": "261234-56789", "EIN": "12-3456789AB"}[scheme]
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "US",
            items=[tv()],
            importer=party("Seller Ltd", "GB", identifiers={scheme: ident}),
        )
    )
    imp = d["import"]
    assert imp["ior_required"] is False
    assert "NO_LOCAL_IMPORTER" not in codes(d)
    assert any("CBP Form 5106" in doc for doc in imp["documents"])
    assert any("141.18" in doc for doc in imp["documents"])


def test_non_resident_importer_with_an_assigned_us_importer_of_record_raises_no_flag() -> None:
    """19 CFR 24.5: a US importer of record with its own number enters the goods for the foreign seller."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "US",
            items=[tv()],
            importer=party("Seller Ltd", "GB"),
            ior=party("US IOR Services Inc", "US"),
        )
    )
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" not in codes(d)
