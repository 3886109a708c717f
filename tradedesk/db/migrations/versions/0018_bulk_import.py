"""Bulk import of RMAs (issue #12, point 5): the file and the outcome of each row

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tradedesk.db.types import UTCDateTime

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bulk_import",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("filename", sa.String(256), nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("owner_id", "sha256", name="uq_bulk_import_owner_id"),
    )
    op.create_index("ix_bulk_import_owner_id", "bulk_import", ["owner_id"])
    op.create_table(
        "bulk_import_row",
        sa.Column(
            "import_id",
            sa.String(36),
            sa.ForeignKey("bulk_import.id", ondelete="CASCADE", name="fk_bulk_import_row_import_id_bulk_import"),
            primary_key=True,
        ),
        sa.Column("row_key", sa.String(64), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("rma_id", sa.String(36), nullable=True),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("bulk_import_row")
    op.drop_table("bulk_import")
