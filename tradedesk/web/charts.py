"""Horizontal bar charts drawn on the server as SVG geometry (the template writes the markup, escaped).

No chart library and no script: each chart is an <svg role="img"> with a title, and the same numbers are
in a table beside it for screen readers and for copying.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.numbers import format_compact_decimal

from tradedesk.web.filters import label

WIDTH = 640
NARROW = 500  # charts in a half-width card keep their text at its size
LABEL_WIDTH = 190
VALUE_WIDTH = 150
ROW = 30
BAR = 18


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    text: str
    y: int
    width: float
    tone: str


@dataclass(frozen=True, slots=True)
class BarChart:
    id: str
    title: str
    bars: tuple[Bar, ...]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def bar_x(self) -> int:
        return self.label_width + 8


def bar_chart(
    chart_id: str,
    title: str,
    rows: list[tuple[str, float, str]],
    tone: str = "a",
    tones: list[str] | None = None,
    width: int = WIDTH,
) -> BarChart:
    """rows = (label, value, value as text); bars are scaled to the largest value."""
    longest = max((value for _, value, _ in rows), default=0) or 1
    room = width - LABEL_WIDTH - 8 - VALUE_WIDTH
    bars = tuple(
        Bar(name, shown, 8 + i * ROW, max(room * value / longest, 1.5 if value else 0), (tones[i] if tones else tone))
        for i, (name, value, shown) in enumerate(rows)
    )
    return BarChart(chart_id, title, bars, 16 + len(rows) * ROW, width)


def counts_chart(chart_id: str, title: str, rows: list[dict[str, Any]], key: str, none_label: str) -> BarChart:
    return bar_chart(
        chart_id,
        title,
        [(label(r[key]) if r[key] else none_label, float(r["count"]), str(r["count"])) for r in rows],
        width=NARROW,
    )


#: from this size on a chart writes amounts compactly ("2.5M"): the exact figure is in the table beside it
COMPACT_FROM = Decimal(1_000_000)


def chart_amount(amount: Decimal, currency: str) -> str:
    """An amount short enough for the value column of a bar (VALUE_WIDTH)."""
    if abs(amount) < COMPACT_FROM:
        return f"{amount:,.2f} {currency}"
    return f"{format_compact_decimal(amount, format_type='short', locale='en', fraction_digits=1)} {currency}"


def relief_charts(by_currency: list[dict[str, Any]]) -> list[BarChart]:
    """One chart per currency: the duty estimated against the duty the same goods would cost at full value."""
    charts = []
    for row in by_currency:
        duty, full = Decimal(row["duty"]), Decimal(row["duty_at_full_value"])
        charts.append(
            bar_chart(
                f"relief-{row['currency']}",
                f"{row['currency']}: duty claimed vs full duty ({row['legs']} leg{'' if row['legs'] == 1 else 's'})",
                [
                    ("Duty at full value", float(full), chart_amount(full, row["currency"])),
                    ("Duty estimated", float(duty), chart_amount(duty, row["currency"])),
                    ("Relief", float(max(full - duty, Decimal(0))), chart_amount(full - duty, row["currency"])),
                ],
                tones=["b", "a", "c"],
            )
        )
    return charts


def cycle_chart(cycle: dict[str, Any]) -> BarChart:
    rows = [
        (
            label(r["scenario"]),
            float(r["median_days"] or 0),
            f"{r['median_days']} days (n={r['closed']})" if r["median_days"] is not None else "—",
        )
        for r in cycle["by_scenario"]
    ]
    return bar_chart("cycle", "Median days from RMA opened to closed, by scenario", rows, tone="d")
