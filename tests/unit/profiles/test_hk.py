"""Hong Kong profile (country_profiles/hk.yaml): a free port, every RMA movement on both Hong Kong sides.

Facts: customs-regimes-more.md §1 (Cap. 60, 60E, 60G, 109; C&ED and TID pages). No duty on RMA goods and no VAT,
but a declaration within 14 days of every import and export (except under an ATA carnet) and a TID licence for
strategic commodities on every leg. Counterparts: the United Kingdom (GB) and mainland China (CN: Hong Kong is a
separate customs territory). Amounts are in HKD (no conversion).
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
HK_OWNER = party("Owner Ltd", "HK")
UK_PARTNER = party("Partner Ltd", "GB")
COSTS = {"freight": money("300.00", "HKD"), "insurance": money("50.00", "HKD")}
DECLARATION_DUE = "2026-12-04"  # ship date 2026-11-20 + 14 days


def laptop(value: str = "15000.00", **overrides: Any) -> dict[str, Any]:
    base = {"unit_value": value, "currency": "HKD", "serial_numbers": ["SN-0001"]}
    base.update(overrides)
    return item(**base)


def hk_leg(movement: str, from_country: str, to_country: str, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "items": [laptop()],
        "costs": COSTS,
        "exporter": HK_OWNER if from_country == "HK" else UK_PARTNER,
        "importer": HK_OWNER if to_country == "HK" else UK_PARTNER,
    }
    if movement == "return_after_repair":
        base["repair"] = {"cost": money("2000.00", "HKD"), "charged": True}
    if movement in ("return_after_repair", "demo_return", "defective_return", "return_for_refund"):
        base["prior_export"] = {
            "date": "2026-09-01",
            "regime": "outward_processing" if movement == "return_after_repair" else "temporary_export",
            "exporter": "Owner Ltd",
            "reference": "HK-EXP-1",
            "hs_code": "847130",
            "serial_numbers": ["SN-0001"],
        }
    base.update(overrides)
    return leg(movement, from_country, to_country, **base)


def test_the_profile_cites_only_public_sources() -> None:
    """DESIGN.md §5: what users read cites the law and the official page, never a repository file."""
    assert repository_citations("hk.yaml") == []


# ------------------------------------------------------------------------------------------ every movement


@pytest.mark.parametrize("movement", MOVEMENTS)
def test_every_export_from_hong_kong_is_a_declaration_due_within_14_days(movement: str) -> None:
    """Cap. 60E reg. 4(2): an accurate export declaration within 14 days after the export; no duty or tax."""
    d = decide(hk_leg(movement, "HK", "GB"))
    exp = d["export"]
    assert (exp["jurisdiction"], exp["regime"], exp["rule"]) == ("HK", "standard_export", "export-declaration")
    assert (exp["procedure_code"], exp["additional_procedure_codes"]) == (None, [])
    assert exp["deadline"]["date"] == DECLARATION_DUE
    assert exp["deadline"]["event"] == "lodgement of the export declaration"
    assert exp["eor_required"] is False
    assert exp["confirmed"] is True
    assert side_flags(d, "export") == set()


@pytest.mark.parametrize("movement", MOVEMENTS)
def test_every_import_into_hong_kong_pays_no_duty_and_has_no_vat(movement: str) -> None:
    """C&ED cargo clearance FAQ: no customs tariff, imports tax-free; Cap. 60E reg. 4(1): declaration in 14 days."""
    d = decide(hk_leg(movement, "GB", "HK"))
    imp = d["import"]
    assert (imp["jurisdiction"], imp["regime"], imp["rule"]) == ("HK", "standard_import", "import-declaration")
    assert (imp["procedure_code"], imp["additional_procedure_codes"]) == (None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == money("15350.00", "HKD")  # declared value: 15000 + 300 freight + 50 insurance
    assert imp["duty"] == money("0.00", "HKD")
    assert (imp["vat"], imp["vat_rate"]) == (None, None)
    assert imp["deadline"]["date"] == DECLARATION_DUE
    assert imp["ior_required"] is False
    assert imp["confirmed"] is True
    assert side_flags(d, "import") == set()


def test_repaired_goods_come_back_without_any_relief_claim_and_without_a_full_value_warning() -> None:
    """C&ED cargo clearance FAQ: the re-imported repaired item pays nothing, so no OP relief is claimed or missed."""
    d = decide(
        hk_leg(
            "return_after_repair",
            "GB",
            "HK",
            prior_export={
                "date": "2026-09-01",
                "regime": "standard_export",
                "exporter": "Owner Ltd",
                "hs_code": "847130",
                "serial_numbers": ["SN-0001"],
            },
        )
    )
    assert d["import"]["duty"] == money("0.00", "HKD")
    assert not {"FULL_VALUE_ON_REPAIR_REIMPORT", "NO_PRIOR_EXPORT_RECORD"} & codes(d)


def test_hong_kong_is_a_separate_customs_territory_from_mainland_china() -> None:
    """Cap. 60: Hong Kong's own import and export controls; a CN -> HK leg crosses a customs border."""
    d = decide(hk_leg("warranty_replacement", "CN", "HK", items=[laptop()], exporter=party("Seller Co", "CN")))
    assert (d["export"]["jurisdiction"], d["import"]["jurisdiction"]) == ("CN", "HK")
    assert d["import"]["regime"] == "standard_import"


# ------------------------------------------------------------------------------------------ ATA carnets


@pytest.mark.parametrize(
    ("movement", "from_country", "to_country", "side", "regime", "deadline"),
    [
        ("demo_dispatch", "GB", "HK", "import", "temporary_admission", "2027-11-20"),
        ("demo_dispatch", "HK", "GB", "export", "temporary_export", "2027-11-20"),
        ("demo_return", "HK", "GB", "export", "re_export", "2027-09-01"),
        ("demo_return", "GB", "HK", "import", "standard_import", None),
    ],
    ids=["into-HK", "out-of-HK", "re-export", "back-to-HK"],
)
def test_goods_under_an_ata_carnet_need_no_declaration(
    movement: str, from_country: str, to_country: str, side: str, regime: str, deadline: str | None
) -> None:
    """C&ED ATA carnets: carnet goods need no import / export declaration; licence controls still apply; the
    carnet's validity (one year from first use when its expiry is not given) is the deadline of its vouchers."""
    d = decide(hk_leg(movement, from_country, to_country, ata_carnet=True))
    answer = d[side]
    assert (answer["regime"], answer["rule"], (answer["deadline"] or {}).get("date")) == (
        regime,
        "ata-carnet",
        deadline,
    )
    assert any("carnet" in doc for doc in answer["documents"])
    assert any("Cap. 60G" in doc for doc in answer["documents"])
    assert side_flags(d, side) == set()


def test_an_ata_carnet_is_not_accepted_for_postal_traffic() -> None:
    """C&ED ATA carnets: not for postal traffic, so a posted demo is declared like any import."""
    d = decide(hk_leg("demo_dispatch", "GB", "HK", ata_carnet=True, transport="post"))
    assert (d["import"]["rule"], d["import"]["deadline"]["date"]) == ("import-declaration", DECLARATION_DUE)


def test_a_carnet_demo_into_hong_kong_is_secured_by_the_carnet() -> None:
    """ATA Convention: the carnet's guarantee (HKGCC for Hong Kong carnets, the issuing chamber abroad otherwise)."""
    d = decide(hk_leg("demo_dispatch", "GB", "HK", ata_carnet=True))
    imp = d["import"]
    assert (imp["duty_base"], imp["duty"], imp["guarantee_required"]) == ("none", money("0.00", "HKD"), False)


# ------------------------------------------------------------------------------------------ licences, duty, parties


@pytest.mark.parametrize(
    ("from_country", "to_country", "side", "word"),
    [("HK", "GB", "export", "export licence"), ("GB", "HK", "import", "import licence")],
    ids=["export", "import"],
)
def test_a_strategic_commodity_needs_a_tid_licence_on_every_leg(
    from_country: str, to_country: str, side: str, word: str
) -> None:
    """Cap. 60G; TID licensing: an import and an export licence on every leg of a repair loop, before shipment."""
    d = decide(hk_leg("export_for_repair", from_country, to_country))
    assert any(word in doc and "Trade and Industry Department" in doc for doc in d[side]["documents"])


def test_liquor_duty_is_not_estimated() -> None:
    """Cap. 109: liquor is a dutiable commodity (licence and permit); its duty is not in the profile's table."""
    d = decide(
        hk_leg(
            "warranty_replacement",
            "GB",
            "HK",
            items=[
                item(description="Whisky", hs_code="220830", unit_value="800.00", currency="HKD", serial_numbers=[])
            ],
        )
    )
    assert d["import"]["duty"] is None
    assert d["import"]["duty_detail"][0]["rate_source"].startswith("not estimated")


def test_a_foreign_seller_may_declare_without_a_hong_kong_entity() -> None:
    """Cap. 60E reg. 4: 'every person who imports or exports' declares; no importer registration for ordinary goods."""
    d = decide(hk_leg("warranty_replacement", "GB", "HK", importer=party("Seller Ltd", "GB")))
    assert d["import"]["ior_required"] is False
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_a_foreign_exporter_may_declare_without_a_hong_kong_entity() -> None:
    """Cap. 60E reg. 4: the exporter's declaration duty does not require an establishment."""
    d = decide(hk_leg("defective_return", "HK", "GB", exporter=party("Seller Ltd", "GB")))
    assert d["export"]["eor_required"] is False
    assert "NO_LOCAL_EXPORTER" not in codes(d)
