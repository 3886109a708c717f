"""Specification of the Canada profile (country_profiles/ca.yaml): Customs Act, Customs Tariff, GST, CBSA D-Memoranda.

Facts from customs-regimes.md §1 (Canada column), §2, §6, §14, §15, §17 item 11. Counterparts are GB (confirmed) and
the United States; a stub profile stands in for Chile (an older 9992.00.00 partner) where no real profile covers it.
Amounts are in CAD so that no conversion is involved. Only federal GST (5 %) is estimated. The profile's MFN table
leaves most headings out, so dutiable examples give the rate on the item (`duty_rate`, here 5 %).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support import codes, decide, item, leg, money, party, severity, side_flags

SPEAKER = {
    "description": "Active loudspeaker",
    "hs_code": "8518.22",
    "origin_country": "CN",
    "unit_value": "1000.00",
    "currency": "CAD",
    "serial_numbers": ["SP-0001"],
    "duty_rate": "5",
}


def speaker(**overrides: Any) -> dict[str, Any]:
    return item(**{**SPEAKER, **overrides})


def prior(on: str, regime: str = "temporary_export", **extra: Any) -> dict[str, Any]:
    return {
        "date": on,
        "regime": regime,
        "reference": "CERS-1",
        "exporter": "Importer Co",
        "hs_code": "851822",
        "serial_numbers": ["SP-0001"],
        **extra,
    }


def repair(cost: str, charged: bool = True, upgrade: str | None = None, essential: bool = False) -> dict[str, Any]:
    return {
        "cost": money(cost, "CAD"),
        "charged": charged,
        "upgrade_value": None if upgrade is None else money(upgrade, "CAD"),
        "essential_parts_replaced": essential,
    }


WARRANTY = {"covered": True, "paid_service_contract": False, "expires": "2027-12-31"}
FREIGHT = {"freight": money("80.00", "CAD"), "insurance": money("20.00", "CAD")}


# ------------------------------------------------------------------------------------------ export side (CA)


def test_export_for_repair_from_canada_declares_the_purpose_repair() -> None:
    """Customs Tariff s.101 (CGAP): relief on return needs goods 'exported for the declared purpose of being repaired'."""
    d = decide(leg("export_for_repair", "CA", "GB", items=[speaker(currency="GBP")]))
    exp = d["export"]
    assert (exp["jurisdiction"], exp["regime"], exp["procedure_code"]) == ("CA", "temporary_export", None)
    assert exp["additional_procedure_codes"] == []
    assert any("declared purpose: repair" in doc for doc in exp["documents"])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert exp["confirmed"] is True


def test_repaired_foreign_goods_leave_canada_as_a_re_export() -> None:
    """Customs Act s.95: the repaired goods of a foreign owner are reported on export."""
    d = decide(
        leg(
            "return_after_repair",
            "CA",
            "GB",
            items=[speaker(currency="GBP")],
            repair=repair("300.00"),
            prior_export=prior("2026-09-01", regime="outward_processing"),
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("re_export", None, [])
    assert exp["eor_required"] is False


@pytest.mark.parametrize("movement", ["warranty_replacement", "advance_replacement"])
def test_replacements_leave_canada_as_standard_exports(movement: str) -> None:
    """Customs Act s.95: a replacement unit is an ordinary export."""
    d = decide(leg(movement, "CA", "GB", items=[speaker(currency="GBP")]))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("standard_export", None, [])
    assert exp["deadline"] is None


@pytest.mark.parametrize("movement", ["defective_return", "return_for_refund"])
def test_goods_sent_back_from_canada_carry_the_s76_refund_claim(movement: str) -> None:
    """Customs Act s.76; Refund of Duties Regulations s.38: duties refunded on defective goods returned to the vendor,
    with the vendor's statement, credit note and proof of export."""
    d = decide(leg(movement, "CA", "GB", items=[speaker(currency="GBP")]))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("standard_export", None, [])
    assert any("s.76" in doc and "proof of export" in doc for doc in exp["documents"])


def test_demo_dispatch_from_canada_is_a_temporary_export_with_proof_for_9813() -> None:
    """Memo D8-2-27: proof of export is needed to re-import under 9813.00.00 / 9814.00.00."""
    d = decide(leg("demo_dispatch", "CA", "GB", items=[speaker(currency="GBP")]))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["rule"]) == ("temporary_export", None, "temporary-export")
    assert any("D8-2-27" in doc for doc in exp["documents"])


def test_demo_dispatch_from_canada_under_an_ata_carnet() -> None:
    """ATA Convention: the Canadian carnet's exportation voucher proves the export."""
    d = decide(leg("demo_dispatch", "CA", "GB", items=[speaker(currency="GBP")], ata_carnet=True))
    assert (d["export"]["regime"], d["export"]["rule"]) == ("temporary_export", "temporary-export-carnet")


def test_demo_return_from_canada_re_exports_within_twelve_months_unconfirmed() -> None:
    """Temporary Importation (Tariff Item No. 9993.00.00) Regulations; the maximum period is open (§17 q.11): 12 months."""
    d = decide(
        leg(
            "demo_return",
            "CA",
            "GB",
            items=[speaker(currency="GBP")],
            prior_export=prior("2026-03-01", regime="temporary_export"),
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["rule"]) == ("re_export", None, "reexport-e29b")
    assert exp["deadline"]["date"] == "2027-03-01"
    assert exp["confirmed"] is False
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


def test_demo_return_from_canada_after_twelve_months_is_overdue() -> None:
    """Memo D8-1-1: the E29B permit sets the re-export date; past it the security is at risk."""
    d = decide(
        leg(
            "demo_return",
            "CA",
            "GB",
            items=[speaker(currency="GBP")],
            prior_export=prior("2025-09-01", regime="temporary_export"),
        )
    )
    assert "TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "export")


# ------------------------------------------------------------------------------------------ import side (CA)


def test_goods_sent_to_canada_for_repair_pay_duty_and_gst_on_full_value_unconfirmed() -> None:
    """Memo D8-1-1: 9993.00.00 excludes goods imported for alteration; no relief for repair imports is confirmed."""
    d = decide(leg("export_for_repair", "GB", "CA", items=[speaker()], costs=FREIGHT))
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == ("standard_import", None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("1000.00", "CAD")  # Customs Act s.48: freight to Canada excluded
    assert imp["duty"] == money("50.00", "CAD")
    assert imp["vat"] == money("52.50", "CAD")  # ETA s.215: GST on value for duty + duty
    assert imp["confirmed"] is False
    assert "PROFILE_PARTIAL" in side_flags(d, "import")


def test_repair_in_the_us_is_duty_free_on_full_value_with_gst_on_the_repair() -> None:
    """Tariff item 9992.00.00 (D8-2-26): goods repaired in the US are duty-free on the full value; GST on the value of
    the repair (Value of Imported Goods (GST/HST) Regulations s.13)."""
    d = decide(
        leg(
            "return_after_repair",
            "US",
            "CA",
            items=[speaker()],
            repair=repair("300.00"),
            costs=FREIGHT,
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "reimport_after_repair",
        "9992.00.00",
        [],
    )
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("1000.00", "CAD")
    assert imp["duty"] == money("0.00", "CAD")
    assert imp["vat"] == money("15.00", "CAD")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert imp["confirmed"] is True
    assert codes(d) == set()


def test_repair_in_mexico_is_duty_free_on_full_value_under_9992() -> None:
    """Tariff item 9992.00.00 (D8-2-26): Mexico is a 9992.00.00 country; GST on the value of the repair."""
    d = decide(
        leg(
            "return_after_repair",
            "MX",
            "CA",
            items=[speaker()],
            repair=repair("300.00"),
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["procedure_code"], imp["rule"], imp["confirmed"]) == ("9992.00.00", "fta-repair", True)
    assert imp["duty"] == money("0.00", "CAD")
    assert imp["vat"] == money("15.00", "CAD")
    assert side_flags(d, "import") == set()


def test_warranty_repair_in_the_us_is_free_of_duty_and_gst() -> None:
    """9992.00.00 (D8-2-26) for the duty; Non-taxable Imported Goods (GST/HST) Regulations s.3(j) for the GST."""
    d = decide(
        leg(
            "return_after_repair",
            "US",
            "CA",
            items=[speaker()],
            repair=repair("300.00", charged=False),
            warranty=WARRANTY,
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"]) == ("warranty_relief", "9992.00.00")
    assert imp["duty"] == money("0.00", "CAD")
    assert imp["vat"] == money("0.00", "CAD")
    assert any("NTIG Regs s.4" in doc for doc in imp["documents"])
    assert codes(d) == set()


def test_paid_upgrade_with_a_us_warranty_repair_pays_gst_on_the_repair() -> None:
    """NTIG Regs s.3(j) relieves a warranty repair, not a paid alteration: GST on the value of the work (s.13)."""
    d = decide(
        leg(
            "return_after_repair",
            "US",
            "CA",
            items=[speaker()],
            warranty=WARRANTY,
            repair=repair("300.00", upgrade="100.00"),
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["procedure_code"], imp["rule"]) == ("9992.00.00", "fta-repair")
    assert imp["duty"] == money("0.00", "CAD")
    assert imp["vat"] == money("15.00", "CAD")
    assert "WARRANTY_RELIEF_NOT_APPLIED" in codes(d)


def test_repair_in_an_older_fta_partner_is_duty_free_but_unconfirmed(decide_with_chile: Callable[..., Any]) -> None:
    """9992.00.00 partners per the 2015 D8-2-26 (Chile, Israel, Colombia, Costa Rica, Peru, Jordan, Panama); the current
    list is open (§17 q.11)."""
    d = decide_with_chile(
        leg(
            "return_after_repair",
            "CL",
            "CA",
            items=[speaker()],
            repair=repair("300.00"),
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["procedure_code"], imp["rule"]) == ("9992.00.00", "fta-other-repair")
    assert imp["duty"] == money("0.00", "CAD")
    assert imp["vat"] == money("15.00", "CAD")
    assert imp["confirmed"] is False
    assert "PROFILE_PARTIAL" in side_flags(d, "import")


def test_repair_elsewhere_pays_duty_on_the_value_of_the_repair_under_cgap() -> None:
    """Customs Tariff ss.101-105 (CGAP; D8-2-1): duty only on the value of the repair; GST on the repair value plus duty
    (Value of Imported Goods Regs s.13); return within 1 year (2003-2005 text; current period open, §17 q.11)."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "CA",
            items=[speaker()],
            repair=repair("300.00"),
            costs=FREIGHT,
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "reimport_after_repair",
        None,
        [],
    )
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("300.00", "CAD")
    assert imp["duty"] == money("15.00", "CAD")
    assert imp["vat"] == money("15.75", "CAD")
    assert imp["deadline"]["date"] == "2027-09-01"
    assert imp["confirmed"] is False
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_warranty_repair_elsewhere_pays_duty_on_the_repair_but_no_gst() -> None:
    """CGAP s.101: duty on the value of the repair (also when free); NTIG Regs s.3(j): no GST on a warranty repair."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "CA",
            items=[speaker()],
            repair=repair("300.00", charged=False),
            warranty=WARRANTY,
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["rule"], imp["duty_base"]) == ("cgap-warranty", "repair_cost")
    assert imp["duty"] == money("15.00", "CAD")
    assert imp["vat"] == money("0.00", "CAD")


def test_paid_upgrade_with_a_warranty_repair_elsewhere_pays_gst_on_the_work() -> None:
    """NTIG Regs s.3(j) relieves a warranty repair only; with a paid upgrade the GST falls on the value of the work
    (Value of Imported Goods Regs s.13); CGAP duty on the value of the repair either way."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "CA",
            items=[speaker()],
            warranty=WARRANTY,
            repair=repair("300.00", upgrade="100.00"),
            prior_export=prior("2026-09-01"),
        )
    )
    imp = d["import"]
    assert (imp["rule"], imp["duty_base"]) == ("cgap-repair", "repair_cost")
    assert imp["duty"] == money("15.00", "CAD")
    assert imp["vat"] == money("15.75", "CAD")
    assert "WARRANTY_RELIEF_NOT_APPLIED" in codes(d)


def test_cgap_return_after_one_year_pays_duty_on_full_value() -> None:
    """Customs Tariff s.101(1): return within one year; afterwards an ordinary import at full value."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "CA",
            items=[speaker()],
            repair=repair("300.00"),
            prior_export=prior("2025-06-01"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == ("standard_import", None, "full_value")
    assert imp["customs_value"] == money("1000.00", "CAD")
    assert imp["duty"] == money("50.00", "CAD")
    assert imp["vat"] == money("52.50", "CAD")
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" not in codes(d)


def test_goods_not_exported_for_the_declared_purpose_of_repair_lose_cgap() -> None:
    """Customs Tariff s.101: CGAP needs goods exported for the declared purpose of being repaired."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "CA",
            items=[speaker()],
            repair=repair("300.00"),
            prior_export=prior("2026-09-01", regime="standard_export"),
        )
    )
    assert d["import"]["duty_base"] == "full_value"
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" in codes(d)


def test_repaired_goods_without_a_prior_export_record_pay_full_value() -> None:
    """9992.00.00 / CGAP both need the goods' export from Canada on record."""
    d = decide(leg("return_after_repair", "US", "CA", items=[speaker()], repair=repair("300.00")))
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert imp["duty"] == money("50.00", "CAD")
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_essential_parts_replaced_in_the_us_is_a_new_article_at_full_value() -> None:
    """9992.00.00 covers repair or alteration of the same goods; a new article is an ordinary import."""
    d = decide(
        leg(
            "return_after_repair",
            "US",
            "CA",
            items=[speaker()],
            repair=repair("700.00", essential=True),
            prior_export=prior("2026-09-01"),
        )
    )
    assert d["import"]["duty_base"] == "full_value"
    assert "NEW_ARTICLE_AFTER_REPAIR" in codes(d)


def test_warranty_replacement_pays_full_duty_with_gst_relief() -> None:
    """Memo D8-2-10 paras 23-25: full customs duties on a replacement; Excise Tax Act Sch. VII s.5: GST relief."""
    d = decide(leg("warranty_replacement", "GB", "CA", items=[speaker()], warranty=WARRANTY, costs=FREIGHT))
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == ("standard_import", None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("1000.00", "CAD")
    assert imp["duty"] == money("50.00", "CAD")
    assert imp["vat"] == money("0.00", "CAD")
    assert imp["deadline"] is None
    assert any("code 55" in doc for doc in imp["documents"])
    assert codes(d) == set()


def test_replacement_without_warranty_pays_duty_and_gst() -> None:
    """Excise Tax Act s.212/s.215: GST 5 % on value for duty plus duty when Sch. VII s.5 does not apply."""
    d = decide(leg("warranty_replacement", "GB", "CA", items=[speaker()]))
    assert d["import"]["duty"] == money("50.00", "CAD")
    assert d["import"]["vat"] == money("52.50", "CAD")
    assert d["import"]["vat_rate"] == "5"


def test_advance_replacement_pays_full_duty_with_gst_relief_and_s76_on_the_defective() -> None:
    """D8-2-10 paras 23-25 + ETA Sch. VII s.5 for the replacement; Customs Act s.76 refund when the defective leaves."""
    d = decide(
        leg(
            "advance_replacement",
            "GB",
            "CA",
            items=[speaker()],
            warranty=WARRANTY,
            paired_leg={"movement": "defective_return", "ship_date": "2026-12-15", "reference": "RMA-2026-000124"},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == ("standard_import", None, "full_value")
    assert imp["duty"] == money("50.00", "CAD")
    assert imp["vat"] == money("0.00", "CAD")
    assert imp["guarantee_required"] is False
    assert any("s.76" in doc for doc in imp["documents"])
    assert codes(d) == set()


@pytest.mark.parametrize(
    ("movement", "origin", "code"),
    [
        ("defective_return", "CA", "9813.00.00"),
        ("defective_return", "CN", "9814.00.00"),
        ("return_for_refund", "CA", "9813.00.00"),
        ("return_for_refund", "CN", "9814.00.00"),
        ("demo_return", "CA", "9813.00.00"),
        ("demo_return", "CN", "9814.00.00"),
    ],
)
def test_goods_returned_to_canada_enter_duty_free_under_9813_or_9814(movement: str, origin: str, code: str) -> None:
    """Tariff items 9813.00.00 (Canadian goods returned) / 9814.00.00 (goods once released in Canada returned, not
    advanced in value); Memo D8-2-27. GST relief is not in the reference, so GST is estimated on the full value."""
    d = decide(
        leg(
            movement,
            "GB",
            "CA",
            items=[speaker(origin_country=origin)],
            prior_export=prior("2024-03-01", regime="standard_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "returned_goods_relief",
        code,
        [],
    )
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("1000.00", "CAD")
    assert imp["duty"] == money("0.00", "CAD")
    assert imp["vat"] == money("50.00", "CAD")
    assert imp["deadline"] is None
    assert any("no refund, drawback or exemption" in doc for doc in imp["documents"])
    assert side_flags(d, "import") == set()


def test_goods_returned_to_canada_without_export_record_pay_full_value() -> None:
    """D8-2-27: proof of export is a condition of 9813.00.00 / 9814.00.00."""
    d = decide(leg("return_for_refund", "GB", "CA", items=[speaker(origin_country="CA")]))
    assert d["import"]["duty_base"] == "full_value"
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_demo_unit_entering_canada_is_9993_under_e29b_security_unconfirmed_period() -> None:
    """Tariff item 9993.00.00; Memo D8-1-1: security on Form E29B; not for sale; maximum period open (§17 q.11): 12 months."""
    d = decide(leg("demo_dispatch", "GB", "CA", items=[speaker()]))
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "temporary_admission",
        "9993.00.00",
        [],
    )
    assert imp["duty_base"] == "none"
    assert imp["duty"] == money("0.00", "CAD")
    assert imp["vat"] == money("0.00", "CAD")
    assert imp["guarantee_required"] is True
    assert imp["deadline"]["date"] == "2027-11-20"
    assert any("E29B" in doc for doc in imp["documents"])
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_demo_unit_entering_canada_under_an_ata_carnet_needs_no_e29b() -> None:
    """9993.00.00 with an ATA carnet: the carnet replaces the security."""
    d = decide(leg("demo_dispatch", "GB", "CA", items=[speaker()], ata_carnet=True))
    imp = d["import"]
    assert (imp["procedure_code"], imp["rule"]) == ("9993.00.00", "carnet-9993")
    assert imp["guarantee_required"] is False


def test_demo_unit_still_in_canada_after_twelve_months_is_overdue() -> None:
    """Memo D8-1-1: the goods must leave by the date on the E29B (12 months assumed)."""
    d = decide(leg("demo_dispatch", "GB", "CA", items=[speaker()], ship_date="2025-10-01", as_of="2026-11-20"))
    assert d["import"]["deadline"]["date"] == "2026-10-01"
    assert "TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "import")


# ---------------------------------------------------------------------------------------- de minimis (LVS)


@pytest.mark.parametrize(
    ("transport", "value", "duty", "gst", "below"),
    [
        ("courier", "100.00", "0.00", "5.00", True),  # CUSMA courier: duty-free up to CAD 150, GST above CAD 40
        ("post", "100.00", "5.00", "5.25", False),  # mail: only CAD 20
        ("courier", "30.00", "0.00", "0.00", True),  # CUSMA courier: duty and taxes free up to CAD 40
        ("air", "15.00", "0.75", "0.79", False),  # no threshold confirmed for non-courier cargo
    ],
)
def test_de_minimis_for_goods_from_the_us_depends_on_the_transport(
    transport: str, value: str, duty: str, gst: str, below: bool
) -> None:
    """CBSA 'CUSMA low value shipments': courier from the US/Mexico CAD 150 duty / CAD 40 taxes; mail CAD 20. Hard case:
    the same CAD 100 consignment is duty-free by courier but pays duty and GST by post."""
    d = decide(leg("warranty_replacement", "US", "CA", transport=transport, items=[speaker(unit_value=value)]))
    assert d["import"]["duty"] == money(duty, "CAD")
    assert d["import"]["vat"] == money(gst, "CAD")
    assert ("BELOW_DE_MINIMIS" in codes(d)) is below


@pytest.mark.parametrize(
    ("transport", "value", "duty", "below"),
    [
        ("courier", "100.00", "5.00", False),  # the CAD 150 threshold is for the US and Mexico only
        ("courier", "20.00", "0.00", True),
        ("post", "20.00", "0.00", True),
    ],
)
def test_de_minimis_for_goods_from_other_countries_is_cad_20(
    transport: str, value: str, duty: str, below: bool
) -> None:
    """CBSA 'CUSMA low value shipments': courier from other countries and all mail: CAD 20 or less, duty and tax free."""
    d = decide(leg("warranty_replacement", "GB", "CA", transport=transport, items=[speaker(unit_value=value)]))
    assert d["import"]["duty"] == money(duty, "CAD")
    assert ("BELOW_DE_MINIMIS" in codes(d)) is below


# ------------------------------------------------------------------------------------------------- parties


def test_non_resident_importer_without_a_business_number_needs_an_importer_of_record() -> None:
    """CBSA NRI program: a business without presence in Canada imports with a BN and RM account, otherwise via a
    Canadian importer of record."""
    d = decide(leg("warranty_replacement", "GB", "CA", items=[speaker()], importer=party("Seller Ltd", "GB")))
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" in codes(d)
    assert severity(d, "NO_LOCAL_IMPORTER") == "error"


def test_non_resident_importer_with_a_bn_rm_account_imports_in_its_own_name() -> None:
    """CBSA CARM: Business Number + RM program account (123456789RM0001) for non-resident importers."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "CA",
            items=[speaker()],
            importer=party("Seller Ltd", "GB", identifiers={"BN": "123456789RM0001"}),
        )
    )
    imp = d["import"]
    assert imp["ior_required"] is False
    assert "NO_LOCAL_IMPORTER" not in codes(d)
    assert any("RM import-export program account" in doc for doc in imp["documents"])


def test_foreign_owner_exporting_from_canada_needs_no_exporter_of_record() -> None:
    """Customs Act s.95; Reporting of Exported Goods Regulations: the export may be reported by an agent."""
    d = decide(
        leg(
            "demo_return",
            "CA",
            "GB",
            items=[speaker(currency="GBP")],
            exporter=party("Demo Ltd", "GB"),
            prior_export=prior("2026-06-01", regime="temporary_export"),
        )
    )
    assert d["export"]["eor_required"] is False
    assert "NO_LOCAL_EXPORTER" not in codes(d)
