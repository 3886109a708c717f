"""OFAC's legacy CSV files: the SDN trio and the Consolidated (non-SDN) set, no header, `-0-` for empty."""

from __future__ import annotations

import pytest

from tests.unit.screening.formats_data import CONSOLIDATED, SDN, entry, folder
from tradedesk.screening.entries import ListedAddress, ListedName
from tradedesk.screening.formats import detect, ofac_csv, parse


@pytest.fixture(scope="module")
def sdn():
    return parse(folder(SDN))


@pytest.fixture(scope="module")
def consolidated():
    return parse(folder(CONSOLIDATED))


def test_the_sdn_excerpt_has_its_36_parties(sdn):
    assert len(sdn.entries) == 36


def test_the_consolidated_excerpt_has_its_41_parties(consolidated):
    assert len(consolidated.entries) == 41


def test_the_file_names_say_which_ofac_list_it_is(sdn, consolidated):
    assert (sdn.source, sdn.format, sdn.title) == (
        "ofac_sdn",
        "ofac-legacy-csv",
        "Specially Designated Nationals and Blocked Persons List (SDN)",
    )
    assert (consolidated.source, consolidated.format) == ("ofac_consolidated", "ofac-legacy-csv")


def test_the_legacy_csv_states_no_publication_date(sdn):
    assert sdn.published is None


def test_detect_recognises_both_sets():
    assert detect(folder(SDN)) == detect(folder(CONSOLIDATED)) == "ofac-legacy-csv"


def test_an_individual_keeps_the_name_as_ofac_writes_it(sdn):
    bin_ladin = entry(sdn, "6365")
    assert bin_ladin.entity_type == "individual"
    assert bin_ladin.names[0] == ListedName("BIN LADIN, Usama bin Muhammad bin Awad", "primary", "good")
    assert ListedName("BIN LADEN, Osama", "aka", "good") in bin_ladin.names


def test_several_programmes_in_one_field_are_split(sdn):
    assert entry(sdn, "6365").programs == ("SDGT", "SDT")
    assert entry(sdn, "10391").programs == ("SDGT", "NPWMD", "IRGC", "IFSR", "IRAN-HR", "HRIT-IR")


def test_an_empty_sdn_type_is_an_entity(sdn):
    assert entry(sdn, "306").entity_type == "entity"


def test_a_vessel_is_a_vessel_and_its_former_name_an_fka(sdn):
    sand_swan = entry(sdn, "4243")
    assert sand_swan.entity_type == "vessel"
    assert sand_swan.names == (ListedName("SAND SWAN"), ListedName("ANA I", "fka"))


def test_a_weak_aka_in_the_remarks_is_a_low_quality_alias(sdn):
    assert ListedName("BNC", "aka", "low") in entry(sdn, "306").names


def test_a_weak_aka_with_a_comma_is_read_whole(consolidated):
    names = entry(consolidated, "9647").names
    assert ListedName("ZAHAR, Mahmoud", "aka", "low") in names
    assert ListedName("AL-ZAHAR, Mahmoud", "aka", "low") in names


def test_the_comments_file_continues_the_remarks(consolidated):
    agricultural_bank = entry(consolidated, "17014")
    assert "Registration Number 1027700342890 (Russia)" in agricultural_bank.remarks
    assert ListedName("RUSAG", "aka", "low") in agricultural_bank.names


def test_addresses_join_their_parts_and_resolve_the_country(sdn):
    assert entry(sdn, "306").addresses[0] == ListedAddress("Zweierstrasse 35, Zurich CH-8022, Switzerland", "CH")


def test_a_country_field_that_names_no_country_stays_unresolved(consolidated):
    zahhar = entry(consolidated, "9647")
    assert ListedAddress("Region: Gaza", None) in zahhar.addresses


def test_countries_are_nationalities_from_the_remarks_then_addresses(sdn):
    assert entry(sdn, "7830").countries == ("TN", "IT")
    assert entry(sdn, "16666").countries == ("FI", "RU", "AM", "CH")


def test_the_alias_and_address_files_are_optional():
    parsed = parse({"sdn.csv": folder(SDN)["sdn.csv"]})
    assert len(parsed.entries) == 36
    assert entry(parsed, "4243").names == (ListedName("SAND SWAN"),)


def test_file_names_may_carry_a_folder_and_capitals():
    files = {f"downloads/{name.upper()}": data for name, data in folder(SDN).items()}
    assert parse(files) == parse(folder(SDN))


def test_crlf_a_bom_and_a_trailing_eof_byte_change_nothing(sdn):
    files = folder(SDN)
    dos = {name: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n") + b"\x1a" for name, data in files.items()}
    assert parse(dos) == sdn


def test_a_cp1252_file_is_read_as_windows_1252():
    row = '36,"CAFÉ EXAMPLE",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    parsed = ofac_csv.parse({"sdn.csv": row.encode("cp1252")})
    assert parsed.entries[0].primary_name == "CAFÉ EXAMPLE"


def test_a_row_for_a_party_the_primary_file_lacks_is_noted():
    files = folder(SDN) | {"alt.csv": b'99999999,1,"aka","NOBODY",-0- \n'}
    assert parse(files).notes == (
        "alt.csv: a row for ent_num 99999999, which the primary file does not list, was skipped",
    )


def test_a_short_row_is_an_error_naming_the_file_and_line():
    with pytest.raises(ValueError, match=r"sdn.csv line 2: not an OFAC legacy CSV row"):
        parse({"sdn.csv": folder(SDN)["sdn.csv"].replace(b"\n", b"\n1,2\n", 1)})
