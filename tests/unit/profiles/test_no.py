"""Norway profile (country_profiles/no.yaml): every RMA movement on the Norwegian export and import side.

Facts: customs-regimes-more.md §3 (vareførselsloven / tollavgiftsloven since 1 Jan 2023, merverdiavgiftsloven).
Counterpart: Germany (EU profile), to show that Norway is outside the EU customs union, and the United Kingdom.
Amounts are in NOK so that the Norwegian figures are exact (no conversion).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import codes, decide, item, leg, money, party, severity, side_flags
from tests.unit.profiles.public_sources import repository_citations

OWNER = party("Owner AS", "NO")
DE_REPAIRER = party("Reparatur GmbH", "DE")
DE_SELLER = party("Verkauf GmbH", "DE")
COSTS = {
    "freight": money("500.00", "NOK"),
    "insurance": money("100.00", "NOK"),
    "outbound_freight": money("450.00", "NOK"),
}


def laptop(value: str = "20000.00", **overrides: Any) -> dict[str, Any]:
    base = {"unit_value": value, "currency": "NOK", "serial_numbers": ["SN-0001"]}
    base.update(overrides)
    return item(**base)


def prior(date: str, regime: str | None, exporter: str = "Owner AS", **extra: Any) -> dict[str, Any]:
    base = {
        "date": date,
        "regime": regime,
        "exporter": exporter,
        "reference": "26NO0000000001",
        "hs_code": "847130",
        "serial_numbers": ["SN-0001"],
    }
    base.update(extra)
    return base


def repair_return(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "items": [laptop()],
        "exporter": DE_REPAIRER,
        "importer": OWNER,
        "costs": COSTS,
        "repair": {"cost": money("3000.00", "NOK"), "charged": True},
        "prior_export": prior("2026-06-01", "outward_processing"),
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "DE", "NO", **base))


def test_the_profile_cites_only_public_sources() -> None:
    """DESIGN.md §5: what users read cites the law and the official page, never a repository file."""
    assert repository_citations("no.yaml") == []


# ------------------------------------------------------------------------------------------ outside the EU customs union


@pytest.mark.parametrize(
    ("from_country", "to_country"), [("NO", "DE"), ("DE", "NO"), ("NO", "SE")], ids=["NO-DE", "DE-NO", "NO-SE"]
)
def test_a_leg_between_norway_and_an_eu_member_is_a_full_customs_border(from_country: str, to_country: str) -> None:
    """EEA Agreement: the UCC is not part of it; Norway is outside the EU customs union (full export and import)."""
    d = decide(leg("warranty_replacement", from_country, to_country, items=[laptop()]))
    jurisdictions = {d["export"]["jurisdiction"], d["import"]["jurisdiction"]}
    assert jurisdictions == {"NO", "EU"}
    assert "no_formalities" not in {d["export"]["regime"], d["import"]["regime"]}


# ------------------------------------------------------------------------------------------ export side (NO -> DE)


def test_export_for_repair_is_a_temporary_export_with_a_one_year_return() -> None:
    """Toll 'mellombels eksport'; tollavgiftsloven § 3-4(2): temporary export, re-import within 1 year."""
    d = decide(leg("export_for_repair", "NO", "DE", items=[laptop()], exporter=OWNER, importer=DE_REPAIRER))
    exp = d["export"]
    assert (exp["jurisdiction"], exp["regime"], exp["procedure_code"]) == ("NO", "outward_processing", None)
    assert exp["additional_procedure_codes"] == []
    assert exp["deadline"]["date"] == "2027-11-20"
    assert exp["eor_required"] is False
    assert exp["confirmed"] is True
    assert side_flags(d, "export") == set()


def test_goods_still_abroad_after_a_year_are_flagged() -> None:
    """tollavgiftsloven § 3-4(2): after 1 year duty and VAT are due on the full value on return."""
    d = decide(
        leg("export_for_repair", "NO", "DE", items=[laptop()], exporter=OWNER, importer=DE_REPAIRER, as_of="2027-12-01")
    )
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "export")


@pytest.mark.parametrize(
    ("movement", "rule"),
    [
        ("warranty_replacement", "export"),
        ("advance_replacement", "export"),
        ("defective_return", "export"),
        ("return_for_refund", "export"),
    ],
    ids=["warranty_replacement", "advance_replacement", "defective_return", "return_for_refund"],
)
def test_replacements_and_returns_leave_norway_as_ordinary_exports(movement: str, rule: str) -> None:
    """vareførselsloven: ordinary export declaration (Toll 'Return or exchange' for the refund of import duty)."""
    d = decide(leg(movement, "NO", "DE", items=[laptop()], exporter=OWNER, importer=DE_SELLER))
    exp = d["export"]
    assert (exp["regime"], exp["rule"], exp["procedure_code"], exp["deadline"]) == ("standard_export", rule, None, None)
    assert exp["eor_required"] is False
    assert exp["confirmed"] is True
    assert side_flags(d, "export") == set()


def test_foreign_goods_repaired_in_norway_leave_as_an_unconfirmed_ordinary_export() -> None:
    """customs-regimes-more.md §3: the inward-processing regime for repairs in Norway was not retrieved."""
    d = decide(
        leg(
            "return_after_repair",
            "NO",
            "DE",
            items=[laptop()],
            exporter=party("Reparasjon AS", "NO"),
            importer=DE_SELLER,
            repair={"cost": money("3000.00", "NOK"), "charged": True},
            prior_export=prior("2026-09-01", "outward_processing", "Verkauf GmbH"),
        )
    )
    assert (d["export"]["regime"], d["export"]["confirmed"]) == ("standard_export", False)
    assert "PROFILE_PARTIAL" in side_flags(d, "export")


def test_demo_dispatch_is_a_temporary_export_for_one_year() -> None:
    """Toll 'mellombels eksport': midlertidig utførsel, up to 1 year for re-import."""
    d = decide(leg("demo_dispatch", "NO", "DE", items=[laptop()], exporter=OWNER, importer=party("Kunde GmbH", "DE")))
    exp = d["export"]
    assert (exp["regime"], exp["rule"], exp["procedure_code"]) == ("temporary_export", "mellombels-utforsel", None)
    assert exp["deadline"]["date"] == "2027-11-20"
    assert side_flags(d, "export") == set()


def test_demo_dispatch_on_an_ata_carnet_leaves_on_the_carnet() -> None:
    """Toll 'mellombels eksport': an ATA carnet is the alternative to the temporary export declaration."""
    d = decide(
        leg(
            "demo_dispatch",
            "NO",
            "DE",
            items=[laptop()],
            exporter=OWNER,
            importer=party("Kunde GmbH", "DE"),
            ata_carnet=True,
        )
    )
    assert (d["export"]["rule"], d["export"]["deadline"]["date"]) == ("ata-carnet", "2027-11-20")  # carnet: 1 year
    assert any("ATA carnet" in doc for doc in d["export"]["documents"])


def test_foreign_demo_re_exported_within_a_year_closes_the_temporary_import() -> None:
    """vareførselsloven § 4-6; Toll 'Gjenutførsel': re-export within 1 year and notify Toll to close the entry."""
    d = decide(
        leg(
            "demo_return",
            "NO",
            "DE",
            items=[laptop()],
            exporter=party("Owner GmbH", "DE", established_in=["DE"]),
            importer=party("Owner GmbH", "DE"),
            eor=party("Speditør AS", "NO"),
            prior_export=prior("2026-03-01", "temporary_export", "Owner GmbH"),
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["rule"]) == ("re_export", "gjenutforsel")
    assert exp["deadline"]["date"] == "2027-03-01"
    assert any("post@toll.no" in doc for doc in exp["documents"])
    assert "TEMPORARY_ADMISSION_OVERDUE" not in codes(d)


def test_foreign_demo_re_exported_after_a_year_is_overdue() -> None:
    """Toll 'Gjenutførsel': an entry not closed in time becomes an ordinary import with duties charged."""
    d = decide(
        leg(
            "demo_return",
            "NO",
            "DE",
            items=[laptop()],
            exporter=party("Owner GmbH", "DE"),
            importer=party("Owner GmbH", "DE"),
            eor=party("Speditør AS", "NO"),
            prior_export=prior("2025-10-01", "temporary_export", "Owner GmbH"),
        )
    )
    assert d["export"]["rule"] == "gjenutforsel"
    assert "TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "export")
    assert severity(d, "TEMPORARY_ADMISSION_OVERDUE") == "error"


def test_foreign_exporter_without_organisation_number_needs_an_exporter_of_record() -> None:
    """Altinn: a foreign business trading in Norway registers in Enhetsregisteret (organisation number)."""
    d = decide(
        leg(
            "warranty_replacement", "NO", "DE", items=[laptop()], exporter=DE_SELLER, importer=party("Kunde GmbH", "DE")
        )
    )
    assert d["export"]["eor_required"] is True
    assert "NO_LOCAL_EXPORTER" in codes(d)


# ------------------------------------------------------------------------------------------ import side (DE -> NO)


def test_return_after_repair_pays_vat_only_on_the_repair_and_freight_both_ways() -> None:
    """tollavgiftsloven § 3-4; merverdiavgiftsloven § 4-11(4): basis = cost of the work plus freight both ways."""
    d = repair_return()
    imp = d["import"]
    assert (imp["jurisdiction"], imp["regime"], imp["rule"]) == ("NO", "reimport_after_repair", "utenlands-bearbeiding")
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money(
        "4050.00", "NOK"
    )  # 3000 repair + 500 freight + 450 outbound freight + 100 insurance
    assert imp["duty"] == money("0.00", "NOK")
    assert imp["vat"] == money("1012.50", "NOK")
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2027-06-01"
    assert imp["confirmed"] is True
    assert side_flags(d, "import") == set()


@pytest.mark.parametrize(
    ("warranty", "charged", "rule"),
    [({"covered": True}, True, "utenlands-bearbeiding-warranty"), (None, False, "utenlands-bearbeiding-free")],
    ids=["warranty", "free-of-charge"],
)
def test_a_repair_free_of_charge_has_a_basis_of_zero(warranty: dict[str, Any] | None, charged: bool, rule: str) -> None:
    """tollavgiftsloven § 3-4(1)(c); merverdiavgiftsloven § 4-11(4): a repair without consideration has basis zero."""
    d = repair_return(warranty=warranty, repair={"cost": money("3000.00", "NOK"), "charged": charged})
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("reimport_after_repair", rule, "none")
    assert imp["duty"] == money("0.00", "NOK")
    assert imp["vat"] == money("0.00", "NOK")
    assert side_flags(d, "import") == set()


def test_return_after_repair_by_another_person_is_at_full_value() -> None:
    """tollavgiftsloven § 3-4(2): the re-import must be made by the same person who exported."""
    d = repair_return(importer=party("Other AS", "NO"))
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert imp["customs_value"] == money("20600.00", "NOK")  # CIF: 20000 + 500 + 100
    assert imp["vat"] == money("5150.00", "NOK")
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" in side_flags(d, "import")


def test_return_after_repair_after_a_year_is_at_full_value_and_flagged() -> None:
    """tollavgiftsloven § 3-4(2): re-import within 1 year; later, duty and VAT on the full value."""
    d = repair_return(prior_export=prior("2025-10-01", "outward_processing"))
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"], imp["vat"]) == ("standard_import", "full_value", money("5150.00", "NOK"))
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")


def test_warranty_repair_after_a_year_loses_the_relief_and_says_why() -> None:
    """tollavgiftsloven § 3-4(2): the free-repair basis of zero also needs the re-import within 1 year."""
    d = repair_return(prior_export=prior("2025-10-01", "outward_processing"), warranty={"covered": True})
    assert d["import"]["duty_base"] == "full_value"
    assert {"RELIEF_PERIOD_EXCEEDED", "WARRANTY_RELIEF_NOT_APPLIED"} <= side_flags(d, "import")


def test_return_after_an_ordinary_export_is_an_ordinary_import() -> None:
    """Toll 'mellombels eksport': after an ordinary export the return is an ordinary import at full value."""
    d = repair_return(prior_export=prior("2026-06-01", "standard_export"))
    assert (d["import"]["rule"], d["import"]["customs_value"]) == ("full-value", money("20600.00", "NOK"))
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" in side_flags(d, "import")


def test_return_after_repair_without_export_record_is_flagged() -> None:
    """tollavgiftsloven § 3-4: relief needs the temporary export on record."""
    d = repair_return(prior_export=None)
    assert d["import"]["duty_base"] == "full_value"
    assert "NO_PRIOR_EXPORT_RECORD" in side_flags(d, "import")


def test_foreign_goods_entering_norway_for_repair_are_conservatively_an_ordinary_import() -> None:
    """customs-regimes-more.md §3: inward processing not retrieved -> full value, flagged PROFILE_PARTIAL."""
    d = decide(
        leg(
            "export_for_repair",
            "DE",
            "NO",
            items=[laptop()],
            costs=COSTS,
            exporter=DE_SELLER,
            importer=party("Reparasjon AS", "NO"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"], imp["confirmed"]) == ("standard_import", "full_value", False)
    assert imp["vat"] == money("5150.00", "NOK")
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


@pytest.mark.parametrize(
    ("movement", "confirmed"),
    [("warranty_replacement", True), ("advance_replacement", False)],
    ids=["warranty_replacement", "advance_replacement"],
)
def test_a_replacement_is_an_ordinary_import_with_25_percent_vat(movement: str, confirmed: bool) -> None:
    """Toll 'Return or exchange': the new product is cleared in Norway; no standard-exchange relief found (§7 q.4)."""
    d = decide(
        leg(
            movement,
            "DE",
            "NO",
            items=[laptop()],
            costs=COSTS,
            exporter=DE_SELLER,
            importer=OWNER,
            warranty={"covered": True},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert imp["customs_value"] == money("20600.00", "NOK")
    assert imp["duty"] == money("0.00", "NOK")
    assert imp["vat_rate"] == "25"
    assert imp["vat"] == money("5150.00", "NOK")
    assert imp["confirmed"] is confirmed
    assert ("PROFILE_PARTIAL" in side_flags(d, "import")) is not confirmed


@pytest.mark.parametrize("movement", ["defective_return", "return_for_refund"])
def test_norwegian_goods_coming_back_unaltered_are_relieved_but_unconfirmed(movement: str) -> None:
    """merverdiavgiftsloven § 7-5 [S]; the duty section succeeding tolloven § 5-4 was not retrieved [?]."""
    d = decide(
        leg(
            movement,
            "DE",
            "NO",
            items=[laptop()],
            costs=COSTS,
            exporter=party("Kunde GmbH", "DE"),
            importer=OWNER,
            prior_export=prior("2026-05-01", "standard_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("returned_goods_relief", "gjeninnforsel", "none")
    assert imp["vat"] == money("0.00", "NOK")
    assert imp["confirmed"] is False
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_norwegian_goods_coming_back_without_export_record_are_at_full_value() -> None:
    """merverdiavgiftsloven § 7-5: the exemption needs the export; without it, an ordinary import."""
    d = decide(
        leg(
            "defective_return",
            "DE",
            "NO",
            items=[laptop()],
            costs=COSTS,
            exporter=party("Kunde GmbH", "DE"),
            importer=OWNER,
        )
    )
    assert (d["import"]["rule"], d["import"]["vat"]) == ("full-value", money("5150.00", "NOK"))
    assert "NO_PRIOR_EXPORT_RECORD" in side_flags(d, "import")


def test_foreign_demo_enters_under_midlertidig_innforsel_against_security() -> None:
    """vareførselsloven § 4-6; Toll 'midlertidig import': demonstration goods, 1 year, security required."""
    d = decide(
        leg(
            "demo_dispatch",
            "DE",
            "NO",
            items=[laptop()],
            costs=COSTS,
            exporter=party("Owner GmbH", "DE"),
            importer=party("Forhandler AS", "NO"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["procedure_code"]) == ("temporary_admission", "midlertidig-innforsel", None)
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == money("20600.00", "NOK")
    assert (imp["duty"], imp["vat"]) == (money("0.00", "NOK"), money("0.00", "NOK"))
    assert imp["guarantee_required"] is True
    assert imp["deadline"]["date"] == "2027-11-20"
    assert side_flags(d, "import") == set()


def test_foreign_demo_still_in_norway_after_a_year_is_overdue() -> None:
    """vareførselsloven § 4-6: re-export within 1 year (extendable only on application before it expires)."""
    d = decide(
        leg(
            "demo_dispatch",
            "DE",
            "NO",
            items=[laptop()],
            exporter=party("Owner GmbH", "DE"),
            importer=party("Forhandler AS", "NO"),
            as_of="2027-12-01",
        )
    )
    assert "TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "import")


def test_foreign_demo_on_an_ata_carnet_enters_on_the_carnet() -> None:
    """Toll 'midlertidig import': the ATA carnet is accepted as the security."""
    d = decide(
        leg(
            "demo_dispatch",
            "DE",
            "NO",
            items=[laptop()],
            exporter=party("Owner GmbH", "DE"),
            importer=party("Owner GmbH", "DE"),
            ata_carnet=True,
        )
    )
    imp = d["import"]
    assert (imp["rule"], imp["deadline"]["date"], imp["ior_required"]) == (
        "midlertidig-innforsel-ata",
        "2027-11-20",
        False,
    )
    assert "NO_LOCAL_IMPORTER" not in codes(d)


@pytest.mark.parametrize(
    ("exported", "rule", "vat"),
    [("2026-06-01", "return-after-mellombels-utforsel", "0.00"), ("2025-10-01", "full-value", "5000.00")],
    ids=["within-a-year", "after-a-year"],
)
def test_norwegian_demo_back_within_a_year_is_relieved(exported: str, rule: str, vat: str) -> None:
    """Toll 'mellombels eksport': up to 1 year for re-import; afterwards duty and taxes on the full value."""
    d = decide(
        leg(
            "demo_return",
            "DE",
            "NO",
            items=[laptop()],
            exporter=party("Kunde GmbH", "DE"),
            importer=OWNER,
            prior_export=prior(exported, "temporary_export"),
        )
    )
    assert (d["import"]["rule"], d["import"]["vat"]) == (rule, money(vat, "NOK"))
    assert ("RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")) is (rule == "full-value")


# ------------------------------------------------------------------------------------------ thresholds, parties


def test_no_de_minimis_for_a_business_import() -> None:
    """Toll 'VOEC': the NOK 3,000 scheme is for B2C sales only and the NOK 350 exemption ended on 1 Jan 2024."""
    d = decide(
        leg(
            "warranty_replacement",
            "DE",
            "NO",
            items=[laptop("200.00")],
            exporter=DE_SELLER,
            importer=OWNER,
            transport="post",
        )
    )
    assert d["import"]["vat"] == money("50.00", "NOK")
    assert "BELOW_DE_MINIMIS" not in codes(d)


def test_a_foreign_importer_without_organisation_number_needs_an_importer_of_record() -> None:
    """Altinn 'Merverdiavgift for utenlandske foretak': Enhetsregisteret and the VAT register first."""
    d = decide(
        leg(
            "warranty_replacement",
            "DE",
            "NO",
            items=[laptop()],
            exporter=DE_SELLER,
            importer=party("Verkauf GmbH", "DE"),
        )
    )
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" in codes(d)


def test_a_foreign_importer_with_a_norwegian_organisation_number_imports_in_its_own_name() -> None:
    """Altinn: a registered foreign business deducts import VAT and declares in its own name."""
    d = decide(
        leg(
            "warranty_replacement",
            "DE",
            "NO",
            items=[laptop()],
            exporter=DE_SELLER,
            importer=party("Verkauf GmbH", "DE", identifiers={"ORGNR": "974760673"}),
        )
    )
    assert d["import"]["ior_required"] is False
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_goods_from_the_uk_are_valued_in_nok_with_the_conversion_recorded() -> None:
    """tollavgiftsloven kapittel 7: the customs value in NOK; the estimate records its exchange rate."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "NO",
            items=[item(currency="GBP", unit_value="1000.00")],
            exporter=party("Seller Ltd", "GB"),
            importer=OWNER,
        )
    )
    assert d["import"]["customs_value"]["currency"] == "NOK"
    assert [(c["from"], c["to"]) for c in d["conversions"]] == [("GBP", "NOK")]
