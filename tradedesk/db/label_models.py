"""The return labels issued for an RMA (issue #12, point 3), in a module of their own beside db.models.

One row per label issued: a label is never overwritten, so what was printed (and, with a carrier, paid for) stays
on record; the newest (highest `sequence` of its RMA) is the one served. The PDF is stored with its SHA-256,
like a declaration's documents. Money is ExactDecimal + an ISO 4217 column, as everywhere else.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tradedesk.db.models import Base, new_id
from tradedesk.db.types import utcnow


class ReturnLabel(Base):
    """Our printable label for an RMA's inbound leg and, when a carrier sold one, that purchase."""

    __tablename__ = "return_label"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rma_id: Mapped[str] = mapped_column(ForeignKey("rma.id", ondelete="CASCADE"))
    leg_id: Mapped[str] = mapped_column(ForeignKey("leg.id", ondelete="CASCADE"))
    #: 1, 2, ... per RMA: the newest label is the highest, whatever the clock says
    sequence: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    #: the carrier and service as the carrier-label adapter named them (None: no carrier label was bought)
    carrier: Mapped[str | None] = mapped_column(String(32))
    service: Mapped[str | None] = mapped_column(String(64))
    tracking_number: Mapped[str | None] = mapped_column(String(64))
    #: where the carrier's own label can be downloaded, and the carrier's id of the shipment
    carrier_label_url: Mapped[str | None] = mapped_column(String(1024))
    carrier_shipment_id: Mapped[str | None] = mapped_column(String(64))
    #: the carrier's own label, when its adapter hands over the file rather than (or besides) a URL
    carrier_label_pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    rate_amount: Mapped[Decimal | None]
    rate_currency: Mapped[str | None] = mapped_column(String(3))
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("rma_id", "sequence"),)
