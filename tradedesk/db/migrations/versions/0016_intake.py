"""Customer intake (issue #12): orders and their lines, one-time links, rate-limit attempts, RMA photos

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tradedesk.db.types import ExactDecimal, UTCDateTime

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sales_order",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column(
            "customer_id",
            sa.String(36),
            sa.ForeignKey("party.id", name="fk_sales_order_customer_id_party"),
            nullable=False,
        ),
        sa.Column(
            "hub_id", sa.String(36), sa.ForeignKey("party.id", name="fk_sales_order_hub_id_party"), nullable=False
        ),
        sa.Column("ordered_on", sa.Date(), nullable=False),
        sa.Column("warranty_months", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("reference", name="uq_sales_order_reference"),
    )
    op.create_table(
        "sales_order_line",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "order_id",
            sa.String(36),
            sa.ForeignKey("sales_order.id", ondelete="CASCADE", name="fk_sales_order_line_order_id_sales_order"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(512), nullable=False),
        sa.Column("sku", sa.String(64), nullable=True),
        sa.Column("hs_code", sa.String(10), nullable=False),
        sa.Column("origin_country", sa.String(2), nullable=False),
        sa.Column("quantity", ExactDecimal(), nullable=False),
        sa.Column("unit_value", ExactDecimal(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("serial_numbers", sa.JSON(), nullable=False),
    )
    op.create_index("ix_sales_order_line_order_id", "sales_order_line", ["order_id"])
    op.create_table(
        "intake_link",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "order_id",
            sa.String(36),
            sa.ForeignKey("sales_order.id", ondelete="CASCADE", name="fk_intake_link_order_id_sales_order"),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("rma_id", sa.String(36), sa.ForeignKey("rma.id", name="fk_intake_link_rma_id_rma"), nullable=True),
    )
    op.create_table(
        "intake_attempt",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_intake_attempt_key", "intake_attempt", ["key_hash", "at"])
    op.create_table(
        "rma_photo",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "rma_id",
            sa.String(36),
            sa.ForeignKey("rma.id", ondelete="CASCADE", name="fk_rma_photo_rma_id_rma"),
            nullable=False,
        ),
        sa.Column("key", sa.String(256), nullable=False),
        sa.Column("media_type", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_rma_photo_rma_id", "rma_photo", ["rma_id"])


def downgrade() -> None:
    for table in ("rma_photo", "intake_attempt", "intake_link", "sales_order_line", "sales_order"):
        op.drop_table(table)
