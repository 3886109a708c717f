"""The list excerpts under tests/data/screening (see its PROVENANCE.md), read as the bytes a parser receives."""

from __future__ import annotations

from pathlib import Path

from tradedesk.screening.entries import ListEntry, ParsedList

DATA = Path(__file__).resolve().parents[2] / "data" / "screening"

SDN = "ofac-sdn-legacy-csv"
CONSOLIDATED = "ofac-consolidated-non-sdn-csv"
EU = "eu-fsf-xml"
EU_1_1 = "xmlFullSanctionsList_1_1.sample-2018-12-21.xml"
EU_1_0 = "legacy_v1_0_WHOLE.sample-2016-02-11.xml"
UN = "un-sc-consolidated-xml"
CSL = "us-trade-csl"
UK = "uk-sanctions-list-constructed"


def folder(name: str) -> dict[str, bytes]:
    """Every file of a folder, keyed by file name, as an OFAC publication is handed over."""
    return {p.name: p.read_bytes() for p in sorted((DATA / name).iterdir())}


def one(name: str, file: str) -> dict[str, bytes]:
    return {file: (DATA / name / file).read_bytes()}


def entry(parsed: ParsedList, entry_id: str) -> ListEntry:
    (found,) = [e for e in parsed.entries if e.entry_id == entry_id]
    return found
