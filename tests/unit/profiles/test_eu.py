"""European Union customs union (Union Customs Code): every movement kind on the EU side(s), GB as counterpart.

Facts: ../shared/reference/customs-regimes.md §1, §2, §3.1-3.6, §14, §15, §17; UCC = Regulation (EU)
No 952/2013, DA = Delegated Regulation (EU) 2015/2446, VAT Directive = Council Directive 2006/112/EC.
Amounts are given in the destination's currency so that customs values, duty and VAT are exact.
"""

from __future__ import annotations

from decimal import Decimal

import babel
import pytest

from tests.support import codes, decide, item, leg, money, party, severity
from tradedesk.data.loader import load_profiles

EU_MEMBERS = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]

WATCH = item(
    description="Wristwatch",
    hs_code="910211",
    origin_country="CH",
    unit_value="2500.00",
    currency="EUR",
    serial_numbers=["W-1"],
)
LAPTOP = item(unit_value="1000.00", currency="EUR")
COSTS = {
    "freight": money("45.00", "EUR"),
    "insurance": money("10.00", "EUR"),
    "outbound_freight": money("40.00", "EUR"),
}
NO_WARRANTY = {"covered": False, "paid_service_contract": False, "expires": None}
WARRANTY = {"covered": True, "paid_service_contract": False, "expires": "2027-06-30"}


def prior(
    regime: str = "outward_processing",
    code: str = "2100",
    date: str = "2026-06-01",
    hs_code: str = "910211",
    exporter: str = "Importer Co",
    serials: tuple[str, ...] = ("W-1",),
    deadline: str | None = None,
) -> dict:
    return {
        "date": date,
        "regime": regime,
        "procedure_code": code,
        "reference": "26DE12345678901234",
        "exporter": exporter,
        "hs_code": hs_code,
        "serial_numbers": list(serials),
        "reimport_deadline": deadline,
    }


def repair(cost: str = "400.00", charged: bool = True, upgrade: str | None = None, essential: bool = False) -> dict:
    return {
        "cost": money(cost, "EUR"),
        "charged": charged,
        "upgrade_value": None if upgrade is None else money(upgrade, "EUR"),
        "essential_parts_replaced": essential,
    }


def reimport_into_de(**overrides) -> dict:
    """A watch sent from DE to a GB repairer under OP 2100 on 2026-06-01 comes back on 2026-11-20."""
    base = {"items": [WATCH], "repair": repair(), "costs": COSTS, "prior_export": prior(), "warranty": NO_WARRANTY}
    base.update(overrides)
    return decide(leg("return_after_repair", "GB", "DE", **base))


def flags_on(decision: dict, side: str) -> set[str]:
    return {f["code"] for f in decision["flags"] if f["side"] in (side, None)}


def pc(side: dict) -> tuple[str | None, list[str]]:
    return side["procedure_code"], side["additional_procedure_codes"]


# --- the profile's member data ---------------------------------------------------------------------------------


def test_the_union_has_all_27_member_states_with_currency_locale_and_vat_source():
    """TEU/TFEU membership (customs-regimes.md §14 EU row): 27 Member States, each with its own VAT rate."""
    eu = load_profiles().profiles["EU"]
    assert eu.kind == "customs_union"
    assert sorted(eu.members) == sorted(EU_MEMBERS)
    for member in eu.members.values():
        babel.Locale.parse(member.locale)
        assert member.vat_rate is not None and member.vat_source


@pytest.mark.parametrize(
    ("country", "currency"),
    [
        ("DE", "EUR"),
        ("BG", "EUR"),
        ("CZ", "CZK"),
        ("DK", "DKK"),
        ("HU", "HUF"),
        ("PL", "PLN"),
        ("RO", "RON"),
        ("SE", "SEK"),
        ("HR", "EUR"),
    ],
)
def test_member_currencies(country, currency):
    """Euro area members use EUR (Bulgaria since 1 January 2026); the others their national currency."""
    assert load_profiles().profiles["EU"].currency_of(country) == currency


@pytest.mark.parametrize(
    ("country", "rate"),
    [
        ("DE", "19"),
        ("FR", "20"),
        ("NL", "21"),
        ("IT", "22"),
        ("IE", "23"),
        ("SE", "25"),
        ("FI", "25.5"),
        ("HU", "27"),
        ("LU", "17"),
        ("EE", "24"),
        ("RO", "21"),
        ("SK", "23"),
        ("MT", "18"),
        ("CY", "19"),
    ],
)
def test_member_standard_vat_rates(country, rate):
    """European Commission 'VAT rates applied in the Member States' (customs-regimes.md §3.6)."""
    assert load_profiles().profiles["EU"].members[country].vat_rate == Decimal(rate)


# --- inside the customs union ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "movement",
    [
        "export_for_repair",
        "return_after_repair",
        "warranty_replacement",
        "advance_replacement",
        "defective_return",
        "demo_dispatch",
        "demo_return",
        "return_for_refund",
    ],
)
def test_intra_eu_leg_has_no_customs_formalities(movement):
    """TFEU Arts. 28-30; UCC Art. 5(23), 201(3): Union goods move between Member States without formalities."""
    extra = {"repair": repair()} if movement == "return_after_repair" else {}
    d = decide(leg(movement, "DE", "FR", items=[LAPTOP], warranty=WARRANTY, **extra))
    assert d["export"]["regime"] == d["import"]["regime"] == "no_formalities"
    assert d["export"]["jurisdiction"] == d["import"]["jurisdiction"] == "EU"
    assert any("TFEU" in basis for basis in d["import"]["legal_basis"])
    assert d["flags"] == []


# --- export for repair -------------------------------------------------------------------------------------------


def test_export_for_repair_is_outward_processing_2100():
    """UCC Art. 259 (repair is processing, Art. 5(37)); DE 1/10 2100; period fixed in the OP authorisation."""
    d = decide(leg("export_for_repair", "DE", "GB", items=[WATCH]))
    exp = d["export"]
    assert exp["jurisdiction"] == "EU"
    assert exp["regime"] == "outward_processing"
    assert pc(exp) == ("2100", ["000"])
    assert exp["eor_required"] is False
    assert exp["deadline"]["date"] == "2027-11-20"
    assert codes(d) == set()


def test_export_for_repair_under_warranty_stays_2100_and_is_marked_unconfirmed():
    """UCC Arts. 259-260; 2100 + B51 correlation open (customs-regimes.md §3.3 note, §17 q.3): B51 left out."""
    d = decide(leg("export_for_repair", "DE", "GB", items=[WATCH], warranty=WARRANTY))
    assert d["export"]["regime"] == "outward_processing"
    assert pc(d["export"]) == ("2100", ["000"])
    assert d["export"]["confirmed"] is False
    assert flags_on(d, "export") == {"PROFILE_PARTIAL"}


def test_export_by_a_non_eu_party_needs_an_exporter_of_record():
    """UCC Art. 170(2): the declarant is established in the Union; representation UCC Arts. 18-19."""
    d = decide(leg("export_for_repair", "DE", "GB", items=[WATCH], exporter=party("UK Owner Ltd", "GB")))
    assert d["export"]["eor_required"] is True
    assert d["export"]["representation"] == "indirect"
    assert severity(d, "NO_LOCAL_EXPORTER") == "error"


def test_goods_entering_the_union_for_repair_go_under_inward_processing_5100():
    """UCC Art. 256 (inward processing, incl. repair); VAT Directive Arts. 61, 156: VAT suspended; guarantee."""
    d = decide(
        leg("export_for_repair", "GB", "DE", items=[LAPTOP], costs=COSTS, importer=party("Repair Hub GmbH", "DE"))
    )
    imp = d["import"]
    assert imp["regime"] == "inward_processing"
    assert pc(imp) == ("5100", ["000"])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("1055.00", "EUR")
    assert imp["duty"] == money("0.00", "EUR")
    assert imp["vat"] == money("0.00", "EUR")
    assert imp["ior_required"] is False
    assert imp["guarantee_required"] is True
    assert imp["deadline"] is None
    assert flags_on(d, "import") == set()


# --- return after repair -------------------------------------------------------------------------------------


def test_charged_repair_is_6121_with_duty_on_the_repair_cost_plus_inward_freight_and_insurance():
    """UCC Art. 86(5): duty on the cost of processing abroad; freight/insurance added (conservative, §3.4 [K])."""
    d = reimport_into_de()
    imp = d["import"]
    assert imp["regime"] == "reimport_after_repair"
    assert pc(imp) == ("6121", ["000"])
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("455.00", "EUR")
    assert imp["duty"] == money("20.48", "EUR")  # CN 9102: 4.5 % of 455.00
    assert imp["vat"] == money("90.34", "EUR")  # 19 % of 400 + 45 + 10 + 20.475
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2027-06-01"
    assert codes(d) == set()


def test_free_warranty_repair_is_6121_b02_without_duty():
    """UCC Art. 260: total relief for goods repaired free of charge under guarantee; DE 1/11 APC B02."""
    d = reimport_into_de(repair=repair(charged=False), warranty=WARRANTY)
    imp = d["import"]
    assert imp["regime"] == "warranty_relief"
    assert pc(imp) == ("6121", ["B02"])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("2555.00", "EUR")
    assert imp["duty"] == money("0.00", "EUR")
    assert imp["vat"] == money("86.45", "EUR")  # 19 % of the repair's value 400 + freight 45 + insurance 10
    assert imp["deadline"]["date"] == "2027-06-01"
    assert codes(d) == set()


def test_repair_under_a_paid_service_contract_is_a_paid_repair():
    """UCC Art. 260 covers free repairs; a paid service contract is treated as a paid repair (§2, §15 step 3)."""
    d = reimport_into_de(warranty={"covered": True, "paid_service_contract": True, "expires": "2027-06-30"})
    imp = d["import"]
    assert imp["regime"] == "reimport_after_repair"
    assert pc(imp) == ("6121", ["000"])
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("455.00", "EUR")
    assert severity(d, "WARRANTY_RELIEF_NOT_APPLIED") == "warning"


def test_paid_upgrade_during_a_warranty_repair_is_dutiable_on_the_upgrade_only():
    """UCC Arts. 260 and 86(5): warranty work free, the chargeable upgrade dutiable (split: §2 [K], unconfirmed)."""
    d = reimport_into_de(repair=repair(charged=False, upgrade="150.00"), warranty=WARRANTY)
    imp = d["import"]
    assert imp["regime"] == "reimport_after_repair"
    assert pc(imp) == ("6121", ["000"])
    assert imp["duty_base"] == "upgrade_value"
    assert imp["customs_value"] == money("205.00", "EUR")
    assert imp["duty"] == money("9.23", "EUR")  # 4.5 % of 205.00 = 9.225
    assert codes(d) == {"PROFILE_PARTIAL"}


def test_paid_repair_with_an_upgrade_outside_warranty_is_dutiable_on_the_whole_repair_cost():
    """UCC Art. 86(5): duty on the cost of the processing abroad, upgrade included; no split without warranty."""
    d = reimport_into_de(repair=repair(upgrade="150.00"))
    assert d["import"]["duty_base"] == "repair_cost"
    assert d["import"]["customs_value"] == money("455.00", "EUR")
    assert codes(d) == set()


def test_hs_code_changed_abroad_means_full_value():
    """UCC Art. 259 identity; customs-regimes.md §15 step 1: a transformed article gets no OP relief."""
    d = reimport_into_de(items=[item(**{**WATCH, "hs_code": "910221"})])
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert pc(imp) == ("4000", ["000"])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("2555.00", "EUR")
    assert imp["duty"] == money("114.98", "EUR")
    assert codes(d) == {"RECLASSIFIED_AFTER_REPAIR"}


def test_essential_parts_replaced_means_full_value():
    """Repair must not create a new article (customs-regimes.md §2; §15 step 1): full value, 4000."""
    d = reimport_into_de(repair=repair(essential=True))
    assert d["import"]["duty_base"] == "full_value"
    assert pc(d["import"]) == ("4000", ["000"])
    assert codes(d) == {"NEW_ARTICLE_AFTER_REPAIR"}


def test_reimport_after_the_op_period_falls_back_to_full_value():
    """OP period fixed in the authorisation (1 year assumed); §15 step 5: relief lost, normal import."""
    d = reimport_into_de(prior_export=prior(date="2025-06-01"))
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("2555.00", "EUR")
    assert imp["deadline"] is None
    assert codes(d) == {"RELIEF_PERIOD_EXCEEDED"}


def test_reimport_within_the_authorised_period_keeps_the_relief():
    """The period set in the OP authorisation prevails over the assumed year (UCC Art. 259 authorisation)."""
    d = reimport_into_de(prior_export=prior(date="2025-06-01", deadline="2027-01-31"))
    assert d["import"]["duty_base"] == "repair_cost"
    assert d["import"]["deadline"]["date"] == "2027-01-31"
    assert "RELIEF_PERIOD_EXCEEDED" not in codes(d)


def test_repaired_goods_exported_outright_are_reimported_at_full_value():
    """UCC Art. 259: repair relief needs the OP procedure at export; §4 flag FULL_VALUE_ON_REPAIR_REIMPORT."""
    d = reimport_into_de(prior_export=prior(regime="standard_export", code="1040"))
    assert d["import"]["duty_base"] == "full_value"
    assert severity(d, "FULL_VALUE_ON_REPAIR_REIMPORT") == "warning"


def test_repaired_goods_without_a_prior_export_record_are_reimported_at_full_value():
    """UCC Art. 259 / IA Art. 253 evidence: no export on record, no relief (NO_PRIOR_EXPORT_RECORD)."""
    d = reimport_into_de(prior_export=None)
    assert d["import"]["regime"] == "standard_import"
    assert d["import"]["duty_base"] == "full_value"
    assert codes(d) == {"NO_PRIOR_EXPORT_RECORD"}


def test_eu_repairer_returns_a_foreign_unit_by_re_export_3151():
    """UCC Arts. 256, 270: inward processing discharged by re-export; DE 1/10 3151."""
    d = decide(
        leg(
            "return_after_repair",
            "DE",
            "GB",
            items=[LAPTOP],
            repair=repair(),
            prior_export=prior(regime="inward_processing", code="5100", hs_code="847130", serials=("SN-0001",)),
        )
    )
    assert d["export"]["regime"] == "re_export"
    assert pc(d["export"]) == ("3151", ["000"])
    assert d["export"]["eor_required"] is False
    assert flags_on(d, "export") == set()


# --- warranty replacement ---------------------------------------------------------------------------------------


def test_replacement_for_defective_goods_exported_under_op_is_ses_6121_b03():
    """UCC Art. 261 (standard exchange) with Art. 260 relief; APC B03; VAT on full value (§3.4, conservative)."""
    d = decide(
        leg("warranty_replacement", "GB", "DE", items=[WATCH], costs=COSTS, warranty=WARRANTY, prior_export=prior())
    )
    imp = d["import"]
    assert imp["regime"] == "warranty_relief"
    assert pc(imp) == ("6121", ["B03"])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("2555.00", "EUR")
    assert imp["duty"] == money("0.00", "EUR")
    assert imp["vat"] == money("485.45", "EUR")  # 19 % of 2555.00
    assert imp["deadline"]["date"] == "2027-06-01"
    assert codes(d) == set()


def test_replacement_without_an_op_export_is_a_normal_import_at_full_value():
    """UCC Art. 261 needs the defective goods exported under OP; otherwise UCC Art. 201 at full value."""
    d = decide(leg("warranty_replacement", "GB", "DE", items=[WATCH], costs=COSTS, warranty=WARRANTY))
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert pc(imp) == ("4000", ["000"])
    assert imp["duty_base"] == "full_value"
    assert imp["duty"] == money("114.98", "EUR")  # 4.5 % of 2555.00
    assert imp["vat"] == money("507.30", "EUR")  # 19 % of 2555.00 + 114.975
    assert codes(d) == {"WARRANTY_RELIEF_NOT_APPLIED"}


def test_replacement_shipped_from_the_union_of_imported_goods_is_export_1040():
    """UCC Art. 269; DE 1/10 1040: export of goods released for free circulation and home use."""
    d = decide(leg("warranty_replacement", "DE", "GB", items=[LAPTOP]))
    assert d["export"]["regime"] == "standard_export"
    assert pc(d["export"]) == ("1040", ["000"])
    assert d["export"]["eor_required"] is False
    assert flags_on(d, "export") == set()


def test_replacement_of_union_origin_is_export_1000_unconfirmed():
    """UCC Art. 269; DE 1/10 1000 (no previous procedure) is [K] in customs-regimes.md §3.2, §17 q.2."""
    d = decide(leg("warranty_replacement", "DE", "GB", items=[item(origin_country="DE")]))
    assert pc(d["export"]) == ("1000", ["000"])
    assert flags_on(d, "export") == {"PROFILE_PARTIAL"}


# --- advance replacement -----------------------------------------------------------------------------------


def test_advance_replacement_is_a_prior_import_under_guarantee():
    """UCC Art. 262(1): replacement imported first against a guarantee; Art. 262(2): defective out in 2 months."""
    d = decide(leg("advance_replacement", "GB", "DE", items=[WATCH], costs=COSTS, warranty=WARRANTY))
    imp = d["import"]
    assert imp["regime"] == "advance_replacement_import"
    assert pc(imp) == ("4000", ["B03"])
    assert imp["duty_base"] == "none"
    assert imp["duty"] == money("0.00", "EUR")
    assert imp["vat"] == money("485.45", "EUR")
    assert imp["guarantee_required"] is True
    assert imp["deadline"]["date"] == "2027-01-20"
    assert codes(d) == {"PROFILE_PARTIAL"}


def test_advance_replacement_whose_defective_unit_left_in_time_keeps_the_relief():
    """UCC Art. 262(2): the defective goods exported within two months of the replacement's release."""
    d = decide(
        leg(
            "advance_replacement",
            "GB",
            "DE",
            items=[WATCH],
            costs=COSTS,
            warranty=WARRANTY,
            paired_leg={"movement": "defective_return", "ship_date": "2027-01-15"},
        )
    )
    assert d["import"]["duty_base"] == "none"
    assert "REPLACEMENT_DEFECTIVE_OVERDUE" not in codes(d)


def test_advance_replacement_whose_defective_unit_left_late_pays_full_duty():
    """UCC Art. 262(2) two months exceeded: the guaranteed duty becomes due (§15 step 6)."""
    d = decide(
        leg(
            "advance_replacement",
            "GB",
            "DE",
            items=[WATCH],
            costs=COSTS,
            warranty=WARRANTY,
            paired_leg={"movement": "defective_return", "ship_date": "2027-02-15"},
        )
    )
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert pc(imp) == ("4000", ["000"])
    assert imp["duty_base"] == "full_value"
    assert imp["duty"] == money("114.98", "EUR")
    assert severity(d, "REPLACEMENT_DEFECTIVE_OVERDUE") == "error"
    assert "WARRANTY_RELIEF_NOT_APPLIED" in codes(d)


def test_advance_replacement_from_the_union_is_export_1040():
    """UCC Art. 269; DE 1/10 1040."""
    d = decide(leg("advance_replacement", "DE", "GB", items=[LAPTOP], warranty=WARRANTY))
    assert d["export"]["regime"] == "standard_export"
    assert pc(d["export"]) == ("1040", ["000"])
    assert flags_on(d, "export") == set()


# --- defective return ----------------------------------------------------------------------------------------


def test_defective_unit_under_guarantee_leaves_under_op_2100():
    """UCC Arts. 259, 261-262: standard exchange, defective goods exported under OP (B52 correlation open)."""
    d = decide(
        leg(
            "defective_return",
            "DE",
            "GB",
            items=[WATCH],
            warranty=WARRANTY,
            paired_leg={"movement": "advance_replacement", "ship_date": "2026-10-01"},
        )
    )
    exp = d["export"]
    assert exp["regime"] == "outward_processing"
    assert pc(exp) == ("2100", ["000"])
    assert exp["deadline"]["date"] == "2026-12-01"
    assert flags_on(d, "export") == {"PROFILE_PARTIAL"}


def test_defective_unit_leaving_after_two_months_is_overdue():
    """UCC Art. 262(2): two months from the replacement's release for free circulation."""
    d = decide(
        leg(
            "defective_return",
            "DE",
            "GB",
            items=[WATCH],
            warranty=WARRANTY,
            paired_leg={"movement": "advance_replacement", "ship_date": "2026-09-01"},
        )
    )
    assert d["export"]["regime"] == "outward_processing"
    assert severity(d, "REPLACEMENT_DEFECTIVE_OVERDUE") == "error"


def test_rejected_goods_without_guarantee_leave_by_export_1040_for_repayment():
    """UCC Art. 118: repayment for goods rejected as defective or not complying with the contract."""
    d = decide(leg("defective_return", "DE", "GB", items=[WATCH], warranty=NO_WARRANTY))
    exp = d["export"]
    assert exp["regime"] == "standard_export"
    assert pc(exp) == ("1040", ["000"])
    assert any("Art. 118" in basis for basis in exp["legal_basis"])
    assert flags_on(d, "export") == set()


def test_defective_unit_back_to_the_eu_seller_that_exported_it_gets_rgr_with_vat_relief():
    """UCC Art. 203 (3 years, same state); VAT Directive Art. 143(1)(e) same person; 6110 + F05."""
    d = decide(
        leg(
            "defective_return",
            "GB",
            "DE",
            items=[WATCH],
            costs=COSTS,
            importer=party("Seller GmbH", "DE"),
            prior_export=prior(regime="standard_export", code="1040", exporter="Seller GmbH"),
        )
    )
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert pc(imp) == ("6110", ["F05"])
    assert imp["duty_base"] == "none"
    assert imp["duty"] == money("0.00", "EUR")
    assert imp["vat"] == money("0.00", "EUR")
    assert imp["deadline"]["date"] == "2029-06-01"
    assert codes(d) == set()


def test_defective_unit_re_imported_by_another_person_gets_rgr_without_vat_relief():
    """UCC Art. 203 + APC F01; VAT relief (F05) only for the person who exported (VAT Dir. Art. 143(1)(e))."""
    d = decide(
        leg(
            "defective_return",
            "GB",
            "DE",
            items=[WATCH],
            costs=COSTS,
            importer=party("Repair Hub GmbH", "DE"),
            prior_export=prior(regime="standard_export", code="1040", exporter="Seller GmbH"),
        )
    )
    imp = d["import"]
    assert pc(imp) == ("6110", ["F01"])
    assert imp["duty"] == money("0.00", "EUR")
    assert imp["vat"] == money("485.45", "EUR")  # 19 % of 2555.00


# --- demo units ---------------------------------------------------------------------------------------------------


def test_demo_unit_of_a_foreign_owner_enters_under_temporary_admission_5300_d18():
    """UCC Arts. 250-251 (holder outside the Union, 24 months); APC D18; VAT Directive Arts. 61, 71."""
    d = decide(leg("demo_dispatch", "GB", "DE", items=[LAPTOP], costs=COSTS, importer=party("UK Demo Ltd", "GB")))
    imp = d["import"]
    assert imp["regime"] == "temporary_admission"
    assert pc(imp) == ("5300", ["D18"])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("1055.00", "EUR")
    assert imp["duty"] == money("0.00", "EUR")
    assert imp["vat"] == money("0.00", "EUR")
    assert imp["ior_required"] is False
    assert imp["representation"] is None
    assert imp["guarantee_required"] is True
    assert imp["deadline"]["date"] == "2028-11-20"
    assert codes(d) == set()


def test_demo_unit_kept_beyond_24_months_is_overdue():
    """UCC Art. 251(2): at most 24 months under temporary admission."""
    d = decide(
        leg("demo_dispatch", "GB", "DE", items=[LAPTOP], importer=party("UK Demo Ltd", "GB"), as_of="2029-01-10")
    )
    assert d["import"]["regime"] == "temporary_admission"
    assert severity(d, "TEMPORARY_ADMISSION_OVERDUE") == "error"


def test_a_demo_unit_declared_with_an_eu_consignee_is_temporary_admission_held_by_the_foreign_owner():
    """UCC Art. 250(2)(b): the TA holder must be established outside the Union; the foreign owner holds it (5300 D18)
    through an indirect representative, and TA_HOLDER_INELIGIBLE says the declared importer cannot."""
    d = decide(
        leg(
            "demo_dispatch",
            "US",
            "IT",
            items=[WATCH],
            exporter=party("Printer Corp", "US"),
            importer=party("Dimostrazioni Srl", "IT"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], pc(imp), imp["duty_base"]) == ("temporary_admission", ("5300", ["D18"]), "none")
    assert (imp["holder"], imp["representation"]) == ("Printer Corp", "indirect")
    assert severity(d, "TA_HOLDER_INELIGIBLE") == "warning"
    message = next(f["message"] for f in d["flags"] if f["code"] == "TA_HOLDER_INELIGIBLE")
    assert "Printer Corp" in message and "Dimostrazioni Srl" in message


def test_a_demo_unit_owned_inside_the_union_is_a_full_value_import():
    """UCC Art. 250(2)(b): nobody established outside the Union to hold TA, so release for free circulation (UCC Art. 201)."""
    d = decide(
        leg(
            "demo_dispatch",
            "GB",
            "DE",
            items=[WATCH],
            exporter=party("Vertrieb GmbH", "DE"),
            importer=party("Vertrieb GmbH", "DE"),
        )
    )
    imp = d["import"]
    assert "TA_HOLDER_INELIGIBLE" not in codes(d)
    assert imp["regime"] == "standard_import"
    assert pc(imp) == ("4000", ["000"])
    assert imp["duty_base"] == "full_value"
    assert imp["duty"] == money("112.50", "EUR")  # 4.5 % of 2500.00
    assert imp["ior_required"] is False


def test_demo_unit_sent_from_the_union_is_temporary_export_2300():
    """DE 1/10 2300 (return in the unaltered state); UCC Art. 203: 3 years for returned goods relief."""
    d = decide(leg("demo_dispatch", "DE", "GB", items=[LAPTOP]))
    exp = d["export"]
    assert exp["regime"] == "temporary_export"
    assert pc(exp) == ("2300", ["000"])
    assert exp["deadline"]["date"] == "2029-11-20"
    assert flags_on(d, "export") == set()


def test_foreign_demo_unit_leaves_the_union_by_re_export_3153():
    """UCC Arts. 250-251, 270; DE 1/10 3153; the non-established TA holder may re-export (UCC Art. 170(3)(a))."""
    d = decide(
        leg(
            "demo_return",
            "DE",
            "GB",
            items=[LAPTOP],
            exporter=party("UK Demo Ltd", "GB"),
            prior_export=prior(
                regime="temporary_export", code="2300", date="2026-01-10", hs_code="847130", serials=("SN-0001",)
            ),
        )
    )
    exp = d["export"]
    assert exp["regime"] == "re_export"
    assert pc(exp) == ("3153", ["000"])
    assert exp["eor_required"] is False
    assert exp["deadline"]["date"] == "2028-01-10"
    assert flags_on(d, "export") == set()


def test_foreign_demo_unit_re_exported_after_24_months_is_overdue():
    """UCC Art. 251(2): at most 24 months under temporary admission."""
    d = decide(
        leg(
            "demo_return",
            "DE",
            "GB",
            items=[LAPTOP],
            exporter=party("UK Demo Ltd", "GB"),
            prior_export=prior(
                regime="temporary_export", code="2300", date="2024-06-01", hs_code="847130", serials=("SN-0001",)
            ),
        )
    )
    assert d["export"]["regime"] == "re_export"
    assert severity(d, "TEMPORARY_ADMISSION_OVERDUE") == "error"


def test_union_demo_unit_coming_home_by_its_exporter_is_6123_f05():
    """UCC Art. 203; DE 1/10 6123 after 2300; VAT Directive Art. 143(1)(e) for the same person (F05)."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "DE",
            items=[LAPTOP],
            importer=party("Demo GmbH", "DE"),
            prior_export=prior(
                regime="temporary_export", code="2300", exporter="Demo GmbH", hs_code="847130", serials=("SN-0001",)
            ),
        )
    )
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert pc(imp) == ("6123", ["F05"])
    assert imp["duty_base"] == "none"
    assert imp["vat"] == money("0.00", "EUR")
    assert imp["deadline"]["date"] == "2029-06-01"
    assert codes(d) == set()


def test_union_demo_unit_coming_home_to_another_person_is_6123_f01_with_vat():
    """UCC Art. 203 + APC F01: duty relief only; import VAT at the Member State's rate."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "DE",
            items=[LAPTOP],
            importer=party("Other GmbH", "DE"),
            prior_export=prior(
                regime="temporary_export", code="2300", exporter="Demo GmbH", hs_code="847130", serials=("SN-0001",)
            ),
        )
    )
    assert pc(d["import"]) == ("6123", ["F01"])
    assert d["import"]["vat"] == money("190.00", "EUR")


# --- return for refund -------------------------------------------------------------------------------------


def refund_into_de(**overrides) -> dict:
    base = {
        "items": [WATCH],
        "costs": COSTS,
        "importer": party("Seller GmbH", "DE"),
        "prior_export": prior(regime="standard_export", code="1040", exporter="Seller GmbH"),
    }
    base.update(overrides)
    return decide(leg("return_for_refund", "GB", "DE", **base))


def test_returned_goods_re_imported_by_the_eu_seller_are_rgr_6110_f05():
    """UCC Art. 203 (3 years, same state); VAT Directive Art. 143(1)(e); DE 1/11 APC F05."""
    d = refund_into_de()
    imp = d["import"]
    assert imp["regime"] == "returned_goods_relief"
    assert pc(imp) == ("6110", ["F05"])
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("2555.00", "EUR")
    assert imp["duty"] == money("0.00", "EUR")
    assert imp["vat"] == money("0.00", "EUR")
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2029-06-01"
    assert codes(d) == set()


def test_returned_goods_re_imported_by_someone_else_are_rgr_6110_f01_with_vat():
    """UCC Art. 203 + APC F01; no VAT relief unless the exporter re-imports (VAT Dir. Art. 143(1)(e))."""
    d = refund_into_de(importer=party("Returns Hub GmbH", "DE"))
    assert pc(d["import"]) == ("6110", ["F01"])
    assert d["import"]["vat"] == money("485.45", "EUR")


def test_returned_goods_after_three_years_pay_full_duty():
    """UCC Art. 203(1): returned within 3 years; later -> UCC Art. 201 at full value."""
    d = refund_into_de(
        prior_export=prior(regime="standard_export", code="1040", exporter="Seller GmbH", date="2023-05-01")
    )
    imp = d["import"]
    assert imp["regime"] == "standard_import"
    assert pc(imp) == ("4000", ["000"])
    assert imp["duty_base"] == "full_value"
    assert imp["duty"] == money("114.98", "EUR")
    assert codes(d) == {"RELIEF_PERIOD_EXCEEDED"}


def test_returned_goods_without_an_export_record_pay_full_duty():
    """UCC Art. 203; IA Art. 253 (export declaration or INF 3 as evidence): none -> full value."""
    d = refund_into_de(prior_export=None)
    assert d["import"]["duty_base"] == "full_value"
    assert codes(d) == {"NO_PRIOR_EXPORT_RECORD"}


def test_goods_returned_from_the_union_for_refund_are_export_1040():
    """UCC Art. 269; Art. 118 repayment only for goods rejected as defective or not as contracted."""
    d = decide(leg("return_for_refund", "DE", "GB", items=[WATCH]))
    exp = d["export"]
    assert exp["regime"] == "standard_export"
    assert pc(exp) == ("1040", ["000"])
    assert exp["eor_required"] is False
    assert flags_on(d, "export") == set()


# --- VAT and currency of the Member State of import ------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "value", "currency", "rate", "vat"),
    [
        ("DE", "1000.00", "EUR", "19", "190.00"),
        ("FR", "1000.00", "EUR", "20", "200.00"),
        ("FI", "1000.00", "EUR", "25.5", "255.00"),
        ("HU", "400000", "HUF", "27", "108000"),  # HUF has no minor unit
        ("PL", "4000.00", "PLN", "23", "920.00"),
    ],
)
def test_import_vat_is_charged_at_the_rate_of_the_member_state_of_import(country, value, currency, rate, vat):
    """VAT Directive Arts. 60, 85-86: import VAT of the Member State where the goods are imported, in its currency."""
    d = decide(leg("warranty_replacement", "GB", country, items=[item(unit_value=value, currency=currency)]))
    imp = d["import"]
    assert imp["jurisdiction"] == "EU"
    assert imp["vat_rate"] == rate
    assert imp["vat"] == money(vat, currency)


def test_import_into_sweden_is_assessed_in_sek():
    """The Member State's currency (SE: SEK) and VAT rate (25 %)."""
    d = decide(leg("warranty_replacement", "GB", "SE", items=[item(unit_value="10000.00", currency="SEK")]))
    imp = d["import"]
    assert imp["customs_value"] == money("10000.00", "SEK")
    assert imp["vat_rate"] == "25"
    assert imp["vat"] == money("2500.00", "SEK")
    assert d["conversions"] == []


def test_import_into_bulgaria_is_assessed_in_euro():
    """Bulgaria adopted the euro on 1 January 2026: customs value and VAT (20 %) in EUR."""
    d = decide(leg("warranty_replacement", "GB", "BG", items=[LAPTOP]))
    assert d["import"]["customs_value"] == money("1000.00", "EUR")
    assert d["import"]["vat"] == money("200.00", "EUR")


# --- de minimis -------------------------------------------------------------------------------------------------


def test_consignment_up_to_150_eur_is_duty_free_until_30_june_2026():
    """Reg. (EC) 1186/2009 Art. 23 (APC C07): negligible value <= EUR 150; VAT still due (no VAT de minimis)."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "DE",
            ship_date="2026-06-30",
            items=[item(**{**WATCH, "unit_value": "120.00"})],
        )
    )
    imp = d["import"]
    assert imp["duty"] == money("0.00", "EUR")
    assert imp["vat"] == money("22.80", "EUR")  # 19 % of 120.00
    assert codes(d) == {"BELOW_DE_MINIMIS"}
    assert severity(d, "BELOW_DE_MINIMIS") == "info"


def test_no_150_eur_duty_relief_from_1_july_2026():
    """EUR 150 relief replaced for low-value parcels by the EUR 3 flat duty (customs-regimes.md §3.6): no threshold."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "DE",
            ship_date="2026-07-01",
            items=[item(**{**WATCH, "unit_value": "120.00"})],
        )
    )
    assert d["import"]["duty"] == money("5.40", "EUR")  # 4.5 % of 120.00
    assert "BELOW_DE_MINIMIS" not in codes(d)


# --- importer of record ----------------------------------------------------------------------------------------


def test_non_eu_seller_importing_into_germany_needs_an_importer_of_record():
    """UCC Art. 170(2): the declarant must be established in the Union; indirect representation, Arts. 18-19."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "DE",
            items=[LAPTOP],
            importer=party("UK Seller Ltd", "GB", identifiers={"EORI": "GB123456789000"}),
        )
    )
    imp = d["import"]
    assert imp["ior_required"] is True
    assert imp["representation"] == "indirect"
    assert severity(d, "NO_LOCAL_IMPORTER") == "error"


def test_non_eu_seller_with_an_eu_established_importer_of_record_has_no_flag():
    """UCC Arts. 18-19, 170(2): an indirect representative established in the Union lodges the declaration."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "DE",
            items=[LAPTOP],
            importer=party("UK Seller Ltd", "GB"),
            ior=party("Zollagentur GmbH", "DE"),
        )
    )
    imp = d["import"]
    assert imp["ior_required"] is True
    assert imp["representation"] == "indirect"
    assert "NO_LOCAL_IMPORTER" not in codes(d)
    assert codes(d) == set()
