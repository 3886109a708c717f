"""Server-side web sessions; the audit head sealed with an HMAC, and present from the start

Revision ID: 0004
Revises: 0003

The genesis head (seq 0) is inserted here unsealed: the migration does not hold the audit key.
`tradedesk init-db` seals it (and seals an existing head after verifying the chain it closes), and every
appended event re-seals it, so that an emptied or rewritten head is detected by `tradedesk audit-verify`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tradedesk.db.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "web_session",
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("token_id", sa.String(36), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name="pk_web_session"),
        sa.ForeignKeyConstraint(
            ["token_id"], ["api_token.id"], ondelete="CASCADE", name="fk_web_session_token_id_api_token"
        ),
    )
    op.create_index("ix_web_session_token_id", "web_session", ["token_id"])
    op.create_index("ix_web_session_expires_at", "web_session", ["expires_at"])
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("mac", sa.String(64), nullable=True))
    head = sa.table(
        "audit_head", sa.column("id", sa.Integer), sa.column("seq", sa.Integer), sa.column("hash", sa.String)
    )
    if op.get_bind().execute(sa.select(sa.func.count()).select_from(head)).scalar() == 0:
        op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])


def downgrade() -> None:
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("mac")
    op.drop_index("ix_web_session_expires_at", "web_session")
    op.drop_index("ix_web_session_token_id", "web_session")
    op.drop_table("web_session")
