"""United Arab Emirates profile (country_profiles/ae.yaml): every RMA movement on the UAE export and import side.

Facts: customs-regimes-more.md §5 (GCC Common Customs Law; GCC Unified Guide; Dubai and Abu Dhabi Customs).
Counterpart: the United States. Estimates are in USD (the offline rates have no AED; the dirham is pegged at
3.6725 per USD), so USD amounts need no conversion. UAE duty rates are not encoded: where a duty is computed the
item carries its rate (`duty_rate`).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import codes, decide, item, leg, money, party, side_flags
from tests.unit.profiles.public_sources import repository_citations

OWNER = party("Owner LLC", "AE")
US_REPAIRER = party("Repair Inc", "US")
COSTS = {"freight": money("80.00", "USD"), "insurance": money("20.00", "USD")}


def laptop(value: str = "2000.00", **overrides: Any) -> dict[str, Any]:
    base = {"unit_value": value, "currency": "USD", "serial_numbers": ["SN-0001"]}
    base.update(overrides)
    return item(**base)


def prior(
    date: str, regime: str | None = "standard_export", exporter: str = "Owner LLC", **extra: Any
) -> dict[str, Any]:
    base = {
        "date": date,
        "regime": regime,
        "exporter": exporter,
        "reference": "AE-EXP-0001",
        "hs_code": "847130",
        "serial_numbers": ["SN-0001"],
    }
    base.update(extra)
    return base


def to_uae(movement: str, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"items": [laptop()], "costs": COSTS, "exporter": US_REPAIRER, "importer": OWNER}
    base.update(overrides)
    return decide(leg(movement, "US", "AE", **base))


def from_uae(movement: str, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"items": [laptop()], "exporter": OWNER, "importer": party("Partner Inc", "US")}
    base.update(overrides)
    return decide(leg(movement, "AE", "US", **base))


def test_the_profile_cites_only_public_sources() -> None:
    """DESIGN.md §5: what users read cites the law and the official page, never a repository file."""
    assert repository_citations("ae.yaml") == []


def test_estimates_are_in_usd_with_the_conversion_recorded() -> None:
    """Offline ECB rates carry no AED (pegged at 3.6725 per USD): UAE estimates are stated in USD."""
    d = to_uae("warranty_replacement", items=[laptop(currency="GBP")], costs={}, exporter=party("Seller Ltd", "GB"))
    assert d["import"]["customs_value"]["currency"] == "USD"
    assert [(c["from"], c["to"]) for c in d["conversions"]] == [("GBP", "USD")]


# ------------------------------------------------------------------------------------------ export side (AE -> US)


def test_export_for_repair_is_a_temporary_export_for_one_year() -> None:
    """GCC Unified Guide, exportation: temporary export for repair, 1 year, extendable up to 5 years [S]."""
    d = from_uae("export_for_repair", importer=US_REPAIRER)
    exp = d["export"]
    assert (exp["jurisdiction"], exp["regime"], exp["procedure_code"]) == ("AE", "outward_processing", None)
    assert any("Temporary Export from Local to ROW" in doc for doc in exp["documents"])
    assert exp["deadline"]["date"] == "2027-11-20"
    assert exp["eor_required"] is False
    assert exp["confirmed"] is True
    assert side_flags(d, "export") == set()


def test_goods_abroad_beyond_the_approved_period_are_flagged() -> None:
    """GCC Unified Guide: 1 year unless extended by customs (up to 5 years)."""
    d = from_uae("export_for_repair", importer=US_REPAIRER, as_of="2027-12-01")
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "export")


@pytest.mark.parametrize("movement", ["defective_return", "return_for_refund"])
@pytest.mark.parametrize(
    ("imported", "rule", "regime"),
    [("2026-03-01", "drawback-code-04", "re_export"), ("2025-06-01", "export", "standard_export")],
    ids=["within-a-year", "after-a-year"],
)
def test_a_defective_import_re_exported_within_a_year_gets_the_duty_back(
    movement: str, imported: str, rule: str, regime: str
) -> None:
    """GCC Unified Guide code 04: re-export in the same state within 1 year of paying duty; claim within 180 days."""
    d = from_uae(movement, importer=party("Seller Inc", "US"), prior_export=prior(imported, exporter="Seller Inc"))
    exp = d["export"]
    assert (exp["rule"], exp["regime"]) == (rule, regime)
    assert ("RELIEF_PERIOD_EXCEEDED" in side_flags(d, "export")) is (rule == "export")
    if rule == "drawback-code-04":
        assert any("180 days" in doc for doc in exp["documents"])
        assert "PROFILE_PARTIAL" in side_flags(d, "export")  # the USD 5,000 minimum cannot be checked


@pytest.mark.parametrize("movement", ["warranty_replacement", "advance_replacement"])
def test_a_replacement_leaves_on_an_ordinary_export_declaration(movement: str) -> None:
    """GCC Common Customs Law: export declaration (Dubai Customs declaration types)."""
    d = from_uae(movement)
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["deadline"], exp["confirmed"]) == (
        "standard_export",
        None,
        None,
        True,
    )


def test_foreign_goods_repaired_in_the_uae_are_re_exported_within_6_months() -> None:
    """GCC CCL Art. 95 [S]; temporary entry for repair and its 6 months [K]."""
    d = from_uae(
        "return_after_repair",
        exporter=party("Service LLC", "AE"),
        importer=party("Owner Inc", "US"),
        repair={"cost": money("300.00", "USD"), "charged": True},
        prior_export=prior("2026-09-01", "outward_processing", "Owner Inc"),
    )
    exp = d["export"]
    assert (exp["regime"], exp["rule"]) == ("re_export", "reexport-after-repair")
    assert exp["deadline"]["date"] == "2027-03-01"
    assert "PROFILE_PARTIAL" in side_flags(d, "export")


@pytest.mark.parametrize(
    ("carnet", "rule"), [(True, "ata-carnet"), (False, "temporary-export")], ids=["carnet", "declaration"]
)
def test_demo_dispatch_is_a_temporary_export(carnet: bool, rule: str) -> None:
    """ATA carnet [K]; Dubai 'Temporary Export from Local to ROW' [S], its use for demonstrations not stated."""
    d = from_uae("demo_dispatch", ata_carnet=carnet)
    assert (d["export"]["regime"], d["export"]["rule"]) == ("temporary_export", rule)
    assert "PROFILE_PARTIAL" in side_flags(d, "export")


@pytest.mark.parametrize(
    ("dispatched", "overdue"), [("2026-07-01", False), ("2026-04-01", True)], ids=["within", "after"]
)
def test_foreign_demo_is_re_exported_within_6_months(dispatched: str, overdue: bool) -> None:
    """GCC CCL Art. 95; temporary entry re-exported generally within 6 months [K]."""
    d = from_uae(
        "demo_return",
        exporter=party("Owner Inc", "US"),
        importer=party("Owner Inc", "US"),
        eor=party("Forwarder LLC", "AE"),
        prior_export=prior(dispatched, "temporary_export", "Owner Inc"),
    )
    assert d["export"]["rule"] == "reexport-temporary-entry"
    assert ("TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "export")) is overdue


def test_a_foreign_exporter_without_a_client_code_needs_an_exporter_of_record() -> None:
    """Dubai Customs 'Client code': declarations by client-code holders, which need a UAE trade licence [S]."""
    d = from_uae("warranty_replacement", exporter=party("Brand Inc", "US"))
    assert d["export"]["eor_required"] is True
    assert "NO_LOCAL_EXPORTER" in codes(d)


# ------------------------------------------------------------------------------------------ import side (US -> AE)


def test_return_after_repair_pays_duty_on_the_value_added_by_the_repair() -> None:
    """GCC Unified Guide, exemptions: duty on the value of the increase resulting from the repair [S]."""
    d = to_uae(
        "return_after_repair",
        items=[laptop(duty_rate="5")],
        repair={"cost": money("300.00", "USD"), "charged": True},
        prior_export=prior("2026-06-01", "outward_processing"),
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("reimport_after_repair", "repaired-goods", "repair_cost")
    assert imp["customs_value"] == money("400.00", "USD")  # 300 repair + 80 freight + 20 insurance
    assert imp["duty"] == money("20.00", "USD")
    assert imp["vat"] == money("106.00", "USD")  # VAT base open: conservatively 5 % of full CIF 2100 + duty 20
    assert imp["deadline"]["date"] == "2027-06-01"
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_return_after_repair_within_an_extended_period_keeps_the_relief() -> None:
    """GCC Unified Guide: the 1 year is extendable by similar periods up to 5 years (the authorised deadline)."""
    d = to_uae(
        "return_after_repair",
        repair={"cost": money("300.00", "USD"), "charged": True},
        prior_export=prior("2025-06-01", "outward_processing", reimport_deadline="2027-06-01"),
    )
    assert (d["import"]["rule"], d["import"]["deadline"]["date"]) == ("repaired-goods", "2027-06-01")


def test_return_after_repair_after_the_period_pays_full_duty() -> None:
    """GCC Unified Guide: after the approved period, full duty and VAT on the CIF value."""
    d = to_uae(
        "return_after_repair",
        items=[laptop(duty_rate="5")],
        repair={"cost": money("300.00", "USD"), "charged": True},
        prior_export=prior("2025-06-01", "outward_processing"),
    )
    imp = d["import"]
    assert (imp["rule"], imp["customs_value"], imp["duty"]) == (
        "full-value",
        money("2100.00", "USD"),
        money("105.00", "USD"),
    )
    assert imp["vat"] == money("110.25", "USD")
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")


def test_goods_changed_abroad_pay_full_duty() -> None:
    """GCC Unified Guide: goods that have changed and are hard to identify pay full duty."""
    d = to_uae(
        "return_after_repair",
        repair={"cost": money("300.00", "USD"), "charged": True},
        prior_export=prior("2026-06-01", "outward_processing", hs_code="847150"),
    )
    assert d["import"]["rule"] == "full-value"
    assert "RECLASSIFIED_AFTER_REPAIR" in codes(d)


@pytest.mark.parametrize(
    ("origin", "exported", "rule"),
    [
        ("AE", "2024-06-01", "national-goods-returned"),
        ("CN", "2026-03-01", "foreign-goods-returned"),
        ("CN", "2024-06-01", "full-value"),
    ],
    ids=["national-within-3-years", "foreign-within-365-days", "foreign-after-365-days"],
)
@pytest.mark.parametrize("movement", ["defective_return", "return_for_refund", "demo_return"])
def test_returned_goods_are_exempt_from_duty_within_their_period(
    movement: str, origin: str, exported: str, rule: str
) -> None:
    """Dubai Customs: national goods within 3 years [S]; GCC Unified Guide: foreign goods within 365 days [S]."""
    d = to_uae(
        movement,
        items=[laptop(origin_country=origin, duty_rate="5")],
        exporter=party("Customer Inc", "US"),
        prior_export=prior(exported, "temporary_export" if movement == "demo_return" else "standard_export"),
    )
    imp = d["import"]
    assert imp["rule"] == rule
    relieved = rule != "full-value"
    assert imp["duty"] == (money("0.00", "USD") if relieved else money("105.00", "USD"))
    assert imp["vat"] == (money("105.00", "USD") if relieved else money("110.25", "USD"))  # VAT exemption unconfirmed
    assert ("RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")) is not relieved


def test_goods_entering_for_repair_are_admitted_against_a_deposit() -> None:
    """Temporary entry of machinery imported solely for repair, deposit or guarantee equal to the duty [K]."""
    d = to_uae("export_for_repair", exporter=party("Owner Inc", "US"), importer=party("Service LLC", "AE"))
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"], imp["guarantee_required"]) == ("temporary_admission", "none", True)
    assert imp["vat"] == money("0.00", "USD")
    assert imp["deadline"]["date"] == "2027-05-20"
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


@pytest.mark.parametrize(
    ("movement", "confirmed"),
    [("warranty_replacement", False), ("advance_replacement", True)],
    ids=["warranty_replacement", "advance_replacement"],
)
def test_a_replacement_is_an_ordinary_import(movement: str, confirmed: bool) -> None:
    """No specific relief: the replacement is a normal import; no warranty rule found [?]."""
    d = to_uae(movement, exporter=party("Seller Inc", "US"), warranty={"covered": True})
    imp = d["import"]
    assert (imp["regime"], imp["customs_value"], imp["vat"]) == (
        "standard_import",
        money("2100.00", "USD"),
        money("105.00", "USD"),
    )
    assert imp["duty"] is None  # no UAE rate in the profile
    assert imp["confirmed"] is confirmed


@pytest.mark.parametrize(
    ("carnet", "rule", "deadline"),
    [(True, "ata-carnet", "2027-11-20"), (False, "temporary-entry", "2027-05-20")],
    ids=["carnet", "deposit"],
)
def test_foreign_demo_enters_under_temporary_admission(carnet: bool, rule: str, deadline: str | None) -> None:
    """ATA carnet (1 year) [K]; temporary entry against a deposit, 6 months [K]; VAT e-guarantee if unregistered."""
    d = to_uae(
        "demo_dispatch", exporter=party("Owner Inc", "US"), importer=party("Distributor LLC", "AE"), ata_carnet=carnet
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("temporary_admission", rule, "none")
    assert (imp["vat"], imp["guarantee_required"]) == (money("0.00", "USD"), not carnet)
    assert (imp["deadline"] or {}).get("date") == deadline


def test_no_courier_de_minimis_is_applied() -> None:
    """The courier threshold (SAR / AED 1,000) is secondary and VAT applies whatever the value [K]: not applied."""
    d = to_uae("warranty_replacement", items=[laptop("200.00")], costs={}, exporter=party("Seller Inc", "US"))
    assert d["import"]["vat"] == money("10.00", "USD")
    assert "BELOW_DE_MINIMIS" not in codes(d)


@pytest.mark.parametrize(
    ("identifiers", "ior_required"),
    [({}, True), ({"CUSTOMS_CLIENT_CODE": "AE-1234567"}, False)],
    ids=["no-client-code", "client-code"],
)
def test_a_foreign_importer_needs_a_client_code_or_a_local_importer_of_record(
    identifiers: dict[str, str], ior_required: bool
) -> None:
    """Dubai Customs 'Client code': a client code needs a valid UAE trade licence [S]; otherwise a local IOR."""
    d = to_uae(
        "warranty_replacement",
        exporter=party("Seller Inc", "US"),
        importer=party("Seller Inc", "US", identifiers=identifiers),
    )
    assert d["import"]["ior_required"] is ior_required
    assert ("NO_LOCAL_IMPORTER" in codes(d)) is ior_required
