"""The UN Security Council Consolidated List, XML (`consolidated.xml`, schema sc-sanctions.xsd).

Root `<CONSOLIDATED_LIST dateGenerated>`, then `INDIVIDUALS/INDIVIDUAL` and `ENTITIES/ENTITY`. An individual's name
is FIRST_NAME SECOND_NAME THIRD_NAME FOURTH_NAME in that order, as the list writes it; an entity's is FIRST_NAME.
Alias `QUALITY` is "Good" or "Low" for individuals and "a.k.a."/"f.k.a." for entities.
"""

from __future__ import annotations

from datetime import date

from tradedesk.screening.entries import EntityType, ListedName, NameKind, NameQuality, ParsedList
from tradedesk.screening.formats._common import EntryDraft, build_all, joined
from tradedesk.screening.formats._countries import resolve_country
from tradedesk.screening.formats._xml import Element, local_name, parse_xml, text_of, texts_of

FORMAT = "un-sc-xml"
TITLE = "United Nations Security Council Consolidated List"
ROOT = "CONSOLIDATED_LIST"

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
#: QUALITY -> how the alias is recorded; an empty or unknown quality is a plain, good aka
ALIAS_QUALITY: dict[str, tuple[NameKind, NameQuality]] = {
    "good": ("aka", "good"),
    "low": ("aka", "low"),
    "a.k.a.": ("aka", "good"),
    "f.k.a.": ("fka", "good"),
}


def parse(data: bytes) -> ParsedList:
    """The whole list from the bytes of `consolidated.xml`."""
    return parse_root(parse_xml(data, "UN consolidated list XML"))


def parse_root(root: Element) -> ParsedList:
    """The whole list from its parsed root element."""
    if local_name(root) != ROOT:
        raise ValueError(f"not a UN Security Council list: root element is <{local_name(root)}>, not <{ROOT}>")
    drafts = [_draft(e, "individual") for e in root.iterfind("INDIVIDUALS/INDIVIDUAL")]
    drafts += [_draft(e, "entity") for e in root.iterfind("ENTITIES/ENTITY")]
    notes: list[str] = []
    entries = build_all(drafts, notes)
    return ParsedList("un_sc", TITLE, _published(root), entries, FORMAT, tuple(notes))


def _published(root: Element) -> date | None:
    generated = str(root.get("dateGenerated") or "")
    return date.fromisoformat(generated[:10]) if generated else None


def _draft(element: Element, entity_type: EntityType) -> EntryDraft:
    """One INDIVIDUAL or ENTITY; the reference number (e.g. "QDi.001") is the id the UN cites."""
    draft = EntryDraft(text_of(element, "REFERENCE_NUMBER") or text_of(element, "DATAID"), entity_type)
    draft.add_name(joined((text_of(element, p) for p in NAME_PARTS), " "), "primary")
    tag = "INDIVIDUAL" if entity_type == "individual" else "ENTITY"
    for alias in element.iterfind(f"{tag}_ALIAS"):
        draft.names.extend(_alias(alias))
    draft.add_name(text_of(element, "NAME_ORIGINAL_SCRIPT"), "original_script")
    draft.nationalities.extend(resolve_country(v) for v in texts_of(element, "NATIONALITY/VALUE"))
    for address in element.iterfind(f"{tag}_ADDRESS"):
        text = joined(text_of(address, p) for p in ADDRESS_PARTS)
        draft.add_address(text, resolve_country(text_of(address, "COUNTRY")))
    draft.programs.append(text_of(element, "UN_LIST_TYPE"))
    draft.remarks.append(text_of(element, "COMMENTS1"))
    return draft


def _alias(alias: Element) -> list[ListedName]:
    name = text_of(alias, "ALIAS_NAME")
    if not name:
        return []
    kind, quality = ALIAS_QUALITY.get(text_of(alias, "QUALITY").casefold(), ("aka", "good"))
    return [ListedName(name, kind, quality)]
