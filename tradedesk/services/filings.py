"""The broker's side: its inbox of filed declarations, fetch, acknowledge with the customs reference, reject.

Every lookup is scoped to the broker party the actor's token is bound to and to the states a broker may
see (filed, accepted, rejected_by_broker): anything else does not exist for it (404, no existence oracle).
The acknowledged reference (MRN / entry number) flows onto the leg and into the RMA's customs references.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from tradedesk.auth.actor import SYSTEM, Actor
from tradedesk.db.models import Declaration, Leg, Rma
from tradedesk.domain.leg_details import LegDetails
from tradedesk.domain.workflow import Action, DeclarationStatus, next_status
from tradedesk.services import audit_chain
from tradedesk.services.audit_chain import jsonable
from tradedesk.services.context import Context
from tradedesk.services.declarations import check_version
from tradedesk.services.errors import Conflict, InvalidInput, NotFound
from tradedesk.services.leg_records import export_reference
from tradedesk.services.legs import reclassify_with_dependents
from tradedesk.services.paging import Key, Page, PageRequest, after, decode_cursor, ordering, page_of

D = DeclarationStatus
#: a filing stays in its broker's inbox once superseded, so that the broker sees it was replaced
BROKER_VISIBLE = frozenset({D.FILED, D.ACCEPTED, D.REJECTED_BY_BROKER, D.SUPERSEDED})
#: MRN (e.g. 26GB12345678901234), entry numbers, Swiss/other national references: 1-35 of A-Z 0-9 - /
CUSTOMS_REFERENCE = re.compile(r"[A-Z0-9/-]{1,35}")
CUSTOMS_REFERENCE_MESSAGE = "1 to 35 characters of A-Z, 0-9, '-' and '/' (an MRN or entry number)"


def filing_view(decl: Declaration) -> dict[str, Any]:
    """What the broker sees: the declaration content and the filing state, not the desk's internal review notes."""
    view: dict[str, Any] = jsonable(
        {
            "id": decl.id,
            "rma_number": decl.leg.rma.number,
            "side": decl.side,
            "version_no": decl.version_no,
            "jurisdiction": decl.jurisdiction,
            "status": decl.status,
            "content": decl.content,
            "content_hash": decl.content_hash,
            "deadline": decl.deadline,
            "filed_at": decl.filed_at,
            "fetched_at": decl.fetched_at,
            "customs_reference": decl.customs_reference,
            "broker_message": decl.broker_message,
            "superseded_by_id": decl.superseded_by_id,
            "version": decl.version,
        }
    )
    return view


def _scoped(actor: Actor) -> Select[Declaration]:
    return select(Declaration).where(
        Declaration.broker_id == actor.party_id,
        Declaration.broker_id.is_not(None),
        Declaration.status.in_([str(s) for s in BROKER_VISIBLE]),
    )


def _load(session: Session, actor: Actor, declaration_id: str, expected_version: int | None = None) -> Declaration:
    decl = session.scalar(_scoped(actor).where(Declaration.id == declaration_id))
    if decl is None:
        raise NotFound(f"filing {declaration_id} not found")
    check_version("filing", decl.version, expected_version)
    return decl


INBOX = "filings"
INBOX_KEYS = (Key(Declaration.filed_at, "datetime"), Key(Declaration.id, "str"))
INBOX_COLUMNS = (
    Declaration.id,
    Declaration.side,
    Declaration.version_no,
    Declaration.jurisdiction,
    Declaration.status,
    Declaration.deadline,
    Declaration.filed_at,
    Declaration.fetched_at,
    Declaration.customs_reference,
    Declaration.regime,
    Declaration.procedure_code,
    Declaration.version,
    Declaration.superseded_by_id,
    Leg.movement,
    Leg.from_country,
    Leg.to_country,
    Rma.number.label("rma_number"),
)


def inbox_item(row: Row[Any]) -> dict[str, Any]:
    """An inbox entry: the filing state without the content (fetching `url` returns it and records the fetch)."""
    view: dict[str, Any] = jsonable(
        {
            "id": row.id,
            "url": f"/api/v1/filings/{row.id}",
            "rma_number": row.rma_number,
            "side": row.side,
            "version_no": row.version_no,
            "jurisdiction": row.jurisdiction,
            "status": row.status,
            "deadline": row.deadline,
            "filed_at": row.filed_at,
            "fetched_at": row.fetched_at,
            "customs_reference": row.customs_reference,
            "regime": row.regime,
            "procedure_code": row.procedure_code,
            "leg": {"movement": row.movement, "from_country": row.from_country, "to_country": row.to_country},
            "superseded_by_id": row.superseded_by_id,
            "version": row.version,
        }
    )
    return view


def list_filings(ctx: Context, actor: Actor, request: PageRequest, status: str | None = None) -> Page[dict[str, Any]]:
    """The broker's inbox, oldest filing first, in one statement (its own filings only)."""
    start = decode_cursor(INBOX, request.cursor, INBOX_KEYS).values if request.cursor else None

    def work(session: Session) -> Page[dict[str, Any]]:
        stmt = (
            select(*INBOX_COLUMNS)
            .join(Leg, Declaration.leg_id == Leg.id)
            .join(Rma, Leg.rma_id == Rma.id)
            .where(
                Declaration.broker_id == actor.party_id,
                Declaration.broker_id.is_not(None),
                Declaration.status.in_([str(s) for s in BROKER_VISIBLE]),
            )
        )
        if status:
            stmt = stmt.where(Declaration.status == status)
        if start is not None:
            stmt = stmt.where(after(INBOX_KEYS, start))
        rows = session.execute(stmt.order_by(*ordering(INBOX_KEYS)).limit(request.limit + 1)).all()
        return page_of(INBOX, rows, request.limit, key_of=lambda r: (r.filed_at, r.id), view=inbox_item)

    return ctx.run(work, write=False)


def fetch_filing(ctx: Context, actor: Actor, declaration_id: str) -> dict[str, Any]:
    """The broker fetches a filing; the first fetch is recorded (fetched_at, filing:fetch)."""

    def work(session: Session) -> dict[str, Any]:
        decl = _load(session, actor, declaration_id)
        if decl.fetched_at is None:
            decl.fetched_at = ctx.now()
            session.flush()
            audit_chain.record(
                session,
                ctx.audit_key,
                actor,
                "filing:fetch",
                "declaration",
                decl.id,
                {"fetched_at": None},
                {"fetched_at": decl.fetched_at},
                ctx.now(),
                rma_id=decl.leg.rma_id,
            )
        return filing_view(decl)

    return ctx.run(work)


def acknowledge(
    ctx: Context, actor: Actor, declaration_id: str, expected_version: int | None, customs_reference: str
) -> dict[str, Any]:
    """Accepted by customs: the reference goes onto the declaration, its leg and the RMA's references."""
    if not CUSTOMS_REFERENCE.fullmatch(customs_reference):
        raise InvalidInput({"customs_reference": [CUSTOMS_REFERENCE_MESSAGE]})

    def work(session: Session) -> dict[str, Any]:
        decl = _load(session, actor, declaration_id, expected_version)
        target = next_status(decl.status, Action.ACCEPT)
        leg, at = decl.leg, ctx.now()
        rma = leg.rma
        before = {
            "status": decl.status,
            "customs_reference": decl.customs_reference,
            "leg.customs_reference": leg.customs_reference,
            "rma.customs_references": rma.customs_references,
        }
        decl.status, decl.customs_reference = str(target), customs_reference
        leg.customs_reference = customs_reference
        rma.customs_references = [
            *(rma.customs_references or []),
            {
                "reference": customs_reference,
                "jurisdiction": decl.jurisdiction,
                "side": decl.side,
                "leg_id": leg.id,
                "movement": leg.movement,
                "declaration_id": decl.id,
                "acknowledged_at": at.isoformat(),
            },
        ]
        session.flush()
        after = {
            "status": decl.status,
            "customs_reference": customs_reference,
            "leg.customs_reference": customs_reference,
            "rma.customs_references": rma.customs_references,
        }
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "filing:acknowledge",
            "declaration",
            decl.id,
            before,
            after,
            at,
            rma_id=rma.id,
        )
        if decl.side == "export":
            _follow_export_reference(session, ctx, leg)
        return filing_view(decl)

    return ctx.run(work)


def record_export_reference(ctx: Context, actor: Actor, leg_id: str, reference: str, reason: str) -> dict[str, Any]:
    """The MRN of an export declared outside TradeDesk, recorded on its leg with the reason (who declared it,
    where the proof is); the returns relying on it are then redrafted as on a broker's acknowledgement."""
    errors: dict[str, list[str]] = {}
    if not CUSTOMS_REFERENCE.fullmatch(reference):
        errors["customs_reference"] = [CUSTOMS_REFERENCE_MESSAGE]
    if not reason.strip():
        errors["reason"] = ["say where the export was declared and where its proof is"]
    if errors:
        raise InvalidInput(errors)

    def work(session: Session) -> dict[str, Any]:
        leg = session.get(Leg, leg_id)
        if leg is None:
            raise NotFound(f"leg {leg_id} not found")
        if not (leg.decision or {}).get("export"):
            raise Conflict("this leg has no export side: there is no export reference to record")
        existing = export_reference(session, leg)
        if existing is not None:
            raise Conflict(f"the export of this leg already has its customs reference {existing}")
        now = ctx.now()
        record = {"reference": reference, "reason": reason.strip(), "by": actor.id, "at": now.isoformat()}
        leg.details = replace(LegDetails.from_json(leg.details), export_reference=record).to_json()
        leg.customs_reference = reference
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "leg:export-reference",
            "leg",
            leg.id,
            {"export_reference": None},
            {"export_reference": record},
            now,
            rma_id=leg.rma_id,
        )
        _follow_export_reference(session, ctx, leg)
        return {"leg_id": leg.id, "export_reference": record}

    return ctx.run(work)


def _follow_export_reference(session: Session, ctx: Context, leg: Leg) -> None:
    """The export's MRN arrived: the returns relying on it are reclassified (their prior export now has its
    reference) and their declarations redrafted or amended, by the system on the broker's acknowledgement."""
    for later in session.scalars(select(Leg).where(Leg.relies_on_leg_id == leg.id).order_by(Leg.position)):
        reclassify_with_dependents(session, ctx, SYSTEM, later, "the export it relies on got its customs reference")


def reject(
    ctx: Context, actor: Actor, declaration_id: str, expected_version: int | None, message: str
) -> dict[str, Any]:
    """The broker cannot file it: the desk sees the message and amends the declaration."""

    def work(session: Session) -> dict[str, Any]:
        decl = _load(session, actor, declaration_id, expected_version)
        target = next_status(decl.status, Action.REJECT)
        before = {"status": decl.status}
        decl.status, decl.broker_message = str(target), message
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "filing:reject",
            "declaration",
            decl.id,
            before,
            {"status": decl.status, "message": message},
            ctx.now(),
            rma_id=decl.leg.rma_id,
        )
        return filing_view(decl)

    return ctx.run(work)
