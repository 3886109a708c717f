"""What every list parser shares: the input size cap, text decoding, and assembling a `ListEntry` the same way.

Assembling in one place keeps the lists comparable: names deduplicated with the primary first, countries
deduplicated in order of appearance (nationality and citizenship first, then addresses), empty values dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tradedesk.screening.entries import EntityType, ListedAddress, ListedName, ListEntry, NameKind, NameQuality

#: a list publication larger than this is refused before parsing: the largest official list (EU FSF) is ~30 MB
MAX_INPUT_BYTES = 200 * 1024 * 1024


def check_size(data: bytes, what: str) -> None:
    """Refuse oversized input before any parser allocates for it."""
    if len(data) > MAX_INPUT_BYTES:
        raise ValueError(f"{what} is {len(data)} bytes, more than the {MAX_INPUT_BYTES} bytes a list may have")


def decode(data: bytes, what: str, fallbacks: Sequence[str] = ()) -> str:
    """UTF-8 (a BOM is dropped); the `fallbacks` only for the formats known to be published in another encoding."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        for encoding in fallbacks:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValueError(f"{what} is not UTF-8 text: {exc}") from exc


def clean(value: str | None) -> str:
    """The list's text without surrounding blanks; None for an absent value becomes ''."""
    return (value or "").strip()


def joined(parts: Iterable[str | None], sep: str = ", ") -> str:
    """The non-empty parts in order, e.g. the lines of an address."""
    return sep.join(p for p in (clean(part) for part in parts) if p)


def unique(values: Iterable[str | None]) -> tuple[str, ...]:
    """Non-empty values once each, in order of first appearance."""
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return tuple(seen)


@dataclass
class EntryDraft:
    """An entry being read: rows of one party arrive spread over lines or elements, so parts are collected first."""

    entry_id: str
    entity_type: EntityType = "unknown"
    names: list[ListedName] = field(default_factory=list)
    addresses: list[ListedAddress] = field(default_factory=list)
    nationalities: list[str | None] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)

    def add_name(self, name: str | None, kind: NameKind = "aka", quality: NameQuality = "good") -> None:
        """A name the list records; blank names are dropped."""
        text = clean(name)
        if text:
            self.names.append(ListedName(text, kind, quality))

    def add_address(self, text: str, country: str | None) -> None:
        if text:
            self.addresses.append(ListedAddress(text, country))

    def build(self) -> ListEntry | None:
        """The finished entry, or None when the list gave the party no name at all (the caller notes it)."""
        names = _unique_names(self.names)
        if not names:
            return None
        addresses = tuple(dict.fromkeys(self.addresses))
        return ListEntry(
            entry_id=self.entry_id,
            entity_type=self.entity_type,
            names=names,
            addresses=addresses,
            countries=unique([*self.nationalities, *(a.country for a in addresses)]),
            programs=unique(self.programs),
            remarks=joined(unique(clean(r) for r in self.remarks), " "),
        )


def _unique_names(names: Sequence[ListedName]) -> tuple[ListedName, ...]:
    """Each spelling once (its first occurrence wins) and exactly one primary name, first, even if the list put it
    later: a second "primary" becomes an aka, and without any the first name recorded is the primary one."""
    by_text: dict[str, ListedName] = {}
    for name in sorted(names, key=lambda n: n.kind != "primary"):
        by_text.setdefault(name.name, name)
    ordered = list(by_text.values())
    return tuple(
        ListedName(n.name, "primary" if i == 0 else ("aka" if n.kind == "primary" else n.kind), n.quality)
        for i, n in enumerate(ordered)
    )


def build_all(drafts: Iterable[EntryDraft], notes: list[str]) -> tuple[ListEntry, ...]:
    """Every draft that has a name; an entry without one is left out and said so in `notes`."""
    entries = []
    for draft in drafts:
        entry = draft.build()
        if entry is None:
            notes.append(f"entry {draft.entry_id} has no name and was left out")
        else:
            entries.append(entry)
    return tuple(entries)
