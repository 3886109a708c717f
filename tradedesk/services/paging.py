"""Keyset (cursor) paging shared by every list: ordered in SQL, a page is `WHERE key > last key LIMIT n+1`.

Why keyset and not OFFSET: the cost of a page does not grow with its position, and rows inserted between two
requests neither repeat nor skip rows of the pages after. The cursor is opaque to clients (base64url of JSON:
the list it belongs to, an optional segment, and the last row's sort key); a cursor of another list, or one
that does not decode to the list's key types, is refused as invalid input naming `cursor`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import and_, or_, tuple_
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement

from tradedesk.services.errors import InvalidInput

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_LENGTH = 1024


def _parse_datetime(raw: Any) -> datetime:
    value = datetime.fromisoformat(raw)
    if value.tzinfo is None:
        raise ValueError("naive timestamp")
    return value


#: how each kind of sort-key value goes into the cursor's JSON and back
_ENCODE: dict[type, Callable[[Any], Any]] = {datetime: lambda v: v.isoformat(), date: lambda v: v.isoformat()}
_DECODE: dict[str, Callable[[Any], Any]] = {
    "str": lambda v: v if isinstance(v, str) else _refuse(),
    "int": lambda v: v if isinstance(v, int) and not isinstance(v, bool) else _refuse(),
    "date": lambda v: date.fromisoformat(v),
    "datetime": _parse_datetime,
}


def _refuse() -> Any:
    raise ValueError("wrong type")


@dataclass(frozen=True, slots=True)
class Key:
    """One column of a list's order; `kind` says how its value is read back from a cursor."""

    column: ColumnElement[Any] | QueryableAttribute[Any]
    kind: str
    descending: bool = False

    def ordering(self) -> ColumnElement[Any]:
        return self.column.desc() if self.descending else self.column.asc()


@dataclass(frozen=True, slots=True)
class PageRequest:
    """What the client asked for: at most `limit` rows after `cursor` (None: the first page)."""

    limit: int = DEFAULT_LIMIT
    cursor: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput({"limit": [f"must be between 1 and {MAX_LIMIT}"]})


#: the default of the services' list functions: the first page of DEFAULT_LIMIT rows
FIRST_PAGE = PageRequest()


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
    limit: int

    def body(self, **extra: Any) -> dict[str, Any]:
        return {"items": self.items, "next_cursor": self.next_cursor, "limit": self.limit, **extra}


@dataclass(frozen=True, slots=True)
class Position:
    """A decoded cursor: the segment of the list and the last row's sort key."""

    segment: int
    values: tuple[Any, ...]


def encode_cursor(list_name: str, values: Sequence[Any], segment: int = 0) -> str:
    raw = [_ENCODE.get(type(v), lambda x: x)(v) for v in values]
    text = json.dumps({"l": list_name, "s": segment, "k": raw}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(list_name: str, cursor: str, keys: Sequence[Key], segments: int = 1) -> Position:
    """The position a cursor names; InvalidInput({"cursor": ...}) for anything this list did not issue."""
    problem = InvalidInput({"cursor": ["is not a cursor of this list: pass the next_cursor of its previous page"]})
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise problem
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(data, dict) or data.get("l") != list_name:
            raise problem
        segment, raw = data.get("s"), data.get("k")
        if (
            not isinstance(segment, int)
            or not 0 <= segment < segments
            or not isinstance(raw, list)
            or len(raw) != len(keys)
        ):
            raise problem
        return Position(segment, tuple(_DECODE[k.kind](v) for k, v in zip(keys, raw, strict=True)))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise problem from exc


def after(keys: Sequence[Key], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after `values` in the order of `keys`.

    Keys that all run one way give one row-value bound, `(a, b, c) > (x, y, z)`, which PostgreSQL and SQLite
    turn into the start of an index range scan: a page deep in the list costs what the first one does. Mixed
    directions fall back to the expanded form (a > x) OR (a = x AND b > y) ..., led by a bound on the first
    column; there the scan starts at the first column's value and filters the rest, so lists that must stay
    fast at any depth keep their keys one way (the queue stores -error_count for that).
    """
    if len({key.descending for key in keys}) == 1:
        columns, bound = tuple_(*(k.column for k in keys)), tuple_(*values)
        row_value: ColumnElement[bool] = columns < bound if keys[0].descending else columns > bound
        return row_value

    def beyond(key: Key, value: Any) -> ColumnElement[bool]:
        bound: ColumnElement[bool] = key.column < value if key.descending else key.column > value
        return bound

    alternatives = []
    for i, key in enumerate(keys):
        equal = [k.column == v for k, v in zip(keys[:i], values[:i], strict=True)]
        alternatives.append(and_(*equal, beyond(key, values[i])))
    first, value = keys[0], values[0]
    lead = first.column <= value if first.descending else first.column >= value
    predicate: ColumnElement[bool] = and_(lead, or_(*alternatives))
    return predicate


def ordering(keys: Sequence[Key]) -> list[ColumnElement[Any]]:
    return [k.ordering() for k in keys]


def page_of(
    list_name: str,
    rows: Sequence[Any],
    limit: int,
    key_of: Callable[[Any], Sequence[Any]],
    view: Callable[[Any], T],
    segment_of: Callable[[Any], int] = lambda _: 0,
) -> Page[T]:
    """Rows fetched with LIMIT limit+1: the extra row only says that there is a next page."""
    shown = list(rows[:limit])
    more = len(rows) > limit
    cursor = encode_cursor(list_name, key_of(shown[-1]), segment_of(shown[-1])) if more and shown else None
    return Page([view(r) for r in shown], cursor, limit)
