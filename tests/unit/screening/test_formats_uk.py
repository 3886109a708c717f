"""The UK sanctions list CSVs: the FCDO UK Sanctions List and the retired OFSI ConList.csv.

No genuine copy of either is public, so the fixtures are constructed from the documented layout with fictional
parties (tests/data/screening/PROVENANCE.md).
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.screening.formats_data import UK, entry, one
from tradedesk.screening.entries import ListedAddress, ListedName
from tradedesk.screening.formats import detect, parse, uk_sanctions


@pytest.fixture(scope="module")
def fcdo():
    return parse(one(UK, "UK-Sanctions-List.csv"))


@pytest.fixture(scope="module")
def ofsi():
    return parse(one(UK, "ConList.csv"))


def test_rows_of_one_unique_id_are_one_designation(fcdo):
    assert [e.entry_id for e in fcdo.entries] == ["XMP0001", "XMP0002", "XMP0003"]


def test_the_fcdo_list_is_named_and_dated_by_its_report_date(fcdo):
    assert (fcdo.source, fcdo.format, fcdo.title) == ("uk_sanctions", "uk-sanctions-csv", "UK Sanctions List")
    assert fcdo.published == date(2026, 3, 2)  # "Report Date: 02-Mar-2026"


def test_detect_tells_the_two_layouts_apart():
    assert detect(one(UK, "UK-Sanctions-List.csv")) == "uk-sanctions-csv"
    assert detect(one(UK, "ConList.csv")) == "uk-ofsi-conlist-csv"


def test_designation_types_map_to_entity_types(fcdo):
    assert [e.entity_type for e in fcdo.entries] == ["entity", "individual", "vessel"]


def test_an_individual_is_given_names_then_name_6(fcdo):
    assert entry(fcdo, "XMP0002").names[0] == ListedName("Johan Peter EXAMPLEMAN", "primary")


def test_alias_strength_low_is_a_low_quality_alias(fcdo):
    names = entry(fcdo, "XMP0002").names
    assert ListedName("Iogan EKZAMPLEMAN", "aka", "low") in names
    assert ListedName("Johann P. EXAMPLEMAN", "aka", "good") in names


def test_a_primary_name_variation_is_an_alias_and_the_non_latin_name_original_script(fcdo):
    names = entry(fcdo, "XMP0001").names
    assert names[0] == ListedName("EXAMPLE NORTHERN TRADING COMPANY", "primary")
    assert ListedName("EXAMPLE NORTHERN TRADING CO.", "aka") in names
    assert ListedName("شركة المثال الشمالية للتجارة", "original_script") in names


def test_the_address_repeated_on_every_row_is_one_address(fcdo):
    assert entry(fcdo, "XMP0001").addresses == (ListedAddress("PO Box 0000, Example Street 1, Damascus, Syria", "SY"),)


def test_nationality_then_address_country(fcdo):
    assert entry(fcdo, "XMP0002").countries == ("RU",)
    assert entry(fcdo, "XMP0001").countries == ("SY",)


def test_the_regime_is_the_programme(fcdo):
    assert entry(fcdo, "XMP0003").programs == ("The Russia (Sanctions) (EU Exit) Regulations 2019",)


def test_the_ofsi_list_is_grouped_by_group_id_and_dated_by_last_updated(ofsi):
    assert [e.entry_id for e in ofsi.entries] == ["90001", "90002"]
    assert (ofsi.format, ofsi.title) == ("uk-ofsi-conlist-csv", "Consolidated List of Asset Freeze Targets")
    assert ofsi.published == date(2026, 1, 27)


def test_ofsi_alias_types_and_quality(ofsi):
    assert ListedName("EXAMPLE OLD TRADING COMPANY", "fka") in entry(ofsi, "90001").names
    assert ListedName("Iogan EKZAMPLEMAN", "aka", "low") in entry(ofsi, "90002").names
    assert entry(ofsi, "90002").entity_type == "individual"
    assert entry(ofsi, "90002").programs == ("Russia",)


def test_the_csv_may_come_with_a_bom_and_lf_line_ends(fcdo):
    data = one(UK, "UK-Sanctions-List.csv")["UK-Sanctions-List.csv"]
    assert uk_sanctions.parse(b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n")) == fcdo
