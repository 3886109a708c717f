"""Every list ordered and paged in the database: queue columns on declarations, relief clock on legs, indexes

The review queue orders by (overdue, error flags, deadline, age); the flag counts, a non-null deadline key,
and what the queue shows of the decision (regime, procedure code) are stored on the declaration row, so
a page reads neither the flags JSON nor the content. The deadlines report reads the relief clock stored
on the leg. Existing rows are backfilled from the JSON they carry; composite indexes match each list's order.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NO_DEADLINE = date(9999, 12, 31)
#: movement -> the side carrying its relief deadline (services.reports.CLOCKS, frozen here as of this revision)
CLOCK_SIDES = {"export_for_repair": "export", "demo_dispatch": "import", "advance_replacement": "import"}
BATCH = 1000


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _severity_counts(flags: Any) -> dict[str, int]:
    counts = {"error_count": 0, "warning_count": 0, "info_count": 0}
    for flag in _json(flags) or []:
        severity = flag.get("severity", "info") if isinstance(flag, dict) else "info"
        column = f"{severity}_count" if f"{severity}_count" in counts else "info_count"
        counts[column] += 1
    return counts


def _backfill_declarations(bind: sa.Connection) -> None:
    table = sa.table(
        "declaration",
        sa.column("id", sa.String),
        sa.column("flags", sa.JSON),
        sa.column("content", sa.JSON),
        sa.column("deadline", sa.Date),
        sa.column("deadline_key", sa.Date),
        sa.column("error_count", sa.Integer),
        sa.column("warning_count", sa.Integer),
        sa.column("info_count", sa.Integer),
        sa.column("regime", sa.String),
        sa.column("procedure_code", sa.String),
    )
    update = (
        table.update()
        .where(table.c.id == sa.bindparam("_id"))
        .values(
            deadline_key=sa.bindparam("_key"),
            error_count=sa.bindparam("_e"),
            warning_count=sa.bindparam("_w"),
            info_count=sa.bindparam("_i"),
            regime=sa.bindparam("_r"),
            procedure_code=sa.bindparam("_p"),
        )
    )
    last = ""
    while True:
        rows = bind.execute(
            sa.select(table.c.id, table.c.flags, table.c.content, table.c.deadline)
            .where(table.c.id > last)
            .order_by(table.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        params = []
        for row in rows:
            counts = _severity_counts(row.flags)
            decision = (_json(row.content) or {}).get("decision") or {}
            params.append(
                {
                    "_id": row.id,
                    "_key": row.deadline or NO_DEADLINE,
                    "_e": counts["error_count"],
                    "_w": counts["warning_count"],
                    "_i": counts["info_count"],
                    "_r": decision.get("regime"),
                    "_p": decision.get("procedure_code"),
                }
            )
        bind.execute(update, params)
        last = rows[-1].id


def _backfill_legs(bind: sa.Connection) -> None:
    table = sa.table(
        "leg",
        sa.column("id", sa.String),
        sa.column("movement", sa.String),
        sa.column("decision", sa.JSON),
        sa.column("relief_deadline", sa.Date),
        sa.column("relief_side", sa.String),
    )
    update = (
        table.update()
        .where(table.c.id == sa.bindparam("_id"))
        .values(relief_deadline=sa.bindparam("_d"), relief_side=sa.bindparam("_s"))
    )
    last = ""
    while True:
        rows = bind.execute(
            sa.select(table.c.id, table.c.movement, table.c.decision)
            .where(table.c.id > last, table.c.movement.in_(list(CLOCK_SIDES)))
            .order_by(table.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        params = []
        for row in rows:
            side = CLOCK_SIDES[row.movement]
            deadline = ((_json(row.decision) or {}).get(side) or {}).get("deadline")
            if deadline and deadline.get("date"):
                params.append({"_id": row.id, "_d": date.fromisoformat(deadline["date"]), "_s": side})
        if params:
            bind.execute(update, params)
        last = rows[-1].id


def upgrade() -> None:
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline_key", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("error_count", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("warning_count", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("info_count", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("regime", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("procedure_code", sa.String(length=16), nullable=True))
    with op.batch_alter_table("leg", schema=None) as batch_op:
        batch_op.add_column(sa.Column("relief_deadline", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("relief_side", sa.String(length=8), nullable=True))
    bind = op.get_bind()
    _backfill_declarations(bind)
    _backfill_legs(bind)
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.alter_column("deadline_key", existing_type=sa.Date(), nullable=False)
    op.create_index(
        "ix_declaration_queue",
        "declaration",
        ["status", sa.text("error_count DESC"), "deadline_key", "created_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_declaration_queue_due",
        "declaration",
        ["status", "deadline_key", sa.text("error_count DESC"), "created_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_declaration_queue_any",
        "declaration",
        [sa.text("error_count DESC"), "deadline_key", "created_at", "id"],
        unique=False,
    )
    op.create_index("ix_declaration_inbox", "declaration", ["broker_id", "filed_at", "id"], unique=False)
    with op.batch_alter_table("leg", schema=None) as batch_op:
        batch_op.create_index("ix_leg_rma_order", ["rma_id", "position", "id"], unique=False)
        batch_op.create_index("ix_leg_relief_deadline", ["relief_deadline", "id"], unique=False)
    with op.batch_alter_table("rma", schema=None) as batch_op:
        batch_op.create_index("ix_rma_newest", ["created_at", "number"], unique=False)
        batch_op.create_index("ix_rma_status_newest", ["status", "created_at", "number"], unique=False)
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.create_index("ix_party_name_order", ["name", "id"], unique=False)
        batch_op.create_index("ix_party_kind_order", ["kind", "name", "id"], unique=False)
    op.create_index("ix_audit_event_entity_seq", "audit_event", ["entity_type", "entity_id", "seq"], unique=False)
    op.create_index("ix_audit_event_rma_seq", "audit_event", ["rma_id", "seq"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_event_rma_seq", table_name="audit_event")
    op.drop_index("ix_audit_event_entity_seq", table_name="audit_event")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index("ix_party_kind_order")
        batch_op.drop_index("ix_party_name_order")
    with op.batch_alter_table("rma", schema=None) as batch_op:
        batch_op.drop_index("ix_rma_status_newest")
        batch_op.drop_index("ix_rma_newest")
    with op.batch_alter_table("leg", schema=None) as batch_op:
        batch_op.drop_index("ix_leg_relief_deadline")
        batch_op.drop_index("ix_leg_rma_order")
        batch_op.drop_column("relief_side")
        batch_op.drop_column("relief_deadline")
    for name in (
        "ix_declaration_inbox",
        "ix_declaration_queue_any",
        "ix_declaration_queue_due",
        "ix_declaration_queue",
    ):
        op.drop_index(name, table_name="declaration")
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        for column in ("procedure_code", "regime", "info_count", "warning_count", "error_count", "deadline_key"):
            batch_op.drop_column(column)
