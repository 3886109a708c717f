"""Australia (Customs Act 1901, Customs Tariff Act 1995 Sch. 4, GST Act 1999): every movement kind on the AU side(s).

Facts: ../shared/reference/customs-regimes.md §1 (Australia column), §2, §8, §14, §15 and §17 q.13. Sch. 4
concessions carry their ICS treatment code (417) as procedure_code; elsewhere it is null. Counterparts: GB, JP.
Amounts are in AUD; where a duty is computed the item carries its rate (`duty_rate`), because the AU rate
table lists only checked headings.
"""

from __future__ import annotations

from typing import Any

from tests.support import codes, decide, item, leg, money, party, severity
from tests.support import side_and_leg_flags as side_flags

CAMERA = item(
    description="Digital camera",
    hs_code="852589",
    origin_country="JP",
    unit_value="2000.00",
    currency="AUD",
    serial_numbers=["CAM-77"],
    duty_rate="5",
)
COSTS = {"freight": money("100.00", "AUD"), "insurance": money("20.00", "AUD")}
SALE_EXPORT = {
    "date": "2026-08-01",
    "regime": "standard_export",
    "reference": "AU-EXD-0001",
    "exporter": "Importer Co",
    "hs_code": "852589",
    "serial_numbers": ["CAM-77"],
}
DEMO_EXPORT = {**SALE_EXPORT, "regime": "temporary_export", "date": "2026-03-01"}


def into_au(movement: str, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"items": [CAMERA], "costs": COSTS}
    base.update(overrides)
    return decide(leg(movement, "GB", "AU", **base))


# --- GST base and de minimis -------------------------------------------------------------------------------------


def test_gst_base_adds_duty_freight_and_insurance_to_the_fob_customs_value():
    """Customs Act 1901 ss.159-161 (FOB customs value); GST Act s.13-20: VoTI = customs value + duty + transport + insurance."""
    imp = into_au("warranty_replacement")["import"]
    assert imp["customs_value"] == money("2000.00", "AUD")  # FOB: freight and insurance excluded
    assert imp["duty"] == money("100.00", "AUD")
    assert imp["vat_base"] == money("2220.00", "AUD")  # 2,000 + 100 duty + 100 freight + 20 insurance
    assert imp["vat"] == money("222.00", "AUD")


def test_goods_up_to_aud_1000_pay_no_duty_or_gst_at_the_border():
    """customs-regimes.md §8: goods of AUD 1,000 or less clear without duty and GST (LVIG GST collected by the vendor)."""
    d = into_au("warranty_replacement", items=[{**CAMERA, "unit_value": "1000.00"}])
    imp = d["import"]
    assert imp["customs_value"] == money("1000.00", "AUD")
    assert imp["duty"] == money("0.00", "AUD")
    assert imp["vat"] == money("0.00", "AUD")
    assert "BELOW_DE_MINIMIS" in codes(d)
    assert len(imp["de_minimis"]) == 2  # duty and GST


def test_goods_one_cent_above_aud_1000_are_taxed():
    """customs-regimes.md §8: the AUD 1,000 low-value threshold."""
    d = into_au("warranty_replacement", items=[{**CAMERA, "unit_value": "1000.01"}])
    imp = d["import"]
    assert imp["duty"] == money("50.00", "AUD")
    assert imp["vat"] == money("117.00", "AUD")  # 10 % of (1,000.01 + 50.0005 + 120)
    assert "BELOW_DE_MINIMIS" not in codes(d)


def test_computers_are_free_of_duty_by_the_rate_table():
    """Customs Tariff Act 1995 Sch. 3 heading 8471: general rate Free."""
    imp = into_au("warranty_replacement", items=[item(currency="AUD", unit_value="1500.00")])["import"]
    assert imp["duty"] == money("0.00", "AUD")
    assert imp["duty_detail"][0]["rate"] == "0"
    assert imp["vat"] == money("162.00", "AUD")  # 10 % of (1,500 + 0 + 120)


# --- returned goods (Sch. 4 item 17 + GST s.42-10) ---------------------------------------------------------------


def test_goods_returned_for_refund_to_their_australian_exporter_are_duty_and_gst_free():
    """Customs Tariff Act 1995 Sch. 4 item 17 (treatment code 417); GST Act s.42-10 non-taxable importation."""
    d = into_au("return_for_refund", prior_export=SALE_EXPORT)
    imp = d["import"]
    assert imp["jurisdiction"] == "AU"
    assert imp["regime"] == "returned_goods_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == ("417", [])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("2000.00", "AUD")
    assert imp["duty"] == money("0.00", "AUD")
    assert imp["vat"] == money("0.00", "AUD")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == set()


def test_item17_goods_reimported_by_someone_else_still_pay_gst():
    """GST Act s.42-10: GST-free only if the importer made, acquired (taxable supply) or GST-paid imported the goods."""
    d = into_au("return_for_refund", prior_export={**SALE_EXPORT, "exporter": "Other Pty Ltd"})
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"]) == ("returned_goods_relief", "417")
    assert imp["duty"] == money("0.00", "AUD")
    assert imp["vat"] == money("212.00", "AUD")  # 10 % of (2,000 + 0 + 100 + 20)
    assert side_flags(d, "import") == set()


def test_return_without_an_export_record_is_full_value_and_flagged():
    """Sch. 4 item 17 needs goods exported from Australia: no export on record -> normal import."""
    d = into_au("return_for_refund")
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["duty"] == money("100.00", "AUD")
    assert side_flags(d, "import") == {"NO_PRIOR_EXPORT_RECORD"}


def test_defective_unit_returned_to_australia_unaltered_uses_item17():
    """Customs Tariff Act 1995 Sch. 4 item 17 (417); GST Act s.42-10."""
    d = into_au("defective_return", prior_export=SALE_EXPORT, warranty={"covered": True})
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == ("417", [])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("2000.00", "AUD")
    assert imp["vat"] == money("0.00", "AUD")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == set()


def test_altered_goods_do_not_qualify_for_item17():
    """GST Act s.42-10 / Sch. 4 item 17: goods not subjected to treatment or alteration since export."""
    d = into_au("defective_return", prior_export=SALE_EXPORT, items=[{**CAMERA, "hs_code": "852581"}])
    assert d["import"]["regime"] == "standard_import"
    assert d["import"]["duty_base"] == "full_value"
    assert "RECLASSIFIED_AFTER_REPAIR" in codes(d)


def test_australian_demo_unit_coming_back_uses_item17():
    """Customs Tariff Act 1995 Sch. 4 item 17 (417): goods exported and returned unaltered; GST s.42-10."""
    d = into_au("demo_return", prior_export=DEMO_EXPORT)
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == ("417", [])
    assert imp["duty_base"] == "none"
    assert imp["duty"] == money("0.00", "AUD")
    assert imp["vat"] == money("0.00", "AUD")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == set()


# --- unconfirmed reliefs: full value, PROFILE_PARTIAL ------------------------------------------------------------


def test_repaired_goods_returning_to_australia_are_full_value_pending_item_18a():
    """Sch. 4 item 18A (418A): code confirmed, conditions and duty base open (§17 q.13) -> conservative full value."""
    d = into_au(
        "return_after_repair",
        prior_export={**SALE_EXPORT, "regime": "outward_processing"},
        repair={"cost": money("300.00", "AUD"), "charged": True},
    )
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("2000.00", "AUD")
    assert imp["duty"] == money("100.00", "AUD")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert imp["confirmed"] is False
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_warranty_replacement_into_australia_is_full_value_pending_item_18b():
    """Sch. 4 item 18B (418B) free-of-charge warranty goods: conditions open (§17 q.13) -> full value."""
    d = into_au("warranty_replacement", warranty={"covered": True})
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("2000.00", "AUD")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_advance_replacement_into_australia_is_full_value_and_partial():
    """customs-regimes.md §1 (Australia, scenario 4): [?] -> conservative full value."""
    d = into_au(
        "advance_replacement",
        warranty={"covered": True},
        paired_leg={"movement": "defective_return", "ship_date": "2026-12-10"},
    )
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("2000.00", "AUD")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_foreign_goods_sent_to_australia_for_repair_are_full_value_and_partial():
    """customs-regimes.md §17 q.13: no temporary-import class for repairs confirmed -> full value."""
    d = into_au("export_for_repair")
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("2000.00", "AUD")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


# --- demonstration units (s.162 / s.162A) ------------------------------------------------------------------------


def test_demo_unit_enters_australia_under_s162_for_twelve_months_against_security():
    """Customs Act 1901 s.162; Customs Regulation 2015 reg. 99 (testing and evaluation); ABF: 12 months."""
    d = into_au("demo_dispatch")
    imp = d["import"]
    assert imp["regime"] == "temporary_admission"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "none"
    assert imp["duty"] == money("0.00", "AUD")
    assert imp["vat"] == money("0.00", "AUD")
    assert imp["guarantee_required"] is True
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2027-11-20"
    assert imp["rule"] == "s162-temporary-import"
    assert side_flags(d, "import") == set()


def test_demo_unit_on_an_ata_carnet_enters_under_s162a():
    """Customs Act 1901 s.162A; Customs (International Obligations) Regulation 2015 reg. 20 (ATA carnet)."""
    d = into_au("demo_dispatch", ata_carnet=True)
    imp = d["import"]
    assert imp["regime"] == "temporary_admission"
    assert imp["rule"] == "s162a-ata-carnet"
    assert imp["vat"] == money("0.00", "AUD")
    assert imp["deadline"]["date"] == "2027-11-20"
    assert side_flags(d, "import") == set()


def test_demo_unit_still_in_australia_after_twelve_months_is_overdue():
    """ABF 'Temporary imports': 12 months; as_of past the deadline and no re-export leg."""
    d = into_au("demo_dispatch", ship_date="2025-10-01", as_of="2026-11-20")
    assert d["import"]["deadline"]["date"] == "2026-10-01"
    assert severity(d, "TEMPORARY_ADMISSION_OVERDUE") == "error"


def test_demo_unit_from_japan_enters_australia_under_s162():
    """Customs Act 1901 s.162 on the AU side of a JP -> AU leg."""
    d = decide(leg("demo_dispatch", "JP", "AU", items=[CAMERA]))
    assert d["import"]["jurisdiction"] == "AU"
    assert d["import"]["regime"] == "temporary_admission"
    assert d["import"]["deadline"]["date"] == "2027-11-20"
    assert side_flags(d, "import") == set()


def test_demo_unit_re_exported_from_australia_within_twelve_months():
    """Customs Act 1901 s.162: re-export within the 12-month period."""
    d = decide(leg("demo_return", "AU", "GB", items=[CAMERA], prior_export=DEMO_EXPORT))
    exp = d["export"]
    assert exp["jurisdiction"] == "AU"
    assert exp["regime"] == "re_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"]["date"] == "2027-03-01"
    assert side_flags(d, "export") == set()


def test_demo_unit_re_exported_from_australia_after_twelve_months_is_overdue():
    """ABF 'Temporary imports': 12 months; late re-export of s.162A carnet goods."""
    d = decide(
        leg(
            "demo_return",
            "AU",
            "GB",
            items=[CAMERA],
            ata_carnet=True,
            prior_export={**DEMO_EXPORT, "date": "2025-09-01"},
        )
    )
    assert d["export"]["regime"] == "re_export"
    assert d["export"]["deadline"]["date"] == "2026-09-01"
    assert side_flags(d, "export") == {"TEMPORARY_ADMISSION_OVERDUE"}


def test_australian_demo_unit_leaves_as_a_temporary_export():
    """Export declaration or ATA carnet; return under Sch. 4 item 17 (417)."""
    d = decide(leg("demo_dispatch", "AU", "GB", items=[CAMERA]))
    exp = d["export"]
    assert exp["regime"] == "temporary_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert side_flags(d, "export") == set()


# --- AU export side of the other movements -----------------------------------------------------------------------


def test_export_for_repair_from_australia_has_no_relief_code_and_is_partial():
    """customs-regimes.md §1 (Australia, scenario 1): export declaration, no specific relief code found [?]."""
    d = decide(leg("export_for_repair", "AU", "GB", items=[CAMERA]))
    exp = d["export"]
    assert exp["regime"] == "standard_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


def test_repaired_foreign_goods_leave_australia_on_a_plain_export_marked_partial():
    """customs-regimes.md §17 q.13: import regime for repairs in Australia open; GST Act s.38-191 covers the service."""
    d = decide(
        leg("return_after_repair", "AU", "GB", items=[CAMERA], repair={"cost": money("300.00", "AUD"), "charged": True})
    )
    exp = d["export"]
    assert exp["regime"] == "standard_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


def test_replacements_and_returns_leave_australia_on_a_plain_export():
    """Customs Act 1901 export declaration; no drawback claimed on used goods (reg. 34)."""
    for movement in ("warranty_replacement", "advance_replacement", "defective_return", "return_for_refund"):
        d = decide(leg(movement, "AU", "GB", items=[CAMERA]))
        exp = d["export"]
        assert exp["regime"] == "standard_export", movement
        assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, []), movement
        assert exp["eor_required"] is False, movement
        assert exp["deadline"] is None, movement
        assert side_flags(d, "export") == set(), movement


# --- parties (ABN / CCID) ----------------------------------------------------------------------------------------


def test_non_resident_importer_without_abn_or_ccid_is_blocked():
    """customs-regimes.md §8, §14: a non-resident imports with an ABN or a CCID, or through a third-party IOR."""
    d = into_au("warranty_replacement", importer=party("Seller Ltd", "GB"))
    assert d["import"]["ior_required"] is True
    assert severity(d, "NO_LOCAL_IMPORTER") == "error"


def test_non_resident_importer_with_a_ccid_imports_in_its_own_name():
    """ABS importer methodology (customs-regimes.md §8): without an ABN the ABF assigns a CCID."""
    d = into_au("warranty_replacement", importer=party("Seller Ltd", "GB", identifiers={"CCID": "CCID1234567"}))
    imp = d["import"]
    assert imp["ior_required"] is False
    assert any("CCID" in doc for doc in imp["documents"])
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_non_resident_importer_with_an_abn_imports_in_its_own_name():
    """customs-regimes.md §14: ABN (11 digits) identifies the importer."""
    d = into_au("warranty_replacement", importer=party("Seller Ltd", "GB", identifiers={"ABN": "51824753556"}))
    assert d["import"]["ior_required"] is False
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_non_resident_exporter_without_abn_or_ccid_is_blocked():
    """customs-regimes.md §8: ABN / CCID client identification, applied to the owner on the export declaration."""
    d = decide(
        leg("demo_return", "AU", "GB", items=[CAMERA], prior_export=DEMO_EXPORT, exporter=party("Seller Ltd", "GB"))
    )
    assert d["export"]["eor_required"] is True
    assert severity(d, "NO_LOCAL_EXPORTER") == "error"
