"""The demo's hands and clock: one method per use case, called as the person who would call it, at the
time of the story step being played (the stories yield those times; `play` runs the steps in time order).
"""

from __future__ import annotations

import heapq
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from tradedesk.auth.actor import Actor
from tradedesk.demo.cast import COORDINATOR, OFFICER, REASONS
from tradedesk.services import declarations, filings, legs, rmas
from tradedesk.services.context import Context
from tradedesk.services.rmas import InspectionData, RmaData, RmaItemData


class Clock:
    """What the use cases see as now: set by the scheduler to the time of the step being played."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


Story = Iterator[datetime]


def play(stories: list[Story], clock: Clock, setup: Callable[[], None], lead: timedelta) -> None:
    """Run `setup` `lead` before the first step of any story, then every story's steps in time order: each
    story yields the time of its next step, then takes it. The clock never goes back."""
    queue: list[tuple[datetime, int, Story]] = []
    for n, story in enumerate(stories):
        first = next(story, None)
        if first is not None:
            heapq.heappush(queue, (first, n, story))
    clock.at = min([clock.at, *(at for at, _, _ in queue)]) - lead
    setup()
    while queue:
        at, n, story = heapq.heappop(queue)
        clock.at = max(clock.at, at)
        following = next(story, None)
        if following is not None:
            heapq.heappush(queue, (following, n, story))


# ------------------------------------------------------------------------------------------------- the desk


def mrn(year: int, country: str, serial: int, procedure: str) -> str:
    """An MRN as the EU and UK issue them (YY + country + 12 characters + procedure letter + ISO 6346 check digit)."""
    body = f"{year % 100:02d}{country}{serial:012d}{procedure}"
    values = {c: v for c, v in zip(string.ascii_uppercase, (v for v in range(10, 39) if v % 11), strict=False)}
    total = sum((int(c) if c.isdigit() else values[c]) * 2**i for i, c in enumerate(body))
    return body + str(total % 11 % 10)


def _years_after(day: date, years: int) -> date:
    """The same calendar day `years` later (28 February for a 29 February that the later year lacks)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass
class Desk:
    """The demo's hands: each method is one use case, called as the person who would call it."""

    ctx: Context
    start: datetime
    people: dict[str, Actor]
    parties: dict[str, str]
    brokers: dict[str, tuple[str, Actor]]  # profile jurisdiction -> (broker party id, its token's actor)
    serials: Iterator[int] = field(default_factory=lambda: count(410_000))
    lead: str = COORDINATOR  # the coordinator running the story

    def led_by(self, name: str) -> Desk:
        return replace(self, lead=name)

    def at(self, days_ago: float) -> datetime:
        return self.start - timedelta(days=days_ago)

    def day(self, offset: int) -> date:
        """A calendar day relative to the load day (negative: in the past)."""
        return self.start.date() + timedelta(days=offset)

    @property
    def coordinator(self) -> Actor:
        return self.people[self.lead]

    @property
    def officer(self) -> Actor:
        return self.people[OFFICER]

    def mrn(self, country: str, side: str) -> str:
        return mrn(self.ctx.now().year, country, next(self.serials), "A" if side == "export" else "J")

    # ------------------------------------------------------------------------------------------- RMAs

    def open_rma(
        self,
        customer: str,
        hub: str,
        scenario: str,
        reason: str,
        condition: str,
        items: tuple[RmaItemData, ...],
        *,
        bought: int,
        order: str,
        warranty_years: int = 2,
        photo: bool = False,
        notes: str | None = None,
    ) -> Mapping[str, Any]:
        """`bought`: how many days before the request the goods were bought (or the loan agreed)."""
        purchase = self.ctx.now().date() - timedelta(days=bought)
        data = RmaData(
            hub_id=self.parties[hub],
            customer_id=self.parties[customer],
            order_reference=order,
            purchase_date=purchase,
            reason_code=reason,
            scenario=scenario,
            condition=condition,
            items=items,
            warranty_expires=_years_after(purchase, warranty_years),
            photo_provided=photo,
            notes=notes,
        )
        return rmas.create_rma(self.ctx, self.coordinator, data).body

    def decide(self, rma: Mapping[str, Any], target: str, comment: str) -> dict[str, Any]:
        return rmas.transition_rma(self.ctx, self.officer, rma["id"], target, None, comment)

    def quote(self, rma: Mapping[str, Any], amount: str, currency: str) -> dict[str, Any]:
        return rmas.quote_repair(self.ctx, self.coordinator, rma["id"], Decimal(amount), currency, None)

    def move(self, rma: Mapping[str, Any], target: str, comment: str | None = None) -> dict[str, Any]:
        return rmas.transition_rma(self.ctx, self.coordinator, rma["id"], target, None, comment)

    def inspect(
        self, rma: Mapping[str, Any], serials: tuple[str, ...], condition: str = "used", notes: str | None = None
    ) -> dict[str, Any]:
        found = InspectionData(serials, condition, "intact", "in_warranty", notes)
        return rmas.inspect_rma(self.ctx, self.coordinator, rma["id"], found, None)

    def dispose(self, rma: Mapping[str, Any], disposition: str) -> dict[str, Any]:
        return rmas.set_disposition(self.ctx, self.coordinator, rma["id"], disposition, None)

    # ------------------------------------------------------------------------------------------- legs

    def plan(
        self, rma: Mapping[str, Any], ship_in: int, details: Mapping[str, Any] | None = None, transport: str = "courier"
    ) -> list[Mapping[str, Any]]:
        request = legs.PlanRequest(ship_date=self.day(ship_in), transport=transport, details=dict(details or {}))
        outcome = legs.plan_legs(
            self.ctx,
            self.coordinator,
            rma["id"],
            request,
            legs.IdempotentRequest(None, f"/api/v1/rmas/{rma['id']}/legs/plan", None),
        )
        planned: list[Mapping[str, Any]] = outcome.body["items"]
        return planned

    def change(self, leg: Mapping[str, Any], **changes: Any) -> Mapping[str, Any]:
        return legs.update_leg(self.ctx, self.coordinator, leg["id"], None, changes)

    def shipped(self, leg: Mapping[str, Any], offset: int) -> Mapping[str, Any]:
        return self.change(leg, shipped_on=self.day(offset))

    def sold_from(self, leg: Mapping[str, Any], rma: Mapping[str, Any], exporter: str) -> Mapping[str, Any]:
        """Record the original sale's export (before the RMA, outside our legs): the base of returned goods relief."""
        sale = date.fromisoformat(rma["purchase_date"]) - timedelta(days=3)
        prior = {
            "date": sale.isoformat(),
            "regime": "standard_export",
            "procedure_code": "1000",
            "reference": mrn(sale.year, leg["to_country"], next(self.serials), "A"),
            "exporter": exporter,
            "hs_code": rma["items"][0]["hs_code"],
            "serial_numbers": [s for i in rma["items"] for s in i["serial_numbers"]],
            "reimport_deadline": None,
        }
        return self.change(leg, details={"prior_export": prior})

    # ----------------------------------------------------------------------------------- paperwork

    def paperwork(self, leg: Mapping[str, Any]) -> list[dict[str, Any]]:
        return declarations.request_paperwork(self.ctx, self.coordinator, leg["id"])[1]

    def approve(self, decl: Mapping[str, Any], comment: str | None = None) -> dict[str, Any]:
        reasons = {
            f["code"]: REASONS.get(f["code"], "reviewed: acceptable for this shipment")
            for f in decl["flags"]
            if f["severity"] == "warning"
        }
        return declarations.approve(self.ctx, self.officer, decl["id"], None, reasons, comment)

    def broker_of(self, decl: Mapping[str, Any]) -> tuple[str, Actor] | None:
        """The demo broker filing in the declaration's jurisdiction (GB; the EU), if any."""
        jurisdiction = decl["jurisdiction"]
        profile = self.ctx.profiles.profiles.get(jurisdiction) or self.ctx.profiles.for_country(jurisdiction)
        return None if profile is None else self.brokers.get(profile.jurisdiction)

    def file(self, decl: Mapping[str, Any]) -> dict[str, Any]:
        broker = self.broker_of(decl)
        assert broker is not None, f"no demo broker files in {decl['jurisdiction']}"
        return declarations.file_declaration(self.ctx, self.officer, decl["id"], None, broker[0])

    def _broker(self, decl: Mapping[str, Any]) -> Actor:
        broker = self.broker_of(decl)
        assert broker is not None, f"no demo broker files in {decl['jurisdiction']}"
        filings.fetch_filing(self.ctx, broker[1], decl["id"])
        return broker[1]

    def acknowledge(self, decl: Mapping[str, Any], country: str) -> dict[str, Any]:
        broker = self._broker(decl)
        return filings.acknowledge(self.ctx, broker, decl["id"], None, self.mrn(country, decl["side"]))

    def request_changes(self, decl: Mapping[str, Any], comment: str) -> dict[str, Any]:
        return declarations.request_changes(self.ctx, self.officer, decl["id"], None, comment)

    def amend(self, decl: Mapping[str, Any], comment: str) -> dict[str, Any]:
        return declarations.amend(self.ctx, self.coordinator, decl["id"], None, comment)

    def reject(self, decl: Mapping[str, Any], message: str) -> dict[str, Any]:
        return filings.reject(self.ctx, self._broker(decl), decl["id"], None, message)

    def clear(self, leg: Mapping[str, Any], upto: str = "accepted") -> dict[str, dict[str, Any]]:
        """Paperwork -> approval -> filing -> acknowledgement, each declaration (by side) as far as `upto` and
        its jurisdiction allow: a side no demo broker files in stays approved, error flags keep it in review."""
        stage = ("in_review", "approved", "filed", "accepted").index(upto)
        out = {}
        for decl in self.paperwork(leg):
            if stage >= 1 and not any(f["severity"] == "error" for f in decl["flags"]):
                decl = self.approve(decl)
            if stage >= 2 and decl["status"] == "approved" and self.broker_of(decl) is not None:
                decl = self.file(decl)
            if stage >= 3 and decl["status"] == "filed":
                decl = self.acknowledge(decl, leg["from_country"] if decl["side"] == "export" else leg["to_country"])
            out[decl["side"]] = decl
        return out
