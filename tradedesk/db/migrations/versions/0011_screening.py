"""Restricted-party screening and export controls (issue #14): list versions and entries, matches and their
decisions, each party's screening runs; party regions, item control classifications, RMA holds

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tradedesk.db.types import ExactDecimal, UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subdivision", sa.String(6), nullable=True))
        batch_op.add_column(sa.Column("screening", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("rma_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("eccn", sa.String(24), nullable=True))
        batch_op.add_column(sa.Column("dual_use", sa.String(24), nullable=True))
    with op.batch_alter_table("rma", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("hold_reason", sa.Text(), nullable=True))
    op.create_table(
        "screening_list",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("title", sa.String(256), nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("imported_by", sa.String(36), nullable=False),
        sa.UniqueConstraint("sha256", name="uq_screening_list_sha256"),
    )
    op.create_index("ix_screening_list_current", "screening_list", ["current", "source"])
    op.create_table(
        "screening_entry",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "list_id",
            sa.String(36),
            sa.ForeignKey("screening_list.id", ondelete="CASCADE", name="fk_screening_entry_list_id_screening_list"),
            nullable=False,
        ),
        sa.Column("entry_id", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("primary_name", sa.String(512), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.UniqueConstraint("list_id", "entry_id", name="uq_screening_entry_list_id"),
    )
    op.create_table(
        "screening_match",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "party_id",
            sa.String(36),
            sa.ForeignKey("party.id", ondelete="CASCADE", name="fk_screening_match_party_id_party"),
            nullable=False,
        ),
        sa.Column(
            "list_id",
            sa.String(36),
            sa.ForeignKey("screening_list.id", name="fk_screening_match_list_id_screening_list"),
            nullable=False,
        ),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("entry_id", sa.String(64), nullable=False),
        sa.Column("entry_fingerprint", sa.String(64), nullable=False),
        sa.Column("matched_name", sa.String(512), nullable=False),
        sa.Column("name_kind", sa.String(16), nullable=False),
        sa.Column("score", ExactDecimal(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_by", sa.String(36), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_screening_match_party_id", "screening_match", ["party_id"])
    op.create_index("ix_screening_match_queue", "screening_match", ["status", "created_at", "id"])
    op.create_table(
        "screening_run",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "party_id",
            sa.String(36),
            sa.ForeignKey("party.id", ondelete="CASCADE", name="fk_screening_run_party_id_party"),
            nullable=False,
        ),
        sa.Column("screened_at", UTCDateTime(), nullable=False),
        sa.Column("trigger", sa.String(32), nullable=False),
        sa.Column("lists", sa.JSON(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
    )
    op.create_index("ix_screening_run_party", "screening_run", ["party_id", "screened_at", "id"])


def downgrade() -> None:
    for table in ("screening_run", "screening_match", "screening_entry", "screening_list"):
        op.drop_table(table)
    with op.batch_alter_table("rma", schema=None) as batch_op:
        batch_op.drop_column("hold_reason")
        batch_op.drop_column("held_at")
    with op.batch_alter_table("rma_item", schema=None) as batch_op:
        batch_op.drop_column("dual_use")
        batch_op.drop_column("eccn")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_column("screening")
        batch_op.drop_column("subdivision")
