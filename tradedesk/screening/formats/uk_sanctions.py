"""The UK sanctions list as CSV: the FCDO "UK Sanctions List" (the single official UK list since 28 January 2026)
and the OFSI "Consolidated List of Asset Freeze Targets" (`ConList.csv`, no longer updated since then).

Both write one row per name of a designation, the rows of one designation sharing its id (FCDO `Unique ID`, e.g.
"AFG0001"; OFSI `Group ID`). `Name 6` is the surname or the whole name of an entity, `Name 1`..`Name 5` the given
names; a name is written as Name 1..Name 5 then Name 6, the order in which they are read. FCDO: line 1
"Report Date: 13-Feb-2026", line 2 the header (`Name type` Primary Name / Primary Name Variation / Alias,
`Alias strength`, `Designation Type` Individual / Entity / Ship). OFSI: line 1 "Last Updated,dd/mm/yyyy", line 2 the
header (`Alias Type` Primary name / AKA / FKA / Primary name variation, `Alias Quality` Good / Low, `Group Type`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from tradedesk.screening.entries import EntityType, NameKind, NameQuality, ParsedList
from tradedesk.screening.formats._common import EntryDraft, build_all, check_size, clean, decode, joined
from tradedesk.screening.formats._countries import resolve_country

FORMAT_FCDO = "uk-sanctions-csv"
FORMAT_OFSI = "uk-ofsi-conlist-csv"
TITLE_FCDO = "UK Sanctions List"
TITLE_OFSI = "Consolidated List of Asset Freeze Targets"

TYPES: dict[str, EntityType] = {"individual": "individual", "entity": "entity", "ship": "vessel"}
NAME_TYPES: dict[str, NameKind] = {
    "primary name": "primary",
    "primary name variation": "aka",
    "alias": "aka",
    "aka": "aka",
    "fka": "fka",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
REPORT_DATE = re.compile(r"^Report Date:\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})")


@dataclass(frozen=True)
class Layout:
    """The column names of one of the two layouts, so one reader serves both."""

    format: str
    title: str
    entry_id: str
    name_type: str
    quality: str
    entity_type: str
    non_latin: str
    regime: str
    nationality: str
    address: tuple[str, ...]
    country: str


FCDO = Layout(
    FORMAT_FCDO,
    TITLE_FCDO,
    "Unique ID",
    "Name type",
    "Alias strength",
    "Designation Type",
    "Name non-latin script",
    "Regime Name",
    "Nationality(/ies)",
    (*(f"Address Line {i}" for i in range(1, 7)), "Address Postal Code"),
    "Address Country",
)
OFSI = Layout(
    FORMAT_OFSI,
    TITLE_OFSI,
    "Group ID",
    "Alias Type",
    "Alias Quality",
    "Group Type",
    "Name Non-Latin Script",
    "Regime",
    "Nationality",
    (*(f"Address {i}" for i in range(1, 7)), "Post/Zip Code"),
    "Country",
)
NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")


def layout_of(text: str) -> Layout | None:
    """Which layout a file's first two lines are, None for neither."""
    first, _, rest = text.partition("\n")
    header = next(csv.reader([rest.partition("\n")[0].strip("\r")]), [])
    if REPORT_DATE.match(first) and {FCDO.entry_id, FCDO.name_type, "Name 6"} <= set(header):
        return FCDO
    if first.startswith("Last Updated,") and {OFSI.entry_id, OFSI.name_type, "Name 6"} <= set(header):
        return OFSI
    return None


def parse(data: bytes) -> ParsedList:
    """The whole list from the bytes of either CSV (both are UTF-8: they carry non-Latin script names)."""
    check_size(data, "UK sanctions list CSV")
    text = decode(data, "UK sanctions list CSV")
    layout = layout_of(text)
    if layout is None:
        raise ValueError("not a UK sanctions list CSV: line 1 is neither 'Report Date: ...' nor 'Last Updated,...'")
    first, _, body = text.partition("\n")
    published = _published(first.strip("\r"), layout)
    drafts: dict[str, EntryDraft] = {}
    for row in csv.DictReader(io.StringIO(body, newline="")):
        _add_row(drafts, row, layout)
    notes: list[str] = []
    return ParsedList(
        "uk_sanctions", layout.title, published, build_all(drafts.values(), notes), layout.format, tuple(notes)
    )


def _published(first_line: str, layout: Layout) -> date | None:
    """FCDO "Report Date: 13-Feb-2026" (English month abbreviations whatever the locale); OFSI "Last Updated,dd/mm/yyyy"."""
    if layout is FCDO:
        match = REPORT_DATE.match(first_line)
        if match is None or match[2].lower() not in MONTHS:
            return None
        return date(int(match[3]), MONTHS.index(match[2].lower()) + 1, int(match[1]))
    value = clean(first_line.split(",")[1])
    return datetime.strptime(value, "%d/%m/%Y").date() if value else None


def _add_row(drafts: dict[str, EntryDraft], row: dict[str, str], layout: Layout) -> None:
    """One name row into its designation's draft; the row's other columns repeat the designation's details."""
    entry_id = clean(row.get(layout.entry_id))
    if not entry_id:
        return
    draft = drafts.get(entry_id)
    if draft is None:
        draft = drafts[entry_id] = EntryDraft(
            entry_id, TYPES.get(clean(row.get(layout.entity_type)).lower(), "unknown")
        )
    kind = NAME_TYPES.get(clean(row.get(layout.name_type)).lower(), "aka")
    quality: NameQuality = "low" if "low" in clean(row.get(layout.quality)).lower() else "good"
    draft.add_name(joined((row.get(c) for c in NAME_COLUMNS), " "), kind, "good" if kind == "primary" else quality)
    draft.add_name(row.get(layout.non_latin), "original_script")
    draft.nationalities.append(resolve_country(row.get(layout.nationality)))
    country = clean(row.get(layout.country))
    draft.add_address(joined(_values(row, (*layout.address, layout.country))), resolve_country(country))
    draft.programs.append(clean(row.get(layout.regime)))
    draft.remarks.append(clean(row.get("Other Information")))


def _values(row: dict[str, str], columns: Iterable[str]) -> list[str]:
    return [clean(row.get(c)) for c in columns]
