"""Return labels (issue #12, point 3): our printable label of an RMA's inbound leg and the carrier label bought

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tradedesk.db.types import ExactDecimal, UTCDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "return_label",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "rma_id",
            sa.String(36),
            sa.ForeignKey("rma.id", ondelete="CASCADE", name="fk_return_label_rma_id_rma"),
            nullable=False,
        ),
        sa.Column(
            "leg_id",
            sa.String(36),
            sa.ForeignKey("leg.id", ondelete="CASCADE", name="fk_return_label_leg_id_leg"),
            nullable=False,
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("carrier", sa.String(32), nullable=True),
        sa.Column("service", sa.String(64), nullable=True),
        sa.Column("tracking_number", sa.String(64), nullable=True),
        sa.Column("carrier_label_url", sa.String(1024), nullable=True),
        sa.Column("carrier_shipment_id", sa.String(64), nullable=True),
        sa.Column("carrier_label_pdf", sa.LargeBinary(), nullable=True),
        sa.Column("rate_amount", ExactDecimal(), nullable=True),
        sa.Column("rate_currency", sa.String(3), nullable=True),
        sa.Column("created_by", sa.String(36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("rma_id", "sequence", name="uq_return_label_rma_id"),
    )


def downgrade() -> None:
    op.drop_table("return_label")
