"""Jurisdiction-independent behaviour of classification: the contract's shape, customs unions,
currency conversion, rounding, traceability and determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import codes, decide, item, leg, money
from tradedesk.data.loader import load_profiles
from tradedesk.domain.model import Leg, Movement, Transport
from tradedesk.domain.regimes import UnknownJurisdiction, classify

EXAMPLE = json.loads((Path(__file__).parents[2] / "examples" / "return_after_repair_ch_gb.json").read_text())


def test_the_design_example_gets_the_documented_answer():
    """DESIGN.md §3: CH -> GB watch repaired for GBP 400: 6121/000 on the repair cost, customs value GBP 455.00."""
    d = decide(EXAMPLE)
    assert d["export"]["jurisdiction"] == "CH"
    assert d["export"]["eor_required"] is False
    imp = d["import"]
    assert (imp["jurisdiction"], imp["regime"], imp["procedure_code"]) == ("GB", "reimport_after_repair", "6121")
    assert imp["additional_procedure_codes"] == ["000"]
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == money("455.00", "GBP")
    assert (imp["ior_required"], imp["guarantee_required"]) == (False, False)
    assert not {"RECLASSIFIED_AFTER_REPAIR", "SERIAL_MISMATCH", "NO_PRIOR_EXPORT_RECORD"} & codes(d)


def test_the_answer_carries_every_contract_field():
    d = decide(EXAMPLE)
    assert {"export", "import", "flags", "trace"} <= set(d)
    assert {
        "jurisdiction",
        "regime",
        "procedure_code",
        "additional_procedure_codes",
        "legal_basis",
        "documents",
        "eor_required",
        "deadline",
    } <= set(d["export"])
    assert {
        "jurisdiction",
        "regime",
        "procedure_code",
        "additional_procedure_codes",
        "legal_basis",
        "duty_base",
        "customs_value",
        "duty",
        "vat",
        "documents",
        "ior_required",
        "representation",
        "guarantee_required",
        "deadline",
    } <= set(d["import"])


def test_the_answer_names_the_profile_versions_it_used():
    d = decide(EXAMPLE)
    assert [p["jurisdiction"] for p in d["profiles"]] == ["CH", "GB"]
    assert all(p["version"].startswith(p["as_of"]) for p in d["profiles"])


def test_the_trace_cites_the_rule_and_its_source():
    trace = decide(EXAMPLE)["trace"]
    line = next(t for t in trace if "import side" in t)
    assert "rule 'op-repair'" in line and "6121/000" in line and "Outward processing" in line


def test_movement_inside_the_eu_has_no_formalities_on_either_side():
    """UCC: Union goods move freely between member states (customs union)."""
    d = decide(leg("return_after_repair", "DE", "FR", repair={"cost": money("10.00", "EUR"), "charged": True}))
    assert d["export"]["regime"] == d["import"]["regime"] == "no_formalities"
    assert d["flags"] == []


def test_amounts_in_another_currency_are_converted_with_rate_date_and_source_recorded():
    d = decide(leg("warranty_replacement", "US", "GB", items=[item(unit_value="1000.00", currency="USD")]))
    (conversion,) = d["conversions"]
    assert (conversion["from"], conversion["to"]) == ("USD", "GBP")
    assert "ECB" in conversion["source"]
    assert conversion["rate_date"] <= "2026-11-20"
    assert d["import"]["customs_value"]["currency"] == "GBP"


def test_yen_amounts_are_rounded_to_whole_yen():
    d = decide(leg("warranty_replacement", "GB", "JP", items=[item(unit_value="123456.78", currency="JPY")]))
    assert "." not in d["import"]["customs_value"]["amount"]


def test_classification_is_deterministic():
    assert decide(EXAMPLE) == decide(EXAMPLE)


def test_every_movement_kind_is_answered_for_every_confirmed_pair():
    profiles = load_profiles()
    confirmed = ["GB", "DE", "US", "CA", "JP", "AU", "CH", "SG"]
    for a in confirmed:
        for b in confirmed:
            if a == b:
                continue
            for movement in Movement:
                d = decide(leg(str(movement), a, b, repair={"cost": money("100.00", "EUR"), "charged": True}))
                assert d["import"] is not None and d["import"]["regime"], (a, b, movement)
                assert "PROFILE_PARTIAL" not in {f["code"] for f in d["flags"] if f["side"] is None}
    assert profiles


def test_a_code_that_is_no_country_raises_naming_the_field():
    profiles = load_profiles()
    (gb_leg,) = [Leg(Movement.DEMO_DISPATCH, "GB", "XX", __import__("datetime").date(2026, 1, 1), Transport.AIR, ())]
    with pytest.raises(UnknownJurisdiction) as info:
        classify(gb_leg, profiles)
    assert info.value.field == "to_country"
