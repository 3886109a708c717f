"""Türkiye profile (country_profiles/tr.yaml), PARTIAL: every RMA movement on the Turkish export and import side.

Facts: customs-regimes-more.md §4 (Gümrük Kanunu No. 4458; Art. 168 from the statute text, the rest secondary).
Counterpart: Germany (EU profile): the EU-Turkey customs union (Decision 1/95) covers industrial goods but the two
are separate customs territories, so every leg is a full export and import. Amounts are in TRY (no conversion);
Turkish duty rates are not encoded, so where a duty is computed the item carries its rate (`duty_rate`).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import codes, decide, item, leg, money, party, side_flags
from tests.unit.profiles.public_sources import repository_citations

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
OWNER = party("Sahip A.Ş.", "TR")
DE_REPAIRER = party("Reparatur GmbH", "DE")
DE_SELLER = party("Verkauf GmbH", "DE")
COSTS = {"freight": money("1500.00", "TRY"), "insurance": money("500.00", "TRY")}


def laptop(value: str = "50000.00", **overrides: Any) -> dict[str, Any]:
    base = {"unit_value": value, "currency": "TRY", "serial_numbers": ["SN-0001"]}
    base.update(overrides)
    return item(**base)


def prior(date: str, regime: str | None, exporter: str = "Sahip A.Ş.", **extra: Any) -> dict[str, Any]:
    base = {
        "date": date,
        "regime": regime,
        "exporter": exporter,
        "reference": "26TR0000000001",
        "hs_code": "847130",
        "serial_numbers": ["SN-0001"],
    }
    base.update(extra)
    return base


def repair_return(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "items": [laptop(duty_rate="2")],
        "exporter": DE_REPAIRER,
        "importer": OWNER,
        "costs": COSTS,
        "repair": {"cost": money("8000.00", "TRY"), "charged": True},
        "prior_export": prior("2026-06-01", "outward_processing"),
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "DE", "TR", **base))


def any_leg(movement: str, from_country: str, to_country: str) -> dict[str, Any]:
    extra: dict[str, Any] = {"items": [laptop()]}
    if movement == "return_after_repair":
        extra["repair"] = {"cost": money("8000.00", "TRY"), "charged": True}
    return leg(movement, from_country, to_country, **extra)


def test_the_profile_cites_only_public_sources() -> None:
    """DESIGN.md §5: what users read cites the law and the official page, never a repository file."""
    assert repository_citations("tr.yaml") == []


# ------------------------------------------------------------------------------------------ partial profile


@pytest.mark.parametrize("side", ["export", "import"])
@pytest.mark.parametrize("movement", MOVEMENTS)
def test_every_turkish_answer_is_flagged_partial(movement: str, side: str) -> None:
    """customs-regimes-more.md §4: most Turkish facts are secondary [K]; DESIGN.md §4 PROFILE_PARTIAL."""
    d = decide(any_leg(movement, "TR", "DE") if side == "export" else any_leg(movement, "DE", "TR"))
    assert d[side]["jurisdiction"] == "TR"
    assert d[side]["confirmed"] is False
    assert "PROFILE_PARTIAL" in side_flags(d, side)


@pytest.mark.parametrize(("from_country", "to_country"), [("TR", "DE"), ("DE", "TR")], ids=["TR-DE", "DE-TR"])
def test_the_eu_turkey_customs_union_is_still_a_customs_border(from_country: str, to_country: str) -> None:
    """Decision 1/95: a customs union for industrial goods between separate customs territories (A.TR, declarations)."""
    d = decide(any_leg("warranty_replacement", from_country, to_country))
    assert {d["export"]["jurisdiction"], d["import"]["jurisdiction"]} == {"TR", "EU"}
    assert "no_formalities" not in {d["export"]["regime"], d["import"]["regime"]}
    eu_side = "export" if from_country == "DE" else "import"
    assert "PROFILE_PARTIAL" not in side_flags(d, eu_side)


# ------------------------------------------------------------------------------------------ export side (TR -> DE)


def test_export_for_repair_is_outward_processing_2100_with_a_3_year_clock() -> None:
    """Gümrük Kanunu Arts. 135-149; Tebliğ HİR-Geçici İhracat No. 1: code 2100, at most 3 years [K]."""
    d = decide(leg("export_for_repair", "TR", "DE", items=[laptop()], exporter=OWNER, importer=DE_REPAIRER))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == (
        "outward_processing",
        "2100",
        [],
    )
    assert exp["deadline"]["date"] == "2029-11-20"
    assert any("TPS code 1006" in doc for doc in exp["documents"])
    assert exp["eor_required"] is False
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


def test_demo_dispatch_is_a_2123_temporary_export_returning_within_3_years() -> None:
    """Code 2123 [K]; Gümrük Kanunu Art. 168: duty-free return of the unaltered goods within 3 years [S]."""
    d = decide(leg("demo_dispatch", "TR", "DE", items=[laptop()], exporter=OWNER, importer=party("Kunde GmbH", "DE")))
    exp = d["export"]
    assert (exp["regime"], exp["rule"], exp["procedure_code"]) == ("temporary_export", "gecici-ihracat", "2123")
    assert exp["deadline"]["date"] == "2029-11-20"


def test_demo_dispatch_on_an_ata_carnet_leaves_on_the_carnet() -> None:
    """ATA Convention (TOBB guaranteeing association) [K]."""
    d = decide(
        leg(
            "demo_dispatch",
            "TR",
            "DE",
            items=[laptop()],
            exporter=OWNER,
            importer=party("Kunde GmbH", "DE"),
            ata_carnet=True,
        )
    )
    assert (d["export"]["rule"], d["export"]["procedure_code"], d["export"]["deadline"]["date"]) == (
        "ata-carnet",
        None,
        "2027-11-20",
    )


@pytest.mark.parametrize("movement", ["warranty_replacement", "advance_replacement"])
def test_a_replacement_leaves_with_an_atr_for_the_eu(movement: str) -> None:
    """Decision 1/95: industrial goods in free circulation move to the EU with an A.TR movement certificate."""
    d = decide(leg(movement, "TR", "DE", items=[laptop()], exporter=OWNER, importer=party("Kunde GmbH", "DE")))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["deadline"]) == ("standard_export", None, None)
    assert any("A.TR" in doc for doc in exp["documents"])


@pytest.mark.parametrize("movement", ["defective_return", "return_for_refund"])
def test_goods_sent_back_to_a_foreign_seller_leave_as_an_export_with_the_refund_open(movement: str) -> None:
    """Law 1615 Art. 85 (historical) / Law 4458 Arts. 211 ff. [?]: refund of duties on rejected goods not confirmed."""
    d = decide(leg(movement, "TR", "DE", items=[laptop()], exporter=OWNER, importer=DE_SELLER))
    exp = d["export"]
    assert (exp["regime"], exp["rule"]) == ("standard_export", "export")
    assert any("Arts. 211" in basis for basis in exp["legal_basis"])


def test_foreign_demo_re_exported_within_24_months_discharges_temporary_admission() -> None:
    """Gümrük Kanunu Art. 128 ff. (geçici ithalat); 24 months [K]."""
    d = decide(
        leg(
            "demo_return",
            "TR",
            "DE",
            items=[laptop()],
            exporter=party("Owner GmbH", "DE"),
            importer=party("Owner GmbH", "DE"),
            prior_export=prior("2025-06-01", "temporary_export", "Owner GmbH"),
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["rule"]) == ("re_export", "reexport-gecici-ithalat")
    assert exp["deadline"]["date"] == "2027-06-01"
    assert exp["eor_required"] is False  # the non-established holder re-exports (EU-aligned rule)
    assert "TEMPORARY_ADMISSION_OVERDUE" not in codes(d)


def test_foreign_demo_re_exported_after_24_months_is_overdue() -> None:
    """Gümrük Kanunu Art. 128 ff.: re-export within the period set (at most 24 months [K])."""
    d = decide(
        leg(
            "demo_return",
            "TR",
            "DE",
            items=[laptop()],
            exporter=party("Owner GmbH", "DE"),
            importer=party("Owner GmbH", "DE"),
            prior_export=prior("2024-10-01", "temporary_export", "Owner GmbH"),
        )
    )
    assert "TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "export")


def test_a_foreign_exporter_without_a_turkish_tax_number_needs_an_exporter_of_record() -> None:
    """Gümrük Kanunu Art. 3(4) [S]; exporters need a vergi kimlik numarası [K]."""
    d = decide(
        leg(
            "warranty_replacement", "TR", "DE", items=[laptop()], exporter=DE_SELLER, importer=party("Kunde GmbH", "DE")
        )
    )
    assert d["export"]["eor_required"] is True
    assert "NO_LOCAL_EXPORTER" in codes(d)


# ------------------------------------------------------------------------------------------ import side (DE -> TR)


def test_return_after_repair_pays_duty_and_kdv_on_the_repair_cost_plus_transport() -> None:
    """Tebliğ HİR-Geçici İhracat No. 1: duty base = repair charge plus freight and insurance [K]; KDV 20 % [K]."""
    d = repair_return()
    imp = d["import"]
    assert (imp["jurisdiction"], imp["regime"], imp["rule"]) == ("TR", "reimport_after_repair", "haricte-isleme")
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("10000.00", "TRY")  # 8000 repair + 1500 freight + 500 insurance
    assert imp["duty"] == money("200.00", "TRY")
    assert imp["vat"] == money("2040.00", "TRY")  # 20 % of 10000 + 200
    assert imp["deadline"]["date"] == "2029-06-01"
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_a_warranty_repair_is_fully_exempt_from_duty() -> None:
    """Tebliğ HİR-Geçici İhracat No. 1: tam muafiyet for a repair free of charge under warranty [K]."""
    d = repair_return(warranty={"covered": True}, repair={"cost": money("8000.00", "TRY"), "charged": False})
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("warranty_relief", "haricte-isleme-warranty", "none")
    assert imp["duty"] == money("0.00", "TRY")
    assert imp["vat"] == money("10400.00", "TRY")  # KDV relief unconfirmed: 20 % of the full value 52000
    assert "WARRANTY_RELIEF_NOT_APPLIED" not in codes(d)


def test_return_after_repair_exported_as_a_temporary_export_is_at_full_value() -> None:
    """Gümrük Kanunu Art. 168(2)(a): returned-goods relief does not cover goods that come back changed."""
    d = repair_return(prior_export=prior("2026-06-01", "temporary_export"))
    imp = d["import"]
    assert (imp["rule"], imp["duty_base"], imp["customs_value"]) == (
        "full-value",
        "full_value",
        money("52000.00", "TRY"),
    )
    assert imp["duty"] == money("1040.00", "TRY")
    assert imp["vat"] == money("10608.00", "TRY")
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" in codes(d)


def test_return_after_repair_after_3_years_is_at_full_value() -> None:
    """Tebliğ HİR-Geçici İhracat No. 1: at most 3 years [K]; later, full value and flagged."""
    d = repair_return(prior_export=prior("2023-06-01", "outward_processing"))
    assert d["import"]["duty_base"] == "full_value"
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")


def test_return_after_repair_within_the_authorised_period_keeps_the_relief() -> None:
    """Tebliğ HİR-Geçici İhracat No. 1: the period set in the OP authorisation is the deadline."""
    d = repair_return(prior_export=prior("2026-06-01", "outward_processing", reimport_deadline="2026-12-31"))
    assert (d["import"]["duty_base"], d["import"]["deadline"]["date"]) == ("repair_cost", "2026-12-31")


def test_duty_is_not_estimated_without_a_rate() -> None:
    """customs-regimes-more.md §4: no Turkish tariff rates verified: duty 'not estimated'."""
    d = decide(
        leg("warranty_replacement", "GB", "TR", items=[laptop()], exporter=party("Seller Ltd", "GB"), importer=OWNER)
    )
    assert d["import"]["duty"] is None
    assert d["import"]["duty_detail"][0]["rate_source"].startswith("not estimated")


@pytest.mark.parametrize(
    ("from_country", "rule"), [("DE", "ordinary-import-from-eu"), ("GB", "ordinary-import")], ids=["from-EU", "from-GB"]
)
def test_a_replacement_is_a_release_for_free_circulation_with_an_atr_from_the_eu(from_country: str, rule: str) -> None:
    """Decision 1/95 (A.TR for EU industrial goods); standard exchange not confirmed [?]: full value."""
    d = decide(
        leg(
            "warranty_replacement",
            from_country,
            "TR",
            items=[laptop()],
            costs=COSTS,
            exporter=party("Seller", from_country),
            importer=OWNER,
            warranty={"covered": True},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("standard_import", rule, "full_value")
    assert imp["customs_value"] == money("52000.00", "TRY")
    assert imp["vat"] == money("10400.00", "TRY")
    assert any("A.TR" in doc for doc in imp["documents"]) is (from_country == "DE")


@pytest.mark.parametrize("movement", ["defective_return", "return_for_refund"])
@pytest.mark.parametrize(
    ("exported", "rule"),
    [("2024-01-15", "geri-gelen-esya"), ("2023-10-01", "full-value")],
    ids=["within-3-years", "after-3-years"],
)
def test_turkish_goods_returned_within_3_years_are_exempt(movement: str, exported: str, rule: str) -> None:
    """Gümrük Kanunu Art. 168 [S]: re-released for free circulation within 3 years -> exempt; KDV Art. 16(1)(c) [K]."""
    d = decide(
        leg(
            movement,
            "DE",
            "TR",
            items=[laptop()],
            costs=COSTS,
            exporter=party("Kunde GmbH", "DE"),
            importer=OWNER,
            prior_export=prior(exported, "standard_export"),
        )
    )
    imp = d["import"]
    assert imp["rule"] == rule
    relieved = rule == "geri-gelen-esya"
    assert imp["vat"] == (money("0.00", "TRY") if relieved else money("10400.00", "TRY"))
    assert ("RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")) is not relieved


def test_foreign_goods_entering_for_repair_are_conservatively_released_at_full_value() -> None:
    """customs-regimes-more.md §4: inward processing for repairs was not retrieved -> full value."""
    d = decide(
        leg(
            "export_for_repair",
            "DE",
            "TR",
            items=[laptop()],
            costs=COSTS,
            exporter=DE_SELLER,
            importer=party("Tamir A.Ş.", "TR"),
        )
    )
    assert (d["import"]["regime"], d["import"]["customs_value"]) == ("standard_import", money("52000.00", "TRY"))


def test_foreign_demo_enters_under_temporary_admission_with_a_guarantee() -> None:
    """Gümrük Kanunu Art. 128 ff.: total relief, guarantee, 24 months [K]; the holder is established abroad."""
    d = decide(
        leg(
            "demo_dispatch",
            "DE",
            "TR",
            items=[laptop()],
            costs=COSTS,
            exporter=party("Owner GmbH", "DE"),
            importer=party("Owner GmbH", "DE"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["procedure_code"]) == ("temporary_admission", "gecici-ithalat", None)
    assert (imp["duty"], imp["vat"]) == (money("0.00", "TRY"), money("0.00", "TRY"))
    assert imp["guarantee_required"] is True
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2028-11-20"
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_foreign_demo_on_an_ata_carnet_enters_on_the_carnet() -> None:
    """ATA Convention (TOBB) [K]: the carnet is declaration and guarantee."""
    d = decide(
        leg(
            "demo_dispatch",
            "DE",
            "TR",
            items=[laptop()],
            exporter=party("Owner GmbH", "DE"),
            importer=party("Owner GmbH", "DE"),
            ata_carnet=True,
        )
    )
    assert (d["import"]["rule"], d["import"]["deadline"]["date"]) == ("gecici-ithalat-ata", "2027-11-20")


def test_turkish_demo_back_within_3_years_is_relieved_as_returned_goods() -> None:
    """Gümrük Kanunu Art. 168: unaltered goods re-released for free circulation within 3 years."""
    d = decide(
        leg(
            "demo_return",
            "DE",
            "TR",
            items=[laptop()],
            costs=COSTS,
            exporter=party("Kunde GmbH", "DE"),
            importer=OWNER,
            prior_export=prior("2026-02-01", "temporary_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"], imp["vat"]) == ("returned_goods_relief", "none", money("0.00", "TRY"))
    assert imp["deadline"]["date"] == "2029-02-01"


def test_a_foreign_importer_without_a_turkish_tax_number_needs_an_importer_of_record() -> None:
    """Gümrük Kanunu Art. 3(4) [S]; a vergi kimlik numarası is needed to import [K]."""
    d = decide(
        leg(
            "warranty_replacement",
            "DE",
            "TR",
            items=[laptop()],
            exporter=DE_SELLER,
            importer=party("Verkauf GmbH", "DE"),
        )
    )
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" in codes(d)


def test_a_foreign_importer_with_a_turkish_tax_number_imports_in_its_own_name() -> None:
    """A non-resident holding a vergi kimlik numarası may import [K]."""
    d = decide(
        leg(
            "warranty_replacement",
            "DE",
            "TR",
            items=[laptop()],
            exporter=DE_SELLER,
            importer=party("Verkauf GmbH", "DE", identifiers={"VKN": "1234567890"}),
        )
    )
    assert d["import"]["ior_required"] is False
