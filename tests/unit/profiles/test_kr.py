"""South Korea profile (country_profiles/kr.yaml): each RMA movement on the Korean export and import side.

Facts: Customs Act (관세법) Arts. 97, 99, 101, 106; VAT Act; KCS practice for ATA carnets. Counterpart: the United
Kingdom (GB profile). Korean import figures are in KRW (no decimals) so that no exchange rate is involved.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import decide, item, leg, money, party, side_flags

KR_OWNER = party("Owner Co Ltd", "KR")
UK_REPAIRER = party("Repair Ltd", "GB")
FREIGHT = {"freight": money("50000", "KRW"), "insurance": money("10000", "KRW")}


def unit(currency: str = "KRW", value: str = "2000000", **overrides: Any) -> dict[str, Any]:
    return item(unit_value=value, currency=currency, serial_numbers=["SN-0001"], **overrides)


def prior(date: str, regime: str | None, exporter: str = "Owner Co Ltd") -> dict[str, Any]:
    return {"date": date, "regime": regime, "exporter": exporter, "hs_code": "847130", "serial_numbers": ["SN-0001"]}


# ------------------------------------------------------------------------------------------ export side (KR -> GB)

EXPORTS = [
    # movement, extra, regime, rule, deadline
    ("export_for_repair", {}, "outward_processing", "art101-export", None),
    ("warranty_replacement", {}, "standard_export", "export", None),
    ("advance_replacement", {"warranty": {"covered": True}}, "standard_export", "export", None),
    (
        "defective_return",
        {"prior_export": prior("2026-03-01", "standard_export", "Seller Ltd")},
        "re_export",
        "art106-refund",
        "2027-03-01",
    ),
    ("defective_return", {}, "standard_export", "export", None),
    (
        "return_for_refund",
        {"prior_export": prior("2026-03-01", "standard_export", "Seller Ltd")},
        "re_export",
        "art106-refund",
        "2027-03-01",
    ),
    ("demo_dispatch", {"ata_carnet": True}, "temporary_export", "ata-carnet", "2027-11-20"),  # the carnet's year
    ("demo_dispatch", {}, "temporary_export", "art99-temporary-export", "2028-11-20"),
]


@pytest.mark.parametrize(
    ("movement", "extra", "regime", "rule", "deadline"), EXPORTS, ids=[f"{e[0]}-{e[3]}" for e in EXPORTS]
)
def test_export_side_regime_per_movement(movement, extra, regime, rule, deadline) -> None:
    """Customs Act Art. 101 (repair abroad), Art. 106 (contract-discrepancy refund, 1 year), Art. 99 (re-import
    within 2 years), Art. 241 (export declaration), ATA Convention."""
    d = decide(leg(movement, "KR", "GB", items=[unit("GBP", "1500.00")], exporter=KR_OWNER, **extra))
    exp = d["export"]
    assert exp["jurisdiction"] == "KR"
    assert (exp["regime"], exp["rule"], exp["procedure_code"]) == (regime, rule, None)
    assert (exp["deadline"] or {}).get("date") == deadline
    assert exp["eor_required"] is False


def test_export_for_repair_requires_identification_and_cites_the_hsk_identity_test() -> None:
    """Enforcement Rule Art. 56: same HSK 10-digit code at export and re-import, or identity by serial number."""
    d = decide(
        leg("export_for_repair", "KR", "GB", items=[unit("GBP", "1500.00")], exporter=KR_OWNER, importer=UK_REPAIRER)
    )
    exp = d["export"]
    assert exp["confirmed"] is True
    assert any("Art. 56" in basis for basis in exp["legal_basis"])
    assert "PROFILE_PARTIAL" not in side_flags(d, "export")


def test_defective_unit_held_longer_than_a_year_loses_the_art_106_refund() -> None:
    """Customs Act Art. 106: bonded area within 1 year of import acceptance; later -> plain export."""
    d = decide(
        leg(
            "defective_return",
            "KR",
            "GB",
            items=[unit("GBP", "1500.00")],
            exporter=KR_OWNER,
            prior_export=prior("2025-06-01", "standard_export", "Seller Ltd"),
        )
    )
    assert (d["export"]["regime"], d["export"]["rule"]) == ("standard_export", "export")
    assert "RELIEF_PERIOD_EXCEEDED" in side_flags(d, "export")


def test_demo_sent_out_without_a_carnet_is_not_confirmed() -> None:
    """Customs Act Art. 99: goods used abroad are excluded save a statutory list not read: best effort."""
    d = decide(leg("demo_dispatch", "KR", "GB", items=[unit("GBP", "1500.00")], exporter=KR_OWNER))
    assert d["export"]["confirmed"] is False
    assert "PROFILE_PARTIAL" in side_flags(d, "export")


def test_repaired_foreign_goods_leave_under_art_97_within_a_year() -> None:
    """Customs Act Art. 97: re-export within the period set (at most 1 year); prior_export stands in for the import."""
    d = decide(
        leg(
            "return_after_repair",
            "KR",
            "GB",
            items=[unit("GBP", "1500.00")],
            exporter=party("Repair Co Ltd", "KR"),
            importer=party("Owner Ltd", "GB"),
            repair={"cost": money("200.00", "GBP"), "charged": True},
            prior_export=prior("2026-09-01", "outward_processing", "Owner Ltd"),
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["rule"]) == ("re_export", "art97-reexport")
    assert exp["deadline"]["date"] == "2027-09-01"
    assert "TEMPORARY_ADMISSION_OVERDUE" not in side_flags(d, "export")


@pytest.mark.parametrize(
    ("movement", "carnet", "started", "overdue"),
    [
        ("return_after_repair", False, "2025-10-01", True),
        ("demo_return", False, "2026-01-10", False),
        ("demo_return", True, "2026-04-01", True),
        ("demo_return", True, "2026-06-01", False),
    ],
    ids=["repair-13-months", "demo-art97-10-months", "carnet-7-months", "carnet-5-months"],
)
def test_re_export_periods(movement, carnet, started, overdue) -> None:
    """Customs Act Art. 97: 1 year (penalty surcharge if late); KCS carnet practice: 6 months."""
    extra: dict[str, Any] = (
        {"repair": {"cost": money("200.00", "GBP"), "charged": True}} if movement == "return_after_repair" else {}
    )
    d = decide(
        leg(
            movement,
            "KR",
            "GB",
            items=[unit("GBP", "1500.00")],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Owner Ltd", "GB"),
            eor=party("Forwarder Co Ltd", "KR"),
            ata_carnet=carnet,
            prior_export=prior(started, "temporary_export", "Owner Ltd"),
            **extra,
        )
    )
    assert d["export"]["regime"] == "re_export"
    assert ("TEMPORARY_ADMISSION_OVERDUE" in side_flags(d, "export")) is overdue


def test_foreign_exporter_without_a_korean_registration_needs_an_exporter_of_record() -> None:
    """KCS: declarations in the name of the owner holding a customs clearance code (통관고유부호)."""
    d = decide(
        leg("warranty_replacement", "KR", "GB", items=[unit("GBP", "1500.00")], exporter=party("Brand Ltd", "GB"))
    )
    assert d["export"]["eor_required"] is True
    assert "NO_LOCAL_EXPORTER" in side_flags(d, "export")


# ------------------------------------------------------------------------------------------ import side (GB -> KR)


def test_goods_entering_korea_for_repair_after_an_export_from_korea_are_exempt_under_art_97() -> None:
    """Customs Act Art. 97 + Rule Art. 50; VAT Decree Art. 55: no duty, no VAT; security possible; 1 year."""
    d = decide(
        leg(
            "export_for_repair",
            "GB",
            "KR",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Owner Ltd", "GB"),
            importer=party("Repair Co Ltd", "KR"),
            prior_export=prior("2025-05-01", "standard_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["procedure_code"]) == (
        "temporary_admission",
        "art97-repair-korean-goods",
        None,
    )
    assert imp["customs_value"] == money("2060000", "KRW")
    assert (imp["duty"], imp["vat"]) == (money("0", "KRW"), money("0", "KRW"))
    assert imp["guarantee_required"] is True
    assert imp["deadline"]["date"] == "2027-11-20"
    assert side_flags(d, "import") == set()


def test_foreign_goods_entering_korea_for_repair_are_art_97_but_not_confirmed() -> None:
    """Enforcement Rule Art. 50: only the item for goods exported from Korea was read: best effort."""
    d = decide(
        leg(
            "export_for_repair",
            "GB",
            "KR",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Owner Ltd", "GB"),
            importer=party("Repair Co Ltd", "KR"),
        )
    )
    assert (d["import"]["regime"], d["import"]["rule"]) == ("temporary_admission", "art97-repair")
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def _repair_return(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "items": [unit(duty_rate="8")],
        "exporter": UK_REPAIRER,
        "importer": KR_OWNER,
        "costs": FREIGHT,
        "repair": {"cost": money("300000", "KRW"), "charged": True},
        "prior_export": prior("2026-09-01", "outward_processing"),
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "GB", "KR", **base))


def test_repaired_goods_pay_duty_on_the_value_added_abroad_under_art_101() -> None:
    """Customs Act Art. 101(1)(2), Decree Art. 119: duty reduced by the duty on the exported value (value added)."""
    d = _repair_return()
    imp = d["import"]
    assert (imp["regime"], imp["rule"]) == ("reimport_after_repair", "art101-reduction")
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("360000", "KRW")  # repair 300000 + freight 50000 + insurance 10000
    assert imp["duty"] == money("28800", "KRW")  # 8 % of 360000
    assert imp["vat"] == money("208880", "KRW")  # 10 % of (full CIF 2060000 + duty 28800), conservatively
    assert imp["deadline"] is None  # no Art. 101 re-import deadline found


def test_the_art_101_duty_base_is_flagged_unconfirmed() -> None:
    """Decree Art. 119 formula not read ([K]): the answer carries PROFILE_PARTIAL."""
    d = _repair_return()
    assert d["import"]["confirmed"] is False
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


def test_goods_transformed_abroad_are_imported_at_full_value() -> None:
    """Enforcement Rule Art. 56: a different HSK code at re-import means no Art. 101 reduction."""
    d = _repair_return(items=[unit(duty_rate="8", hs_code="847150")])
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert imp["duty"] == money("164800", "KRW")  # 8 % of 2060000
    assert "RECLASSIFIED_AFTER_REPAIR" in {f["code"] for f in d["flags"]}


def test_goods_not_exported_for_repair_are_imported_at_full_value() -> None:
    """Customs Act Art. 101: the reduction presupposes an export for repair; a plain export gives none."""
    d = _repair_return(prior_export=prior("2026-09-01", "standard_export"))
    assert d["import"]["duty_base"] == "full_value"
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" in side_flags(d, "import")


@pytest.mark.parametrize("movement", ["warranty_replacement", "advance_replacement"])
def test_replacement_units_are_normal_imports_at_full_value_not_confirmed(movement) -> None:
    """No warranty-replacement relief found (KITA example on Art. 97): full value, conservatively."""
    d = decide(
        leg(
            movement,
            "GB",
            "KR",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Brand Ltd", "GB"),
            importer=KR_OWNER,
            warranty={"covered": True},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert imp["vat"] == money("206000", "KRW")  # 10 % of CIF 2060000 (duty not estimated)
    assert "PROFILE_PARTIAL" in side_flags(d, "import")


@pytest.mark.parametrize(
    ("movement", "exported", "rule", "confirmed"),
    [
        ("return_for_refund", "2025-06-01", "art99-reimport", True),
        ("return_for_refund", "2024-06-01", "full-value", True),
        ("defective_return", "2025-06-01", "art99-reimport", False),
    ],
    ids=["refund-within-2-years", "refund-after-2-years", "defective-used-abroad"],
)
def test_returned_korean_goods_are_duty_exempt_within_2_years(movement, exported, rule, confirmed) -> None:
    """Customs Act Art. 99: re-import within 2 years of export, not used abroad (defective units: not confirmed)."""
    d = decide(
        leg(
            movement,
            "GB",
            "KR",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Customer Ltd", "GB"),
            importer=KR_OWNER,
            prior_export=prior(exported, "standard_export"),
        )
    )
    imp = d["import"]
    assert imp["rule"] == rule
    assert imp["duty_base"] == ("none" if rule == "art99-reimport" else "full_value")
    assert imp["vat"] == money("206000", "KRW")  # VAT estimated conservatively either way
    assert imp["confirmed"] is confirmed
    assert ("RELIEF_PERIOD_EXCEEDED" in side_flags(d, "import")) is (rule == "full-value")


def test_returned_goods_without_an_export_record_are_flagged() -> None:
    """Customs Act Art. 99 needs the original export declaration."""
    d = decide(
        leg("return_for_refund", "GB", "KR", items=[unit()], exporter=party("Customer Ltd", "GB"), importer=KR_OWNER)
    )
    assert d["import"]["duty_base"] == "full_value"
    assert "NO_PRIOR_EXPORT_RECORD" in side_flags(d, "import")


def test_demo_on_an_ata_carnet_enters_korea_free_for_6_months_without_a_local_importer() -> None:
    """ATA Convention; KCS practice: re-export within 6 months; the carnet holder declares."""
    d = decide(
        leg(
            "demo_dispatch",
            "GB",
            "KR",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Brand Ltd", "GB"),
            importer=party("Brand Ltd", "GB"),
            ata_carnet=True,
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"]) == ("temporary_admission", "ata-carnet")
    assert (imp["duty"], imp["vat"]) == (money("0", "KRW"), money("0", "KRW"))
    assert imp["deadline"]["date"] == "2027-05-20"
    assert imp["ior_required"] is False
    assert side_flags(d, "import") == set()


def test_demo_without_a_carnet_is_art_97_with_vat_and_not_confirmed() -> None:
    """Customs Act Art. 97 (1 year, security); the VAT exemption read covers repair goods only."""
    d = decide(
        leg(
            "demo_dispatch",
            "GB",
            "KR",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Brand Ltd", "GB"),
            importer=party("Prospect Co Ltd", "KR"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("temporary_admission", "art97-demo", "none")
    assert imp["vat"] == money("206000", "KRW")
    assert imp["deadline"]["date"] == "2027-11-20"
    assert side_flags(d, "import") == {"PROFILE_PARTIAL"}


@pytest.mark.parametrize(
    ("carnet", "rule", "partial"),
    [(True, "ata-reimport", False), (False, "art99-reimport", True)],
    ids=["carnet", "art99"],
)
def test_korean_demo_unit_comes_back_duty_free(carnet, rule, partial) -> None:
    """ATA Convention re-importation voucher; Customs Act Art. 99 (use abroad for demonstrations not confirmed)."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "KR",
            items=[unit()],
            costs=FREIGHT,
            exporter=party("Prospect Ltd", "GB"),
            importer=KR_OWNER,
            ata_carnet=carnet,
            prior_export=prior("2026-05-01", "temporary_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty"]) == ("returned_goods_relief", rule, money("0", "KRW"))
    assert ("PROFILE_PARTIAL" in side_flags(d, "import")) is partial


def test_low_value_consignment_gets_no_de_minimis() -> None:
    """List clearance (USD 150 / 200 from the US) is for personal-use goods only: not applied to RMA consignments."""
    d = decide(
        leg(
            "warranty_replacement",
            "US",
            "KR",
            items=[unit(value="100000")],
            importer=KR_OWNER,
            exporter=party("Brand Inc", "US"),
        )
    )
    assert d["import"]["vat"] == money("10000", "KRW")
    assert d["import"]["de_minimis"] == []


def test_foreign_importer_without_a_korean_registration_needs_an_importer_of_record() -> None:
    """KCS: declaration in the owner's name with a 통관고유부호 issued against a Korean business registration."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "KR",
            items=[unit()],
            exporter=party("Brand Ltd", "GB"),
            importer=party("Brand Ltd", "GB"),
        )
    )
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" in side_flags(d, "import")


def test_an_established_korean_importer_of_record_clears_the_party_flag() -> None:
    """A Korean consignee acts as importer of record for a non-resident owner."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "KR",
            items=[unit()],
            exporter=party("Brand Ltd", "GB"),
            importer=party("Brand Ltd", "GB"),
            ior=party("Consignee Co Ltd", "KR"),
        )
    )
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" not in side_flags(d, "import")
