"""Declarations: one per side of a leg that needs one, drafted from the leg's decision, reviewed, filed.

The content of a version is the filing payload (domain.filing) built from the leg's current decision,
which is re-checked against our records when drafting (and stored again if it moved on, e.g. once the
earlier leg's MRN arrived), so what is reviewed is what the engine decides on today's records.

draft -> in_review -> approved | changes_requested; approved -> filed -> accepted | rejected_by_broker
(domain.workflow). The coordinator's request drafts the version and puts it in review; a compliance officer
other than the requester approves it (four eyes), error flags block, warnings need a reason. An approved
version never changes again: an amendment is a new version and the old one is only marked superseded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tradedesk.auth.actor import Actor
from tradedesk.db.models import Declaration, Leg, Party, new_id
from tradedesk.domain.checks import flag
from tradedesk.domain.contract import flag_dict
from tradedesk.domain.filing import FilingMeta, build_payload
from tradedesk.domain.model import Regime, Side
from tradedesk.domain.workflow import AMENDABLE, Action, DeclarationStatus, check_approval, next_status
from tradedesk.services import audit_chain, parties
from tradedesk.services.audit_chain import canonical, jsonable
from tradedesk.services.context import Context
from tradedesk.services.errors import Conflict, InvalidInput, NotFound, Stale
from tradedesk.services.leg_records import current_decision, domain_party, export_reference, party_row
from tradedesk.services.queue import DeclarationFilter as DeclarationFilter  # the queue's filter, re-exported
from tradedesk.services.queue import deadline_key, flag_counts
from tradedesk.services.queue import list_declarations as list_declarations  # the review queue, re-exported
from tradedesk.services.screening import ensure_declaration_screened

D = DeclarationStatus
SIDES = ("export", "import")
#: versions still being prepared: a change to the leg redrafts them
OPEN = frozenset({D.DRAFT, D.IN_REVIEW, D.CHANGES_REQUESTED})
#: versions a change of the leg supersedes with a new one (customs-accepted ones stay as accepted)
REFRESHED = OPEN | {D.APPROVED, D.FILED, D.REJECTED_BY_BROKER}
#: an RMA in one of these states is history: its legs and paperwork no longer change
FINAL_RMA_STATES = frozenset({"rejected", "cancelled", "closed"})
#: what names a version inside its content (not what it says)
VERSION_FIELDS = frozenset({"declaration_id", "version", "issued_on"})


class StaleRow(Stale):
    """If-Match named another version than the current one; carries the current one for the 412's ETag."""

    def __init__(self, kind: str, current_version: int, expected: int) -> None:
        super().__init__(
            f"the {kind} changed since you read it (now version {current_version}, you sent {expected}); fetch it again"
        )
        self.current_version = current_version


def check_version(kind: str, current: int, expected: int | None) -> None:
    """`expected` is the version named by If-Match; None stands for `If-Match: *` (any current version)."""
    if expected is not None and current != expected:
        raise StaleRow(kind, current, expected)


class FourEyesViolation(Conflict):
    """The approver is the person who requested the paperwork."""


class ApprovalBlocked(Conflict):
    """Error flags on the declaration block its approval; `codes` names them."""

    def __init__(self, message: str, codes: list[str]) -> None:
        super().__init__(message)
        self.codes = codes


# ------------------------------------------------------------------------------------------- content


#: sides we draft no declaration for: nothing to declare, or a country we have no profile of (its broker decides)
NO_DECLARATION = frozenset(r.value for r in Regime if not r.needs_declaration)


def sides_needing(decision: Mapping[str, Any] | None) -> list[str]:
    """Sides with a declaration: a decision that is not null, not no_formalities and not not_covered."""
    decision = decision or {}
    return [s for s in SIDES if decision.get(s) and decision[s].get("regime") not in NO_DECLARATION]


def _totals(leg: Leg) -> list[dict[str, str]]:
    sums: dict[str, Decimal] = {}
    for item in leg.rma.items:
        sums[item.currency] = sums.get(item.currency, Decimal(0)) + item.quantity * item.unit_value
    return [{"amount": str(v), "currency": k} for k, v in sorted(sums.items())]


def build_content(
    session: Session, ctx: Context, actor: Actor, leg: Leg, side: str, declaration_id: str, version_no: int
) -> dict[str, Any]:
    """The filing payload of one side (domain.filing: what the XML/PDF renderers need), from the leg's
    current decision, plus `desk`: where in our records it comes from."""
    engine_input, decision, _ = current_decision(session, ctx, actor, leg)
    broker = party_row(session, leg.broker_id)
    meta = FilingMeta(
        rma_number=leg.rma.number,
        declaration_id=declaration_id,
        version=version_no,
        issued_on=ctx.now().date(),
        leg_id=leg.id,
        leg_position=leg.position,
        broker=domain_party(broker) if broker is not None and broker.kind == "broker" else None,
    )
    payload = build_payload(engine_input, decision, Side(side), meta, ctx.profiles)
    missing = prior_export_reference_missing(session, leg, side)
    if missing is not None:
        payload["flags"] = [*payload["flags"], missing]
    payload["desk"] = {
        "rma_id": leg.rma_id,
        "order_reference": leg.rma.order_reference,
        "scenario": leg.rma.scenario,
        "leg_id": leg.id,
        "prior_export_leg_id": leg.relies_on_leg_id,
        "paired_leg_id": leg.paired_leg_id,
        "decided_at": leg.decided_at,
        "goods_total": _totals(leg),
    }
    content: dict[str, Any] = jsonable(payload)
    return content


def prior_export_reference_missing(session: Session, leg: Leg, side: str) -> dict[str, Any] | None:
    """PRIOR_EXPORT_REFERENCE_MISSING (error) on the import side of a return whose export, on record here, has no
    customs reference yet: relief on re-import is claimed against that export, so it cannot be approved before
    the broker's acknowledgement brings the MRN (or it is recorded with a reason, for an export declared outside)."""
    if side != "import" or leg.relies_on_leg_id is None:
        return None
    earlier = session.get(Leg, leg.relies_on_leg_id)
    if earlier is None or not (earlier.decision or {}).get("export") or export_reference(session, earlier):
        return None
    return flag_dict(
        flag(
            "PRIOR_EXPORT_REFERENCE_MISSING",
            f"import side: this {leg.movement} claims relief on the export of leg {earlier.position + 1} "
            f"({leg.rma.number}), which has no customs reference (MRN) yet; approve it once the broker acknowledges "
            "that export, or record the reference on the export leg with a reason if it was declared outside TradeDesk",
            Side.IMPORT,
        )
    )


def content_hash(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(jsonable(dict(content)))).hexdigest()


def substance(content: Mapping[str, Any]) -> str:
    """The hash of what a version says, leaving out what names the version itself (id, number, issue date)."""
    document = {k: v for k, v in content["document"].items() if k not in VERSION_FIELDS}
    desk = {k: v for k, v in (content.get("desk") or {}).items() if k != "decided_at"}
    return content_hash({**content, "document": document, "desk": desk})


def _deadline(side_decision: Mapping[str, Any]) -> date | None:
    d = side_decision.get("deadline")
    return None if not d else date.fromisoformat(d["date"])


# -------------------------------------------------------------------------------------------- helpers


def declaration_view(decl: Declaration) -> dict[str, Any]:
    view: dict[str, Any] = jsonable(
        {
            "id": decl.id,
            "leg_id": decl.leg_id,
            "rma_id": decl.leg.rma_id,
            "rma_number": decl.leg.rma.number,
            "side": decl.side,
            "version_no": decl.version_no,
            "status": decl.status,
            "jurisdiction": decl.jurisdiction,
            "content": decl.content,
            "content_hash": decl.content_hash,
            "flags": decl.flags,
            "acknowledgements": decl.acknowledgements,
            "requested_by": decl.requested_by,
            "reviewed_by": decl.reviewed_by,
            "review_comment": decl.review_comment,
            "broker_id": decl.broker_id,
            "filed_at": decl.filed_at,
            "fetched_at": decl.fetched_at,
            "customs_reference": decl.customs_reference,
            "broker_message": decl.broker_message,
            "superseded_by_id": decl.superseded_by_id,
            "deadline": decl.deadline,
            "created_at": decl.created_at,
            "updated_at": decl.updated_at,
            "version": decl.version,
        }
    )
    return view


def current_version(session: Session, leg_id: str, side: str) -> Declaration | None:
    return session.scalar(
        select(Declaration)
        .where(Declaration.leg_id == leg_id, Declaration.side == side)
        .order_by(Declaration.version_no.desc())
        .limit(1)
    )


def _load(session: Session, declaration_id: str, expected_version: int | None = None) -> Declaration:
    decl = session.get(Declaration, declaration_id)
    if decl is None:
        raise NotFound(f"declaration {declaration_id} not found")
    check_version("declaration", decl.version, expected_version)
    return decl


def _summary(decl: Declaration) -> dict[str, Any]:
    return {"status": decl.status, "version_no": decl.version_no, "content_hash": decl.content_hash}


def _draft(
    session: Session,
    ctx: Context,
    actor: Actor,
    leg: Leg,
    side: str,
    version_no: int,
    prepared: tuple[str, dict[str, Any]] | None = None,
) -> Declaration:
    """A new version drafted from the leg's current decision and put in review, requested by `actor`."""
    declaration_id, content = prepared or _prepare(session, ctx, actor, leg, side, version_no)
    side_decision = content["decision"]
    deadline = _deadline(side_decision)
    decl = Declaration(
        id=declaration_id,
        leg_id=leg.id,
        side=side,
        version_no=version_no,
        status=str(D.DRAFT),
        jurisdiction=side_decision["jurisdiction"],
        content=content,
        content_hash=content_hash(content),
        flags=content["flags"],
        acknowledgements=[],
        requested_by=actor.id,
        deadline=deadline,
        deadline_key=deadline_key(deadline),
        regime=side_decision.get("regime"),
        procedure_code=side_decision.get("procedure_code"),
        **flag_counts(content["flags"]),
    )
    decl.status = str(next_status(decl.status, Action.REQUEST_REVIEW))
    session.add(decl)
    try:
        session.flush()
    except IntegrityError as exc:  # (leg, side, version_no) is unique: a concurrent request drafted it first
        raise Conflict(
            f"version {version_no} of the {side} declaration was drafted at the same time; fetch it"
        ) from exc
    return decl


def _prepare(
    session: Session, ctx: Context, actor: Actor, leg: Leg, side: str, version_no: int
) -> tuple[str, dict[str, Any]]:
    declaration_id = new_id()
    return declaration_id, build_content(session, ctx, actor, leg, side, declaration_id, version_no)


def _supersede(
    session: Session, ctx: Context, actor: Actor, old: Declaration, new: Declaration | None, cause: str
) -> None:
    before = _summary(old)
    old.status = str(next_status(old.status, Action.SUPERSEDE))
    old.superseded_by_id = None if new is None else new.id
    session.flush()
    after = {
        **_summary(old),
        "superseded_by_id": old.superseded_by_id,
        "cause": cause,
        "new_version": None
        if new is None
        else {"id": new.id, "version_no": new.version_no, "content_hash": new.content_hash},
    }
    audit_chain.record(
        session,
        ctx.audit_key,
        actor,
        "declaration:amend",
        "declaration",
        old.id,
        before,
        after,
        ctx.now(),
        rma_id=old.leg.rma_id,
    )


def refresh_declarations(
    session: Session, ctx: Context, actor: Actor, leg: Leg, cause: str = "the leg changed and was reclassified"
) -> None:
    """After the leg was reclassified (its facts changed, or the export it relies on got its MRN): a current
    version whose content would change is superseded by a new version in review. Open ones are redrafted;
    approved and filed ones are never changed, they get an amendment (a filed one stays in its broker's inbox
    as superseded, so the broker knows the filing is replaced). Versions customs accepted are left alone."""
    needed = sides_needing(leg.decision)
    for side in SIDES:
        current = current_version(session, leg.id, side)
        if current is None or current.status not in REFRESHED:
            continue
        new: Declaration | None = None
        if side in needed:
            prepared = _prepare(session, ctx, actor, leg, side, current.version_no + 1)
            if substance(prepared[1]) == substance(current.content):
                continue
            new = _draft(session, ctx, actor, leg, side, current.version_no + 1, prepared)
        _supersede(session, ctx, actor, current, new, cause)


# ------------------------------------------------------------------------------------------- use cases


def request_paperwork(ctx: Context, actor: Actor, leg_id: str) -> tuple[bool, list[dict[str, Any]]]:
    """Draft the declaration of each side that needs one; a side with a current version keeps it.

    Returns (whether anything was drafted, the declarations of the leg's sides).
    """

    def work(session: Session) -> tuple[bool, list[dict[str, Any]]]:
        leg = session.get(Leg, leg_id)
        if leg is None:
            raise NotFound(f"leg {leg_id} not found")
        if leg.rma.status in FINAL_RMA_STATES:
            raise Conflict(f"RMA {leg.rma.number} is {leg.rma.status}: no paperwork is prepared for it")
        _, _, changed = current_decision(session, ctx, actor, leg)
        if changed:
            refresh_declarations(session, ctx, actor, leg)
        created = False
        out = []
        for side in sides_needing(leg.decision):
            current = current_version(session, leg.id, side)
            if current is not None and current.status != D.SUPERSEDED:
                out.append(current)
                continue
            decl = _draft(session, ctx, actor, leg, side, 1 if current is None else current.version_no + 1)
            audit_chain.record(
                session,
                ctx.audit_key,
                actor,
                "declaration:request",
                "declaration",
                decl.id,
                None,
                {**_summary(decl), "leg_id": leg.id, "side": side, "jurisdiction": decl.jurisdiction},
                ctx.now(),
                rma_id=leg.rma_id,
            )
            created = True
            out.append(decl)
        session.flush()
        return created, [declaration_view(d) for d in out]

    return ctx.run(work)


def get_declaration(ctx: Context, declaration_id: str) -> dict[str, Any]:
    return ctx.run(lambda session: declaration_view(_load(session, declaration_id)), write=False)


def _approval_problems(decl: Declaration, actor: Actor, acknowledgements: Mapping[str, str]) -> None:
    check = check_approval(decl.requested_by, actor.id, decl.flags, acknowledgements)
    if not check.ok:
        if decl.requested_by == actor.id:
            raise FourEyesViolation(
                "four-eyes rule: you requested this paperwork, so another compliance officer must approve it"
            )
        errors = sorted({f["code"] for f in decl.flags if f["severity"] == "error"})
        if errors:
            raise ApprovalBlocked(
                f"error flags block approval: {', '.join(errors)}; resolve them and amend the declaration", errors
            )
        missing = sorted(
            {
                f["code"]
                for f in decl.flags
                if f["severity"] == "warning" and not (acknowledgements.get(f["code"]) or "").strip()
            }
        )
        raise InvalidInput(
            {f"acknowledgements.{code}": ["this warning needs an acknowledgement with a reason"] for code in missing}
        )
    warnings = {f["code"] for f in decl.flags if f["severity"] == "warning"}
    unknown = sorted(set(acknowledgements) - warnings)
    if unknown:
        raise InvalidInput(
            {f"acknowledgements.{code}": ["no warning flag with this code on this declaration"] for code in unknown}
        )


def approve(
    ctx: Context,
    actor: Actor,
    declaration_id: str,
    expected_version: int | None,
    acknowledgements: Mapping[str, str],
    comment: str | None,
) -> dict[str, Any]:
    """Approve the version the officer reviewed (If-Match), with who/when/why for each acknowledged warning.

    Its leg's parties are screened first if the current lists have not screened them yet."""
    ensure_declaration_screened(ctx, declaration_id)

    def work(session: Session) -> dict[str, Any]:
        decl = _load(session, declaration_id, expected_version)
        target = next_status(decl.status, Action.APPROVE)
        _approval_problems(decl, actor, acknowledgements)
        before = _summary(decl)
        at = ctx.now()
        decl.acknowledgements = [
            {
                "code": code,
                "reason": acknowledgements[code].strip(),
                "by": actor.id,
                "by_name": actor.name,
                "at": at.isoformat(),
            }
            for code in sorted(acknowledgements)
        ]
        decl.status, decl.reviewed_by, decl.review_comment = str(target), actor.id, comment
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "declaration:approve",
            "declaration",
            decl.id,
            before,
            {**_summary(decl), "acknowledgements": decl.acknowledgements, "comment": comment},
            at,
            rma_id=decl.leg.rma_id,
        )
        return declaration_view(decl)

    return ctx.run(work)


def request_changes(
    ctx: Context, actor: Actor, declaration_id: str, expected_version: int | None, comment: str
) -> dict[str, Any]:
    def work(session: Session) -> dict[str, Any]:
        decl = _load(session, declaration_id, expected_version)
        target = next_status(decl.status, Action.REQUEST_CHANGES)
        before = _summary(decl)
        decl.status, decl.reviewed_by, decl.review_comment = str(target), actor.id, comment
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "declaration:request_changes",
            "declaration",
            decl.id,
            before,
            {**_summary(decl), "comment": comment},
            ctx.now(),
            rma_id=decl.leg.rma_id,
        )
        return declaration_view(decl)

    return ctx.run(work)


def amend(
    ctx: Context, actor: Actor, declaration_id: str, expected_version: int | None, comment: str | None
) -> dict[str, Any]:
    """A new version from the leg's current decision, in review, requested by `actor`; the old one is superseded."""

    def work(session: Session) -> dict[str, Any]:
        old = _load(session, declaration_id, expected_version)
        latest = current_version(session, old.leg_id, old.side)
        if latest is not None and latest.id != old.id:
            raise Conflict(
                f"version {old.version_no} is not the current one (version {latest.version_no} is); "
                "amend the current version"
            )
        if old.status not in AMENDABLE:
            raise Conflict(
                f"a {old.status} declaration cannot be amended"
                + ("; it is with the broker" if old.status in (D.FILED, D.ACCEPTED) else "")
            )
        leg = old.leg
        if leg.rma.status in FINAL_RMA_STATES:
            raise Conflict(f"RMA {leg.rma.number} is {leg.rma.status}: its paperwork can no longer change")
        if old.side not in sides_needing(leg.decision):
            raise Conflict(f"the leg's current decision needs no {old.side} declaration")
        new = _draft(session, ctx, actor, leg, old.side, old.version_no + 1)
        _supersede(session, ctx, actor, old, new, comment or "amended")
        session.flush()
        return declaration_view(new)

    return ctx.run(work)


def declared_in(side: str, from_country: str, to_country: str) -> str:
    """The country whose customs a declaration goes to: the destination of an import, the origin of an export."""
    return to_country if side == "import" else from_country


def _proposed_broker(session: Session, decl: Declaration) -> str | None:
    brokers = [
        parties.party_view(p)
        for p in session.scalars(select(Party).where(Party.kind == "broker").order_by(Party.name, Party.id))
    ]
    return parties.proposed_broker(
        brokers, declared_in(decl.side, decl.leg.from_country, decl.leg.to_country), decl.leg.broker_id
    )


def file_declaration(
    ctx: Context, actor: Actor, declaration_id: str, expected_version: int | None, broker_id: str | None
) -> dict[str, Any]:
    """Deliver an approved version to a broker, who can then fetch it. Without `broker_id`: the broker that serves
    the declaration's country (the leg's, if it does; see parties.proposed_broker)."""

    def work(session: Session) -> dict[str, Any]:
        decl = _load(session, declaration_id, expected_version)
        target = next_status(decl.status, Action.FILE)
        chosen = broker_id or _proposed_broker(session, decl)
        if chosen is None:
            country = declared_in(decl.side, decl.leg.from_country, decl.leg.to_country)
            raise InvalidInput({"broker_id": [f"required: no broker of the register serves {country}"]})
        broker = session.get(Party, chosen)
        if broker is None or broker.kind != "broker":
            raise InvalidInput({"broker_id": [f"{chosen} is not a broker party"]})
        before = {**_summary(decl), "broker_id": decl.broker_id}
        decl.status, decl.broker_id, decl.filed_at = str(target), broker.id, ctx.now()
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "declaration:file",
            "declaration",
            decl.id,
            before,
            {**_summary(decl), "broker_id": broker.id, "filed_at": decl.filed_at},
            ctx.now(),
            rma_id=decl.leg.rma_id,
        )
        return declaration_view(decl)

    return ctx.run(work)
