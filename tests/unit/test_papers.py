"""The supporting papers of a side are decided with its regime, from the profiles (domain/papers.py,
country_profiles/world/papers.yaml, a rule's own `papers:`), and the document pack prints what the decision
names (issue #11: which documents a regime needs was decided in the pack while the profiles listed them)."""

from __future__ import annotations

import copy

import pytest

from tests.documents.pdf_payloads import case
from tradedesk.data.loader import load_profiles
from tradedesk.documents.pdf import documents_for
from tradedesk.domain.checks import NO_IDENTIFICATION_RULES
from tradedesk.domain.model import Movement, Regime, Side
from tradedesk.domain.papers import Paper, PapersError, papers_for, parse_papers
from tradedesk.domain.profiles import ProfileError, compile_profiles

TABLE = load_profiles().papers


@pytest.mark.parametrize(
    ("regime", "side", "movement", "papers"),
    [
        (Regime.OUTWARD_PROCESSING, Side.EXPORT, Movement.EXPORT_FOR_REPAIR, (Paper.OP_INFORMATION_SHEET,)),
        (Regime.REIMPORT_AFTER_REPAIR, Side.IMPORT, Movement.RETURN_AFTER_REPAIR, (Paper.REPAIR_COST_STATEMENT,)),
        (Regime.WARRANTY_RELIEF, Side.IMPORT, Movement.RETURN_AFTER_REPAIR, (Paper.REPAIR_COST_STATEMENT,)),
        (Regime.WARRANTY_RELIEF, Side.IMPORT, Movement.WARRANTY_REPLACEMENT, ()),
        (Regime.RETURNED_GOODS_RELIEF, Side.IMPORT, Movement.DEMO_RETURN, (Paper.RETURNED_GOODS_SHEET,)),
        (Regime.TEMPORARY_ADMISSION, Side.IMPORT, Movement.DEMO_DISPATCH, (Paper.TEMPORARY_ADMISSION_SHEET,)),
        (Regime.STANDARD_IMPORT, Side.IMPORT, Movement.RETURN_FOR_REFUND, ()),
    ],
)
def test_the_table_names_the_papers_of_a_regime(regime, side, movement, papers):
    assert papers_for(TABLE, regime, side, movement) == papers


def test_a_rule_that_names_its_own_papers_overrides_the_table():
    regime, side, movement = Regime.OUTWARD_PROCESSING, Side.EXPORT, Movement.EXPORT_FOR_REPAIR
    assert papers_for(TABLE, regime, side, movement, own=()) == ()
    assert papers_for(TABLE, regime, side, movement, own=(Paper.REPAIR_COST_STATEMENT,)) == (
        Paper.REPAIR_COST_STATEMENT,
    )


def test_every_entry_of_the_table_cites_the_provision_it_supports():
    assert TABLE and all(rule.source.strip() for rule in TABLE)
    with pytest.raises(PapersError, match=r"papers\.0: source is required"):
        parse_papers(b"papers: [{paper: op_information_sheet, regime: outward_processing}]")


def test_a_broken_table_fails_loading_like_a_broken_profile():
    with pytest.raises(ProfileError, match=r"papers\.yaml: papers\.0"):
        compile_profiles(b"{}", (), b"", NO_IDENTIFICATION_RULES, b"papers: [{paper: no_such_paper, regime: x}]")


def test_the_decision_names_the_papers_and_the_pack_prints_them():
    payload = case("repair-export-gb-ch")
    assert payload["decision"]["papers"] == ["op_information_sheet"]
    assert "op_information_sheet" in documents_for(payload)
    without = copy.deepcopy(payload)
    without["decision"]["papers"] = []
    assert documents_for(without) == ["proforma_invoice", "packing_list"]


def test_a_payload_drafted_before_papers_were_decided_prints_as_it_did():
    earlier = copy.deepcopy(case("repair-export-gb-ch"))
    del earlier["decision"]["papers"]
    assert documents_for(earlier) == documents_for(case("repair-export-gb-ch"))
