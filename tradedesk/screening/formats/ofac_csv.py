"""OFAC's legacy CSV files: the SDN list (sdn.csv, alt.csv, add.csv, sdn_comments.csv) and the Consolidated
(non-SDN) list (cons_prim.csv, cons_alt.csv, cons_add.csv, cons_comments.csv), both described by OFAC's dat_spec.txt.

No header row; `-0-` (with a trailing blank) is an empty value. The primary file's columns are ent_num, SDN_Name,
SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks; the alias file's
ent_num, alt_num, alt_type, alt_name, alt_remarks; the address file's ent_num, add_num, address,
city/state/postal code, country, add_remarks; the comments file continues a long Remarks value (ent_num, text).
Weak AKAs are not in the alias file: OFAC writes them in Remarks as `a.k.a. 'NAME'`; they become low-quality akas.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath

from tradedesk.screening.entries import EntityType, ListSource, NameKind, NameQuality, ParsedList
from tradedesk.screening.formats._common import EntryDraft, build_all, check_size, clean, decode, joined
from tradedesk.screening.formats._countries import resolve_country

FORMAT = "ofac-legacy-csv"
EMPTY = "-0-"
#: the files of each list: primary, aliases, addresses, remarks continuation
FILES: dict[ListSource, tuple[str, str, str, str]] = {
    "ofac_sdn": ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"),
    "ofac_consolidated": ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"),
}
TITLES: dict[ListSource, str] = {
    "ofac_sdn": "Specially Designated Nationals and Blocked Persons List (SDN)",
    "ofac_consolidated": "Consolidated Sanctions List (Non-SDN Lists)",
}
PRIMARY_COLUMNS = 12
SDN_TYPES: dict[str, EntityType] = {
    "": "entity",
    "individual": "individual",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
ALT_TYPES: dict[str, tuple[NameKind, NameQuality]] = {
    "aka": ("aka", "good"),
    "fka": ("fka", "good"),
    "nka": ("nka", "good"),
    "weak aka": ("aka", "low"),
}
#: a weak alias in Remarks: a.k.a. 'NAME' (the quote may hold an apostrophe: it ends before ; . , ) or the end)
REMARKS_ALIAS = re.compile(r"\b([afn])\.k\.a\.,?\s*'(.+?)'(?=[;.,)]|\s*$)")
#: nationality or citizenship in Remarks: "nationality Tunisia;", "alt. citizen Russia;" (lower case: OFAC's
#: "Nationality of Registration" of companies is not a nationality of the party's people)
REMARKS_COUNTRY = re.compile(r"\b(?:nationality|citizen)\s+([^;]+?)\s*(?:;|\.?\s*$)")


def source_of(names: Mapping[str, bytes]) -> ListSource | None:
    """Which OFAC list a set of files is, from the primary file's name (any folder, any case), else None."""
    present = {file_name(n) for n in names}
    found = [source for source, files in FILES.items() if files[0] in present]
    return found[0] if len(found) == 1 else None


def file_name(name: str) -> str:
    """A file's name without its folder, in lower case, as OFAC's file names are matched."""
    return PurePosixPath(name.replace("\\", "/")).name.lower()


def parse(files: Mapping[str, bytes]) -> ParsedList:
    """A whole OFAC list from its files; only the primary file is required."""
    source = source_of(files)
    if source is None:
        raise ValueError(f"no single OFAC primary file among {sorted(files)}: expected sdn.csv or cons_prim.csv")
    by_name = {file_name(n): data for n, data in files.items()}
    primary, alt, add, comments = FILES[source]
    notes: list[str] = []
    drafts = {row[0]: row for row in _rows(by_name[primary], primary, PRIMARY_COLUMNS)}
    continued = _comments(by_name.get(comments, b""), comments)
    entries = {ent: _draft(row, continued.get(ent, "")) for ent, row in drafts.items()}
    _add_aliases(entries, by_name.get(alt, b""), alt, notes)
    _add_addresses(entries, by_name.get(add, b""), add, notes)
    return ParsedList(source, TITLES[source], None, build_all(entries.values(), notes), FORMAT, tuple(notes))


def _text(data: bytes, what: str) -> str:
    """The file as text. OFAC's legacy files are plain ASCII in practice but were long produced as Windows-1252
    (names with accents), so cp1252 and then latin-1 are tried where UTF-8 fails; a trailing DOS EOF (0x1A) is
    dropped."""
    check_size(data, what)
    return decode(data, what, ("cp1252", "latin-1")).rstrip("\x1a\r\n")


def _rows(data: bytes, what: str, columns: int) -> Iterator[list[str]]:
    """The non-blank rows, each value cleaned and `-0-` made empty; a row with too few fields is an error."""
    reader = csv.reader(io.StringIO(_text(data, what), newline=""))
    for number, row in enumerate(reader, start=1):
        if not any(field.strip() for field in row):
            continue
        if len(row) < columns or not row[0].strip().isdigit():
            raise ValueError(f"{what} line {number}: not an OFAC legacy CSV row of {columns} fields: {row[:3]!r}")
        yield [_value(field) for field in row]


def _value(field: str) -> str:
    text = clean(field)
    return "" if text == EMPTY else text


def _comments(data: bytes, what: str) -> dict[str, str]:
    """The continuation of each long Remarks value, in file order."""
    continued: dict[str, str] = {}
    for row in _rows(data, what, 2):
        continued[row[0]] = continued.get(row[0], "") + row[1]
    return continued


def _draft(row: list[str], continuation: str) -> EntryDraft:
    """One party from its primary row; Remarks is the primary file's value followed by its continuation."""
    ent_num, name, sdn_type, program = row[0], row[1], row[2].lower(), row[3]
    remarks = row[11] + continuation
    draft = EntryDraft(ent_num, SDN_TYPES.get(sdn_type, "unknown"))
    draft.add_name(name, "primary")
    for letter, alias in REMARKS_ALIAS.findall(remarks):
        draft.add_name(alias, ALT_TYPES[f"{letter}ka"][0], "low")
    draft.nationalities.extend(resolve_country(c) for c in REMARKS_COUNTRY.findall(remarks))
    draft.programs.extend(p.strip() for p in program.strip("[] ").split("] ["))
    draft.remarks.append(remarks)
    return draft


def _add_aliases(entries: dict[str, EntryDraft], data: bytes, what: str, notes: list[str]) -> None:
    """alt.csv: aka/fka/nka good, "weak aka" low; an unknown alt_type is kept as a good aka."""
    for row in _rows(data, what, 4):
        draft = _owner(entries, row[0], what, notes)
        if draft is not None:
            kind, quality = ALT_TYPES.get(row[2].lower(), ("aka", "good"))
            draft.add_name(row[3], kind, quality)


def _add_addresses(entries: dict[str, EntryDraft], data: bytes, what: str, notes: list[str]) -> None:
    for row in _rows(data, what, 5):
        draft = _owner(entries, row[0], what, notes)
        if draft is not None:
            draft.add_address(joined(row[2:5]), resolve_country(row[4]))


def _owner(entries: dict[str, EntryDraft], ent_num: str, what: str, notes: list[str]) -> EntryDraft | None:
    """The party a secondary row belongs to; a row for a party the primary file lacks is noted and skipped."""
    draft = entries.get(ent_num)
    if draft is None:
        notes.append(f"{what}: a row for ent_num {ent_num}, which the primary file does not list, was skipped")
    return draft
