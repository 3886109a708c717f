"""The EU Consolidated Financial Sanctions List (FSF), XML, in its current 1.1 layout and the old 1.0 one.

1.1: `<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate>` with one `<sanctionEntity logicalId>` per
subject: `regulation@programme`, `subjectType@code` (person/enterprise), `nameAlias` (the first is the primary
name; `strong="false"` marks a weak alias), `citizenship` and `address` with `countryIso2Code` ("00" = unknown).
1.0: `<WHOLE Date="dd/mm/yyyy">` with `<ENTITY Id Type="P|E" programme remark>` and its NAME, CITIZEN and ADDRESS
children (countries as ISO alpha-3).
"""

from __future__ import annotations

from datetime import date, datetime

from tradedesk.screening.entries import EntityType, ParsedList
from tradedesk.screening.formats._common import EntryDraft, build_all, joined
from tradedesk.screening.formats._countries import resolve_country
from tradedesk.screening.formats._xml import Element, attr, local_name, namespace, parse_xml, text_of

FORMAT_1_1 = "eu-fsf-xml-1.1"
FORMAT_1_0 = "eu-fsf-xml-1.0"
TITLE = "Consolidated list of persons, groups and entities subject to EU financial sanctions"
NS = "http://eu.europa.ec/fpi/fsd/export"

SUBJECT_TYPES: dict[str, EntityType] = {
    "person": "individual",
    "enterprise": "entity",
    "P": "individual",
    "E": "entity",
}
#: the country code the FSF writes when it does not know the country
UNKNOWN_COUNTRY = "00"


def parse(data: bytes) -> ParsedList:
    """The whole list from the bytes of an FSF XML file of either layout."""
    return parse_root(parse_xml(data, "EU FSF XML"))


def layout(root: Element) -> str | None:
    """The format id of a parsed FSF document, None when the root is neither layout's."""
    if local_name(root) == "export" and namespace(root) == NS:
        return FORMAT_1_1
    if local_name(root) == "WHOLE" and not namespace(root):
        return FORMAT_1_0
    return None


def parse_root(root: Element) -> ParsedList:
    """The whole list from its parsed root element."""
    found = layout(root)
    notes: list[str] = []
    if found == FORMAT_1_1:
        drafts = [_draft_1_1(e) for e in root.iterfind(f"{{{NS}}}sanctionEntity")]
        published = _iso_date(attr(root, "generationDate"))
    elif found == FORMAT_1_0:
        drafts = [_draft_1_0(e) for e in root.iterfind("ENTITY")]
        published = _dmy_date(attr(root, "Date"))
    else:
        raise ValueError(f"not an EU FSF list: root element is <{root.tag}>, not <export> (1.1) or <WHOLE> (1.0)")
    return ParsedList("eu_fsf", TITLE, published, build_all(drafts, notes), found, tuple(notes))


def _iso_date(value: str) -> date | None:
    """The date as the file writes it (2018-12-21T14:39:54.511+01:00 -> 2018-12-21, the Brussels date)."""
    return date.fromisoformat(value[:10]) if value else None


def _dmy_date(value: str) -> date | None:
    return datetime.strptime(value, "%d/%m/%Y").date() if value else None


def _country(code: str, description: str = "") -> str | None:
    if code and code != UNKNOWN_COUNTRY:
        return resolve_country(code)
    return resolve_country(description) if description.upper() != "UNKNOWN" else None


def _draft_1_1(element: Element) -> EntryDraft:
    """One sanctionEntity of the 1.1 layout."""
    ns = f"{{{NS}}}"
    subject = element.find(f"{ns}subjectType")
    kind = "" if subject is None else attr(subject, "code") or attr(subject, "classificationCode")
    draft = EntryDraft(attr(element, "logicalId"), SUBJECT_TYPES.get(kind, "unknown"))
    for alias in element.iterfind(f"{ns}nameAlias"):
        whole = attr(alias, "wholeName") or joined(
            (attr(alias, a) for a in ("firstName", "middleName", "lastName")), " "
        )
        draft.add_name(whole, "aka", "low" if attr(alias, "strong") == "false" else "good")
    for citizenship in element.iterfind(f"{ns}citizenship"):
        draft.nationalities.append(
            _country(attr(citizenship, "countryIso2Code"), attr(citizenship, "countryDescription"))
        )
    for address in element.iterfind(f"{ns}address"):
        draft.add_address(*_address_1_1(address))
    draft.programs.extend(attr(r, "programme") for r in element.iterfind(f"{ns}regulation"))
    draft.remarks.extend(str(r.text or "") for r in element.iterfind(f"{ns}remark"))
    return draft


def _address_1_1(address: Element) -> tuple[str, str | None]:
    description = attr(address, "countryDescription")
    parts = [attr(address, a) for a in ("street", "poBox", "zipCode", "city", "region", "place")]
    text = joined([*parts, "" if description.upper() == "UNKNOWN" else description])
    return text, _country(attr(address, "countryIso2Code"), description)


def _draft_1_0(element: Element) -> EntryDraft:
    """One ENTITY of the 1.0 layout."""
    draft = EntryDraft(attr(element, "Id"), SUBJECT_TYPES.get(attr(element, "Type"), "unknown"))
    for name in element.iterfind("NAME"):
        whole = text_of(name, "WHOLENAME") or joined(
            (text_of(name, t) for t in ("FIRSTNAME", "MIDDLENAME", "LASTNAME")), " "
        )
        draft.add_name(whole)
    draft.nationalities.extend(_country(text_of(c, "COUNTRY")) for c in element.iterfind("CITIZEN"))
    for address in element.iterfind("ADDRESS"):
        country = text_of(address, "COUNTRY")
        text = joined([*(text_of(address, t) for t in ("NUMBER", "STREET", "ZIPCODE", "CITY", "OTHER")), country])
        draft.add_address(text, _country(country))
    draft.programs.append(attr(element, "programme"))
    draft.remarks.append(attr(element, "remark"))
    return draft
