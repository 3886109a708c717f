"""The EU Financial Sanctions Files, XML: the current 1.1 layout and the old 1.0 one."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.screening.formats_data import EU, EU_1_0, EU_1_1, entry, one
from tradedesk.screening.entries import ListedAddress, ListedName
from tradedesk.screening.formats import detect, eu_fsf, parse


@pytest.fixture(scope="module")
def current():
    return parse(one(EU, EU_1_1))


@pytest.fixture(scope="module")
def legacy():
    return parse(one(EU, EU_1_0))


def test_the_1_1_excerpt_has_its_2_entities(current):
    assert len(current.entries) == 2


def test_the_1_0_excerpt_has_its_34_entities(legacy):
    assert len(legacy.entries) == 34


def test_detect_tells_the_layouts_apart():
    assert detect(one(EU, EU_1_1)) == "eu-fsf-xml-1.1"
    assert detect(one(EU, EU_1_0)) == "eu-fsf-xml-1.0"


def test_the_list_is_named_and_dated_as_the_file_states(current, legacy):
    assert (current.source, current.format) == ("eu_fsf", "eu-fsf-xml-1.1")
    assert current.title == "Consolidated list of persons, groups and entities subject to EU financial sanctions"
    assert current.published == date(2018, 12, 21)  # generationDate 2018-12-21T14:39:54.511+01:00
    assert legacy.published == date(2016, 2, 11)  # <WHOLE Date="11/02/2016">, day first


def test_a_person_is_an_individual_with_the_logical_id(current):
    mugabe = entry(current, "1")
    assert mugabe.entity_type == "individual"
    assert mugabe.primary_name == "Robert Gabriel Mugabe"
    assert mugabe.programs == ("ZWE",)


def test_an_enterprise_keeps_its_19_names_with_the_first_as_primary(current):
    ibda_c = entry(current, "207")
    assert ibda_c.entity_type == "entity"
    assert len(ibda_c.names) == 19
    assert ibda_c.names[0] == ListedName("İslami Büyük Doğu Akıncılar Cephesi", "primary")
    assert ListedName("IBDA-C", "aka", "good") in ibda_c.names
    assert ListedName("Фронт на великите ислямски източни воини", "aka") in ibda_c.names
    assert ibda_c.programs == ("TERR",)


def test_a_weak_name_alias_is_low_quality():
    weak = one(EU, EU_1_1)[EU_1_1].replace(
        b'wholeName="IBDA-C" function="" title="" nameLanguage="" strong="true"',
        b'wholeName="IBDA-C" function="" title="" nameLanguage="" strong="false"',
    )
    assert ListedName("IBDA-C", "aka", "low") in entry(eu_fsf.parse(weak), "207").names


def test_1_1_citizenship_and_address_give_alpha_2_countries():
    extra = (
        b'<citizenship region="" countryIso2Code="ZW" countryDescription="ZIMBABWE" regulationLanguage="en" logicalId="9"/>'
        b'<address city="Harare" street="1 Example Road" poBox="" zipCode="" region="" place="" '
        b'countryIso2Code="00" countryDescription="UNKNOWN" regulationLanguage="en" logicalId="8"/>'
    )
    data = one(EU, EU_1_1)[EU_1_1].replace(b'<subjectType code="person"', extra + b'<subjectType code="person"', 1)
    mugabe = entry(eu_fsf.parse(data), "1")
    assert mugabe.addresses == (ListedAddress("1 Example Road, Harare", None),)
    assert mugabe.countries == ("ZW",)


def test_1_0_names_are_deduplicated_and_spellings_kept(legacy):
    qusay = entry(legacy, "20")
    assert qusay.names == (
        ListedName("Qusay Saddam Hussein Al-Tikriti", "primary"),
        ListedName("Qoussaï Saddam Hussein Al-Tikriti", "aka"),
    )
    assert len(entry(legacy, "1").names) == 1  # Mugabe is written twice, identically


def test_1_0_citizenship_is_an_alpha_3_code(legacy):
    assert entry(legacy, "13").countries == ("IQ",)


def test_1_0_addresses_resolve_their_alpha_3_country(legacy):
    assert (
        ListedAddress("White House, Near Saudi Mosque, Clifton, Karachi, PAK", "PK") in entry(legacy, "1079").addresses
    )


def test_1_0_remark_and_programme_are_kept(legacy):
    assert entry(legacy, "13").remarks == "(UNSC RESOLUTION 1483)"
    assert entry(legacy, "13").programs == ("IRQ",)
