"""The US Consolidated Screening List (trade.gov), CSV with a header: the export-control lists (BIS Entity List,
Denied Persons, Unverified, Military End User; State ITAR-debarred and ISN) next to OFAC's SDN and non-SDN lists.

Multi-valued columns (programs, alt_names, addresses, citizenships, nationalities) are `; `-separated; an address
is "street, city, state, postal code, country code". The CSV states no publication date.
"""

from __future__ import annotations

import csv
import io

from tradedesk.screening.entries import EntityType, ParsedList
from tradedesk.screening.formats._common import EntryDraft, build_all, check_size, clean, decode
from tradedesk.screening.formats._countries import resolve_country

FORMAT = "us-csl-csv"
TITLE = "Consolidated Screening List"
#: the columns the parser reads; the file has more
REQUIRED = (
    "_id",
    "source",
    "type",
    "programs",
    "name",
    "addresses",
    "remarks",
    "alt_names",
    "citizenships",
    "nationalities",
)
TYPES: dict[str, EntityType] = {
    "individual": "individual",
    "entity": "entity",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
SEPARATOR = "; "


def looks_like(text: str) -> bool:
    """Whether a file's first line is the CSL header."""
    header = next(csv.reader([text.partition("\n")[0].strip("\r")]), [])
    return set(REQUIRED) <= set(header)


def parse(data: bytes) -> ParsedList:
    """The whole list from the bytes of `consolidated.csv` (trade.gov publishes it as UTF-8)."""
    check_size(data, "CSL CSV")
    text = decode(data, "CSL CSV")
    if not looks_like(text):
        raise ValueError(f"not a Consolidated Screening List CSV: the header lacks some of {', '.join(REQUIRED)}")
    notes: list[str] = []
    drafts = [_draft(row) for row in csv.DictReader(io.StringIO(text, newline=""))]
    return ParsedList("us_csl", TITLE, None, build_all(drafts, notes), FORMAT, tuple(notes))


def _draft(row: dict[str, str]) -> EntryDraft:
    """One record. The constituent list (`source`, e.g. "Entity List (EL) - Bureau of Industry and Security") is
    the first programme: the export-control lists have no programme of their own, and which list names a party
    decides what a match means."""
    draft = EntryDraft(clean(row["_id"]), TYPES.get(clean(row["type"]).lower(), "unknown"))
    draft.add_name(row["name"], "primary")
    for alias in _split(row["alt_names"]):
        draft.add_name(alias)
    draft.nationalities.extend(resolve_country(c) for c in _split(row["nationalities"]))
    draft.nationalities.extend(resolve_country(c) for c in _split(row["citizenships"]))
    for address in _split(row["addresses"]):
        draft.add_address(address, resolve_country(address.rpartition(",")[2]))
    draft.programs.append(clean(row["source"]))
    draft.programs.extend(_split(row["programs"]))
    draft.remarks.append(row["remarks"])
    return draft


def _split(value: str | None) -> list[str]:
    """The `; `-separated values. The Entity List writes its last item of a series as "; and ITEM" (several street
    addresses of one party, "113 Hezuo Road, ...; and 21 Changsheng Street, ..."; an alias list's last name, "...;
    and CETC Research Institute 13"): that "and " is a separator, not part of the value."""
    pieces = [clean(p) for p in clean(value).split(SEPARATOR)]
    return [p.removeprefix("and ") if i else p for i, p in enumerate(pieces) if p]
