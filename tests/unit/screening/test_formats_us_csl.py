"""The trade.gov Consolidated Screening List CSV: export-control and OFAC lists in one file with a header."""

from __future__ import annotations

import pytest

from tests.unit.screening.formats_data import CSL, entry, one
from tradedesk.screening.entries import ListedAddress, ListedName
from tradedesk.screening.formats import detect, parse

CETC_13 = "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be"


@pytest.fixture(scope="module")
def csl():
    return parse(one(CSL, "consolidated.csv"))


def test_the_file_has_its_13_records(csl):
    assert len(csl.entries) == 13


def test_the_list_is_named_and_states_no_date(csl):
    assert (csl.source, csl.format, csl.title, csl.published) == (
        "us_csl",
        "us-csl-csv",
        "Consolidated Screening List",
        None,
    )


def test_detect_recognises_it():
    assert detect(one(CSL, "consolidated.csv")) == "us-csl-csv"


def test_an_ofac_record_keeps_type_programme_and_countries(csl):
    rim = entry(csl, "52291")
    assert rim.entity_type == "individual"
    assert rim.primary_name == "RIM, Ryong Nam"
    assert rim.programs == ("Specially Designated Nationals (SDN) - Treasury Department", "NPWMD")
    assert rim.countries == ("KP", "CN")  # nationality first, then the addresses


def test_an_export_control_record_without_a_type_is_unknown_and_names_its_list(csl):
    cetc = entry(csl, CETC_13)
    assert cetc.entity_type == "unknown"
    assert cetc.programs == ("Entity List (EL) - Bureau of Industry and Security",)


def test_alt_names_are_split_and_the_last_and_dropped(csl):
    names = entry(csl, CETC_13).names
    assert names[0] == ListedName("China Electronics Technology Group Corporation 13th Research Institute (CETC 13)")
    assert ListedName("HSRI", "aka", "good") in names
    assert ListedName("CETC Research Institute 13", "aka") in names


def test_several_street_addresses_are_separate_addresses(csl):
    assert entry(csl, CETC_13).addresses[:2] == (
        ListedAddress("113 Hezuo Road, Shijiazhuang, Hebei, China", "CN"),
        ListedAddress("21 Changsheng Street, Shijiazhuang, Hebei, China", "CN"),
    )


def test_a_bare_country_code_is_an_address(csl):
    assert entry(csl, "26182").addresses == (ListedAddress("TR", "TR"),)
    assert entry(csl, "26182").countries == ("TR",)
