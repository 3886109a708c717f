"""`tradedesk classify` on a long list of legs: read, classify and write one leg at a time.

The input is parsed incrementally (ijson), each decision is written as soon as it is taken, and nothing
but the errors of invalid legs is kept, so memory stays flat in the number of legs. The output is
byte for byte what `json.dumps(decisions, indent=...)` of the whole list would print: one decision per
leg, in the input's order. An invalid leg in a list is written as `null` (positions stay aligned) and its
errors are keyed by its position ("3.items.0.hs_code"), like the API's errors for a list.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, TextIO

import ijson

from tradedesk.domain.profiles import ProfileSet
from tradedesk.inputs.leg import LegInputError
from tradedesk.services.classification import classify_payload, classify_stream


class NotJson(ValueError):
    """The input is not (or stops being) valid JSON."""


def _json_error(exc: Exception) -> NotJson:
    message = exc.args[0] if exc.args else str(exc)
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return NotJson(f"not valid JSON: {str(message).strip().splitlines()[0]}")


def _guarded(values: Iterator[Any]) -> Iterator[Any]:
    try:
        yield from values
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        raise _json_error(exc) from exc


class _WhatIsThere:
    """A binary file whose read(n) returns what one read of the source gives (read1) rather than waiting for
    n bytes: the parser then sees a leg as soon as it arrives through a pipe, not when 64 KiB have."""

    def __init__(self, binary: BinaryIO) -> None:
        self.read = getattr(binary, "read1", binary.read)


def read_document(binary: BinaryIO) -> tuple[bool, Iterator[Any]]:
    """(is a list, its values): a JSON list's elements one at a time, or the one value of any other document.

    Numbers are read as json.loads reads them (floats, not Decimals), so the schemas see the same input.
    Raises NotJson, here or while iterating, when the text is not valid JSON.
    """
    events = ijson.parse(_WhatIsThere(binary), use_float=True)
    try:
        first = next(events)
    except (ijson.JSONError, UnicodeDecodeError, StopIteration) as exc:
        raise _json_error(exc) from exc
    stream = itertools.chain([first], events)
    is_list = first[1] == "start_array"
    return is_list, _guarded(ijson.items(stream, "item" if is_list else ""))


class ListWriter:
    """Writes a JSON list one element at a time, exactly as json.dumps(the list, indent=indent) would."""

    def __init__(self, out: TextIO, indent: int | None) -> None:
        self.out, self.indent, self.count = out, indent, 0

    def add(self, value: Any) -> None:
        text = json.dumps(value, indent=self.indent, ensure_ascii=False)
        if self.indent is None:
            self.out.write(("[" if self.count == 0 else ", ") + text)
        else:
            pad = " " * self.indent
            self.out.write(("[\n" if self.count == 0 else ",\n") + pad + text.replace("\n", "\n" + pad))
        self.out.flush()  # a reader downstream sees each decision as soon as it is taken
        self.count += 1

    def close(self) -> None:
        if self.count == 0:
            self.out.write("[]\n")
        else:
            self.out.write("]\n" if self.indent is None else "\n]\n")
        self.out.flush()


@dataclass
class Outcome:
    """What a classify run found wrong (empty: every leg was valid); field path -> messages."""

    errors: dict[str, list[str]] = field(default_factory=dict)


def classify_document(
    binary: BinaryIO, out: TextIO, profiles: ProfileSet, indent: int | None, progress: bool = False
) -> Outcome:
    """Classify the leg or the list of legs in `binary`, writing the decision(s) to `out` as they are taken.

    One leg: its decision, or nothing when it is invalid. A list: the decisions in order, `null` for an
    invalid leg; the list is closed even when the JSON breaks off, so `out` always holds valid JSON
    (the errors say that it is not the whole answer).
    """
    outcome = Outcome()
    try:
        is_list, values = read_document(binary)
        if not is_list:
            (value,) = values
            out.write(json.dumps(classify_payload(value, profiles), indent=indent, ensure_ascii=False) + "\n")
            return outcome
    except NotJson as exc:
        outcome.errors["_schema"] = [str(exc)]
        return outcome
    except LegInputError as exc:
        outcome.errors.update(exc.errors)
        return outcome
    writer = ListWriter(out, indent)
    try:
        for decision, errors in classify_stream(_with_progress(values, progress), profiles):
            writer.add(decision)
            outcome.errors.update(errors)
    except NotJson as exc:
        outcome.errors["_schema"] = [str(exc)]
    if writer.count == 0 and not outcome.errors:
        outcome.errors["_schema"] = ["an empty list: give one leg object or a list of them"]
        return outcome
    writer.close()
    return outcome


def _with_progress(values: Iterable[Any], progress: bool) -> Iterable[Any]:
    """A tqdm progress bar on stderr (only asked for when stderr is a terminal)."""
    if not progress:
        return values
    from tqdm import tqdm

    bar: Iterable[Any] = tqdm(values, unit=" legs", desc="classify", leave=False)
    return bar
