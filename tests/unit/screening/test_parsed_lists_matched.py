"""The parsers and the matcher together: names from invoices and airway bills found in the genuine list excerpts as
the parsers read them (the pairs of the reference's name-variant table), and look-alikes that are not listed."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from tests.unit.screening.formats_data import CONSOLIDATED, EU, EU_1_0, EU_1_1, SDN, UN, folder, one
from tradedesk.screening import formats
from tradedesk.screening.matching import PartyQuery, ScreeningIndex, Thresholds

THRESHOLDS = Thresholds()


@cache
def index() -> ScreeningIndex:
    """Every excerpt in one index, ids prefixed by the list, as the service builds it over the current versions."""
    entries = []
    for tag, files in (
        ("SDN", folder(SDN)),
        ("CONS", folder(CONSOLIDATED)),
        ("UN", one(UN, "consolidated.xml")),
        ("EU1.1", one(EU, EU_1_1)),
        ("EU1.0", one(EU, EU_1_0)),
    ):
        entries += [replace(e, entry_id=f"{tag}:{e.entry_id}") for e in formats.parse(files).entries]
    return ScreeningIndex.build(entries, THRESHOLDS)


def best(name: str) -> set[str]:
    return {m.entry_id for m in index().screen(PartyQuery(name)) if m.score >= THRESHOLDS.alert}


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("BIN LADEN, Osama", "SDN:6365"),
        ("GADDAFI, Mu'ammar", "SDN:12606"),
        ("GAZPROM BURENIYE LLC", "SDN:24185"),
        ("KHAN AND SCHIRINDEL GMBH", "SDN:10601"),
        ("PJSC SBERBANK", "CONS:17018"),
        ("Умаров Доку Хаматович", "UN:QDi.290"),
        ("Ch’oe Ch’un Sik", "UN:KPi.013"),
        ("Islami Buyuk Dogu Akincilar Cephesi", "EU1.1:207"),
    ],
)
def test_a_variant_of_a_listed_name_finds_its_entry(query, entry):
    assert entry in best(query)


@pytest.mark.parametrize(
    ("query", "not_entry"),
    [
        ("National Bank of Canada", "SDN:306"),
        ("Arkady Novikov", "SDN:16669"),
        ("Iran Air", "SDN:12927"),
        ("Green Pine Furniture Co.", "UN:KPe.010"),
    ],
)
def test_a_look_alike_does_not_alert_on_the_listed_entry(query, not_entry):
    assert not_entry not in best(query)


def test_an_ordinary_company_finds_nothing():
    assert index().screen(PartyQuery("Harbour Optics Ltd", "GB")) == []
