"""The UN Security Council Consolidated List, XML: INDIVIDUALS and ENTITIES, aliases with their QUALITY."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.screening.formats_data import UN, entry, one
from tradedesk.screening.entries import ListedAddress, ListedName
from tradedesk.screening.formats import detect, parse


@pytest.fixture(scope="module")
def un():
    return parse(one(UN, "consolidated.xml"))


def test_the_excerpt_has_22_individuals_and_20_entities(un):
    assert len(un.entries) == 42
    assert [e.entity_type for e in un.entries].count("individual") == 22


def test_the_list_is_named_and_dated_as_the_file_states(un):
    assert (un.source, un.format, un.title) == (
        "un_sc",
        "un-sc-xml",
        "United Nations Security Council Consolidated List",
    )
    assert un.published == date(2026, 2, 27)


def test_detect_recognises_it():
    assert detect(one(UN, "consolidated.xml")) == "un-sc-xml"


def test_an_individual_is_its_four_name_parts_in_order(un):
    tikriti = entry(un, "IQi.004")
    assert tikriti.entity_type == "individual"
    assert tikriti.names[0] == ListedName("ABID HAMID MAHMUD AL-TIKRITI", "primary")


def test_the_original_script_name_is_recorded_as_such(un):
    assert ListedName("عابد حامد محمود التكريتي", "original_script") in entry(un, "IQi.004").names


def test_a_low_quality_alias_is_low(un):
    assert ListedName("Abu Brays", "aka", "low") in entry(un, "IQi.006").names
    assert ListedName("Abid Hamid Bid Hamid Mahmud", "aka", "good") in entry(un, "IQi.004").names


def test_an_entity_fka_is_a_former_name(un):
    adf = entry(un, "CDe.001")
    assert adf.entity_type == "entity"
    assert adf.names[0] == ListedName("ADF", "primary")
    assert ListedName("Allied Democratic Forces", "aka") in adf.names
    assert ListedName("NALU", "fka") in adf.names


def test_empty_aliases_are_dropped(un):
    assert entry(un, "CDi.001").names == (ListedName("ERIC BADEGE", "primary"),)


def test_nationality_comes_before_address_countries(un):
    badege = entry(un, "CDi.001")
    assert badege.countries == ("CD", "RW")
    assert badege.addresses == (ListedAddress("Rwanda", "RW"),)


def test_the_un_list_type_is_the_programme(un):
    assert entry(un, "KPi.002").programs == ("DPRK",)
    assert entry(un, "QDe.004").programs == ("Al-Qaida",)


def test_comments_are_the_remarks(un):
    assert entry(un, "CDi.001").remarks.startswith("He fled to Rwanda in March 2013")
