"""The analytics page: charts drawn on the server as SVG, each with its numbers as a table."""

from __future__ import annotations

from tests import factories as f
from tests.web.helpers import page_text, planned


def test_without_data_the_page_says_so(web):
    text = web("compliance_officer").text("/analytics")
    assert "0 RMAs on record" in text and "No RMA has been closed yet" in text


def test_the_charts_are_accessible_svg_with_their_numbers(web, context, desk):
    planned(context, desk)
    response = web("compliance_officer").get("/analytics")
    body = response.get_data(as_text=True)
    assert body.count('role="img"') >= 3
    assert 'aria-labelledby="reasons-title"' in body and '<figcaption id="reasons-title"' in body
    assert "<script" not in body
    text = page_text(response)
    assert "Defective 1" in text
    assert "GBP: duty claimed vs full duty (1 leg)" in text


def test_cycle_times_appear_once_an_rma_is_closed(web, context, desk):
    from datetime import timedelta

    f.rma(
        context,
        "repair",
        desk.uk_customer,
        desk.swiss_repairer,
        status="closed",
        disposition="repair",
        created_at=f.NOW - timedelta(days=10),
        closed_at=f.NOW,
    )
    text = web("compliance_officer").text("/analytics")
    assert "1 closed RMA: median 10.0 days" in text
