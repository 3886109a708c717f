"""Export authorisations recorded on a leg: the licence, licence exception or general authorisation a controlled
item leaves under, or the licence an embargo yields to (issue #14).

Recorded by a compliance officer with the reason (which conditions hold, where the licence is), audited; the leg and
the legs depending on it are then decided again, so EXPORT_CONTROL_REVIEW / EMBARGOED_DESTINATION go away and the
declarations are redrafted.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from tradedesk.auth.actor import Actor
from tradedesk.db.models import Leg
from tradedesk.domain.leg_details import LegDetails
from tradedesk.domain.model import ExportAuthorisation
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.errors import Conflict, InvalidInput, NotFound

REGIMES = ("US", "EU", "GB")
KINDS = ("licence", "exception", "general")


def _check(regime: str, code: str, kind: str, reason: str) -> None:
    errors: dict[str, list[str]] = {}
    if regime not in REGIMES:
        errors["regime"] = [f"one of: {', '.join(REGIMES)}"]
    if not code.strip() or len(code) > 64:
        errors["code"] = ["the licence number, or the exception's or authorisation's code (RPL, EU003 ...)"]
    if kind not in KINDS:
        errors["kind"] = [f"one of: {', '.join(KINDS)}"]
    if not reason.strip():
        errors["reason"] = ["say why it applies: which conditions hold, where the licence is kept"]
    if errors:
        raise InvalidInput(errors)


def record_authorisation(
    ctx: Context, actor: Actor, leg_id: str, regime: str, code: str, kind: str, reason: str
) -> dict[str, Any]:
    """Add an authorisation to the leg (one per regime and code) and decide the leg again."""
    _check(regime, code, kind, reason)

    def work(session: Session) -> dict[str, Any]:
        from tradedesk.services.legs import reclassify_with_dependents

        leg = session.get(Leg, leg_id)
        if leg is None:
            raise NotFound(f"leg {leg_id} not found")
        details = LegDetails.from_json(leg.details)
        if any(a.regime == regime and a.code == code.strip() for a in details.export_authorisations):
            raise Conflict(f"{regime} {code.strip()} is recorded on this leg already")
        added = ExportAuthorisation(regime, code.strip(), kind)
        record = {"reason": reason.strip(), "by": actor.id, "at": ctx.now().isoformat()}
        before = [a.code for a in details.export_authorisations]
        leg.details = replace(
            details,
            export_authorisations=(*details.export_authorisations, added),
            authorisation_records={**details.authorisation_records, f"{regime}:{added.code}": record},
        ).to_json()
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "leg:export-authorisation",
            "leg",
            leg.id,
            {"export_authorisations": before},
            {"regime": regime, "code": added.code, "kind": kind, **record},
            ctx.now(),
            rma_id=leg.rma_id,
        )
        reclassify_with_dependents(session, ctx, actor, leg, f"{regime} {added.code} was recorded on the leg")
        return {
            "leg_id": leg.id,
            "export_authorisations": [
                {"regime": a.regime, "code": a.code, "kind": a.kind}
                for a in LegDetails.from_json(leg.details).export_authorisations
            ],
            "flags": [f["code"] for f in (leg.decision or {}).get("flags", [])],
        }

    return ctx.run(work)
