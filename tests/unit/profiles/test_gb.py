"""United Kingdom (Great Britain, CDS): every movement kind on the GB side(s).

Facts: ../shared/reference/customs-regimes.md §3.2-3.3 and §4; codes as in CDS Appendix 1/2 and the HMRC
samples named in each test.
"""

from __future__ import annotations

import pytest

from tests.support import codes, decide, item, leg, money, party, severity

GBP_WATCH = item(
    description="Wristwatch",
    hs_code="910211",
    origin_country="CH",
    unit_value="2500.00",
    currency="GBP",
    serial_numbers=["A1234"],
)
OP_EXPORT = {
    "date": "2026-06-01",
    "regime": "outward_processing",
    "procedure_code": "2100",
    "reference": "26GB12345678901234",
    "exporter": "Importer Co",
    "hs_code": "910211",
    "serial_numbers": ["A1234"],
    "reimport_deadline": None,
}
COSTS = {
    "freight": money("45.00", "GBP"),
    "insurance": money("10.00", "GBP"),
    "outbound_freight": money("40.00", "GBP"),
}


def repair(cost: str = "400.00", charged: bool = True, upgrade: str | None = None, essential: bool = False) -> dict:
    return {
        "cost": money(cost, "GBP"),
        "charged": charged,
        "upgrade_value": None if upgrade is None else money(upgrade, "GBP"),
        "essential_parts_replaced": essential,
    }


def reimport(**overrides) -> dict:
    base = {
        "items": [GBP_WATCH],
        "repair": repair(),
        "costs": COSTS,
        "prior_export": OP_EXPORT,
        "warranty": {"covered": False, "paid_service_contract": False, "expires": None},
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "CH", "GB", **base))


def import_flags(decision: dict) -> set[str]:
    return {f["code"] for f in decision["flags"] if f["side"] in ("import", None)}


# --- export for repair -------------------------------------------------------------------------------------


def test_export_for_repair_is_outward_processing_2100():
    """SI 2018/1249 Part 6; gov.uk 'Outward processing': PC 2100 + 000 (HMRC sample TT_EX023a)."""
    d = decide(leg("export_for_repair", "GB", "CH", items=[GBP_WATCH]))
    assert d["export"]["regime"] == "outward_processing"
    assert (d["export"]["procedure_code"], d["export"]["additional_procedure_codes"]) == ("2100", ["000"])
    assert d["export"]["eor_required"] is False
    assert d["export"]["deadline"]["date"] == "2027-11-20"


def test_export_for_repair_under_warranty_uses_2200_b51():
    """CDS Appendix 2: B51 'temporarily exported for repair under guarantee' combines with 2200, not 2100."""
    d = decide(leg("export_for_repair", "GB", "CH", items=[GBP_WATCH], warranty={"covered": True}))
    assert (d["export"]["procedure_code"], d["export"]["additional_procedure_codes"]) == ("2200", ["B51"])


def test_export_for_repair_without_serial_numbers_is_an_error():
    """OP relief depends on identifying the goods (gov.uk 'Outward processing': serial numbers)."""
    d = decide(leg("export_for_repair", "GB", "CH", items=[item(serial_numbers=[], currency="GBP")]))
    assert severity(d, "MISSING_SERIAL") == "error"


def test_export_by_a_non_uk_seller_needs_an_exporter_of_record():
    """UK establishment rules (gov.uk 'established in the UK'); representation TCTA 2018 s.21."""
    d = decide(leg("export_for_repair", "GB", "CH", items=[GBP_WATCH], exporter=party("Acme Inc", "US")))
    assert d["export"]["eor_required"] is True
    assert d["export"]["representation"] == "indirect"
    assert severity(d, "NO_LOCAL_EXPORTER") == "error"


# --- return after repair --------------------------------------------------------------------------------------


def test_reimport_after_repair_is_6121_on_the_repair_cost_plus_inward_freight_and_insurance():
    """gov.uk 'Outward processing': duty on the repair charge plus inward shipping and insurance; PC 6121."""
    d = reimport()
    imp = d["import"]
    assert imp["regime"] == "reimport_after_repair"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == ("6121", ["000"])
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("455.00", "GBP")
    assert imp["duty"] == money("18.20", "GBP")  # UKGT 9102: 4 %
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2027-06-01"
    assert import_flags(d) == set()


def test_reimport_vat_is_on_repair_plus_both_freights_plus_duty_but_not_insurance():
    """gov.uk 'Outward processing': VAT on repair costs + outward and inward freight + duty, excluding insurance."""
    imp = reimport()["import"]
    assert imp["vat_base"] == money("503.20", "GBP")  # 400 + 40 + 45 + 18.20
    assert imp["vat"] == money("100.64", "GBP")


def test_warranty_repair_free_of_charge_is_relieved_with_b02():
    """SI 2018/1249 Part 6; CDS APC B02 (HMRC sample 6122/B02): no duty on goods repaired free under guarantee."""
    d = reimport(repair=repair(cost="400.00", charged=False), warranty={"covered": True})
    imp = d["import"]
    assert imp["regime"] == "warranty_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == ("6122", ["B02"])
    assert imp["duty_base"] == "none"
    assert imp["duty"] == money("0.00", "GBP")
    assert "WARRANTY_RELIEF_NOT_APPLIED" not in codes(d)


def test_repair_under_a_paid_service_contract_is_dutiable_and_flagged():
    """gov.uk 'Outward processing': duty is due if the repair is under a service contract or warranty you paid for."""
    d = reimport(warranty={"covered": True, "paid_service_contract": True})
    assert d["import"]["duty_base"] == "repair_cost"
    assert "WARRANTY_RELIEF_NOT_APPLIED" in codes(d)
    assert "paid service contract" in next(
        f["message"] for f in d["flags"] if f["code"] == "WARRANTY_RELIEF_NOT_APPLIED"
    )


def test_paid_upgrade_during_warranty_repair_is_dutiable_on_the_upgrade_only():
    """customs-regimes.md §2 / §15 step 4: split charges; only the chargeable upgrade is dutiable (HMRC SPE14030)."""
    d = reimport(repair=repair(cost="400.00", charged=False, upgrade="150.00"), warranty={"covered": True})
    imp = d["import"]
    assert imp["duty_base"] == "upgrade_value"
    assert imp["customs_value"] == money("205.00", "GBP")  # 150 + 45 freight + 10 insurance
    assert imp["duty"] == money("8.20", "GBP")


def test_changed_hs_code_loses_repair_relief():
    """UCC-derived OP rules (SI 2018/1249): transformation is processing, not repair -> normal import at full value."""
    d = reimport(items=[{**GBP_WATCH, "hs_code": "910221"}])
    assert d["import"]["duty_base"] == "full_value"
    assert d["import"]["procedure_code"] == "4000"
    assert d["import"]["customs_value"] == money("2555.00", "GBP")  # CIF: 2500 + 45 + 10
    assert severity(d, "RECLASSIFIED_AFTER_REPAIR") == "error"


def test_essential_parts_replaced_is_a_new_article():
    """CBP HQ 555443 / HMRC SPE14030: replacing essential components is not a repair."""
    d = reimport(repair=repair(essential=True))
    assert d["import"]["duty_base"] == "full_value"
    assert "NEW_ARTICLE_AFTER_REPAIR" in codes(d)


def test_reimport_after_the_relief_period_falls_back_to_full_value():
    """Period set in the OP authorisation (1 year assumed): late re-import -> normal import at full value."""
    d = reimport(prior_export={**OP_EXPORT, "date": "2025-06-01"})
    assert d["import"]["regime"] == "standard_import"
    assert d["import"]["duty_base"] == "full_value"
    assert "RELIEF_PERIOD_EXCEEDED" in codes(d)


def test_authorised_reimport_deadline_overrides_the_default_period():
    """An OP authorisation's own period governs (SI 2018/1249 Part 6)."""
    d = reimport(prior_export={**OP_EXPORT, "date": "2025-06-01", "reimport_deadline": "2026-12-31"})
    assert d["import"]["duty_base"] == "repair_cost"
    assert d["import"]["deadline"]["date"] == "2026-12-31"


def test_repaired_goods_exported_outright_are_declared_at_full_value_with_a_warning():
    """FULL_VALUE_ON_REPAIR_REIMPORT: OP relief needs the export under OP (gov.uk 'Outward processing')."""
    d = reimport(prior_export={**OP_EXPORT, "regime": "standard_export", "procedure_code": "1040"})
    assert d["import"]["duty_base"] == "full_value"
    assert severity(d, "FULL_VALUE_ON_REPAIR_REIMPORT") == "warning"


def test_reimport_without_an_export_record_is_flagged():
    """NO_PRIOR_EXPORT_RECORD: OP re-import needs the export MRN (CDS 6121 completion notes)."""
    d = reimport(prior_export=None)
    assert d["import"]["duty_base"] == "full_value"
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_serial_numbers_differing_from_the_export_are_an_error():
    """Identity of the goods is a condition of OP relief; a swap is not a repair."""
    d = reimport(items=[{**GBP_WATCH, "serial_numbers": ["Z9999"]}])
    assert severity(d, "SERIAL_MISMATCH") == "error"


def test_repair_cost_above_the_goods_value_is_capped_at_full_value():
    """Relief never costs more than no relief: the customs value is at most the full customs value."""
    d = reimport(repair=repair(cost="9000.00"))
    assert d["import"]["customs_value"] == money("2555.00", "GBP")


# --- replacements ---------------------------------------------------------------------------------------------


def test_warranty_replacement_under_ses_is_relieved_with_b03_and_vat_on_full_value():
    """gov.uk 'Outward processing': replacements under guarantee, APC B03; VAT on the full replacement value."""
    d = decide(
        leg(
            "warranty_replacement",
            "CH",
            "GB",
            items=[GBP_WATCH],
            warranty={"covered": True},
            prior_export=OP_EXPORT,
            costs=COSTS,
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "warranty_relief",
        "6121",
        ["B03"],
    )
    assert imp["duty"] == money("0.00", "GBP")
    assert imp["vat"] == money("511.00", "GBP")  # 20 % of 2555.00 CIF


def test_warranty_replacement_without_op_export_pays_full_duty_and_is_flagged():
    """Without the defective goods' OP export, standard exchange relief is unavailable (gov.uk OP)."""
    d = decide(leg("warranty_replacement", "CH", "GB", items=[GBP_WATCH], warranty={"covered": True}))
    assert d["import"]["procedure_code"] == "4000"
    assert d["import"]["duty_base"] == "full_value"
    assert "WARRANTY_RELIEF_NOT_APPLIED" in codes(d)


def test_advance_replacement_is_a_prior_import_48p_under_guarantee():
    """CDS APC 48P: prior import of replacement goods under OP; guarantee for the duty (import PC 4000 assumed)."""
    d = decide(
        leg(
            "advance_replacement",
            "CH",
            "GB",
            items=[GBP_WATCH],
            warranty={"covered": True},
            paired_leg={"movement": "defective_return", "ship_date": None},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "advance_replacement_import",
        "4000",
        ["48P"],
    )
    assert imp["guarantee_required"] is True
    assert imp["deadline"]["date"] == "2027-05-20"
    assert "PROFILE_PARTIAL" in codes(d)  # the 48P import pairing is [K] in the reference


def test_advance_replacement_whose_defective_unit_never_returns_becomes_dutiable():
    """Prior import relief lapses when the defective goods are not exported in time: duty on the replacement."""
    d = decide(
        leg(
            "advance_replacement",
            "CH",
            "GB",
            items=[GBP_WATCH],
            warranty={"covered": True},
            paired_leg={"movement": "defective_return", "ship_date": None},
            as_of="2027-08-01",
        )
    )
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert imp["duty_base"] == "full_value"
    assert imp["duty"] == money("100.00", "GBP")
    assert severity(d, "REPLACEMENT_DEFECTIVE_OVERDUE") == "error"


def test_defective_unit_exported_under_48p_late_is_flagged():
    """48P export of the defective goods must follow the prior import within the authorised period (6 months assumed)."""
    d = decide(
        leg(
            "defective_return",
            "GB",
            "CH",
            items=[GBP_WATCH],
            warranty={"covered": True},
            paired_leg={"movement": "advance_replacement", "ship_date": "2026-01-10"},
        )
    )
    assert (d["export"]["procedure_code"], d["export"]["additional_procedure_codes"]) == ("2200", ["48P"])
    assert "REPLACEMENT_DEFECTIVE_OVERDUE" in codes(d)


# --- demo units -----------------------------------------------------------------------------------------------


def test_demo_dispatch_from_gb_is_temporary_export_2300():
    """CDS 2300 temporary export for return unaltered (HMRC sample TT_EX033a); RGR within 3 years."""
    d = decide(leg("demo_dispatch", "GB", "CH", items=[GBP_WATCH]))
    assert (d["export"]["regime"], d["export"]["procedure_code"]) == ("temporary_export", "2300")
    assert d["export"]["deadline"]["date"] == "2029-11-20"


def test_demo_unit_entering_gb_is_temporary_admission_5300_d18_under_guarantee():
    """SI 2018/1249 Part 5; APC D18 demonstrations; 24 months in GB (HMRC sample TT_IM083a)."""
    d = decide(leg("demo_dispatch", "CH", "GB", items=[GBP_WATCH], importer=party("Swiss Demo AG", "CH")))
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "temporary_admission",
        "5300",
        ["D18"],
    )
    assert imp["duty_base"] == "none"
    assert imp["guarantee_required"] is True
    assert imp["ior_required"] is False  # TA holder is the foreign owner
    assert imp["deadline"]["date"] == "2028-11-20"


def test_demo_unit_for_a_uk_established_holder_is_not_temporary_admission():
    """SI 2018/1249 reg. 36: TA is for a holder established outside the UK: with a UK owner, a full-value import."""
    d = decide(leg("demo_dispatch", "CH", "GB", items=[GBP_WATCH], exporter=party("Example Ltd", "GB")))
    assert d["import"]["regime"] == "standard_import"


def test_demo_unit_of_a_foreign_owner_consigned_to_a_uk_company_is_ta_held_by_the_owner():
    """SI 2018/1249 reg. 36: the foreign owner holds TA (5300 D18); the UK consignee cannot (TA_HOLDER_INELIGIBLE)."""
    d = decide(leg("demo_dispatch", "CH", "GB", items=[GBP_WATCH], exporter=party("Uhren AG", "CH")))
    assert (d["import"]["regime"], d["import"]["procedure_code"], d["import"]["holder"]) == (
        "temporary_admission",
        "5300",
        "Uhren AG",
    )
    assert "TA_HOLDER_INELIGIBLE" in codes(d)


def test_demo_returning_home_to_gb_is_returned_goods_relief_6123():
    """gov.uk 'Returned goods relief'; PC 6123 after 2300 (HMRC sample TT_IM092a)."""
    d = decide(
        leg(
            "demo_return",
            "CH",
            "GB",
            items=[GBP_WATCH],
            prior_export={
                "date": "2026-03-01",
                "regime": "temporary_export",
                "procedure_code": "2300",
                "hs_code": "910211",
                "serial_numbers": ["A1234"],
            },
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "returned_goods_relief",
        "6123",
        ["F01"],
    )
    assert imp["duty"] == money("0.00", "GBP")


@pytest.mark.parametrize(
    ("importer", "apc", "vat"),
    [
        ("Importer Co", "F05", "0.00"),
        ("Another Buyer Ltd", "F01", "2400.00"),
    ],
    ids=["same-person-vat-relieved", "other-person-vat-due"],
)
def test_a_demo_back_in_gb_has_its_vat_relief_decided_by_who_re_imports_it(importer, apc, vat):
    """VAT Regulations 1995 reg. 121D (HMRC IMPS06200): VAT relief on returned goods only when the person who
    exported them re-imports them (6123 + F05); otherwise duty relief only (F01) and VAT at 20 %, said in the trace."""
    d = decide(
        leg(
            "demo_return",
            "CH",
            "GB",
            items=[item(currency="GBP", unit_value="12000.00", hs_code="910211")],
            importer=party(importer, "GB"),
            prior_export={
                "date": "2026-03-01",
                "regime": "temporary_export",
                "procedure_code": "2300",
                "exporter": "Importer Co",
                "hs_code": "910211",
                "serial_numbers": ["SN-0001"],
            },
        )
    )
    imp = d["import"]
    assert (imp["procedure_code"], imp["additional_procedure_codes"], imp["vat"]) == ("6123", [apc], money(vat, "GBP"))
    assert any("reg. 121D" in line for line in d["trace"])


def test_demo_leaving_gb_after_24_months_is_overdue():
    """GB TA for demonstrations: 24 months (gov.uk 'Temporary admission'); re-export PC 3153."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "CH",
            items=[GBP_WATCH],
            prior_export={"date": "2024-01-15", "regime": "temporary_export"},
        )
    )
    assert (d["export"]["regime"], d["export"]["procedure_code"]) == ("re_export", "3153")
    assert severity(d, "TEMPORARY_ADMISSION_OVERDUE") == "error"


# --- returns ------------------------------------------------------------------------------------------------


def test_return_for_refund_to_the_original_exporter_is_rgr_with_vat_relief_f05():
    """Returned goods relief (3 years, unaltered) + VAT Regulations 1995 reg. 121D (same person): 6110/F05."""
    d = decide(
        leg(
            "return_for_refund",
            "CH",
            "GB",
            items=[GBP_WATCH],
            prior_export={
                "date": "2026-02-01",
                "regime": "standard_export",
                "exporter": "Importer Co",
                "hs_code": "910211",
                "serial_numbers": ["A1234"],
            },
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "returned_goods_relief",
        "6110",
        ["F05"],
    )
    assert (imp["duty"], imp["vat"]) == (money("0.00", "GBP"), money("0.00", "GBP"))


def test_return_re_imported_by_another_person_gets_duty_relief_only():
    """VAT RGR needs the same person to re-import (reg. 121D); duty relief F01 still applies."""
    d = decide(
        leg(
            "return_for_refund",
            "CH",
            "GB",
            items=[GBP_WATCH],
            prior_export={"date": "2026-02-01", "regime": "standard_export", "exporter": "Other Ltd"},
        )
    )
    assert d["import"]["additional_procedure_codes"] == ["F01"]
    assert d["import"]["vat"] == money("500.00", "GBP")


def test_return_after_three_years_is_a_normal_import():
    """Returned goods relief: within 3 years of export (gov.uk 'Returned goods relief')."""
    d = decide(
        leg(
            "return_for_refund",
            "CH",
            "GB",
            items=[GBP_WATCH],
            prior_export={"date": "2023-01-01", "regime": "standard_export", "exporter": "Importer Co"},
        )
    )
    assert d["import"]["duty_base"] == "full_value"
    assert "RELIEF_PERIOD_EXCEEDED" in codes(d)


def test_defective_unit_returning_to_a_gb_seller_is_rgr():
    """RGR for the seller's own goods coming back (6110 + F01/F05)."""
    d = decide(
        leg(
            "defective_return",
            "CH",
            "GB",
            items=[GBP_WATCH],
            prior_export={"date": "2026-05-01", "regime": "standard_export"},
        )
    )
    assert (d["import"]["regime"], d["import"]["procedure_code"]) == ("returned_goods_relief", "6110")


def test_return_exported_from_gb_as_rejected_import_uses_3ri():
    """CDS export APC 3RI 'rejected imports'; CEMA 1979 s.123."""
    d = decide(leg("return_for_refund", "GB", "CH", items=[GBP_WATCH]))
    assert (d["export"]["procedure_code"], d["export"]["additional_procedure_codes"]) == ("1040", ["3RI"])


# --- thresholds and parties -------------------------------------------------------------------------------------


def test_consignment_up_to_gbp_135_pays_no_duty_but_vat():
    """Customs duty not charged on consignments of intrinsic value <= GBP 135."""
    d = decide(
        leg(
            "warranty_replacement",
            "CH",
            "GB",
            items=[item(hs_code="910211", unit_value="120.00", currency="GBP", serial_numbers=["S1"])],
        )
    )
    imp = d["import"]
    assert imp["duty"] == money("0.00", "GBP")
    assert imp["vat"] == money("24.00", "GBP")
    assert severity(d, "BELOW_DE_MINIMIS") == "info"


def test_non_uk_seller_importing_into_gb_needs_an_importer_of_record():
    """Non-UK sellers use a UK indirect representative (TCTA 2018 s.21; gov.uk 'established in the UK')."""
    d = decide(leg("warranty_replacement", "CH", "GB", items=[GBP_WATCH], importer=party("Acme Inc", "US")))
    assert d["import"]["ior_required"] is True
    assert d["import"]["representation"] == "indirect"
    assert severity(d, "NO_LOCAL_IMPORTER") == "error"


def test_an_assigned_uk_importer_of_record_clears_the_flag():
    """The IOR acts under indirect representation; no NO_LOCAL_IMPORTER once one established in GB is assigned."""
    d = decide(
        leg(
            "warranty_replacement",
            "CH",
            "GB",
            items=[GBP_WATCH],
            importer=party("Acme Inc", "US"),
            ior=party("UK IOR Services Ltd", "GB"),
        )
    )
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_goods_for_repair_entering_gb_are_inward_processing():
    """SI 2018/1249 Part 4 (inward processing), PC 5100."""
    d = decide(leg("export_for_repair", "CH", "GB", items=[GBP_WATCH]))
    assert (d["import"]["regime"], d["import"]["procedure_code"]) == ("inward_processing", "5100")
    assert d["import"]["vat"] == money("0.00", "GBP")


def test_paid_repair_including_an_upgrade_is_dutiable_on_the_whole_repair_cost():
    """Split charges only relieve the warranty part (§15 step 4): a paid repair pays on all of it, upgrade included."""
    d = reimport(repair=repair(cost="400.00", charged=True, upgrade="150.00"))
    assert d["import"]["duty_base"] == "repair_cost"
    assert d["import"]["customs_value"] == money("455.00", "GBP")
