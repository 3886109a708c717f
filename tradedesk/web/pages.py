"""Paging of the pages' lists."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request

from tradedesk.api.schemas.base import MAX_PAGE


def page_number() -> int:
    raw = request.args.get("page", "1")
    return max(1, min(int(raw), MAX_PAGE)) if raw.isdigit() and len(raw) < 10 else 1


@dataclass(frozen=True, slots=True)
class Paged:
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        return 0 if self.total == 0 else (self.number - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.per_page)
