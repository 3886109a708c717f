"""HS 2022 code validation and US HTS general (column 1) duty-rate lookup.

Pure and dependency-free on purpose: the classifier calls these functions for every goods line, so they
must be cheap (plain dict lookups behind ``functools.lru_cache``) and usable without Flask or a database.

The data comes from ``hs_data/hs2022.csv`` and ``hs_data/us_hts_general.csv`` (built by
``tools/build_hs_data.py``; see ``hs_data/PROVENANCE.md``), found by ``tradedesk.data`` (shipped with the
package, or a deployment's own copy) when it is first needed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "HSCode",
    "HSCodeError",
    "UsGeneralRate",
    "describe",
    "normalise",
    "same_classification",
    "us_general_rate",
]

_HS_FILE = "hs2022.csv"
_CORRELATION_FILE = "hs2017_to_hs2022.csv"
#: how many successor codes a refusal names before "and N more"
_SUCCESSORS_SHOWN = 12
_HTS_FILE = "us_hts_general.csv"

_CODE_LENGTHS = (6, 8, 10)
_DESCRIBE_LENGTHS = (2, 4, 6, 8, 10)
_LEVEL_NAMES = {2: "chapter", 4: "heading", 6: "subheading"}
_MAX_ECHO = 40  # longest input echoed back in an error message
_CACHE_SIZE = 16_384


class HSCodeError(ValueError):
    """A commodity code that is malformed or not in HS 2022.

    Subclasses ``ValueError`` so callers validating user input can treat it like any other bad value;
    ``str(error)`` is a sentence that names the offending code and can be shown to the user as is.
    """


@dataclass(frozen=True, slots=True)
class HSCode:
    """A validated commodity code, split into its HS levels so callers never slice strings themselves."""

    code: str  # digits only, as given: 6 (HS subheading), 8 or 10 (national tariff line)
    subheading: str  # first 6 digits
    heading: str  # first 4 digits
    chapter: str  # first 2 digits
    description: str  # description of the 6-digit HS 2022 subheading


@dataclass(frozen=True, slots=True)
class UsGeneralRate:
    """The US general (MFN, column 1) rate for a code, with how trustworthy a percent it yields."""

    hts: str  # the HTS line used (8 or 10 digits), or the queried 6/8 digits when resolved over a group
    text: str  # the general-column text as published, e.g. "Free", "4.5%", "1.8¢/kg"
    percent: Decimal | None  # exact ad valorem percent; None when the rate is not a single percent
    kind: str  # free | ad_valorem | specific | compound | other | ambiguous | not_found


# --- data --------------------------------------------------------------------------------------------------


#: reads one table of hs_data/ as CSV rows; given by the edge that finds the data (tradedesk/__init__.py)
TableReader = Callable[[str], Iterator[dict[str, str]]]
_reader: TableReader | None = None


def read_tables_with(reader: TableReader) -> None:
    """Where the tables come from (the edge's reader of hs_data/); tables read before are forgotten."""
    global _reader
    _reader = reader
    for loaded in (_hs_descriptions, _hs2017_successors, _us_tables):
        loaded.cache_clear()


def _rows(table: str) -> Iterator[dict[str, str]]:
    if _reader is None:
        raise RuntimeError("the HS tables have no reader: import tradedesk (tradedesk/__init__.py gives it)")
    return _reader(table)


@functools.cache
def _hs_descriptions() -> dict[str, str]:
    """Chapters, headings and subheadings of HS 2022 by code; loaded once per process."""
    return {row["code"]: row["description"] for row in _rows(_HS_FILE)}


@functools.cache
def _hs2017_successors() -> dict[str, tuple[str, ...]]:
    """HS 2017 subheading -> its HS 2022 successors, whole successors (1:1, 1:n, n:1) before partial ones (n:n)."""
    found: dict[str, list[tuple[bool, str]]] = {}
    for row in _rows(_CORRELATION_FILE):
        found.setdefault(row["hs2017"], []).append((row["relationship"] == "n:n", row["hs2022"]))
    return {old: tuple(code for _, code in sorted(pairs)) for old, pairs in found.items()}


def successors(subheading: str) -> tuple[str, ...]:
    """The HS 2022 subheadings an HS 2017 subheading went to, in whole or in part (empty: not an HS 2017 code, or
    unchanged)."""
    codes = _hs2017_successors().get(subheading, ())
    return () if codes == (subheading,) else codes


def _successor_hint(subheading: str) -> str:
    codes = successors(subheading)
    if not codes:
        return ""
    shown = ", ".join(_dotted(c) for c in codes[:_SUCCESSORS_SHOWN])
    more = f" and {len(codes) - _SUCCESSORS_SHOWN} more" if len(codes) > _SUCCESSORS_SHOWN else ""
    return (
        f"; {_dotted(subheading)} is an HS 2017 code, in HS 2022 it became {shown}{more} "
        "(UNSD HS 2017-2022 correlation table): give the HS 2022 code that fits the goods"
    )


@dataclass(frozen=True, slots=True)
class _UsTables:
    lines: dict[str, UsGeneralRate]  # every published 8/10-digit line with an own or inherited rate
    groups: dict[str, UsGeneralRate]  # 6-digit subheadings and 8-digit codes resolved over their lines


@functools.cache
def _us_tables() -> _UsTables:
    """Load the US lines once and pre-resolve every 6/8-digit group so lookups stay dict hits."""
    lines: dict[str, UsGeneralRate] = {}
    for row in _rows(_HTS_FILE):
        percent = row["ad_valorem_percent"]
        lines[row["hts"]] = UsGeneralRate(
            hts=row["hts"],
            text=row["general_rate_text"],
            percent=Decimal(percent) if percent else None,
            kind=row["kind"],
        )

    members: dict[str, list[UsGeneralRate]] = {}
    for hts, rate in lines.items():
        members.setdefault(hts[:6], []).append(rate)
        if len(hts) == 10 and hts[:8] not in lines:
            members.setdefault(hts[:8], []).append(rate)
    groups = {prefix: _resolve_group(prefix, rates) for prefix, rates in members.items()}
    return _UsTables(lines=lines, groups=groups)


def _resolve_group(prefix: str, rates: list[UsGeneralRate]) -> UsGeneralRate:
    """One rate for a group of lines if they all agree; otherwise say that a longer number is needed."""
    texts = sorted({rate.text for rate in rates})
    first = rates[0]
    if len(texts) == 1:
        return UsGeneralRate(hts=prefix, text=first.text, percent=first.percent, kind=first.kind)
    level, needed = ("subheading", "an 8- or 10-digit") if len(prefix) == 6 else ("tariff line", "a 10-digit")
    return UsGeneralRate(
        hts=prefix,
        text=(
            f"The general rates of duty differ within HTS {level} {_dotted(prefix)} "
            f"({len(texts)} different rates over {len(rates)} lines); "
            f"{needed} HTS number is needed to pick one."
        ),
        percent=None,
        kind="ambiguous",
    )


# --- parsing -----------------------------------------------------------------------------------------------


def _dotted(digits: str) -> str:
    """Render digits the way tariffs print them (8517.62.00.20) for human-readable messages."""
    parts = [digits[:4]] + [digits[i : i + 2] for i in range(4, len(digits), 2)]
    return ".".join(part for part in parts if part)


def _echo(raw: object) -> str:
    """Quote user input for an error message without letting a huge value flood the logs."""
    if isinstance(raw, str) and len(raw) > _MAX_ECHO:
        return repr(raw[:_MAX_ECHO]) + "…"
    return repr(raw)


def _lost_leading_zero(digits: str, lengths: tuple[int, ...]) -> bool:
    """Spreadsheets turn 0101.21 into 10121; spot that so the error message can say so."""
    padded = "0" + digits
    return len(padded) in lengths and len(padded) >= 6 and padded[:6] in _hs_descriptions()


def _digits(raw: str, lengths: tuple[int, ...]) -> str:
    """Strip dots and spaces and check the result is a plausible code length; raise HSCodeError if not."""
    if not isinstance(raw, str):
        raise HSCodeError(f"invalid HS code {_echo(raw)}: expected a string such as '8517.62'")
    digits = raw.replace(".", "").replace(" ", "")
    if not digits:
        raise HSCodeError(f"invalid HS code {_echo(raw)}: the code is empty")
    if not (digits.isascii() and digits.isdigit()):
        raise HSCodeError(f"invalid HS code {_echo(raw)}: only digits, dots and spaces are allowed, e.g. '8517.62'")
    if len(digits) not in lengths:
        expected = ", ".join(str(n) for n in lengths[:-1]) + f" or {lengths[-1]}"
        hint = " (was a leading zero dropped?)" if _lost_leading_zero(digits, lengths) else ""
        raise HSCodeError(f"invalid HS code {_echo(raw)}: expected {expected} digits, got {len(digits)}{hint}")
    return digits


# --- public API --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=_CACHE_SIZE)
def normalise(raw: str) -> HSCode:
    """Validate a commodity code as typed by a user and return its HS levels.

    Accepts 6-digit HS subheadings and 8/10-digit national lines, with or without dots and spaces
    ("8517.62", "8517 62", "8517.62.0020").  Only the first 6 digits are checked against HS 2022, because
    national subdivisions differ per country.  Cached: the classifier calls this in a hot loop.
    """
    digits = _digits(raw, _CODE_LENGTHS)
    subheading = digits[:6]
    description = _hs_descriptions().get(subheading)
    if description is None:
        raise HSCodeError(
            f"unknown HS code {_echo(raw)}: no such HS 2022 subheading {_dotted(subheading)}"
            f"{_successor_hint(subheading)}"
        )
    return HSCode(
        code=digits,
        subheading=subheading,
        heading=digits[:4],
        chapter=digits[:2],
        description=description,
    )


def same_classification(a: str, b: str, digits: int = 6) -> bool:
    """Whether two codes fall in the same chapter (2), heading (4), subheading (6) or national line (8/10).

    A code shorter than ``digits`` is never "the same" at that level, because it does not say which
    national line it is.  Both codes are validated first, so a typo raises instead of silently differing.
    """
    if digits not in _DESCRIBE_LENGTHS:
        raise ValueError(f"digits must be one of 2, 4, 6, 8 or 10, got {digits!r}")
    code_a = normalise(a).code
    code_b = normalise(b).code
    if len(code_a) < digits or len(code_b) < digits:
        return False
    return code_a[:digits] == code_b[:digits]


def describe(code: str) -> str:
    """The HS 2022 description of a code, for display next to what the user typed.

    Chapters (2 digits) and headings (4) get their own description; 6/8/10-digit codes get the description
    of their 6-digit subheading (national lines have no HS 2022 text of their own).
    """
    digits = _digits(code, _DESCRIBE_LENGTHS)
    if len(digits) >= 6:
        return normalise(code).description
    description = _hs_descriptions().get(digits)
    if description is None:
        raise HSCodeError(f"unknown HS code {_echo(code)}: no such HS 2022 {_LEVEL_NAMES[len(digits)]}")
    return description


@functools.lru_cache(maxsize=_CACHE_SIZE)
def us_general_rate(code: str) -> UsGeneralRate:
    """The US general (column 1) rate of duty from the HTS 2024 basic edition, by longest prefix.

    A 10-digit code uses its own statistical line, else its 8-digit tariff line.  An 8-digit code uses its
    line, else the rate shared by all of its 10-digit lines.  A 6-digit code resolves only when every line
    under the subheading has the same rate; otherwise the result is ``kind="ambiguous"`` so that nobody
    silently estimates duty from the wrong line.  The code is not checked against HS 2022, so US-only
    chapter 98 provisions (e.g. 9801.00.10, US goods returned) work.  Malformed input raises HSCodeError;
    a well-formed code without a rate gives ``kind="not_found"``.
    """
    digits = _digits(code, _CODE_LENGTHS)
    tables = _us_tables()
    found = tables.lines.get(digits)
    if found is None:
        # A 10-digit code falls back to its tariff line only; 6/8-digit codes to their pre-resolved group.
        found = tables.lines.get(digits[:8]) if len(digits) == 10 else tables.groups.get(digits)
    if found is not None:
        return found
    return UsGeneralRate(
        hts=digits,
        text=f"No US HTS 2024 line with a general rate of duty matches {_dotted(digits)}.",
        percent=None,
        kind="not_found",
    )
