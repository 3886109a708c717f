"""Japan (Customs Act, Customs Tariff Act): every movement kind on the JP side(s).

Facts: ../shared/reference/customs-regimes.md §1 (Japan column), §2, §7, §14, §15 and §17 q.12; the Japan
Customs FAQ numbers are named in each test. Japan has no DE 1/10-style procedure codes: procedure_code is
null on every side and the provision / national form is in legal_basis and documents. Counterpart: GB.
Amounts are in JPY (0 decimals); where a duty is computed the item carries its rate (`duty_rate`), because the
JP rate table lists only checked headings.
"""

from __future__ import annotations

from typing import Any

from tests.support import codes, decide, item, leg, money, party, severity
from tests.support import side_and_leg_flags as side_flags

WATCH = item(
    description="Wristwatch",
    hs_code="910211",
    origin_country="CH",
    unit_value="250000",
    currency="JPY",
    serial_numbers=["A1234"],
    duty_rate="5",
)
ART11_EXPORT = {
    "date": "2026-06-01",
    "regime": "temporary_export",
    "reference": "JP-EXP-0001",
    "exporter": "Importer Co",
    "hs_code": "910211",
    "serial_numbers": ["A1234"],
}
SALE_EXPORT = {
    "date": "2026-08-01",
    "regime": "standard_export",
    "reference": "JP-EXP-0002",
    "exporter": "Importer Co",
    "hs_code": "910211",
    "serial_numbers": ["A1234"],
}
COSTS = {"freight": money("5000", "JPY"), "insurance": money("1000", "JPY")}
NO_WARRANTY = {"covered": False, "paid_service_contract": False, "expires": None}


def repair(cost: str = "40000", charged: bool = True) -> dict[str, Any]:
    return {"cost": money(cost, "JPY"), "charged": charged, "upgrade_value": None, "essential_parts_replaced": False}


def reimport(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "items": [WATCH],
        "repair": repair(),
        "costs": COSTS,
        "prior_export": ART11_EXPORT,
        "warranty": NO_WARRANTY,
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "GB", "JP", **base))


# --- export for repair (JP export side) ------------------------------------------------------------------------


def test_export_for_repair_is_a_temporary_export_with_form_t1050_and_a_one_year_clock():
    """Customs Tariff Act Art. 11; FAQ 5005: export declaration stating repair + Customs Form T-1050 / P-7720."""
    d = decide(leg("export_for_repair", "JP", "GB", items=[WATCH]))
    exp = d["export"]
    assert exp["jurisdiction"] == "JP"
    assert exp["regime"] == "temporary_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert any("T-1050" in doc for doc in exp["documents"])
    assert exp["eor_required"] is False
    assert exp["deadline"]["date"] == "2027-11-20"
    assert side_flags(d, "export") == set()


def test_export_for_repair_without_serial_numbers_is_an_error():
    """FAQ 5005: identification of the goods (serial numbers) is a condition of the Art. 11 reduction."""
    d = decide(
        leg("export_for_repair", "JP", "GB", items=[item(currency="JPY", unit_value="150000", serial_numbers=[])])
    )
    assert severity(d, "MISSING_SERIAL") == "error"


def test_export_by_a_seller_without_office_in_japan_needs_a_customs_affairs_administrator():
    """Customs Act Art. 95; FAQ 9601: a non-resident appoints a customs affairs administrator (direct)."""
    d = decide(leg("export_for_repair", "JP", "GB", items=[WATCH], exporter=party("Seller Ltd", "GB")))
    exp = d["export"]
    assert exp["regime"] == "temporary_export"
    assert exp["eor_required"] is True
    assert exp["representation"] == "direct"
    assert "notification of customs affairs administrator (Customs Act Art. 95)" in exp["documents"]
    assert severity(d, "NO_LOCAL_EXPORTER") == "error"


# --- return after repair (JP import side) ----------------------------------------------------------------------


def test_reimport_within_one_year_pays_duty_and_consumption_tax_on_the_value_added_only():
    """Customs Tariff Act Art. 11; FAQ 5005: reduction by the duty of the goods as exported (CIF repair + freight + insurance)."""
    d = reimport()
    imp = d["import"]
    assert imp["jurisdiction"] == "JP"
    assert imp["regime"] == "reimport_after_repair"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("46000", "JPY")  # 40,000 repair + 5,000 freight + 1,000 insurance
    assert imp["duty"] == money("2300", "JPY")  # 5 % given on the item
    assert imp["vat_base"] == money("48300", "JPY")  # FAQ 1111: customs value + duty
    assert imp["vat"] == money("4830", "JPY")
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2027-06-01"
    assert any("T-1050" in doc for doc in imp["documents"])
    assert side_flags(d, "import") == set()


def test_reimport_after_more_than_one_year_falls_back_to_full_value():
    """Customs Tariff Act Art. 11: re-import within 1 year of the export permit; later -> normal import (§15 step 5)."""
    d = reimport(prior_export={**ART11_EXPORT, "date": "2025-10-01"})
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("256000", "JPY")  # CIF: 250,000 + 5,000 + 1,000
    assert imp["duty"] == money("12800", "JPY")
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"RELIEF_PERIOD_EXCEEDED"}


def test_reimport_without_an_export_record_is_full_value_and_flagged():
    """FAQ 5005: the Art. 11 reduction needs the export declaration / T-1050 of the goods."""
    d = reimport(prior_export=None)
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("256000", "JPY")
    assert side_flags(d, "import") == {"NO_PRIOR_EXPORT_RECORD"}


def test_reimport_after_a_plain_export_without_t1050_loses_the_reduction():
    """FAQ 5005: the repair purpose must be declared at export (T-1050); a plain export gives no Art. 11 reduction."""
    d = reimport(prior_export={**ART11_EXPORT, "regime": "standard_export"})
    assert d["import"]["duty_base"] == "full_value"
    assert side_flags(d, "import") == {"FULL_VALUE_ON_REPAIR_REIMPORT"}


def test_goods_transformed_abroad_are_imported_at_full_value():
    """Customs Tariff Act Art. 11 / §15 step 1: a changed HS code means transformation, not repair."""
    d = reimport(items=[{**WATCH, "hs_code": "910191"}])
    assert d["import"]["duty_base"] == "full_value"
    assert d["import"]["customs_value"] == money("256000", "JPY")
    assert "RECLASSIFIED_AFTER_REPAIR" in codes(d)


def test_free_warranty_repair_is_still_dutiable_on_the_repair_value():
    """customs-regimes.md §1 (Japan, scenario 3): Art. 11 applies; no warranty-specific relief was found."""
    d = reimport(repair=repair(charged=False), warranty={"covered": True})
    imp = d["import"]
    assert imp["regime"] == "reimport_after_repair"
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("46000", "JPY")
    assert "WARRANTY_RELIEF_NOT_APPLIED" not in codes(d)
    assert side_flags(d, "import") == set()


# --- repaired foreign goods leaving Japan (JP export side) -----------------------------------------------------


def test_repaired_foreign_goods_leave_japan_as_a_re_export_marked_partial():
    """customs-regimes.md §17 q.12: the import regime of goods repaired in Japan (Art. 17 / processing) is open."""
    d = decide(
        leg(
            "return_after_repair",
            "JP",
            "GB",
            items=[WATCH],
            repair=repair(),
            prior_export={**ART11_EXPORT, "regime": "outward_processing"},
        )
    )
    exp = d["export"]
    assert exp["regime"] == "re_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


def test_foreign_goods_imported_for_repair_in_japan_pay_full_value_pending_art17():
    """customs-regimes.md §17 q.12: Art. 17 / processing relief for repairs unconfirmed -> conservative full value."""
    d = decide(leg("export_for_repair", "GB", "JP", items=[WATCH], costs=COSTS))
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("256000", "JPY")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


# --- warranty and advance replacements ---------------------------------------------------------------------------


def test_warranty_replacement_leaves_japan_on_a_plain_export():
    """Customs Act Art. 67: export declaration and permit."""
    d = decide(leg("warranty_replacement", "JP", "GB", items=[WATCH]))
    exp = d["export"]
    assert exp["regime"] == "standard_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert side_flags(d, "export") == set()


def test_warranty_replacement_into_japan_is_full_value_and_marked_partial():
    """customs-regimes.md §1 (Japan): no replacement relief found [?], full duty [K] -> confirmed false."""
    d = decide(leg("warranty_replacement", "GB", "JP", items=[WATCH], costs=COSTS, warranty={"covered": True}))
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("256000", "JPY")
    assert imp["duty"] == money("12800", "JPY")
    assert imp["vat"] == money("26880", "JPY")  # 10 % of (256,000 + 12,800)
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert imp["confirmed"] is False
    assert any("Art. 20" in doc for doc in imp["documents"])
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_advance_replacement_leaves_japan_on_a_plain_export():
    """Customs Act Art. 67: export declaration and permit."""
    d = decide(leg("advance_replacement", "JP", "GB", items=[WATCH]))
    exp = d["export"]
    assert exp["regime"] == "standard_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert side_flags(d, "export") == set()


def test_advance_replacement_into_japan_is_full_value_and_marked_partial():
    """customs-regimes.md §1 (Japan, scenario 4): full duty on the replacement [K] -> confirmed false."""
    d = decide(
        leg(
            "advance_replacement",
            "GB",
            "JP",
            items=[WATCH],
            costs=COSTS,
            warranty={"covered": True},
            paired_leg={"movement": "defective_return", "ship_date": "2026-12-01"},
        )
    )
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("256000", "JPY")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


# --- defective goods and refunds leaving Japan (Art. 20) ---------------------------------------------------------


def test_defective_unit_returned_within_six_months_of_import_gets_the_art20_refund():
    """Customs Tariff Act Art. 20; FAQ 1604: goods not as contracted, to a bonded area within 6 months, re-exported."""
    d = decide(leg("defective_return", "JP", "GB", items=[WATCH], prior_export=SALE_EXPORT))
    exp = d["export"]
    assert exp["regime"] == "re_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"]["date"] == "2027-02-01"  # 6 months from the shipment to Japan
    assert side_flags(d, "export") == set()


def test_defective_unit_returned_after_six_months_is_a_plain_export_without_refund():
    """Customs Tariff Act Art. 20; FAQ 1604: the 6-month limit for moving the goods to a bonded area."""
    d = decide(leg("defective_return", "JP", "GB", items=[WATCH], prior_export={**SALE_EXPORT, "date": "2026-03-01"}))
    exp = d["export"]
    assert exp["regime"] == "standard_export"
    assert exp["deadline"] is None
    assert side_flags(d, "export") == {"RELIEF_PERIOD_EXCEEDED"}


def test_goods_returned_for_refund_get_the_art20_refund_within_six_months():
    """Customs Tariff Act Art. 20; FAQ 1604: incl. mail-order goods not as expected."""
    d = decide(leg("return_for_refund", "JP", "GB", items=[WATCH], prior_export=SALE_EXPORT))
    exp = d["export"]
    assert exp["regime"] == "re_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["deadline"]["date"] == "2027-02-01"
    assert side_flags(d, "export") == set()


def test_goods_returned_for_refund_without_import_record_leave_on_a_plain_export():
    """FAQ 1604: the Art. 20 refund needs the import permit of the goods."""
    d = decide(leg("return_for_refund", "JP", "GB", items=[WATCH]))
    assert d["export"]["regime"] == "standard_export"
    assert d["export"]["deadline"] is None


# --- re-import unchanged into Japan (Art. 14) --------------------------------------------------------------------


def test_defective_unit_returned_to_japan_is_duty_free_but_bears_consumption_tax():
    """Customs Tariff Act Art. 14 (item 10, numbering [K]); FAQ 1603; FAQ 1703: no tax exemption for export sales."""
    d = decide(leg("defective_return", "GB", "JP", items=[WATCH], costs=COSTS, prior_export=SALE_EXPORT))
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("256000", "JPY")
    assert imp["duty"] == money("0", "JPY")
    assert imp["vat"] == money("25600", "JPY")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert imp["confirmed"] is True
    assert side_flags(d, "import") == set()


def test_goods_returned_for_refund_to_japan_are_duty_free_under_art14():
    """Customs Tariff Act Art. 14 (re-importation exemption); FAQ 1603; Tokyo Customs 're-import' page."""
    d = decide(leg("return_for_refund", "GB", "JP", items=[WATCH], costs=COSTS, prior_export=SALE_EXPORT))
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("256000", "JPY")
    assert imp["duty"] == money("0", "JPY")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == set()


def test_return_for_refund_without_export_record_is_full_value():
    """FAQ 1603 / Tokyo Customs: the re-import exemption needs the export permit and export invoice."""
    d = decide(leg("return_for_refund", "GB", "JP", items=[WATCH], costs=COSTS))
    assert d["import"]["regime"] == "standard_import"
    assert d["import"]["duty"] == money("12800", "JPY")
    assert side_flags(d, "import") == {"NO_PRIOR_EXPORT_RECORD"}


def test_demo_unit_back_in_japan_is_free_of_duty_and_consumption_tax():
    """Tokyo Customs 'Duty and Tax Exemption for Re-import': unchanged, identity by serial number."""
    d = decide(
        leg("demo_return", "GB", "JP", items=[WATCH], costs=COSTS, prior_export={**ART11_EXPORT, "date": "2026-02-01"})
    )
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "none"
    assert imp["duty"] == money("0", "JPY")
    assert imp["vat"] == money("0", "JPY")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == set()


# --- demonstration units -----------------------------------------------------------------------------------------


def test_demo_unit_leaves_japan_as_a_temporary_export():
    """Customs Act Art. 67; Art. 14 re-import exemption on return (FAQ 1603: export permit + identity)."""
    d = decide(leg("demo_dispatch", "JP", "GB", items=[WATCH]))
    exp = d["export"]
    assert exp["regime"] == "temporary_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert side_flags(d, "export") == set()


def test_demo_unit_entering_japan_on_an_ata_carnet_is_relieved_for_one_year():
    """FAQ 7302/7303: ATA carnet, 1 year, no renewals; duties and taxes suspended against the carnet."""
    d = decide(leg("demo_dispatch", "GB", "JP", items=[WATCH], costs=COSTS, ata_carnet=True))
    imp = d["import"]
    assert imp["regime"] == "temporary_admission"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "none"
    assert imp["duty"] == money("0", "JPY")
    assert imp["vat"] == money("0", "JPY")
    assert imp["guarantee_required"] is False  # the carnet is the guarantee
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2027-11-20"
    assert side_flags(d, "import") == set()


def test_demo_unit_under_art17_is_relieved_but_marked_partial():
    """Customs Tariff Act Art. 17 (re-exportation exemption, 1 year, security); categories open (§17 q.12)."""
    d = decide(leg("demo_dispatch", "GB", "JP", items=[WATCH], costs=COSTS))
    imp = d["import"]
    assert imp["regime"] == "temporary_admission"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "none"
    assert imp["duty"] == money("0", "JPY")
    assert imp["vat"] == money("25600", "JPY")  # consumption-tax exemption under Art. 17 not confirmed: charged
    assert imp["guarantee_required"] is True
    assert imp["deadline"]["date"] == "2027-11-20"
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_demo_unit_still_in_japan_after_one_year_is_overdue():
    """FAQ 7302/7303: re-export within 1 year; as_of past the deadline and no re-export leg."""
    d = decide(
        leg("demo_dispatch", "GB", "JP", items=[WATCH], ata_carnet=True, ship_date="2025-10-01", as_of="2026-11-20")
    )
    assert d["import"]["deadline"]["date"] == "2026-10-01"
    assert severity(d, "TEMPORARY_ADMISSION_OVERDUE") == "error"


def test_demo_unit_re_exported_from_japan_on_its_carnet_within_the_year():
    """ATA carnet re-export voucher; FAQ 7302/7303: 1 year from import."""
    d = decide(
        leg(
            "demo_return",
            "JP",
            "GB",
            items=[WATCH],
            ata_carnet=True,
            prior_export={**ART11_EXPORT, "date": "2026-03-01"},
        )
    )
    exp = d["export"]
    assert exp["regime"] == "re_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"]["date"] == "2027-03-01"
    assert side_flags(d, "export") == set()


def test_demo_unit_re_exported_from_japan_after_one_year_is_overdue():
    """Customs Tariff Act Art. 17: re-export generally within 1 year (FAQ 7302/7303)."""
    d = decide(leg("demo_return", "JP", "GB", items=[WATCH], prior_export={**ART11_EXPORT, "date": "2025-09-01"}))
    assert d["export"]["regime"] == "re_export"
    assert d["export"]["deadline"]["date"] == "2026-09-01"
    assert side_flags(d, "export") == {"TEMPORARY_ADMISSION_OVERDUE", "PROFILE_PARTIAL"}


def test_demo_unit_leaving_japan_for_australia_is_a_temporary_export():
    """Customs Act Art. 67 on the JP side; the AU side is decided by the AU profile."""
    d = decide(leg("demo_dispatch", "JP", "AU", items=[WATCH]))
    assert d["export"]["jurisdiction"] == "JP"
    assert d["export"]["regime"] == "temporary_export"
    assert side_flags(d, "export") == set()


# --- thresholds and amounts --------------------------------------------------------------------------------------


def test_customs_value_up_to_jpy_10000_pays_neither_duty_nor_consumption_tax():
    """FAQ 1006: duty and consumption tax exempt where the customs value per declaration is JPY 10,000 or less."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "JP",
            items=[item(currency="JPY", unit_value="9000", duty_rate="5")],
            costs={"freight": money("800", "JPY"), "insurance": money("200", "JPY")},
        )
    )
    imp = d["import"]
    assert imp["customs_value"] == money("10000", "JPY")
    assert imp["duty"] == money("0", "JPY")
    assert imp["vat"] == money("0", "JPY")
    assert "BELOW_DE_MINIMIS" in codes(d)
    assert len(imp["de_minimis"]) == 2  # duty and consumption tax


def test_one_yen_above_the_threshold_is_fully_taxed():
    """FAQ 1006: the exemption stops above JPY 10,000 customs value."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "JP",
            items=[item(currency="JPY", unit_value="9001", duty_rate="5")],
            costs={"freight": money("800", "JPY"), "insurance": money("200", "JPY")},
        )
    )
    imp = d["import"]
    assert imp["customs_value"] == money("10001", "JPY")
    assert imp["duty"] == money("500", "JPY")  # 500.05 rounded to whole yen
    assert imp["vat"] == money("1050", "JPY")  # 10 % of 10,501.05
    assert "BELOW_DE_MINIMIS" not in codes(d)


def test_yen_amounts_have_no_decimals_and_round_half_up():
    """ISO 4217 JPY has 0 minor units; Japan's Tariff Schedule 84.71: Free; FAQ 1111 consumption tax 10 %."""
    d = decide(leg("warranty_replacement", "GB", "JP", items=[item(currency="JPY", unit_value="12345")]))
    imp = d["import"]
    assert imp["customs_value"] == money("12345", "JPY")
    assert imp["duty"] == money("0", "JPY")  # rate table: 8471 Free
    assert imp["duty_detail"][0]["rate"] == "0"
    assert imp["vat"] == money("1235", "JPY")  # 1,234.5 -> 1,235
    assert all("." not in imp[k]["amount"] for k in ("customs_value", "duty", "vat", "vat_base", "full_value"))


# --- parties -----------------------------------------------------------------------------------------------------


def test_foreign_importer_without_customs_affairs_administrator_is_blocked():
    """Customs Act Art. 95; FAQ 9601: a person without domicile or office in Japan appoints an administrator."""
    d = decide(leg("warranty_replacement", "GB", "JP", items=[WATCH], importer=party("Seller Ltd", "GB")))
    imp = d["import"]
    assert imp["ior_required"] is True
    assert imp["representation"] == "direct"
    assert "notification of customs affairs administrator (Customs Act Art. 95)" in imp["documents"]
    assert severity(d, "NO_LOCAL_IMPORTER") == "error"


def test_foreign_importer_with_an_administrator_established_in_japan_is_cleared():
    """Customs Act Art. 95: the administrator (resident in Japan) acts for the foreign importer of record."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "JP",
            items=[WATCH],
            importer=party("Seller Ltd", "GB"),
            ior=party("Tokyo Customs Broker KK", "JP"),
        )
    )
    imp = d["import"]
    assert imp["ior_required"] is True
    assert imp["representation"] == "direct"
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_an_ior_not_established_in_japan_does_not_satisfy_art95():
    """Customs Act Art. 95: the administrator must be resident in Japan."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "JP",
            items=[WATCH],
            importer=party("Seller Ltd", "GB"),
            ior=party("Broker Ltd", "GB"),
        )
    )
    assert "NO_LOCAL_IMPORTER" in codes(d)
