"""SQLAlchemy 2.x typed models. Money is ExactDecimal + an ISO 4217 column; timestamps are UTC.

Primary keys are random UUID strings (not guessable, not enumerable: API1 BOLA). Rows that change state
carry a `version` counter (optimistic concurrency; exposed as the ETag).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tradedesk.db.types import ExactDecimal, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: the deadline_key of a declaration without a deadline: after every real date, so "none last" is plain ORDER BY
NO_DEADLINE = date(9999, 12, 31)


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), Decimal: ExactDecimal(), dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


class Party(Base):
    """Customers, sellers, repairers, IOR/EOR providers and customs brokers."""

    __tablename__ = "party"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(256))
    country: Mapped[str] = mapped_column(String(2))
    established_in: Mapped[list[Any]] = mapped_column(default=list)
    identifiers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    serves_countries: Mapped[list[Any]] = mapped_column(default=list)
    representation: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: ISO 3166-2 region of the address, for embargoes that cover regions (e.g. UA-43)
    subdivision: Mapped[str | None] = mapped_column(String(6))
    #: the last screening: {"lists": digest of the list versions, "at": ..., "hits": [open/confirmed matches]};
    #: kept on the row so that classifying a leg reads no other table (services/screening maintains it)
    screening: Mapped[dict[str, Any]] = mapped_column(default=dict)
    __table_args__ = (
        UniqueConstraint("kind", "name"),
        Index("ix_party_name_order", "name", "id"),
        Index("ix_party_kind_order", "kind", "name", "id"),
    )


class ApiToken(Base):
    __tablename__ = "api_token"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(32))
    party_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    #: after this moment the token is refused like a revoked one (None: until revoked)
    expires_at: Mapped[datetime | None]
    party: Mapped[Party | None] = relationship()


class WebSession(Base):
    """A signed-in browser session, kept on the server so that signing out (or revoking the token) ends it for
    every copy of the cookie, on every worker. The cookie carries a random session id; only its SHA-256 is stored."""

    __tablename__ = "web_session"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_id: Mapped[str] = mapped_column(ForeignKey("api_token.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class RmaCounter(Base):
    """Per-year sequence for human RMA numbers (RMA-2026-000123); numbers are never reused."""

    __tablename__ = "rma_counter"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Rma(Base):
    __tablename__ = "rma"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    scenario: Mapped[str] = mapped_column(String(32))
    reason_code: Mapped[str] = mapped_column(String(32), index=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    seller_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"))
    repairer_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"))
    order_reference: Mapped[str] = mapped_column(String(64))
    purchase_date: Mapped[date]
    condition: Mapped[str] = mapped_column(String(32))
    warranty_expires: Mapped[date | None]
    paid_service_contract: Mapped[bool] = mapped_column(default=False)
    photo_provided: Mapped[bool] = mapped_column(default=False)
    eligibility_decision: Mapped[str] = mapped_column(String(32))
    eligibility_rule: Mapped[str] = mapped_column(String(64))
    eligibility_reason: Mapped[str] = mapped_column(Text)
    eligibility_actions: Mapped[list[Any]] = mapped_column(default=list)
    disposition: Mapped[str | None] = mapped_column(String(32))
    customs_references: Mapped[list[Any]] = mapped_column(default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None]
    #: a paid repair offered out of warranty: the quote and the customer's answer (offered | accepted | declined)
    quote_amount: Mapped[Decimal | None]
    quote_currency: Mapped[str | None] = mapped_column(String(3))
    quote_state: Mapped[str | None] = mapped_column(String(16))
    quoted_at: Mapped[datetime | None]
    #: set when a compliance officer confirms a restricted-party match: the RMA is held
    held_at: Mapped[datetime | None]
    hold_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    #: the RMA list, newest first, with and without its status filter
    __table_args__ = (
        Index("ix_rma_newest", "created_at", "number"),
        Index("ix_rma_status_newest", "status", "created_at", "number"),
    )

    customer: Mapped[Party] = relationship(foreign_keys=[customer_id])
    items: Mapped[list[RmaItem]] = relationship(
        back_populates="rma", order_by="RmaItem.position", cascade="all, delete-orphan"
    )
    legs: Mapped[list[Leg]] = relationship(back_populates="rma", order_by="Leg.position", cascade="all, delete-orphan")
    inspections: Mapped[list[Inspection]] = relationship(back_populates="rma", order_by="Inspection.created_at")


class RmaItem(Base):
    __tablename__ = "rma_item"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rma_id: Mapped[str] = mapped_column(ForeignKey("rma.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(512))
    sku: Mapped[str | None] = mapped_column(String(64))
    hs_code: Mapped[str] = mapped_column(String(10))
    origin_country: Mapped[str] = mapped_column(String(2))
    quantity: Mapped[Decimal]
    unit_value: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    serial_numbers: Mapped[list[Any]] = mapped_column(default=list)
    udi: Mapped[str | None] = mapped_column(String(512))
    udi_parsed: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: export-control classifications: US ECCN or EAR99; EU/UK dual-use entry or not_listed (None: not classified)
    eccn: Mapped[str | None] = mapped_column(String(24))
    dual_use: Mapped[str | None] = mapped_column(String(24))
    rma: Mapped[Rma] = relationship(back_populates="items")


class Inspection(Base):
    __tablename__ = "inspection"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rma_id: Mapped[str] = mapped_column(ForeignKey("rma.id", ondelete="CASCADE"), index=True)
    serials_seen: Mapped[list[Any]] = mapped_column(default=list)
    serial_match: Mapped[bool]
    condition: Mapped[str] = mapped_column(String(32))
    packaging: Mapped[str] = mapped_column(String(32))
    warranty_status: Mapped[str] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
    inspected_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: a serial mismatch blocks the disposition until a compliance officer resolves it with a reason
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(36))
    resolved_at: Mapped[datetime | None]
    rma: Mapped[Rma] = relationship(back_populates="inspections")


class Leg(Base):
    """One border crossing caused by an RMA, with the regime engine's stored decision."""

    __tablename__ = "leg"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rma_id: Mapped[str] = mapped_column(ForeignKey("rma.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    movement: Mapped[str] = mapped_column(String(32))
    from_country: Mapped[str] = mapped_column(String(2))
    to_country: Mapped[str] = mapped_column(String(2))
    ship_date: Mapped[date]
    transport: Mapped[str] = mapped_column(String(16))
    exporter_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    importer_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    ior_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"))
    eor_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"))
    broker_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"))
    relies_on_leg_id: Mapped[str | None] = mapped_column(ForeignKey("leg.id"))
    paired_leg_id: Mapped[str | None] = mapped_column(ForeignKey("leg.id"))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)  # repair, costs, warranty, ata_carnet, prior_export
    decision: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: the key of the engine input `decision` was taken on (domain.decision_key); another key: decide again
    decision_key: Mapped[str | None] = mapped_column(String(64))
    profile_versions: Mapped[list[Any]] = mapped_column(default=list)
    decided_at: Mapped[datetime | None]
    customs_reference: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32), default="planned")  # planned | in_transit | delivered
    shipped_on: Mapped[date | None]
    #: the carrier's code as tracking_numbers recognises it (ups, fedex, usps, dhl, s10 ...) and its tracking number
    carrier: Mapped[str | None] = mapped_column(String(32))
    tracking_number: Mapped[str | None] = mapped_column(String(64), index=True)
    tracking_url: Mapped[str | None] = mapped_column(String(512))
    delivered_at: Mapped[datetime | None]
    #: the relief deadline deadline.approaching was last announced for (each deadline is announced once)
    deadline_announced_for: Mapped[date | None]
    #: the relief clock's deadline and side, copied from the decision when the leg is classified (reports)
    relief_deadline: Mapped[date | None]
    relief_side: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_leg_rma_order", "rma_id", "position", "id"),
        Index("ix_leg_relief_deadline", "relief_deadline", "id"),
    )

    rma: Mapped[Rma] = relationship(back_populates="legs")
    declarations: Mapped[list[Declaration]] = relationship(back_populates="leg", order_by="Declaration.version_no")


class Declaration(Base):
    """One side of one leg as filed; each amendment is a new version, approved versions are immutable."""

    __tablename__ = "declaration"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    leg_id: Mapped[str] = mapped_column(ForeignKey("leg.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(8))
    version_no: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32), index=True)
    jurisdiction: Mapped[str] = mapped_column(String(2), index=True)
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    flags: Mapped[list[Any]] = mapped_column(default=list)
    acknowledgements: Mapped[list[Any]] = mapped_column(default=list)
    requested_by: Mapped[str | None] = mapped_column(String(36))
    reviewed_by: Mapped[str | None] = mapped_column(String(36))
    review_comment: Mapped[str | None] = mapped_column(Text)
    broker_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"), index=True)
    filed_at: Mapped[datetime | None]
    fetched_at: Mapped[datetime | None]
    customs_reference: Mapped[str | None] = mapped_column(String(64))
    broker_message: Mapped[str | None] = mapped_column(Text)
    superseded_by_id: Mapped[str | None] = mapped_column(String(36))
    deadline: Mapped[date | None]
    #: what the review queue orders and filters by, stored when the version is drafted (see services.queue)
    deadline_key: Mapped[date] = mapped_column(default=NO_DEADLINE)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    #: minus error_count: the queue's first key, so that every key ascends and a cursor is one row-value bound
    error_rank: Mapped[int] = mapped_column(Integer, default=0)
    warning_count: Mapped[int] = mapped_column(Integer, default=0)
    info_count: Mapped[int] = mapped_column(Integer, default=0)
    regime: Mapped[str | None] = mapped_column(String(64))
    procedure_code: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        UniqueConstraint("leg_id", "side", "version_no"),
        Index("ix_declaration_queue", "status", "error_rank", "deadline_key", "created_at", "id"),
        Index("ix_declaration_queue_due", "status", "deadline_key", "error_rank", "created_at", "id"),
        Index("ix_declaration_queue_any", "error_rank", "deadline_key", "created_at", "id"),
        Index("ix_declaration_inbox", "broker_id", "filed_at", "id"),
    )

    leg: Mapped[Leg] = relationship(back_populates="declarations")
    documents: Mapped[list[Document]] = relationship(back_populates="declaration", order_by="Document.kind")


class Document(Base):
    """A rendered file of a declaration version, stored once with its SHA-256 (never re-rendered)."""

    __tablename__ = "document"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    declaration_id: Mapped[str] = mapped_column(ForeignKey("declaration.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(48))
    filename: Mapped[str] = mapped_column(String(128))
    media_type: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    declaration: Mapped[Declaration] = relationship(back_populates="documents")
    __table_args__ = (UniqueConstraint("declaration_id", "kind"),)


class IdempotencyKey(Base):
    __tablename__ = "idempotency_key"
    actor_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(256))
    request_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    response_headers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only, HMAC-chained (DESIGN.md §5): hash = HMAC(key, prev_hash || canonical event)."""

    __tablename__ = "audit_event"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime]
    actor_id: Mapped[str | None] = mapped_column(String(36))
    actor_name: Mapped[str] = mapped_column(String(128))
    actor_role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(36))
    rma_id: Mapped[str | None] = mapped_column(String(36), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    __table_args__ = (
        Index("ix_audit_event_entity", "entity_type", "entity_id"),
        Index("ix_audit_event_entity_seq", "entity_type", "entity_id", "seq"),
        Index("ix_audit_event_rma_seq", "rma_id", "seq"),
    )


class AuditHead(Base):
    """The chain's last (seq, hash), sealed with an HMAC under the audit key: removing the newest events,
    rewriting the head or emptying the tables is detected against it (seq 0 is the sealed, empty chain)."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))


class Job(Base):
    """Background work a person started (e.g. rendering a document pack), run by the task queue's workers.

    The row is the job's only state: every web worker on every machine reads the progress from here, and
    the task worker that runs it writes each attempt here. The id is random and unguessable; a job is
    visible only to its owner.
    """

    __tablename__ = "job"
    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(256))
    args: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[str] = mapped_column(String(16))  # queued | running | retrying | done | failed
    done_steps: Mapped[int] = mapped_column(Integer, default=0)
    total_steps: Mapped[int] = mapped_column(Integer, default=1)
    step: Mapped[str] = mapped_column(String(256))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=1)
    error: Mapped[str | None] = mapped_column(String(512))
    done_url: Mapped[str | None] = mapped_column(String(512))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class ScreeningList(Base):
    """One imported publication of a restricted-party list: its source, publication date and the file's hash.

    Importing a newer publication of the same source makes it the current one; earlier ones stay, so every
    screening names the version it used.
    """

    __tablename__ = "screening_list"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    source: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(256))
    format: Mapped[str] = mapped_column(String(32))
    published: Mapped[date | None]
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    entry_count: Mapped[int] = mapped_column(Integer)
    current: Mapped[bool] = mapped_column(default=True)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(36))
    __table_args__ = (Index("ix_screening_list_current", "current", "source"),)


class ScreeningEntry(Base):
    """One entry of an imported list, as tradedesk.screening.entries.ListEntry holds it (`data`)."""

    __tablename__ = "screening_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    list_id: Mapped[str] = mapped_column(ForeignKey("screening_list.id", ondelete="CASCADE"))
    entry_id: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    primary_name: Mapped[str] = mapped_column(String(512))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    __table_args__ = (UniqueConstraint("list_id", "entry_id"),)


class ScreeningMatch(Base):
    """A potential match of a party on a list entry, and the officer's decision on it.

    open -> cleared (a false positive, with a reason: remembered for this party and entry while the entry's
    fingerprint stays the same) or confirmed (the RMA is held). A match the latest screening no longer finds
    becomes `lapsed`.
    """

    __tablename__ = "screening_match"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    list_id: Mapped[str] = mapped_column(ForeignKey("screening_list.id"))
    source: Mapped[str] = mapped_column(String(32))
    entry_id: Mapped[str] = mapped_column(String(64))
    entry_fingerprint: Mapped[str] = mapped_column(String(64))
    matched_name: Mapped[str] = mapped_column(String(512))
    name_kind: Mapped[str] = mapped_column(String(16))
    score: Mapped[Decimal]
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16))  # open | cleared | confirmed | lapsed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    party: Mapped[Party] = relationship()
    screening_list: Mapped[ScreeningList] = relationship()
    __table_args__ = (Index("ix_screening_match_queue", "status", "created_at", "id"),)


class ScreeningRun(Base):
    """One screening of one party: when, against which list versions, what it found (the party's history)."""

    __tablename__ = "screening_run"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"))
    screened_at: Mapped[datetime] = mapped_column(default=utcnow)
    trigger: Mapped[str] = mapped_column(String(32))  # party-change | list-import | request
    lists: Mapped[list[Any]] = mapped_column(default=list)
    hits: Mapped[int] = mapped_column(Integer)
    __table_args__ = (Index("ix_screening_run_party", "party_id", "screened_at", "id"),)


class WebhookSubscription(Base):
    """An endpoint of another system (ERP, WMS, carrier) that receives TradeDesk's events, signed per the Standard
    Webhooks specification with its own secret (shown once when the subscription is created)."""

    __tablename__ = "webhook_subscription"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    url: Mapped[str] = mapped_column(String(2048))
    events: Mapped[list[Any]] = mapped_column(default=list)
    description: Mapped[str | None] = mapped_column(String(256))
    secret: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(36))
    disabled_at: Mapped[datetime | None]
    __table_args__ = (Index("ix_webhook_subscription_order", "created_at", "id"),)


class WebhookDelivery(Base):
    """One event sent to one subscription: the message (its id is the webhook-id header), every attempt, the outcome."""

    __tablename__ = "webhook_delivery"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    subscription_id: Mapped[str] = mapped_column(ForeignKey("webhook_subscription.id", ondelete="CASCADE"))
    event_type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16))  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    attempt_log: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    __table_args__ = (Index("ix_webhook_delivery_log", "subscription_id", "created_at", "id"),)


class Notification(Base):
    """One email TradeDesk sent, or tried to: to whom, about which event, how it went."""

    __tablename__ = "notification"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    event_type: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(256))
    subject: Mapped[str] = mapped_column(String(256))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    __table_args__ = (Index("ix_notification_order", "created_at", "id"),)


class SalesOrder(Base):
    """An order as the ERP knows it, so that a customer can pick what to return from it (issue #12 intake)."""

    __tablename__ = "sales_order"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    hub_id: Mapped[str] = mapped_column(ForeignKey("party.id"))
    ordered_on: Mapped[date]
    warranty_months: Mapped[int] = mapped_column(Integer, default=24)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    customer: Mapped[Party] = relationship(foreign_keys=[customer_id])
    lines: Mapped[list[SalesOrderLine]] = relationship(order_by="SalesOrderLine.position", cascade="all, delete-orphan")


class SalesOrderLine(Base):
    __tablename__ = "sales_order_line"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    order_id: Mapped[str] = mapped_column(ForeignKey("sales_order.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(512))
    sku: Mapped[str | None] = mapped_column(String(64))
    hs_code: Mapped[str] = mapped_column(String(10))
    origin_country: Mapped[str] = mapped_column(String(2))
    quantity: Mapped[Decimal]
    unit_value: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    serial_numbers: Mapped[list[Any]] = mapped_column(default=list)


class IntakeLink(Base):
    """A one-time link sent to the customer's email to start a return of one order (the token stored hashed)."""

    __tablename__ = "intake_link"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("sales_order.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    rma_id: Mapped[str | None] = mapped_column(ForeignKey("rma.id"))


class IntakeAttempt(Base):
    """One request for an intake link, by a hash of the email and of the client address (rate limits)."""

    __tablename__ = "intake_attempt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (Index("ix_intake_attempt_key", "key_hash", "at"),)


class RmaPhoto(Base):
    """A photo the customer uploaded, re-encoded (metadata stripped) and kept in the photo store under `key`."""

    __tablename__ = "rma_photo"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rma_id: Mapped[str] = mapped_column(ForeignKey("rma.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(256))
    media_type: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BulkImport(Base):
    """A file of RMAs from an ERP or WMS, imported row by row by a job; the same file again resumes it."""

    __tablename__ = "bulk_import"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    filename: Mapped[str] = mapped_column(String(256))
    format: Mapped[str] = mapped_column(String(8))  # csv | json
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    total_rows: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("owner_id", "sha256"),)


class BulkImportRow(Base):
    """How one row of an import went: the RMA it opened, or why it was refused (nothing of it was written)."""

    __tablename__ = "bulk_import_row"
    import_id: Mapped[str] = mapped_column(ForeignKey("bulk_import.id", ondelete="CASCADE"), primary_key=True)
    row_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8))  # ok | error
    rma_id: Mapped[str | None] = mapped_column(String(36))
    errors: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


from tradedesk.db import label_models as _label_models  # noqa: E402, F401  (return_label on Base.metadata)
