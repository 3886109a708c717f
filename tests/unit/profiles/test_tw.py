"""Taiwan profile (country_profiles/tw.yaml): each RMA movement on the Taiwanese export and import side.

Facts: Customs Act (關稅法) Arts. 37, 51, 52, 53, 55 and Enforcement Rules Art. 20 as stated by the Customs
Administration's pages; 5 % business tax. Counterpart: the United States (US profile). The offline rates have no
TWD, so the profile estimates in USD; amounts here are in USD and no exchange rate is involved.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import codes, decide, item, leg, money, party, side_flags

TW_OWNER = party("Owner Co Ltd", "TW")
US_REPAIRER = party("Repair Inc", "US")
FREIGHT = {"freight": money("40.00", "USD"), "insurance": money("10.00", "USD")}


def unit(value: str = "1000.00", **overrides: Any) -> dict[str, Any]:
    return item(unit_value=value, currency="USD", serial_numbers=["SN-0001"], **overrides)


def prior(date: str, regime: str | None, exporter: str = "Owner Co Ltd", **extra: Any) -> dict[str, Any]:
    base = {"date": date, "regime": regime, "exporter": exporter, "hs_code": "847130", "serial_numbers": ["SN-0001"]}
    base.update(extra)
    return base


# ------------------------------------------------------------------------------------------ export side (TW -> US)

EXPORTS = [
    # movement, to, extra, regime, rule, procedure code, deadline
    ("export_for_repair", "US", {}, "outward_processing", "art37-export", None, "2027-11-20"),
    ("warranty_replacement", "US", {}, "standard_export", "export", None, None),
    ("advance_replacement", "US", {"warranty": {"covered": True}}, "standard_export", "export", None, None),
    (
        "defective_return",
        "US",
        {"warranty": {"covered": True}, "prior_export": prior("2026-11-01", "standard_export", "Seller Inc")},
        "re_export",
        "art51-g3",
        "G3",
        "2026-12-01",
    ),
    ("defective_return", "US", {}, "standard_export", "export", None, None),
    ("return_for_refund", "US", {}, "standard_export", "export", None, None),
    ("demo_dispatch", "US", {}, "temporary_export", "art53-temporary-export", None, "2027-11-20"),
    ("demo_dispatch", "MY", {"ata_carnet": True}, "temporary_export", "taitra-micci-carnet", None, "2027-11-20"),
    ("demo_dispatch", "US", {"ata_carnet": True}, "temporary_export", "bilateral-carnet", None, "2027-11-20"),
    ("demo_dispatch", "GB", {"ata_carnet": True}, "temporary_export", "art53-temporary-export", None, "2027-11-20"),
]


@pytest.mark.parametrize(
    ("movement", "to", "extra", "regime", "rule", "code", "deadline"),
    EXPORTS,
    ids=[f"{e[0]}-{e[1]}-{e[4]}" for e in EXPORTS],
)
def test_export_side_regime_per_movement(movement, to, extra, regime, rule, code, deadline) -> None:
    """Customs Act Art. 37 (repair abroad, 1 year), Art. 51 (G3 export of damaged imports), Art. 53 (temporary
    export, 1 year), TAITRA carnet protocols (Taiwan is no ATA party: a carnet to GB falls back to Art. 53)."""
    d = decide(leg(movement, "TW", to, items=[unit()], exporter=TW_OWNER, **extra))
    exp = d["export"]
    assert exp["jurisdiction"] == "TW"
    assert (exp["regime"], exp["rule"], exp["procedure_code"]) == (regime, rule, code)
    assert (exp["deadline"] or {}).get("date") == deadline
    assert exp["eor_required"] is False


def test_repair_abroad_past_the_year_is_flagged() -> None:
    """Customs Act Art. 37: re-import within 1 year of export release (extension before the year ends)."""
    d = decide(
        leg(
            "export_for_repair", "TW", "US", items=[unit()], exporter=TW_OWNER, importer=US_REPAIRER, as_of="2027-12-01"
        )
    )
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "export")


def test_damage_reported_late_is_flagged_on_the_g3_export() -> None:
    """Customs Act Art. 51: the damage is reported within 1 month of the original import."""
    d = decide(
        leg(
            "defective_return",
            "TW",
            "US",
            items=[unit()],
            exporter=TW_OWNER,
            warranty={"covered": True},
            prior_export=prior("2026-09-01", "standard_export", "Seller Inc"),
        )
    )
    assert d["export"]["procedure_code"] == "G3"
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "export")


def test_carnets_under_the_eu_and_us_arrangements_are_not_confirmed() -> None:
    """EC/CPD/China-Taiwan and TECRO/AIT carnets: secondary sources only -> PROFILE_PARTIAL."""
    d = decide(leg("demo_dispatch", "TW", "US", items=[unit()], exporter=TW_OWNER, ata_carnet=True))
    assert "PROFILE_PARTIAL" in side_flags(d, "export")


@pytest.mark.parametrize(
    ("movement", "carnet", "started", "rule", "overdue"),
    [
        ("return_after_repair", False, "2026-06-01", "temporary-entry-reexport", False),
        ("return_after_repair", False, "2026-04-01", "temporary-entry-reexport", True),
        ("demo_return", False, "2026-04-01", "temporary-entry-reexport", True),
        ("demo_return", True, "2026-04-01", "carnet-reexport", False),
    ],
    ids=["repair-5-months", "repair-7-months", "demo-7-months", "carnet-own-deadline"],
)
def test_re_export_within_6_months_of_temporary_entry(movement, carnet, started, rule, overdue) -> None:
    """Customs Act temporary entry (Art. 52): re-export within 6 months; a carnet carries its own date."""
    extra: dict[str, Any] = (
        {"repair": {"cost": money("200.00", "USD"), "charged": True}} if movement == "return_after_repair" else {}
    )
    d = decide(
        leg(
            movement,
            "TW",
            "US",
            items=[unit()],
            exporter=party("Owner Inc", "US"),
            importer=party("Owner Inc", "US"),
            eor=party("Forwarder Co Ltd", "TW"),
            ata_carnet=carnet,
            prior_export=prior(started, "temporary_export", "Owner Inc"),
            **extra,
        )
    )
    assert (d["export"]["regime"], d["export"]["rule"]) == ("re_export", rule)
    assert ("TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "export")) is overdue


def test_foreign_exporter_without_a_ban_needs_an_exporter_of_record() -> None:
    """BOFT registration / Business Administration Number on the export declaration."""
    d = decide(leg("warranty_replacement", "TW", "US", items=[unit()], exporter=party("Brand Inc", "US")))
    assert d["export"]["eor_required"] is True
    assert "NO_LOCAL_EXPORTER" in side_flags(d, "export")


# ------------------------------------------------------------------------------------------ import side (US -> TW)


def _repair_return(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "items": [unit(duty_rate="5")],
        "exporter": US_REPAIRER,
        "importer": TW_OWNER,
        "costs": FREIGHT,
        "repair": {"cost": money("200.00", "USD"), "charged": True},
        "prior_export": prior("2026-03-01", "outward_processing"),
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "US", "TW", **base))


def test_repaired_goods_are_valued_on_the_repair_cost_without_freight_and_insurance() -> None:
    """Customs Act Art. 37; Enforcement Rules Art. 20: repair cost, excluding freight and insurance."""
    d = _repair_return()
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == (
        "reimport_after_repair",
        "art37-repair-cost",
        "repair_cost",
    )
    assert imp["customs_value"] == money("200.00", "USD")
    assert imp["duty"] == money("10.00", "USD")  # 5 % of 200
    assert imp["vat"] == money("10.50", "USD")  # business tax 5 % of (200 + 10)
    assert imp["deadline"]["date"] == "2027-03-01"
    assert imp["confirmed"] is True
    assert side_flags(d, "import") == set()


def test_a_free_warranty_repair_is_duty_exempt() -> None:
    """Enforcement Rules Art. 20: repair free under the original warranty -> duty-exempt; business tax unconfirmed."""
    d = _repair_return(warranty={"covered": True}, repair={"cost": money("200.00", "USD"), "charged": False})
    imp = d["import"]
    assert (imp["rule"], imp["duty_base"], imp["duty"]) == ("art37-free-warranty-repair", "none", money("0.00", "USD"))
    assert imp["vat"] == money("10.00", "USD")  # 5 % of the repair's value, conservatively
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_re_import_after_the_year_pays_duty_on_the_full_value() -> None:
    """Customs Administration: late re-import -> duty on the full value of the re-imported goods."""
    d = _repair_return(prior_export=prior("2025-10-01", "outward_processing"))
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert imp["customs_value"] == money("1050.00", "USD")
    assert imp["duty"] == money("52.50", "USD")
    assert imp["vat"] == money("55.13", "USD")  # 5 % of (1050 + 52.50)
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")


def test_an_extension_granted_before_the_year_ends_keeps_the_repair_valuation() -> None:
    """Customs Act Art. 37: extension by written application before the year ends."""
    d = _repair_return(prior_export=prior("2025-10-01", "outward_processing", reimport_deadline="2026-12-31"))
    assert (d["import"]["rule"], d["import"]["deadline"]["date"]) == ("art37-repair-cost", "2026-12-31")


def test_goods_transformed_abroad_are_imported_at_full_value() -> None:
    """Customs Act Art. 37 covers repair or assembly; an HS change means a different article."""
    d = _repair_return(items=[unit(duty_rate="5", hs_code="847150")])
    assert d["import"]["duty_base"] == "full_value"
    assert "RECLASSIFIED_AFTER_REPAIR" in codes(d)


def test_goods_entering_taiwan_for_repair_are_temporary_entries_with_a_deposit() -> None:
    """Keelung Customs: finished products imported for repair are duty-exempt if re-exported within 6 months."""
    d = decide(
        leg(
            "export_for_repair",
            "US",
            "TW",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Owner Inc", "US"),
            importer=party("Repair Co Ltd", "TW"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("temporary_admission", "temporary-entry-repair", "none")
    assert imp["vat"] == money("52.50", "USD")  # business tax estimated: its relief is not stated
    assert imp["guarantee_required"] is True
    assert imp["deadline"]["date"] == "2027-05-20"
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


REPLACEMENTS = [
    (
        "warranty_replacement",
        {"warranty": {"covered": True}, "prior_export": prior("2026-10-01", "standard_export")},
        "warranty_relief",
        "art51-replacement",
        "none",
        True,
    ),
    (
        "warranty_replacement",
        {"warranty": {"covered": True}, "prior_export": prior("2026-03-01", "standard_export")},
        "standard_import",
        "full-value",
        "full_value",
        True,
    ),
    ("warranty_replacement", {"warranty": {"covered": True}}, "standard_import", "full-value", "full_value", True),
    (
        "advance_replacement",
        {"warranty": {"covered": True}},
        "standard_import",
        "replacement-import",
        "full_value",
        False,
    ),
]


@pytest.mark.parametrize(
    ("movement", "extra", "regime", "rule", "base", "confirmed"),
    REPLACEMENTS,
    ids=["art51-within-6-months", "art51-late", "no-g3-export", "advance"],
)
def test_replacement_units(movement, extra, regime, rule, base, confirmed) -> None:
    """Customs Act Art. 51: replacement duty-free after the report, approval and G3 export, within 6 months;
    an advance replacement (defective still in Taiwan) is a full-value import, not confirmed."""
    d = decide(
        leg(
            movement,
            "US",
            "TW",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Brand Inc", "US"),
            importer=TW_OWNER,
            **extra,
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == (regime, rule, base)
    assert imp["vat"] == money("52.50", "USD")  # 5 % of CIF 1050 (duty not estimated / exempt)
    assert imp["confirmed"] is confirmed


RETURNS = [
    ("defective_return", prior("2024-06-01", "standard_export"), "returned_goods_relief", "returned-export-55", "55"),
    ("return_for_refund", prior("2024-06-01", "standard_export"), "returned_goods_relief", "returned-export-55", "55"),
    ("return_for_refund", prior("2023-06-01", "standard_export"), "standard_import", "full-value", None),
    ("demo_return", prior("2026-02-01", "temporary_export"), "returned_goods_relief", "temporary-export-99", "99"),
    ("demo_return", prior("2025-02-01", "temporary_export"), "returned_goods_relief", "returned-export-55", "55"),
    ("demo_return", prior("2026-02-01", "standard_export"), "returned_goods_relief", "returned-export-55", "55"),
]


@pytest.mark.parametrize(
    ("movement", "exported", "regime", "rule", "code"),
    RETURNS,
    ids=[
        "defective-2.5-years",
        "refund-2.5-years",
        "refund-3.5-years",
        "demo-10-months",
        "demo-22-months",
        "demo-after-plain-export",
    ],
)
def test_returned_taiwanese_goods(movement, exported, regime, rule, code) -> None:
    """Customs Act Art. 55 (returned exports, 3 years, code 55); Art. 53 (temporary exports, 1 year, code 99)."""
    d = decide(
        leg(
            movement,
            "US",
            "TW",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Customer Inc", "US"),
            importer=TW_OWNER,
            prior_export=exported,
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["procedure_code"]) == (regime, rule, code)
    assert imp["vat"] == money("52.50", "USD")  # business tax estimated: its relief is not stated


@pytest.mark.parametrize(
    ("origin", "carnet", "rule", "partial"),
    [
        ("MY", True, "taitra-micci-carnet", False),
        ("US", True, "bilateral-carnet", True),
        ("GB", True, "temporary-entry-demo", True),
        ("US", False, "temporary-entry-demo", True),
    ],
    ids=["micci-carnet", "us-carnet", "gb-carnet-not-accepted", "no-carnet"],
)
def test_demo_units_entering_taiwan(origin, carnet, rule, partial) -> None:
    """TAITRA–MICCI protocol (confirmed); EU / US carnets (secondary); else temporary entry for 6 months."""
    d = decide(
        leg(
            "demo_dispatch",
            origin,
            "TW",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Brand", origin),
            importer=party("Prospect Co Ltd", "TW"),
            ata_carnet=carnet,
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("temporary_admission", rule, "none")
    assert ("PROFILE_PARTIAL" in side_flags(d, "import")) is partial


def test_amounts_are_estimated_in_usd_and_the_ntd_2000_exemption_is_not_applied() -> None:
    """No offline TWD rate: USD estimate; the NT$2,000 postal / express exemption needs a TWD rate (not applied)."""
    d = decide(
        leg(
            "warranty_replacement",
            "US",
            "TW",
            items=[item(unit_value="50.00", currency="EUR")],
            importer=TW_OWNER,
            exporter=party("Brand Inc", "US"),
        )
    )
    imp = d["import"]
    assert imp["customs_value"]["currency"] == "USD"
    assert imp["vat"]["amount"] != "0.00"
    assert imp["de_minimis"] == []


def test_foreign_importer_without_a_ban_needs_an_importer_of_record() -> None:
    """BOFT registration / Business Administration Number: a foreign company without a branch needs a local IOR."""
    d = decide(
        leg(
            "warranty_replacement",
            "US",
            "TW",
            items=[unit()],
            exporter=party("Brand Inc", "US"),
            importer=party("Brand Inc", "US"),
        )
    )
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" in side_flags(d, "import")
