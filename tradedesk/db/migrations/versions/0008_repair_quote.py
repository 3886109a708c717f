"""A paid repair as a first-class path: the quote offered for an out-of-warranty repair and the customer's answer

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tradedesk.db.types import ExactDecimal, UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = ("quote_amount", "quote_currency", "quote_state", "quoted_at")


def upgrade() -> None:
    with op.batch_alter_table("rma", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quote_amount", ExactDecimal(), nullable=True))
        batch_op.add_column(sa.Column("quote_currency", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("quote_state", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("quoted_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rma", schema=None) as batch_op:
        for column in reversed(COLUMNS):
            batch_op.drop_column(column)
