"""deadline.approaching (issue #12): each open relief deadline is announced once, when it comes within the notice
period (TRADEDESK_DEADLINE_NOTICE_DAYS, 7 by default), to the webhooks and the desk's email.

Run hourly by the task worker (a periodic task), or by `tradedesk events deadlines` from cron. Several workers may run
it at once: the conditional UPDATE lets one of them announce a deadline, never two.
"""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from tradedesk.auth.actor import SYSTEM
from tradedesk.db.models import Leg, Rma
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.reports import CLOCKS, open_relief_due

DEFAULT_NOTICE_DAYS = 7


def announce_approaching(ctx: Context, notice_days: int = DEFAULT_NOTICE_DAYS) -> int:
    """Announce every open relief deadline due within `notice_days` (overdue ones included) not announced yet for
    that date; the number announced."""

    def work(session: Session) -> int:
        today = ctx.now().date()
        due = session.execute(
            select(Leg, Rma.number)
            .join(Rma, Leg.rma_id == Rma.id)
            .where(
                *open_relief_due(today, notice_days),
                or_(Leg.deadline_announced_for.is_(None), Leg.deadline_announced_for != Leg.relief_deadline),
            )
            .order_by(Leg.relief_deadline, Leg.id)
        ).all()
        announced = 0
        for leg, number in due:
            claimed = session.execute(
                update(Leg)
                .where(
                    Leg.id == leg.id,
                    or_(Leg.deadline_announced_for.is_(None), Leg.deadline_announced_for != leg.relief_deadline),
                )
                .values(deadline_announced_for=leg.relief_deadline)
                .returning(Leg.id)
                .execution_options(synchronize_session=False)
            ).first()
            if claimed is None:
                continue  # another worker announced it
            clock = CLOCKS[leg.movement]
            after = {
                "rma_number": number,
                "deadline": leg.relief_deadline.isoformat() if leg.relief_deadline else None,
                "days_left": (leg.relief_deadline - today).days if leg.relief_deadline else None,
                "what": clock.kind,
                "side": clock.side,
            }
            audit_chain.record(
                session,
                ctx.audit_key,
                SYSTEM,
                "leg:deadline-approaching",
                "leg",
                leg.id,
                None,
                after,
                ctx.now(),
                rma_id=leg.rma_id,
            )
            announced += 1
        return announced

    return ctx.run(work)
