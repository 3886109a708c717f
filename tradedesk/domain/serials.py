"""Serial numbers compared one way everywhere: at inspection against the RMA, on a return against its export.

Why normalised: the same serial is typed "sn 12-ab", "SN12-AB" or read by a scanner with a trailing blank; a
difference of case or spacing is not a swapped unit, a different character is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def serial_key(serial: str) -> str:
    """The form two serials are compared in: no blanks anywhere, upper case."""
    return "".join(serial.split()).upper()


@dataclass(frozen=True, slots=True)
class SerialDifference:
    """Serials on record but not found, and found but not on record (both normalised, sorted)."""

    missing: tuple[str, ...]
    unexpected: tuple[str, ...]

    def describe(self, record: str = "the record") -> str:
        parts = ([f"not found: {', '.join(self.missing)}"] if self.missing else []) + (
            [f"not on {record}: {', '.join(self.unexpected)}"] if self.unexpected else []
        )
        return "; ".join(parts)


def compare(on_record: Iterable[str], found: Iterable[str]) -> SerialDifference | None:
    """The difference between the serials on record and those found; None when they agree or nothing is on
    record. Nothing found against serials on record is a difference (every serial is missing)."""
    expected = {serial_key(s) for s in on_record if s.strip()}
    seen = {serial_key(s) for s in found if s.strip()}
    if not expected or expected == seen:
        return None
    return SerialDifference(tuple(sorted(expected - seen)), tuple(sorted(seen - expected)))
