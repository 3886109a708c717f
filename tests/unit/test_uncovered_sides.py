"""A leg that touches a country without a profile still gets an answer: the covered side in full, the other
side stated as `not_covered` (a broker there decides it) with PROFILE_MISSING, and on the import side a
full-value estimate from the world baseline. Brazil, Argentina, South Africa and Indonesia have no profile.
"""

from __future__ import annotations

import pytest

from tests.support import codes, decide, item, leg, money, party, severity


def returned_engine(**overrides):
    base = dict(
        items=[
            item(
                description="Engine controller",
                hs_code="841191",
                origin_country="US",
                unit_value="50000.00",
                currency="USD",
                serial_numbers=["E-77"],
            )
        ],
        repair={
            "cost": money("8000.00", "USD"),
            "charged": True,
            "upgrade_value": None,
            "essential_parts_replaced": False,
        },
        costs={"freight": money("900.00", "USD")},
        exporter=party("Repair Hub Ltda", "BR"),
        importer=party("Engines Inc", "US"),
        prior_export={
            "date": "2026-08-01",
            "regime": "temporary_export",
            "exporter": "Engines Inc",
            "hs_code": "841191",
            "serial_numbers": ["E-77"],
            "reference": "EXP-1",
        },
    )
    base.update(overrides)
    return leg("return_after_repair", "BR", "US", **base)


def test_the_us_re_import_from_a_country_without_profile_is_decided_on_the_repair_value():
    """HTSUS 9802.00.50: duty on the value of the repairs; the Brazilian export side is for a broker there."""
    d = decide(returned_engine())
    assert (d["import"]["regime"], d["import"]["procedure_code"]) == ("reimport_after_repair", "9802.00.50")
    assert d["import"]["customs_value"] == money("8000.00", "USD")
    assert d["import"]["confirmed"] is True


def test_the_uncovered_side_is_stated_with_nothing_guessed():
    d = decide(returned_engine())
    export = d["export"]
    assert (export["jurisdiction"], export["regime"], export["procedure_code"]) == ("BR", "not_covered", None)
    assert export["legal_basis"] == [] and export["documents"] == []
    assert export["confirmed"] is False


def test_the_trace_says_what_a_broker_there_must_decide():
    trace = decide(returned_engine())["trace"]
    assert any(
        "Brazil: no country profile" in line and "a customs broker in Brazil must decide" in line for line in trace
    )


def test_profile_missing_is_a_warning_on_the_whole_leg():
    d = decide(returned_engine())
    (missing,) = [f for f in d["flags"] if f["code"] == "PROFILE_MISSING"]
    assert (missing["severity"], missing["side"]) == ("warning", None)
    assert "export side (BR)" in missing["message"]


def test_an_eu_export_for_repair_to_a_country_without_profile_is_outward_processing():
    """UCC Art. 259: outward processing (2100) on the EU side whatever the destination."""
    d = decide(
        leg(
            "export_for_repair",
            "IT",
            "ZA",
            items=[item(serial_numbers=["SN-1"])],
            exporter=party("Macchine SpA", "IT"),
            importer=party("Repairs (Pty) Ltd", "ZA"),
        )
    )
    assert (d["export"]["regime"], d["export"]["procedure_code"]) == ("outward_processing", "2100")
    assert d["import"]["regime"] == "not_covered"


def test_the_import_side_without_profile_is_estimated_at_full_value_from_the_baseline():
    """South Africa's baseline row: ZAR, VAT 15 %; CIF assumed; duty not estimated (no tariff)."""
    d = decide(
        leg(
            "export_for_repair",
            "IT",
            "ZA",
            items=[item(unit_value="1000.00", currency="EUR")],
            costs={"freight": money("50.00", "EUR")},
            exporter=party("Macchine SpA", "IT"),
            importer=party("Repairs (Pty) Ltd", "ZA"),
        )
    )
    imp = d["import"]
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"]["currency"] == "ZAR"
    assert imp["duty"] is None
    assert imp["vat_rate"] == "15"
    assert imp["vat"]["currency"] == "ZAR"
    assert {"from": "EUR", "to": "ZAR"}.items() <= d["conversions"][0].items()


def test_an_estimate_from_unconfirmed_baseline_figures_carries_profile_partial():
    d = decide(
        leg(
            "export_for_repair",
            "IT",
            "ZA",
            exporter=party("Macchine SpA", "IT"),
            importer=party("Repairs (Pty) Ltd", "ZA"),
        )
    )
    assert severity(d, "PROFILE_PARTIAL") == "warning"
    assert any("world baseline" in f["message"] for f in d["flags"] if f["code"] == "PROFILE_PARTIAL")


def test_both_sides_without_profile_still_get_an_answer():
    d = decide(
        leg(
            "warranty_replacement",
            "BR",
            "AR",
            items=[item(currency="USD")],
            exporter=party("Seller Ltda", "BR"),
            importer=party("Cliente SA", "AR"),
        )
    )
    assert (d["export"]["regime"], d["import"]["regime"]) == ("not_covered", "not_covered")
    assert [f["code"] for f in d["flags"]].count("PROFILE_MISSING") == 2


def test_a_shared_customs_union_from_the_baseline_is_mentioned_not_decided():
    """Brazil and Argentina are both in MERCOSUR per the baseline (background knowledge, not confirmed)."""
    d = decide(
        leg(
            "warranty_replacement",
            "BR",
            "AR",
            items=[item(currency="USD")],
            exporter=party("Seller Ltda", "BR"),
            importer=party("Cliente SA", "AR"),
        )
    )
    assert any("MERCOSUR" in line for line in d["trace"])
    assert d["export"]["regime"] == "not_covered"


@pytest.mark.parametrize("field", ["from_country", "to_country"])
def test_a_code_that_is_no_country_is_still_refused(field):
    from tradedesk.data.loader import load_profiles
    from tradedesk.inputs.leg import load_legs

    with pytest.raises(Exception) as info:
        load_legs({**leg("export_for_repair", "IT", "ZA"), field: "XX"}, load_profiles())
    assert "'XX' is not an ISO 3166-1 alpha-2 country code" in str(info.value)


def test_profile_missing_is_in_the_flag_catalogue_as_a_warning():
    from tradedesk.domain.checks import CATALOGUE

    assert str(CATALOGUE["PROFILE_MISSING"].severity) == "warning"
    assert "PROFILE_MISSING" in codes(decide(returned_engine()))
