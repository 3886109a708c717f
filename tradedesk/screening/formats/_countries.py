"""A list's country name or code as ISO 3166-1 alpha-2, through pycountry.

`pycountry.countries.lookup` first (names, official names, alpha-2/alpha-3/numeric codes); then `search_fuzzy`, whose
answer is taken only when the text is part of exactly one country's own names: search_fuzzy also scores matches on
subdivision names, so "Kosovo" would give Serbia and "British" British Columbia's Canada. What pycountry cannot
resolve is unresolved (None) unless it is a spelling a list really uses and pycountry demonstrably fails on
(`LIST_SPELLINGS`; tests/unit/screening/test_formats_countries.py shows each one is needed).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pycountry

#: the lists' own spellings pycountry does not resolve, and the list that writes each one
LIST_SPELLINGS: dict[str, str] = {
    "burma": "MM",  # OFAC (add.csv country, BURMA-EO14014 programme)
    "turkey": "TR",  # OFAC; pycountry names it Türkiye
    "korea, north": "KP",  # OFAC, trade.gov CSL
    "korea, south": "KR",  # OFAC
    "congo, democratic republic of the": "CD",  # OFAC
    "democratic republic of the congo": "CD",  # UN Security Council list
    "iran (islamic republic of)": "IR",  # UN Security Council list
    "palestinian": "PS",  # OFAC add.csv country and remarks ("nationality Palestinian")
}


@lru_cache(maxsize=4096)
def resolve_country(value: str | None) -> str | None:
    """ISO alpha-2 of a list's country text, or None when it does not name one country (e.g. "Region: Gaza")."""
    text = (value or "").strip()
    if not text:
        return None
    listed = LIST_SPELLINGS.get(text.casefold())
    if listed is not None:
        return listed
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return _fuzzy(text)


def _fuzzy(text: str) -> str | None:
    """search_fuzzy's country when the text is part of that one country's own names, else None."""
    try:
        found = pycountry.countries.search_fuzzy(text)
    except LookupError:
        return None
    query = _folded(text)
    own = [c for c in found if any(query in _folded(n) for n in _own_names(c))]
    return str(own[0].alpha_2) if len(own) == 1 else None


def _own_names(country: object) -> list[str]:
    return [str(n) for n in (getattr(country, a, None) for a in ("name", "official_name", "common_name")) if n]


def _folded(text: str) -> str:
    """Lower case without accents, as pycountry compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
