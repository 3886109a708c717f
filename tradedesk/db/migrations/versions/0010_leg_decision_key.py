"""A leg's stored decision carries the key of the input it was taken on (domain.decision_key)

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leg", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision_key", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("leg", schema=None) as batch_op:
        batch_op.drop_column("decision_key")
