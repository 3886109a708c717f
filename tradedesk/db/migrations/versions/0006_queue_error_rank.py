"""The review queue's keys all ascend: error_rank (= -error_count) replaces error_count DESC in its indexes

With one direction for every key, a cursor is a single row-value bound `(error_rank, deadline_key,
created_at, id) > (...)` that the index range scan starts at, so the last page of the queue costs what the
first does; with error_count DESC first, the bound could only start the scan at the cursor's error count and
filter the rest (most declarations have no error, so a deep page read most of the queue).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

QUEUE_INDEXES = ("ix_declaration_queue", "ix_declaration_queue_due", "ix_declaration_queue_any")


def upgrade() -> None:
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("error_rank", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE declaration SET error_rank = -error_count")
    for name in QUEUE_INDEXES:
        op.drop_index(name, table_name="declaration")
    op.create_index(
        "ix_declaration_queue",
        "declaration",
        ["status", "error_rank", "deadline_key", "created_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_declaration_queue_due",
        "declaration",
        ["status", "deadline_key", "error_rank", "created_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_declaration_queue_any", "declaration", ["error_rank", "deadline_key", "created_at", "id"], unique=False
    )


def downgrade() -> None:
    for name in QUEUE_INDEXES:
        op.drop_index(name, table_name="declaration")
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
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.drop_column("error_rank")
