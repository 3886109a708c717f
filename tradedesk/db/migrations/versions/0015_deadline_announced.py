"""The relief deadline a leg's deadline.approaching event was announced for (issue #12)

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leg", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline_announced_for", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("leg", schema=None) as batch_op:
        batch_op.drop_column("deadline_announced_for")
