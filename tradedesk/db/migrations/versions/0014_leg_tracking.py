"""A leg's carrier and tracking number, and when it was delivered (issue #12, point 3)

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tradedesk.db.types import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leg", schema=None) as batch_op:
        batch_op.add_column(sa.Column("carrier", sa.String(32), nullable=True))
        batch_op.add_column(sa.Column("tracking_number", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("tracking_url", sa.String(512), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", UTCDateTime(), nullable=True))
        batch_op.create_index("ix_leg_tracking_number", ["tracking_number"])


def downgrade() -> None:
    with op.batch_alter_table("leg", schema=None) as batch_op:
        batch_op.drop_index("ix_leg_tracking_number")
        for column in ("delivered_at", "tracking_url", "tracking_number", "carrier"):
            batch_op.drop_column(column)
