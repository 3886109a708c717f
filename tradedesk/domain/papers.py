"""Which supporting papers a side needs, beside the invoice and the packing list: regulatory knowledge kept as data
(country_profiles/world/papers.yaml, a rule's own `papers:`), read here into the decision, so the document pack
prints what the decision says instead of deciding it again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import yaml

from tradedesk.domain.model import Movement, Regime, Side


class Paper(StrEnum):
    """TradeDesk's supporting papers; each has its template in doc_templates/<value>.html."""

    OP_INFORMATION_SHEET = "op_information_sheet"
    REPAIR_COST_STATEMENT = "repair_cost_statement"
    RETURNED_GOODS_SHEET = "returned_goods_sheet"
    TEMPORARY_ADMISSION_SHEET = "temporary_admission_sheet"


class PapersError(ValueError):
    """papers.yaml is malformed; the message names the entry and the key."""


@dataclass(frozen=True, slots=True)
class PaperRule:
    paper: Paper
    regime: Regime
    side: Side | None  # None: either side
    movements: frozenset[Movement] | None  # None: any movement
    source: str

    def applies(self, regime: Regime, side: Side, movement: Movement) -> bool:
        return (
            regime is self.regime
            and (self.side is None or side is self.side)
            and (self.movements is None or movement in self.movements)
        )


def parse_papers(raw: bytes) -> tuple[PaperRule, ...]:
    """The entries of papers.yaml (its bytes; b"" for none)."""
    if not raw:
        return ()
    data = yaml.safe_load(raw) or {}
    rules = []
    for i, entry in enumerate(data.get("papers") or []):
        try:
            rules.append(_rule(entry))
        except (KeyError, ValueError, TypeError) as exc:
            raise PapersError(f"papers.yaml: papers.{i}: {exc}") from exc
    return tuple(rules)


def _rule(entry: dict[str, Any]) -> PaperRule:
    if not str(entry.get("source") or "").strip():
        raise ValueError("source is required: the provision the paper supports")
    movements = entry.get("movements")
    return PaperRule(
        paper=Paper(entry["paper"]),
        regime=Regime(entry["regime"]),
        side=None if entry.get("side") is None else Side(entry["side"]),
        movements=None if movements is None else frozenset(Movement(m) for m in movements),
        source=str(entry["source"]),
    )


def papers_for(
    rules: Iterable[PaperRule], regime: Regime, side: Side, movement: Movement, own: tuple[Paper, ...] | None = None
) -> tuple[Paper, ...]:
    """The papers of a side: the rule's own list where it names one, else every entry of the table that applies,
    in the order of Paper (the order a broker files them)."""
    chosen = set(own) if own is not None else {r.paper for r in rules if r.applies(regime, side, movement)}
    return tuple(p for p in Paper if p in chosen)
