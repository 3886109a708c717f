"""Analytics for the desk: RMAs by reason and disposition, duty relief claimed against full duty, cycle
times; charts drawn on the server (see charts.py)."""

from __future__ import annotations

from flask import render_template

from tradedesk.api.http import ctx
from tradedesk.auth.permissions import Permission
from tradedesk.services import reports
from tradedesk.web import charts
from tradedesk.web.blueprint import bp
from tradedesk.web.session import page, user


@bp.get("/analytics")
@page(Permission.READ_REPORTS)
def analytics() -> str:
    data = reports.analytics(ctx(), user())
    return render_template(
        "analytics.html",
        data=data,
        reasons=charts.counts_chart("reasons", "RMAs by reason", data["by_reason_code"], "reason_code", "—"),
        dispositions=charts.counts_chart(
            "dispositions", "RMAs by disposition", data["by_disposition"], "disposition", "Not decided yet"
        ),
        relief=charts.relief_charts(data["duty_relief"]["by_currency"]),
        cycle=charts.cycle_chart(data["cycle_time"]),
    )
