"""Israel profile (country_profiles/il.yaml), PARTIAL: every RMA movement on the Israeli export and import side.

Facts: customs-regimes-more.md §2 (exemption items 810 "returned exports" and 212 "temporary entry" from law-firm
notes on Customs directives; the samples discount code and the FICC carnet role from primary pages). Counterparts:
the United States and the United Kingdom. Amounts are in ILS (no conversion); Israeli duty rates are not encoded,
so duty is 'not estimated' and VAT is computed on the customs value alone.
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
OWNER = party("Owner Ltd", "IL")
US_REPAIRER = party("Repair Inc", "US")
COSTS = {"freight": money("150.00", "ILS"), "insurance": money("50.00", "ILS")}


def laptop(value: str = "4000.00", **overrides: Any) -> dict[str, Any]:
    base = {"unit_value": value, "currency": "ILS", "serial_numbers": ["SN-0001"]}
    base.update(overrides)
    return item(**base)


def prior(date: str, regime: str | None = "standard_export", **extra: Any) -> dict[str, Any]:
    base = {
        "date": date,
        "regime": regime,
        "exporter": "Owner Ltd",
        "reference": "IL-EXP-0001",
        "hs_code": "847130",
        "serial_numbers": ["SN-0001"],
    }
    base.update(extra)
    return base


def to_israel(movement: str, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"items": [laptop()], "costs": COSTS, "exporter": US_REPAIRER, "importer": OWNER}
    base.update(overrides)
    return decide(leg(movement, "US", "IL", **base))


def any_leg(movement: str, from_country: str, to_country: str) -> dict[str, Any]:
    extra: dict[str, Any] = {"items": [laptop()]}
    if movement == "return_after_repair":
        extra["repair"] = {"cost": money("600.00", "ILS"), "charged": True}
    return leg(movement, from_country, to_country, **extra)


def test_the_profile_cites_only_public_sources() -> None:
    """DESIGN.md §5: what users read cites the law and the official page, never a repository file."""
    assert repository_citations("il.yaml") == []


@pytest.mark.parametrize("side", ["export", "import"])
@pytest.mark.parametrize("movement", MOVEMENTS)
def test_every_israeli_answer_is_flagged_partial(movement: str, side: str) -> None:
    """customs-regimes-more.md §2: items 810 / 212 rest on secondary sources [K]; DESIGN.md §4 PROFILE_PARTIAL."""
    d = decide(any_leg(movement, "IL", "GB") if side == "export" else any_leg(movement, "GB", "IL"))
    assert d[side]["jurisdiction"] == "IL"
    assert d[side]["confirmed"] is False
    assert "PROFILE_PARTIAL" in side_flags(d, side)


# ------------------------------------------------------------------------------------------ export side (IL -> US)


def test_export_for_repair_is_the_record_item_810_relies_on_for_5_years() -> None:
    """Item 810 directive: the export declaration number is quoted on the re-import; return within 5 years [K]."""
    d = decide(leg("export_for_repair", "IL", "US", items=[laptop()], exporter=OWNER, importer=US_REPAIRER))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"]) == ("outward_processing", None)
    assert exp["deadline"]["date"] == "2031-11-20"
    assert exp["eor_required"] is False
    assert side_flags(d, "export") == {"PROFILE_PARTIAL"}


@pytest.mark.parametrize(
    ("origin", "rule", "regime"),
    [("IL", "reexport-israeli-goods", "re_export"), ("CN", "export-after-repair", "standard_export")],
    ids=["israeli-made", "foreign-made"],
)
def test_goods_repaired_in_israel_leave_by_origin(origin: str, rule: str, regime: str) -> None:
    """June 2022 directive [K]: Israeli-made goods imported for repair are re-exported citing their import entry."""
    d = decide(
        leg(
            "return_after_repair",
            "IL",
            "US",
            items=[laptop(origin_country=origin)],
            exporter=party("Service Ltd", "IL"),
            importer=party("Owner Inc", "US"),
            repair={"cost": money("600.00", "ILS"), "charged": True},
            prior_export={**prior("2026-09-01", "temporary_export"), "exporter": "Owner Inc"},
        )
    )
    assert (d["export"]["rule"], d["export"]["regime"]) == (rule, regime)


@pytest.mark.parametrize(
    "movement", ["warranty_replacement", "advance_replacement", "defective_return", "return_for_refund"]
)
def test_replacements_and_returns_leave_israel_as_ordinary_exports(movement: str) -> None:
    """Customs Ordinance: ordinary export declaration; no drawback route confirmed [?]."""
    d = decide(leg(movement, "IL", "US", items=[laptop()], exporter=OWNER, importer=party("Seller Inc", "US")))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["deadline"]) == ("standard_export", None, None)
    assert exp["eor_required"] is False


@pytest.mark.parametrize(
    ("carnet", "rule", "deadline"),
    [(True, "ata-carnet", "2027-11-20"), (False, "export-for-item-810", "2031-11-20")],
    ids=["carnet", "declaration"],
)
def test_demo_dispatch_from_israel(carnet: bool, rule: str, deadline: str | None) -> None:
    """FICC issues carnets [S]; otherwise the unaltered demo re-enters under item 810 within 5 years [K]."""
    d = decide(
        leg(
            "demo_dispatch",
            "IL",
            "US",
            items=[laptop()],
            exporter=OWNER,
            importer=party("Prospect Inc", "US"),
            ata_carnet=carnet,
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["rule"]) == ("temporary_export", rule)
    assert (exp["deadline"] or {}).get("date") == deadline


def test_foreign_demo_on_a_carnet_is_re_exported_within_a_year() -> None:
    """ATA carnet in Israel: re-export within 1 year of import or at carnet expiry, whichever is earlier [K]."""
    late = decide(
        leg(
            "demo_return",
            "IL",
            "US",
            items=[laptop()],
            exporter=party("Owner Inc", "US"),
            importer=party("Owner Inc", "US"),
            eor=party("Forwarder Ltd", "IL"),
            ata_carnet=True,
            prior_export={**prior("2025-10-01", "temporary_export"), "exporter": "Owner Inc"},
        )
    )
    assert late["export"]["rule"] == "reexport-ata"
    assert late["export"]["deadline"]["date"] == "2026-10-01"
    assert "TEMPORARY_ADMISSION_OVERDUE" in side_flags(late, "export")


def test_foreign_demo_under_item_212_is_re_exported_without_a_computed_deadline() -> None:
    """Item 212 [K]: its period is not confirmed [?], so no deadline is computed."""
    d = decide(
        leg(
            "demo_return",
            "IL",
            "US",
            items=[laptop()],
            exporter=party("Owner Inc", "US"),
            importer=party("Owner Inc", "US"),
            eor=party("Forwarder Ltd", "IL"),
            prior_export={**prior("2025-10-01", "temporary_export"), "exporter": "Owner Inc"},
        )
    )
    assert (d["export"]["rule"], d["export"]["deadline"]) == ("reexport-item-212", None)


def test_a_foreign_exporter_needs_an_israeli_exporter_of_record() -> None:
    """Conservative: no non-resident exporter rule was retrieved."""
    d = decide(
        leg(
            "warranty_replacement",
            "IL",
            "US",
            items=[laptop()],
            exporter=party("Brand Inc", "US"),
            importer=party("Customer Inc", "US"),
        )
    )
    assert d["export"]["eor_required"] is True
    assert "NO_LOCAL_EXPORTER" in codes(d)


# ------------------------------------------------------------------------------------------ import side (US -> IL)


def test_return_after_repair_under_item_810_is_taxed_on_the_processing_value() -> None:
    """Item 810: goods processed abroad pay import taxes only on the value of the processing [K]; VAT 18 % [K]."""
    d = to_israel(
        "return_after_repair",
        repair={"cost": money("600.00", "ILS"), "charged": True},
        prior_export=prior("2026-06-01"),
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == ("reimport_after_repair", "810", "repair_cost")
    assert imp["customs_value"] == money("800.00", "ILS")  # 600 processing + 150 freight + 50 insurance
    assert imp["duty"] is None  # no Israeli rate in the profile
    assert imp["vat_rate"] == "18"
    assert imp["vat"] == money("144.00", "ILS")
    assert imp["deadline"]["date"] == "2031-06-01"
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_return_after_repair_more_than_5_years_after_export_is_at_full_value() -> None:
    """Item 810: within 5 years of export (longer only with Customs approval) [K]."""
    d = to_israel(
        "return_after_repair",
        repair={"cost": money("600.00", "ILS"), "charged": True},
        prior_export=prior("2021-06-01"),
    )
    imp = d["import"]
    assert (imp["rule"], imp["customs_value"], imp["vat"]) == (
        "full-value",
        money("4200.00", "ILS"),
        money("756.00", "ILS"),
    )
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")


def test_return_after_repair_with_a_customs_extension_keeps_item_810() -> None:
    """Item 810: longer than 5 years with Customs approval (the approval's date is the authorised deadline)."""
    d = to_israel(
        "return_after_repair",
        repair={"cost": money("600.00", "ILS"), "charged": True},
        prior_export=prior("2021-06-01", reimport_deadline="2027-01-31"),
    )
    assert (d["import"]["rule"], d["import"]["deadline"]["date"]) == ("item-810-processed", "2027-01-31")


def test_return_after_repair_without_an_export_record_is_flagged() -> None:
    """Item 810: the export declaration number must be quoted (from 12 Apr 2021) [K]."""
    d = to_israel("return_after_repair", repair={"cost": money("600.00", "ILS"), "charged": True})
    assert d["import"]["duty_base"] == "full_value"
    assert "NO_PRIOR_EXPORT_RECORD" in side_flags(d, "import")


@pytest.mark.parametrize("movement", ["defective_return", "return_for_refund", "demo_return"])
def test_israeli_goods_returned_within_5_years_are_exempt_under_item_810(movement: str) -> None:
    """Item 810: exempt from customs duty, purchase tax and VAT; same goods, within 5 years [K]."""
    d = to_israel(movement, exporter=party("Customer Inc", "US"), prior_export=prior("2023-01-10"))
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == ("returned_goods_relief", "810", "none")
    assert imp["vat"] == money("0.00", "ILS")
    assert imp["deadline"]["date"] == "2028-01-10"


def test_israeli_goods_returned_after_being_changed_are_at_full_value() -> None:
    """Item 810: the same goods (same heading at export and at return); changed goods do not qualify."""
    d = to_israel(
        "defective_return", exporter=party("Customer Inc", "US"), prior_export=prior("2023-01-10", hs_code="847150")
    )
    assert (d["import"]["rule"], d["import"]["vat"]) == ("full-value", money("756.00", "ILS"))
    assert "RECLASSIFIED_AFTER_REPAIR" in codes(d)


def test_israeli_made_goods_entering_for_repair_use_item_810_without_the_export_number() -> None:
    """June 2022 directive [K]: Israeli-made goods temporarily imported for repair are classified under 810."""
    d = to_israel(
        "export_for_repair",
        items=[laptop(origin_country="IL")],
        exporter=party("Owner Inc", "US"),
        importer=party("Service Ltd", "IL"),
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == ("temporary_admission", "810", "none")
    assert imp["vat"] == money("0.00", "ILS")


def test_foreign_made_goods_entering_for_repair_are_conservatively_an_ordinary_import() -> None:
    """FICC: carnets do not cover repair [S]; item 212 for repairs not confirmed [?] -> full value."""
    d = to_israel("export_for_repair", exporter=party("Owner Inc", "US"), importer=party("Service Ltd", "IL"))
    imp = d["import"]
    assert (imp["regime"], imp["customs_value"], imp["vat"]) == (
        "standard_import",
        money("4200.00", "ILS"),
        money("756.00", "ILS"),
    )


@pytest.mark.parametrize("movement", ["warranty_replacement", "advance_replacement"])
def test_a_replacement_is_an_ordinary_import_at_full_value(movement: str) -> None:
    """No warranty-replacement or advance-replacement relief found [?]: VAT 18 % on the CIF value."""
    d = to_israel(movement, exporter=party("Seller Inc", "US"), warranty={"covered": True})
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"], imp["vat"]) == ("standard_import", "full_value", money("756.00", "ILS"))


def test_foreign_demo_on_an_ata_carnet_enters_for_up_to_a_year() -> None:
    """ATA carnets accepted in Israel (also by post); re-export within 1 year [K]."""
    d = to_israel(
        "demo_dispatch",
        exporter=party("Owner Inc", "US"),
        importer=party("Owner Inc", "US"),
        ata_carnet=True,
        transport="post",
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"]) == ("temporary_admission", "ata-carnet")
    assert imp["deadline"]["date"] == "2027-11-20"
    assert imp["ior_required"] is False


@pytest.mark.parametrize(
    ("importer", "ior_required"),
    [(party("Distributor Ltd", "IL"), False), (party("Owner Inc", "US"), True)],
    ids=["israeli-importer", "foreign-importer"],
)
def test_foreign_demo_under_item_212_needs_an_israeli_importer(importer: dict[str, Any], ior_required: bool) -> None:
    """Item 212 (temporary entry) [K]; importer must be Israeli-resident [K], non-resident IOR not confirmed [?]."""
    d = to_israel("demo_dispatch", exporter=party("Owner Inc", "US"), importer=importer)
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["guarantee_required"], imp["deadline"]) == (
        "temporary_admission",
        "212",
        True,
        None,
    )
    assert imp["ior_required"] is ior_required
    assert ("NO_LOCAL_IMPORTER" in codes(d)) is ior_required


def test_no_personal_import_exemption_on_a_business_leg() -> None:
    """The USD 75 personal-import exemption is for personal imports only [K]; B2B imports have no value exemption."""
    d = to_israel(
        "warranty_replacement", items=[laptop("200.00")], costs={}, exporter=party("Seller Inc", "US"), transport="post"
    )
    assert d["import"]["vat"] == money("36.00", "ILS")
    assert "BELOW_DE_MINIMIS" not in codes(d)
