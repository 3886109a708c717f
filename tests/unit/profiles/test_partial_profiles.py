"""Mexico, China and India: PARTIAL profiles (status: partial) on the MX/CN/IN side(s), GB as counterpart.

Facts: ../shared/reference/customs-regimes.md §11 (Mexico), §12 (China), §13 (India), §14, §15, §17 items 15-16.
A partial profile flags every answer PROFILE_PARTIAL; where it has no rule for a movement the engine answers with
its conservative default (plain export / plain import at full value). Amounts are in the destination's currency
so that no exchange rate is involved.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import codes, decide, item, leg, money, party, severity, side_flags

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


def any_leg(movement: str, from_country: str, to_country: str, currency: str) -> dict[str, Any]:
    extra: dict[str, Any] = {"items": [item(currency=currency)]}
    if movement == "return_after_repair":
        extra["repair"] = {"cost": money("100.00", currency), "charged": True}
    return leg(movement, from_country, to_country, **extra)


def partial_on(decision: dict, side: str) -> bool:
    return any(f["code"] == "PROFILE_PARTIAL" and f["side"] == side for f in decision["flags"])


# --- every answer from a partial profile is flagged ----------------------------------------------------------

PARTIAL = [("MX", "MXN"), ("CN", "CNY"), ("IN", "INR")]


@pytest.mark.parametrize(("country", "currency"), PARTIAL)
@pytest.mark.parametrize("movement", MOVEMENTS)
def test_every_import_side_answer_of_a_partial_profile_is_flagged(country, currency, movement):
    """customs-regimes.md §11-§13 (partial coverage); DESIGN.md §4 PROFILE_PARTIAL: a best effort to be checked."""
    d = decide(any_leg(movement, "GB", country, currency))
    assert d["import"]["jurisdiction"] == country
    assert partial_on(d, "import")
    assert d["import"]["confirmed"] is False


@pytest.mark.parametrize(("country", "currency"), PARTIAL)
@pytest.mark.parametrize("movement", MOVEMENTS)
def test_every_export_side_answer_of_a_partial_profile_is_flagged(country, currency, movement):
    """customs-regimes.md §11-§13 (partial coverage); DESIGN.md §4 PROFILE_PARTIAL: a best effort to be checked."""
    d = decide(any_leg(movement, country, "GB", "GBP"))
    assert d["export"]["jurisdiction"] == country
    assert partial_on(d, "export")
    assert d["export"]["confirmed"] is False


def test_the_confirmed_counterpart_is_not_flagged_partial():
    """GB is a confirmed profile: PROFILE_PARTIAL names only the partial side (customs-regimes.md §4 vs §11)."""
    d = decide(any_leg("demo_dispatch", "GB", "MX", "MXN"))
    assert not partial_on(d, "export")
    assert d["export"]["confirmed"] is True


# =============================================================================================================
# Mexico (customs-regimes.md §11)
# =============================================================================================================

MX_LAPTOP = item(currency="MXN", unit_value="20000.00", serial_numbers=["SN-0001"])
MX_COSTS = {
    "freight": money("1500.00", "MXN"),
    "insurance": money("200.00", "MXN"),
    "outbound_freight": money("1400.00", "MXN"),
}
MX_TEMP_EXPORT = {
    "date": "2026-06-01",
    "regime": "temporary_export",
    "exporter": "Importer Co",
    "hs_code": "847130",
    "serial_numbers": ["SN-0001"],
}
MX_SALE_TO_GB = {
    "date": "2026-09-15",
    "regime": "standard_export",
    "exporter": "Acme Ltd",
    "hs_code": "847130",
    "serial_numbers": ["SN-0001"],
}


def test_mx_demo_unit_enters_under_temporary_import_without_foreign_trade_taxes():
    """Ley Aduanera Arts. 104 fr. I, 105-106: temporary import, no foreign-trade taxes; IVA estimated ([K])."""
    d = decide(leg("demo_dispatch", "GB", "MX", items=[MX_LAPTOP], costs=MX_COSTS))
    imp = d["import"]
    assert imp["regime"] == "temporary_admission"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("21700.00", "MXN")  # CIF: 20000 + 1500 + 200
    assert imp["duty"] == money("0.00", "MXN")
    assert imp["vat"] == money(
        "3472.00", "MXN"
    )  # IVA 16 % conservatively charged: Art. 104 relieves foreign-trade taxes only
    assert imp["ior_required"] is False
    assert imp["deadline"] is None  # the Art. 106 period is open (§17 q.15)
    assert any("RGCE rule 1.3.1" in basis for basis in imp["legal_basis"])
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}
    assert d["export"]["procedure_code"] == "2300"  # GB: temporary export for return in the unaltered state


def test_mx_demo_unit_leaves_as_temporary_export_with_a_one_year_return_deadline():
    """Ley Aduanera Arts. 113-116: temporary export, no taxes; up to 1 year for exhibitions and samples."""
    d = decide(leg("demo_dispatch", "MX", "GB", items=[item(currency="GBP")]))
    exp = d["export"]
    assert exp["regime"] == "temporary_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"]["date"] == "2027-11-20"
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


def test_mx_demo_unit_not_back_in_time_is_flagged_as_becoming_a_definitive_export():
    """Ley Aduanera Art. 114: a temporary export not returned within its period becomes a definitive export."""
    d = decide(leg("demo_dispatch", "MX", "GB", items=[item(currency="GBP")], as_of="2028-01-10"))
    assert d["export"]["regime"] == "temporary_export"
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "export")


def test_mx_export_for_repair_is_an_art_117_temporary_export_not_confirmed():
    """Ley Aduanera Art. 117 (exportación temporal para reparación) [?]: encoded, but unconfirmed."""
    d = decide(leg("export_for_repair", "MX", "GB", items=[item(currency="GBP")]))
    exp = d["export"]
    assert exp["regime"] == "temporary_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert any("Art. 117" in basis for basis in exp["legal_basis"])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


def test_mx_return_after_repair_is_declared_under_art_117_but_valued_at_full_value():
    """Ley Aduanera Art. 117: the duty base on return (IGI on value added) is not verified [?] -> full value."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "MX",
            items=[MX_LAPTOP],
            costs=MX_COSTS,
            prior_export=MX_TEMP_EXPORT,
            repair={"cost": money("3000.00", "MXN"), "charged": True},
        )
    )
    imp = d["import"]
    assert imp["regime"] == "reimport_after_repair"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("21700.00", "MXN")  # not the 3000 repair cost
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_mx_return_after_repair_without_a_temporary_export_is_a_definitive_import():
    """§15 step 5: no LA Art. 117 temporary export on record -> definitive import at full value."""
    d = decide(
        leg(
            "return_after_repair",
            "GB",
            "MX",
            items=[MX_LAPTOP],
            costs=MX_COSTS,
            prior_export={**MX_TEMP_EXPORT, "regime": "standard_export"},
            repair={"cost": money("3000.00", "MXN"), "charged": True},
        )
    )
    assert d["import"]["regime"] == "standard_import"
    assert d["import"]["rule"] == "definitive-import"
    assert d["import"]["customs_value"] == money("21700.00", "MXN")


def test_mx_defective_import_returned_within_three_months_is_an_art_97_return():
    """Ley Aduanera Art. 97: defective imports returned abroad without export tax within 3 months."""
    d = decide(leg("defective_return", "MX", "GB", items=[item(currency="GBP")], prior_export=MX_SALE_TO_GB))
    exp = d["export"]
    assert exp["regime"] == "re_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"]["date"] == "2026-12-15"
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


def test_mx_defective_import_returned_after_three_months_is_a_definitive_export():
    """Ley Aduanera Art. 97 (3 months; 6 for machinery, not distinguishable) exceeded -> definitive export."""
    d = decide(
        leg(
            "defective_return",
            "MX",
            "GB",
            items=[item(currency="GBP")],
            prior_export={**MX_SALE_TO_GB, "date": "2026-07-01"},
        )
    )
    assert d["export"]["regime"] == "standard_export"
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "export")


def test_mx_refund_return_needs_a_defect_for_art_97():
    """Ley Aduanera Art. 97: only defective or non-conforming goods; a warranty claim is the evidence."""
    plain = decide(leg("return_for_refund", "MX", "GB", items=[item(currency="GBP")], prior_export=MX_SALE_TO_GB))
    defect = decide(
        leg(
            "return_for_refund",
            "MX",
            "GB",
            items=[item(currency="GBP")],
            prior_export=MX_SALE_TO_GB,
            warranty={"covered": True},
        )
    )
    assert plain["export"]["regime"] == "standard_export"
    assert defect["export"]["regime"] == "re_export"
    assert (defect["export"]["procedure_code"], defect["export"]["additional_procedure_codes"]) == (None, [])
    assert defect["export"]["eor_required"] is False
    assert defect["export"]["deadline"]["date"] == "2026-12-15"
    assert side_flags(defect, "export") == {"PROFILE_PARTIAL"}


def test_mx_returned_export_is_declared_under_art_103_at_full_value():
    """Ley Aduanera Art. 103 (returns without IGI): conditions not verified [?] -> conservative full value."""
    d = decide(
        leg(
            "return_for_refund",
            "GB",
            "MX",
            items=[MX_LAPTOP],
            costs=MX_COSTS,
            prior_export={**MX_TEMP_EXPORT, "regime": "standard_export"},
        )
    )
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("21700.00", "MXN")
    assert imp["vat"] == money("3472.00", "MXN")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_mx_defective_unit_returning_to_a_mexican_seller_is_declared_under_art_103_at_full_value():
    """Ley Aduanera Art. 103 [?]; RGCE rule 1.3.1 (no Padrón for Art. 103 returns): conservative full value."""
    d = decide(
        leg(
            "defective_return",
            "GB",
            "MX",
            items=[MX_LAPTOP],
            costs=MX_COSTS,
            prior_export={**MX_TEMP_EXPORT, "regime": "standard_export"},
        )
    )
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("21700.00", "MXN")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert any("RGCE rule 1.3.1" in basis for basis in imp["legal_basis"])
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_mx_demo_coming_home_is_declared_as_an_art_116_return_at_full_value():
    """Ley Aduanera Arts. 113-116 ('no taxes'; import side of the return not stated) -> conservative full value."""
    d = decide(leg("demo_return", "GB", "MX", items=[MX_LAPTOP], costs=MX_COSTS, prior_export=MX_TEMP_EXPORT))
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert imp["rule"] == "art-116-return"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("21700.00", "MXN")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_mx_demo_coming_home_without_a_temporary_export_is_a_definitive_import():
    """§15 step 5: no LA Art. 116 temporary export on record -> definitive import at full value."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "MX",
            items=[MX_LAPTOP],
            costs=MX_COSTS,
            prior_export={**MX_TEMP_EXPORT, "regime": "standard_export"},
        )
    )
    assert (d["import"]["regime"], d["import"]["rule"]) == ("standard_import", "definitive-import")


def test_mx_temporarily_imported_demo_leaves_as_a_return_abroad():
    """Ley Aduanera Arts. 104-106: the temporary import is discharged by the return abroad (period [?])."""
    d = decide(
        leg(
            "demo_return",
            "MX",
            "GB",
            items=[item(currency="GBP")],
            prior_export={"date": "2026-06-01", "regime": "temporary_export", "exporter": "Importer Co"},
        )
    )
    exp = d["export"]
    assert exp["regime"] == "re_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


def test_mx_uncovered_movement_falls_back_to_a_plain_import_at_full_value():
    """customs-regimes.md §11 has no rule for warranty replacements: engine default, standard import at full value."""
    d = decide(leg("warranty_replacement", "GB", "MX", items=[MX_LAPTOP], costs=MX_COSTS))
    imp = d["import"]
    assert imp["rule"] == "generic-import"
    assert imp["regime"] == "standard_import"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("21700.00", "MXN")
    assert imp["duty"] is None  # no IGI rates encoded: not estimated rather than invented
    assert imp["ior_required"] is False
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_mx_foreign_importer_without_rfc_needs_a_mexican_importer_of_record():
    """customs-regimes.md §11/§14: definitive imports need RFC + Padrón + e.firma; non-residents use a local IOR."""
    d = decide(leg("warranty_replacement", "GB", "MX", items=[MX_LAPTOP], importer=party("Acme Ltd", "GB")))
    assert d["import"]["ior_required"] is True
    assert d["import"]["representation"] == "indirect"
    assert severity(d, "NO_LOCAL_IMPORTER") == "error"


def test_mx_temporary_import_by_a_foreign_owner_also_needs_an_importer_of_record():
    """§17 q.15: whether a non-resident may be the temporary importer is open -> IOR required (conservative)."""
    d = decide(leg("demo_dispatch", "GB", "MX", items=[MX_LAPTOP], importer=party("Acme Ltd", "GB")))
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" in codes(d)


def test_mx_assigned_importer_of_record_clears_the_missing_importer_flag():
    """customs-regimes.md §11: a third-party IOR established in Mexico imports for the foreign seller."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "MX",
            items=[MX_LAPTOP],
            importer=party("Acme Ltd", "GB"),
            ior=party("Agencia IOR SA de CV", "MX", identifiers={"RFC": "AIO010101AB1"}),
        )
    )
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" not in codes(d)


# =============================================================================================================
# China (customs-regimes.md §12)
# =============================================================================================================

CN_LAPTOP = item(currency="CNY", unit_value="8000.00", duty_rate="5", serial_numbers=["SN-0001"])
CN_COSTS = {
    "freight": money("300.00", "CNY"),
    "insurance": money("50.00", "CNY"),
    "outbound_freight": money("280.00", "CNY"),
}
CN_REPAIR_EXPORT = {
    "date": "2026-06-01",
    "regime": "outward_processing",
    "exporter": "Importer Co",
    "hs_code": "847130",
    "serial_numbers": ["SN-0001"],
}
CN_SALE_EXPORT = {
    "date": "2026-03-01",
    "regime": "standard_export",
    "exporter": "Importer Co",
    "hs_code": "847130",
    "serial_numbers": ["SN-0001"],
}


def cn_repair_return(**overrides: Any) -> dict:
    base: dict[str, Any] = {
        "items": [CN_LAPTOP],
        "costs": CN_COSTS,
        "prior_export": CN_REPAIR_EXPORT,
        "repair": {"cost": money("1200.00", "CNY"), "charged": True},
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "GB", "CN", **base))


def test_cn_repaired_goods_are_dutiable_on_the_repair_fee_plus_return_freight_and_insurance():
    """Goods exported for repair (出境修理货物): dutiable value = repair fee + materials + return freight/insurance."""
    d = cn_repair_return()
    imp = d["import"]
    assert imp["regime"] == "reimport_after_repair"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("1550.00", "CNY")  # 1200 + 300 + 50; outbound freight not added
    assert imp["duty"] == money("77.50", "CNY")
    assert imp["vat"] == money("211.58", "CNY")  # 13 % [K] of 1550 + 77.50
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_cn_repair_cost_valuation_is_capped_at_the_full_value():
    """Relief never costs more than no relief: a repair dearer than the goods is valued at the full CIF value."""
    d = cn_repair_return(repair={"cost": money("9000.00", "CNY"), "charged": True})
    assert d["import"]["customs_value"] == money("8350.00", "CNY")


def test_cn_goods_not_exported_for_repair_are_reimported_at_full_value():
    """§12: the repair valuation is for goods exported for repair; a sale export coming back repaired -> full value."""
    d = cn_repair_return(prior_export={**CN_REPAIR_EXPORT, "regime": "standard_export"})
    assert d["import"]["regime"] == "standard_import"
    assert d["import"]["customs_value"] == money("8350.00", "CNY")  # CIF 8000 + 300 + 50
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" in codes(d)


def test_cn_goods_reclassified_after_repair_lose_the_repair_valuation():
    """§15 step 1: a changed HS code means transformation, not repair -> full value."""
    d = cn_repair_return(items=[{**CN_LAPTOP, "hs_code": "847150"}])
    assert d["import"]["duty_base"] == "full_value"
    assert severity(d, "RECLASSIFIED_AFTER_REPAIR") == "error"


def test_cn_repair_return_without_an_export_record_is_flagged():
    """§12 goods exported for repair: without the export on record the repair valuation cannot be claimed."""
    d = cn_repair_return(prior_export=None)
    assert d["import"]["duty_base"] == "full_value"
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_cn_defective_export_returned_within_one_year_is_free_of_duty_and_vat():
    """GAC Order 124 Art. 57: exports returned in original condition within 1 year for quality reasons: no duty/VAT."""
    d = decide(leg("defective_return", "GB", "CN", items=[CN_LAPTOP], costs=CN_COSTS, prior_export=CN_SALE_EXPORT))
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("8350.00", "CNY")
    assert imp["duty"] == money("0.00", "CNY")
    assert imp["vat"] == money("0.00", "CNY")
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2027-03-01"
    assert any("export VAT refund" in doc for doc in imp["documents"])
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_cn_returned_export_after_one_year_falls_back_to_full_value():
    """GAC Order 124 Art. 57: 1 year exceeded -> ordinary import at full value, RELIEF_PERIOD_EXCEEDED."""
    d = decide(
        leg(
            "defective_return",
            "GB",
            "CN",
            items=[CN_LAPTOP],
            costs=CN_COSTS,
            prior_export={**CN_SALE_EXPORT, "date": "2025-10-01"},
        )
    )
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert imp["duty_base"] == "full_value"
    assert imp["duty"] == money("417.50", "CNY")  # 5 % of 8350
    assert "RELIEF_PERIOD_EXCEEDED" in codes(d)


def test_cn_returned_export_without_an_export_record_is_flagged():
    """GAC Order 124 Art. 57 needs the original export: none on record -> full value, NO_PRIOR_EXPORT_RECORD."""
    d = decide(leg("defective_return", "GB", "CN", items=[CN_LAPTOP], costs=CN_COSTS))
    assert d["import"]["duty_base"] == "full_value"
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_cn_refund_return_is_relieved_only_for_a_quality_reason():
    """GAC Order 124 Art. 57: quality or specification reasons only; a warranty claim is that evidence."""
    plain = decide(leg("return_for_refund", "GB", "CN", items=[CN_LAPTOP], costs=CN_COSTS, prior_export=CN_SALE_EXPORT))
    quality = decide(
        leg(
            "return_for_refund",
            "GB",
            "CN",
            items=[CN_LAPTOP],
            costs=CN_COSTS,
            prior_export=CN_SALE_EXPORT,
            warranty={"covered": True},
        )
    )
    assert (plain["import"]["regime"], plain["import"]["duty_base"]) == ("standard_import", "full_value")
    assert (quality["import"]["regime"], quality["import"]["duty_base"]) == ("returned_goods_relief", "none")
    assert quality["import"]["vat"] == money("0.00", "CNY")
    assert quality["import"]["deadline"]["date"] == "2027-03-01"
    assert side_flags(quality, "import") == {"PROFILE_PARTIAL"}


def test_cn_free_of_charge_replacement_is_duty_free_once_the_original_has_been_returned():
    """无代价抵偿货物: an FOC replacement is not dutiable when the original goods are returned; VAT estimated."""
    original_returned = {**CN_SALE_EXPORT, "date": "2026-11-01"}
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "CN",
            items=[CN_LAPTOP],
            costs=CN_COSTS,
            warranty={"covered": True},
            prior_export=original_returned,
        )
    )
    imp = d["import"]
    assert imp["regime"] == "warranty_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("8350.00", "CNY")
    assert imp["duty"] == money("0.00", "CNY")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert imp["vat"] == money("1085.50", "CNY")  # 13 % of 8350: VAT relief not confirmed, charged conservatively
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_cn_replacement_while_the_original_stays_in_china_is_dutiable():
    """无代价抵偿货物: duty on the replacement if the original goods are neither returned nor abandoned."""
    d = decide(leg("warranty_replacement", "GB", "CN", items=[CN_LAPTOP], costs=CN_COSTS, warranty={"covered": True}))
    assert (d["import"]["regime"], d["import"]["duty_base"]) == ("standard_import", "full_value")
    assert d["import"]["duty"] == money("417.50", "CNY")
    assert "WARRANTY_RELIEF_NOT_APPLIED" in codes(d)


def test_cn_advance_replacement_is_dutiable_while_the_defective_unit_has_not_left():
    """无代价抵偿货物: the advance replacement arrives before the original leaves -> full value (conservative)."""
    d = decide(
        leg(
            "advance_replacement",
            "GB",
            "CN",
            items=[CN_LAPTOP],
            costs=CN_COSTS,
            warranty={"covered": True},
            paired_leg={"movement": "defective_return", "ship_date": "2026-12-10"},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["customs_value"] == money("8350.00", "CNY")
    assert imp["duty"] == money("417.50", "CNY")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"PROFILE_PARTIAL", "WARRANTY_RELIEF_NOT_APPLIED"}


def test_cn_demo_unit_enters_temporarily_against_a_guarantee_for_six_months():
    """GAC Decree 157: temporary entry, generally up to 6 months, deposit or guarantee; ATA only for convention goods."""
    d = decide(leg("demo_dispatch", "GB", "CN", items=[CN_LAPTOP], costs=CN_COSTS))
    imp = d["import"]
    assert imp["regime"] == "temporary_admission"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("8350.00", "CNY")
    assert (imp["duty"], imp["vat"]) == (money("0.00", "CNY"), money("0.00", "CNY"))
    assert imp["guarantee_required"] is True
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2027-05-20"
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_cn_demo_unit_still_in_china_after_six_months_is_overdue():
    """GAC Decree 157: re-export due within 6 months of entry."""
    d = decide(leg("demo_dispatch", "GB", "CN", items=[CN_LAPTOP], as_of="2027-06-01"))
    assert d["import"]["regime"] == "temporary_admission"
    assert severity(d, "TEMPORARY_ADMISSION_OVERDUE") == "error"


def test_cn_demo_unit_leaves_china_as_a_re_export_within_six_months():
    """GAC Decree 157: the temporary entry is discharged by re-export within 6 months."""
    d = decide(
        leg(
            "demo_return",
            "CN",
            "GB",
            items=[item(currency="GBP")],
            prior_export={"date": "2026-08-01", "regime": "temporary_export", "exporter": "Importer Co"},
        )
    )
    exp = d["export"]
    assert exp["regime"] == "re_export"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"]["date"] == "2027-02-01"
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


def test_cn_demo_unit_coming_home_gets_no_unverified_relief():
    """GAC Order 124 Art. 57 covers quality returns only; temporary exit is not in §12 -> full value, unconfirmed."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "CN",
            items=[CN_LAPTOP],
            costs=CN_COSTS,
            prior_export={**CN_SALE_EXPORT, "regime": "temporary_export"},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["customs_value"] == money("8350.00", "CNY")
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_cn_uncovered_movement_falls_back_to_a_plain_import_at_full_value():
    """customs-regimes.md §12 has no rule for goods entering China for repair: engine default at full value."""
    d = decide(leg("export_for_repair", "GB", "CN", items=[CN_LAPTOP], costs=CN_COSTS))
    imp = d["import"]
    assert imp["rule"] == "generic-import"
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert imp["procedure_code"] is None
    assert imp["customs_value"] == money("8350.00", "CNY")
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_cn_duty_above_rmb_50_is_charged():
    """Duty de minimis (RMB 50 per ticket, §12) does not reach a ticket whose duty is above RMB 50."""
    d = decide(leg("warranty_replacement", "GB", "CN", items=[{**CN_LAPTOP, "unit_value": "1100.00"}]))
    assert d["import"]["duty"] == money("55.00", "CNY")
    assert "BELOW_DE_MINIMIS" not in codes(d)


def test_cn_duty_of_rmb_50_or_less_per_ticket_is_exempt():
    """customs-regimes.md §12 [S secondary]: duty <= RMB 50 per ticket is exempt."""
    d = decide(leg("warranty_replacement", "GB", "CN", items=[{**CN_LAPTOP, "unit_value": "900.00"}]))
    assert d["import"]["duty"] == money("0.00", "CNY")  # 5 % of 900 = 45.00 <= 50
    assert "BELOW_DE_MINIMIS" in codes(d)


def test_cn_foreign_importer_needs_a_chinese_consignee_of_record():
    """customs-regimes.md §14: customs registration / USCC [K], non-resident IOR [?] -> local IOR (conservative)."""
    d = decide(leg("warranty_replacement", "GB", "CN", items=[CN_LAPTOP], importer=party("Acme Ltd", "GB")))
    assert d["import"]["ior_required"] is True
    assert severity(d, "NO_LOCAL_IMPORTER") == "error"


def test_cn_export_for_repair_is_declared_as_goods_for_repair_unconfirmed():
    """§12 goods exported for repair: export-side formalities are not described -> unconfirmed rule."""
    d = decide(leg("export_for_repair", "CN", "GB", items=[item(currency="GBP")]))
    exp = d["export"]
    assert exp["regime"] == "outward_processing"
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


# =============================================================================================================
# India (customs-regimes.md §13)
# =============================================================================================================

IN_LAPTOP = item(currency="INR", unit_value="100000.00", duty_rate="10", serial_numbers=["SN-0001"])
IN_COSTS = {
    "freight": money("3000.00", "INR"),
    "insurance": money("500.00", "INR"),
    "outbound_freight": money("2800.00", "INR"),
}
IN_REPAIR_EXPORT = {
    "date": "2025-02-01",
    "regime": "outward_processing",
    "exporter": "Importer Co",
    "hs_code": "847130",
    "serial_numbers": ["SN-0001"],
}
IN_SALE_EXPORT = {
    "date": "2026-01-10",
    "regime": "standard_export",
    "exporter": "Importer Co",
    "hs_code": "847130",
    "serial_numbers": ["SN-0001"],
}


def in_repair_return(**overrides: Any) -> dict:
    base: dict[str, Any] = {
        "items": [IN_LAPTOP],
        "costs": IN_COSTS,
        "prior_export": IN_REPAIR_EXPORT,
        "repair": {"cost": money("12000.00", "INR"), "charged": True},
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "GB", "IN", **base))


def test_in_goods_exported_for_repair_pay_duty_on_the_cost_of_repairs_within_three_years():
    """Notification 45/2017-Customs: re-import within 3 years, duty on the cost of repairs (+ freight/insurance both ways)."""
    d = in_repair_return()
    imp = d["import"]
    assert imp["regime"] == "reimport_after_repair"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("18300.00", "INR")  # 12000 + 3000 + 500 + 2800 (formula open: widest base)
    assert imp["duty"] == money("1830.00", "INR")
    assert imp["vat"] == money("3623.40", "INR")  # IGST 18 % of 18300 + 1830
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2028-02-01"
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_in_repair_reimport_after_three_years_falls_back_to_full_value():
    """Notification 45/2017-Customs: 3 years exceeded -> full assessable value, RELIEF_PERIOD_EXCEEDED."""
    d = in_repair_return(prior_export={**IN_REPAIR_EXPORT, "date": "2023-06-01"})
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("103500.00", "INR")  # CIF 100000 + 3000 + 500
    assert imp["duty"] == money("10350.00", "INR")
    assert "RELIEF_PERIOD_EXCEEDED" in codes(d)
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" not in codes(d)


def test_in_repair_reimport_without_an_export_record_is_flagged():
    """Notification 45/2017-Customs needs the export for repair on record -> full value, NO_PRIOR_EXPORT_RECORD."""
    d = in_repair_return(prior_export=None)
    assert d["import"]["duty_base"] == "full_value"
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_in_free_of_charge_warranty_repair_is_still_dutiable_on_the_repair_value():
    """§13: whole-duty exemption for FOC warranty repairs shown only for personal property [?] -> repair cost."""
    d = in_repair_return(repair={"cost": money("12000.00", "INR"), "charged": False}, warranty={"covered": True})
    assert d["import"]["duty_base"] == "repair_cost"
    assert d["import"]["duty"] == money("1830.00", "INR")


@pytest.mark.parametrize("movement", ["return_for_refund", "defective_return", "demo_return"])
def test_in_reimported_exports_are_exempt_from_duty_and_igst(movement):
    """Notification 45/2017-Customs: re-imported goods exempt except an amount equal to export benefits availed."""
    d = decide(leg(movement, "GB", "IN", items=[IN_LAPTOP], costs=IN_COSTS, prior_export=IN_SALE_EXPORT))
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("103500.00", "INR")
    assert (imp["duty"], imp["vat"]) == (money("0.00", "INR"), money("0.00", "INR"))
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert any("export benefits" in doc for doc in imp["documents"])
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_in_reimport_without_an_indian_export_is_flagged():
    """Notification 45/2017-Customs applies to goods exported from India: none on record -> NO_PRIOR_EXPORT_RECORD."""
    d = decide(leg("return_for_refund", "GB", "IN", items=[IN_LAPTOP], costs=IN_COSTS))
    assert (d["import"]["regime"], d["import"]["duty_base"]) == ("standard_import", "full_value")
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_in_uncovered_movement_falls_back_to_a_plain_import_at_full_value_with_igst_estimated():
    """customs-regimes.md §13 has no rule for demo imports: engine default; IGST 18 % estimate ([K], varies by goods)."""
    d = decide(leg("demo_dispatch", "GB", "IN", items=[IN_LAPTOP], costs=IN_COSTS))
    imp = d["import"]
    assert imp["rule"] == "generic-import"
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert imp["procedure_code"] is None
    assert imp["customs_value"] == money("103500.00", "INR")
    assert imp["vat_rate"] == "18"
    assert imp["vat"] == money("20493.00", "INR")  # 18 % of 103500 + 10350
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_in_foreign_importer_without_iec_needs_a_local_importer_of_record():
    """customs-regimes.md §13: IEC (= PAN) mandatory; a foreign company without IEC needs a local IOR."""
    d = decide(leg("warranty_replacement", "GB", "IN", items=[IN_LAPTOP], importer=party("Acme Ltd", "GB")))
    assert d["import"]["ior_required"] is True
    assert severity(d, "NO_LOCAL_IMPORTER") == "error"


def test_in_foreign_importer_holding_an_iec_may_import_in_its_own_name():
    """customs-regimes.md §13: the IEC (= PAN, 10 characters) is what entitles a party to import."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "IN",
            items=[IN_LAPTOP],
            importer=party("Acme Ltd", "GB", identifiers={"IEC": "AAACA1234B"}),
        )
    )
    assert d["import"]["ior_required"] is False
    assert "NO_LOCAL_IMPORTER" not in codes(d)
    assert any("IEC" in doc for doc in d["import"]["documents"])


def test_in_export_for_repair_is_declared_for_repair_and_a_foreign_exporter_needs_an_iec():
    """§13 (IEC for exports too); Notification 45/2017 relief needs the export for repair on the shipping bill."""
    own = decide(leg("export_for_repair", "IN", "GB", items=[item(currency="GBP")]))
    foreign = decide(
        leg("export_for_repair", "IN", "GB", items=[item(currency="GBP")], exporter=party("Acme Ltd", "GB"))
    )
    assert own["export"]["regime"] == "outward_processing"
    assert (own["export"]["procedure_code"], own["export"]["additional_procedure_codes"]) == (None, [])
    assert own["export"]["eor_required"] is False
    assert own["export"]["deadline"] is None
    assert side_flags(own, "export") == {"PROFILE_PARTIAL"}
    assert foreign["export"]["eor_required"] is True
    assert severity(foreign, "NO_LOCAL_EXPORTER") == "error"
