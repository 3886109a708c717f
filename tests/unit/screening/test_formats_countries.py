"""Country names and codes as the lists write them, resolved to ISO alpha-2 by pycountry; the small table of list
spellings holds only what pycountry cannot resolve, and each of its rows is shown to be needed here."""

from __future__ import annotations

import pycountry
import pytest

from tradedesk.screening.formats._countries import LIST_SPELLINGS, _fuzzy, resolve_country


@pytest.mark.parametrize(("spelling", "alpha_2"), sorted(LIST_SPELLINGS.items()))
def test_every_list_spelling_in_the_table_is_one_pycountry_cannot_resolve(spelling, alpha_2):
    with pytest.raises(LookupError):
        pycountry.countries.lookup(spelling)
    assert _fuzzy(spelling) is None
    assert resolve_country(spelling.title()) == alpha_2


@pytest.mark.parametrize(
    ("spelling", "alpha_2"),
    [
        ("Iran", "IR"),  # OFAC
        ("Russia", "RU"),  # OFAC: a fuzzy match on "Russian Federation"
        ("Syria", "SY"),
        ("Syrian Arab Republic", "SY"),  # UN
        ("Russian Federation", "RU"),  # UN
        ("Democratic People's Republic of Korea", "KP"),  # UN, OFAC vessel flag
        ("State of Palestine", "PS"),  # UN: a fuzzy match on "the State of Palestine"
        ("IRQ", "IQ"),  # EU 1.0, alpha-3
        ("KP", "KP"),  # EU 1.1, CSL, alpha-2
    ],
)
def test_spellings_pycountry_resolves_need_no_table(spelling, alpha_2):
    assert spelling.casefold() not in LIST_SPELLINGS
    assert resolve_country(spelling) == alpha_2


@pytest.mark.parametrize("text", ["Kosovo", "British", "Korea"])
def test_a_fuzzy_match_on_a_subdivision_or_on_several_countries_is_not_taken(text):
    assert resolve_country(text) is None


@pytest.mark.parametrize("text", ["Region: Gaza", "former Soviet Union", "None Identified", "00", "UNKNOWN", "", None])
def test_what_names_no_single_country_stays_unresolved(text):
    assert resolve_country(text) is None
