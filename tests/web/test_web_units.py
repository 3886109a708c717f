"""The pages' pure helpers: field labels, plain-language filters, chart geometry."""

from __future__ import annotations

from tradedesk.web import charts
from tradedesk.web.filters import changes, country, days, label, money
from tradedesk.web.forms import field_id, field_label


def test_field_labels_name_the_field_a_person_sees():
    assert field_label("items.0.hs_code") == "Item 1: HS code"
    assert field_label("acknowledgements.PROFILE_PARTIAL") == "Acknowledgement of PROFILE_PARTIAL"
    assert field_label("customer.name") == "New customer name"
    assert field_label("details.repair.cost.amount") == "Repair cost"
    assert field_id("items.0.hs_code") == "f-items-0-hs_code"


def test_codes_read_as_words():
    assert (label("in_review"), label("reimport_after_repair"), label(None)) == (
        "In review",
        "Re-import after repair",
        "—",
    )
    assert country("GB") == "United Kingdom (GB)"
    assert money({"amount": "2500.00", "currency": "GBP"}) == "2,500.00 GBP"
    assert (days(-1), days(0), days(3)) == ("overdue by 1 day", "due today", "in 3 days")


def test_an_audit_change_reads_without_ids_and_hashes():
    assert (
        changes({"status": "filed", "broker_id": "b-1", "content_hash": "ab", "filed_at": "2026-11-20T09:30:00+00:00"})
        == "status: filed · filed_at: 20 Nov 2026, 09:30"
    )


def test_bars_are_scaled_to_the_largest_value():
    chart = charts.bar_chart("c", "t", [("a", 10, "10"), ("b", 5, "5"), ("c", 0, "0")])
    assert chart.bars[0].width == 2 * chart.bars[1].width and chart.bars[2].width == 0


def test_chart_amounts_stay_short_however_large():
    """Issue #10: the analytics chart's labels overflowed at trillions; the table beside keeps the exact figure."""
    from decimal import Decimal

    from tradedesk.web.charts import chart_amount

    assert chart_amount(Decimal("1234.5"), "CHF") == "1,234.50 CHF"
    assert chart_amount(Decimal("223000000000000"), "CHF") == "223T CHF"
    assert len(chart_amount(Decimal("987654321987654.32"), "EUR")) <= 12
