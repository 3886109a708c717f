"""Embargoes, export controls and restricted-party matches on a leg (issue #14): what the engine flags and proposes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tradedesk.data.loader import load_profiles
from tradedesk.domain.contract import decision_dict
from tradedesk.domain.model import (
    ExportAuthorisation,
    Item,
    Leg,
    Money,
    Movement,
    Party,
    ScreeningHit,
    Transport,
)
from tradedesk.domain.regimes import classify
from tradedesk.domain.trade_controls import TradeControlsError, parse_trade_controls

PROFILES = load_profiles()


def item(origin: str = "US", eccn: str | None = None, dual_use: str | None = None) -> Item:
    return Item("Network router", "851762", origin, Decimal(1), Money(Decimal("900"), "USD"), ("SN1",), None,
                eccn=eccn, dual_use=dual_use)  # fmt: skip


def leg(
    from_country: str = "US",
    to_country: str = "CN",
    movement: Movement = Movement.WARRANTY_REPLACEMENT,
    items: tuple[Item, ...] = (),
    region: str | None = None,
    authorisations: tuple[ExportAuthorisation, ...] = (),
) -> Leg:
    return Leg(
        movement=movement,
        from_country=from_country,
        to_country=to_country,
        ship_date=date(2026, 12, 1),
        transport=Transport.COURIER,
        items=items or (item(),),
        exporter=Party("Acme Devices Inc", from_country, (from_country,)),
        importer=Party("Customer Co", to_country, (to_country,), subdivision=region),
        export_authorisations=authorisations,
    )


def decided(the_leg: Leg) -> dict:
    return decision_dict(classify(the_leg, PROFILES))


def codes(decision: dict, code: str) -> list[dict]:
    return [f for f in decision["flags"] if f["code"] == code]


# ------------------------------------------------------------------------------------------- export controls


def test_a_us_origin_controlled_replacement_needs_review_and_is_proposed_rpl():
    decision = decided(leg(items=(item(eccn="5A002"),)))
    [review] = codes(decision, "EXPORT_CONTROL_REVIEW")
    assert review["severity"] == "error"
    [check] = decision["export_controls"]
    assert (check["regime"], check["classification"], check["recorded"]) == ("US", "5A002", None)
    assert check["proposed"]["code"] == "RPL"
    assert "15 CFR 740.10" in check["proposed"]["source"]
    assert any("worn out" in c for c in check["proposed"]["conditions"])
    assert "License Exception RPL" in review["message"]


def test_a_recorded_licence_exception_lifts_the_review():
    decision = decided(
        leg(items=(item(eccn="5A002"),), authorisations=(ExportAuthorisation("US", "RPL", "exception"),))
    )
    assert codes(decision, "EXPORT_CONTROL_REVIEW") == []
    assert decision["export_controls"][0]["recorded"] == "RPL"


def test_an_ear99_item_needs_no_review():
    decision = decided(leg(items=(item(eccn="EAR99"),)))
    assert codes(decision, "EXPORT_CONTROL_REVIEW") == [] and decision["export_controls"] == []
    assert any("EAR99" in t for t in decision["trace"])


def test_an_unclassified_item_is_named_in_the_trace_not_flagged():
    decision = decided(leg())
    assert codes(decision, "EXPORT_CONTROL_REVIEW") == []
    assert any("has no eccn recorded" in t for t in decision["trace"])


def test_us_origin_goods_leaving_another_country_are_still_under_the_ear():
    decision = decided(leg("DE", "CN", items=(item(origin="US", eccn="3A001", dual_use="not_listed"),)))
    assert [c["regime"] for c in decision["export_controls"]] == ["US"]
    assert codes(decision, "EXPORT_CONTROL_REVIEW")


def test_a_plain_sale_refund_return_gets_no_rpl_but_a_licence():
    decision = decided(leg(movement=Movement.RETURN_FOR_REFUND, items=(item(eccn="5A002"),)))
    [check] = decision["export_controls"]
    assert check["proposed"] is None and "15 CFR Part 748" in check["otherwise"]


@pytest.mark.parametrize(
    ("to_country", "movement", "entry", "expected"),
    [
        ("US", Movement.RETURN_AFTER_REPAIR, "5A002.a", "EU001"),
        ("CN", Movement.RETURN_AFTER_REPAIR, "5A002.a", "EU003"),
        ("CN", Movement.RETURN_AFTER_REPAIR, "5D002", None),  # software: EU003 excludes categories D and E
        ("BR", Movement.DEMO_DISPATCH, "6A003", "EU004"),
    ],
    ids=["EU001-to-US", "EU003-back-to-CN", "software-needs-a-licence", "EU004-demo"],
)
def test_an_eu_dual_use_item_is_proposed_the_authorisation_that_fits(to_country, movement, entry, expected):
    decision = decided(leg("DE", to_country, movement, items=(item(origin="DE", dual_use=entry),)))
    [check] = decision["export_controls"]
    assert check["regime"] == "EU"
    assert (check["proposed"] or {}).get("code") == expected
    assert "2021/821" in check["regulation"]


def test_no_export_controls_inside_a_customs_union():
    decision = decided(leg("DE", "FR", items=(item(origin="DE", dual_use="5A002.a"),)))
    assert decision["export_controls"] == [] and codes(decision, "EXPORT_CONTROL_REVIEW") == []


# ------------------------------------------------------------------------------------------------ embargoes


def test_a_leg_to_a_comprehensively_embargoed_destination_is_blocked():
    [embargo] = codes(decided(leg("US", "IR")), "EMBARGOED_DESTINATION")
    assert embargo["severity"] == "error"
    assert "comprehensive" in embargo["message"] and "31 CFR Part 560" in embargo["message"]


def test_a_licence_of_the_authority_lifts_the_embargo_flag():
    licensed = leg("US", "IR", authorisations=(ExportAuthorisation("US", "IR-2026-0042", "licence"),))
    assert codes(decided(licensed), "EMBARGOED_DESTINATION") == []


def test_an_embargo_binds_by_the_exporting_territory_or_the_goods_us_origin():
    assert codes(decided(leg("DE", "CU", items=(item(origin="DE"),))), "EMBARGOED_DESTINATION") == []
    assert codes(decided(leg("DE", "CU", items=(item(origin="US"),))), "EMBARGOED_DESTINATION")


def test_an_embargoed_region_is_blocked_and_the_rest_of_the_country_is_not():
    assert codes(decided(leg("US", "UA", region="UA-43")), "EMBARGOED_DESTINATION")[0]["severity"] == "error"
    assert codes(decided(leg("US", "UA", region="UA-46")), "EMBARGOED_DESTINATION") == []


def test_a_country_with_embargoed_regions_and_no_region_given_is_a_warning_to_settle():
    [warning] = codes(decided(leg("US", "UA")), "EMBARGOED_DESTINATION")
    assert warning["severity"] == "warning" and "ISO 3166-2" in warning["message"]


def test_a_sectoral_embargo_is_flagged_with_what_it_covers():
    [flag] = codes(decided(leg("DE", "RU", items=(item(origin="DE"),))), "EMBARGOED_DESTINATION")
    assert "sectoral" in flag["message"] and "833/2014" in flag["message"]


# ------------------------------------------------------------------------------------------------ screening

HIT = ScreeningHit("OFAC SDN List", date(2019, 1, 15), "24185", "GAZPROM BURENIE, OOO", Decimal("93.5"),
                   ("name matches the primary name",))  # fmt: skip


def test_a_party_with_an_open_match_blocks_the_leg_naming_the_entry():
    screened = replace(leg(), importer=Party("Gazprom Bureniye LLC", "CN", ("CN",), screening=(HIT,)))
    [match] = codes(decided(screened), "RESTRICTED_PARTY_MATCH")
    assert match["severity"] == "error"
    for part in ("importer", "OFAC SDN List of 2019-01-15", "24185", "93.5", "clear it as a false positive"):
        assert part in match["message"]


def test_one_flag_per_party_and_entry_naming_every_role():
    party = Party("Gazprom Bureniye LLC", "CN", ("CN",), screening=(HIT,))
    screened = replace(leg(), importer=party, other_parties=(("customer", party),))
    [match] = codes(decided(screened), "RESTRICTED_PARTY_MATCH")
    assert "importer and customer" in match["message"]


def test_a_confirmed_match_says_the_rma_is_held():
    party = Party("Gazprom Bureniye LLC", "CN", ("CN",), screening=(replace(HIT, status="confirmed"),))
    [match] = codes(decided(replace(leg(), importer=party)), "RESTRICTED_PARTY_MATCH")
    assert "the RMA is held" in match["message"]


def test_screening_matches_count_inside_a_customs_union_too():
    party = Party("Gazprom Bureniye LLC", "FR", ("FR",), screening=(HIT,))
    assert codes(
        decided(replace(leg("DE", "FR", items=(item(origin="DE"),)), importer=party)), "RESTRICTED_PARTY_MATCH"
    )


# ------------------------------------------------------------------------------------------------ the data


def test_every_embargo_and_authorisation_cites_its_source():
    controls = PROFILES.trade_controls
    assert controls.embargoes and controls.authorisations
    assert all(e.source for e in controls.embargoes) and all(a.source for a in controls.authorisations)


def test_an_entry_without_a_source_is_refused_naming_it():
    raw = b"authorities: {US: {name: US, binds: [US]}}\nembargoes: [{authority: US, destination: CU, scope: comprehensive, summary: x}]\n"
    with pytest.raises(TradeControlsError, match="embargo US/CU: source is required"):
        parse_trade_controls(raw, ())
