"""One entry of a restricted-party list, whatever list and format it was read from.

Every parser in `tradedesk.screening.formats` produces these, and the matcher and the database read only these, so a
new list format is one more parser and nothing else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

EntityType = Literal["individual", "entity", "vessel", "aircraft", "unknown"]
NameKind = Literal["primary", "aka", "fka", "nka", "original_script"]
#: how much a list trusts an alias: OFAC "weak aka", UN `QUALITY` "Low" -> "low"; everything else "good"
NameQuality = Literal["good", "low"]


@dataclass(frozen=True)
class ListedName:
    """A name under which the list records the party: its primary name, an alias, a former name, an original-script name."""

    name: str
    kind: NameKind = "primary"
    quality: NameQuality = "good"


@dataclass(frozen=True)
class ListedAddress:
    """An address as the list gives it; `country` is ISO 3166-1 alpha-2 where the list's country could be resolved."""

    text: str
    country: str | None = None


@dataclass(frozen=True)
class ListEntry:
    """A listed party. `entry_id` is the list's own identifier (OFAC ent_num, UN reference number, EU logicalId...)."""

    entry_id: str
    entity_type: EntityType
    names: tuple[ListedName, ...]
    addresses: tuple[ListedAddress, ...] = ()
    #: ISO alpha-2 codes of nationality, citizenship and address countries, as supporting evidence for a match
    countries: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    remarks: str = ""

    @property
    def primary_name(self) -> str:
        return self.names[0].name

    def fingerprint(self) -> str:
        """SHA-256 of the entry's content: a cleared false positive is re-raised when this changes."""
        canonical = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


ListSource = Literal["ofac_sdn", "ofac_consolidated", "eu_fsf", "un_sc", "uk_sanctions", "us_csl"]


@dataclass(frozen=True)
class ParsedList:
    """A whole list as one publication: the source it comes from, its publication date where the file states it."""

    source: ListSource
    title: str
    published: date | None
    entries: tuple[ListEntry, ...]
    #: the format the file was read in, e.g. "ofac-legacy-csv", "eu-fsf-xml-1.1", "un-sc-xml"
    format: str = ""
    notes: tuple[str, ...] = field(default=())


def entry_to_json(entry: ListEntry) -> dict[str, Any]:
    """The entry as stored (screening_entry.data): plain JSON, read back by entry_from_json."""
    return asdict(entry)


def entry_from_json(data: Mapping[str, Any]) -> ListEntry:
    return ListEntry(
        entry_id=str(data["entry_id"]),
        entity_type=data["entity_type"],
        names=tuple(ListedName(n["name"], n["kind"], n["quality"]) for n in data["names"]),
        addresses=tuple(ListedAddress(a["text"], a["country"]) for a in data.get("addresses") or ()),
        countries=tuple(data.get("countries") or ()),
        programs=tuple(data.get("programs") or ()),
        remarks=str(data.get("remarks") or ""),
    )
