"""The review queue (GET /declarations, the desk's /queue page): most urgent first, ordered and paged in SQL.

Order: overdue (deadline before today) -> error flags (more first) -> deadline (soonest, none last) -> age
(oldest first) -> id. Overdue depends on today (the service clock), so it is not a column: the queue is two
keyset segments, overdue (`deadline_key < today`) then the rest, each ordered by (error_rank = -error_count,
deadline_key, created_at, id) on the columns stored when a version is drafted (all ascending, so that a cursor
is one row-value bound the index range scan starts at); a page reads at most two
statements, and the cursor carries the segment. Items are summaries (no content): `url` leads to the
full declaration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from tradedesk.db.models import NO_DEADLINE, Declaration, Leg, Rma
from tradedesk.services.audit_chain import jsonable
from tradedesk.services.context import Context
from tradedesk.services.paging import Key, Page, PageRequest, after, decode_cursor, ordering, page_of

LIST = "declarations"
OVERDUE, REST = 0, 1
KEYS = (
    Key(Declaration.error_rank, "int"),
    Key(Declaration.deadline_key, "date"),
    Key(Declaration.created_at, "datetime"),
    Key(Declaration.id, "str"),
)
SEVERITY_COLUMNS = {
    "error": Declaration.error_count,
    "warning": Declaration.warning_count,
    "info": Declaration.info_count,
}
COLUMNS = (
    Declaration.id,
    Declaration.leg_id,
    Declaration.side,
    Declaration.version_no,
    Declaration.status,
    Declaration.jurisdiction,
    Declaration.regime,
    Declaration.procedure_code,
    Declaration.flags,
    Declaration.error_count,
    Declaration.error_rank,
    Declaration.warning_count,
    Declaration.info_count,
    Declaration.deadline,
    Declaration.deadline_key,
    Declaration.requested_by,
    Declaration.broker_id,
    Declaration.filed_at,
    Declaration.created_at,
    Declaration.version,
    Leg.rma_id,
    Leg.position,
    Leg.movement,
    Leg.from_country,
    Leg.to_country,
    Rma.number.label("rma_number"),
)


@dataclass(frozen=True, slots=True)
class DeclarationFilter:
    status: str | None = None
    jurisdiction: str | None = None
    severity: str | None = None
    deadline_before: date | None = None
    leg_id: str | None = None
    rma_id: str | None = None


def flag_counts(flags: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """{"error_count": n, "error_rank": -n, "warning_count": n, "info_count": n}: what the queue orders and
    filters by."""
    counts = {"error_count": 0, "warning_count": 0, "info_count": 0}
    for flag in flags:
        column = f"{flag.get('severity', 'info')}_count"
        counts[column if column in counts else "info_count"] += 1
    return {**counts, "error_rank": -counts["error_count"]}


def deadline_key(deadline: date | None) -> date:
    return NO_DEADLINE if deadline is None else deadline


def deadline_of(item: Mapping[str, Any]) -> date | None:
    """The deadline of a queue item (its JSON form)."""
    raw = item.get("deadline")
    return date.fromisoformat(raw) if raw else None


def summary_view(row: Row[Any]) -> dict[str, Any]:
    """A queue item: enough to show and order it, never the content (that is at `url`)."""
    codes = list(dict.fromkeys(f.get("code") for f in row.flags or [] if f.get("severity") != "info"))
    view: dict[str, Any] = jsonable(
        {
            "id": row.id,
            "url": f"/api/v1/declarations/{row.id}",
            "leg_id": row.leg_id,
            "rma_id": row.rma_id,
            "rma_number": row.rma_number,
            "side": row.side,
            "version_no": row.version_no,
            "status": row.status,
            "jurisdiction": row.jurisdiction,
            "regime": row.regime,
            "procedure_code": row.procedure_code,
            "leg": {
                "position": row.position,
                "movement": row.movement,
                "from_country": row.from_country,
                "to_country": row.to_country,
            },
            "error_count": row.error_count,
            "warning_count": row.warning_count,
            "info_count": row.info_count,
            "flag_codes": codes,
            "deadline": row.deadline,
            "requested_by": row.requested_by,
            "broker_id": row.broker_id,
            "filed_at": row.filed_at,
            "created_at": row.created_at,
            "version": row.version,
        }
    )
    return view


def _filtered(f: DeclarationFilter) -> Select[Any]:
    stmt = select(*COLUMNS).join(Leg, Declaration.leg_id == Leg.id).join(Rma, Leg.rma_id == Rma.id)
    if f.status:
        stmt = stmt.where(Declaration.status == f.status)
    if f.jurisdiction:
        stmt = stmt.where(Declaration.jurisdiction == f.jurisdiction)
    if f.severity:
        stmt = stmt.where(SEVERITY_COLUMNS[f.severity] > 0)
    if f.deadline_before:
        stmt = stmt.where(Declaration.deadline_key < f.deadline_before)
    if f.leg_id:
        stmt = stmt.where(Declaration.leg_id == f.leg_id)
    if f.rma_id:
        stmt = stmt.where(Leg.rma_id == f.rma_id)
    return stmt


def _segment(stmt: Select[Any], segment: int, today: date, start: tuple[Any, ...] | None, n: int) -> Select[Any]:
    bound = Declaration.deadline_key < today if segment == OVERDUE else Declaration.deadline_key >= today
    stmt = stmt.where(bound)
    if start is not None:
        stmt = stmt.where(after(KEYS, start))
    return stmt.order_by(*ordering(KEYS)).limit(n)


def _key(row: Row[Any]) -> tuple[Any, ...]:
    return row.error_rank, row.deadline_key, row.created_at, row.id


def list_declarations(ctx: Context, f: DeclarationFilter, request: PageRequest) -> Page[dict[str, Any]]:
    """One page of the queue; at most two statements (the overdue segment, then the rest)."""
    position = decode_cursor(LIST, request.cursor, KEYS, segments=2) if request.cursor else None

    def work(session: Session) -> Page[dict[str, Any]]:
        today = ctx.now().date()
        base = _filtered(f)
        segment = OVERDUE if position is None else position.segment
        start = None if position is None else position.values
        rows: list[tuple[int, Row[Any]]] = []
        if segment == OVERDUE:
            rows = [(OVERDUE, r) for r in session.execute(_segment(base, OVERDUE, today, start, request.limit + 1))]
            start = None
        if len(rows) <= request.limit:
            rows += [
                (REST, r) for r in session.execute(_segment(base, REST, today, start, request.limit + 1 - len(rows)))
            ]
        return page_of(
            LIST,
            rows,
            request.limit,
            key_of=lambda sr: _key(sr[1]),
            view=lambda sr: summary_view(sr[1]),
            segment_of=lambda sr: sr[0],
        )

    return ctx.run(work, write=False)
