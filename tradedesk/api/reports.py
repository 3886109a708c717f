"""Desk reports: relief deadlines coming due (GET /deadlines) and analytics (GET /analytics)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask.views import MethodView

from tradedesk.api.http import ctx, current_actor, page_request, requires
from tradedesk.api.openapi import Blueprint, problem
from tradedesk.api.schemas.lists import DeadlinePageSchema
from tradedesk.api.schemas.reports import AnalyticsQuerySchema, DeadlinesQuerySchema
from tradedesk.auth.permissions import Permission
from tradedesk.services import reports

blp = Blueprint("reports", __name__, url_prefix="/api/v1", description="Relief deadlines and analytics")


@blp.route("/deadlines")
class Deadlines(MethodView):
    @requires(Permission.READ_REPORTS)
    @blp.arguments(DeadlinesQuerySchema, location="query")
    @blp.doc(
        summary="Relief deadlines due within N days or overdue, soonest first",
        description="Outward-processing re-import (export_for_repair until its return_after_repair ships), "
        "temporary-admission re-export (demo_dispatch until its demo_return ships) and the "
        "defective unit of an advance replacement (until its defective_return ships), read from "
        "the decisions stored on the legs. `days_left` is negative when overdue.",
        responses={"422": problem(422)},
    )
    @blp.response(200, DeadlinePageSchema, description="one page of deadlines, keyset-paged")
    def get(self, query: dict[str, Any]) -> Response:
        return jsonify(reports.deadlines(ctx(), current_actor(), query["within_days"], page_request(query)))


@blp.route("/analytics")
class Analytics(MethodView):
    @requires(Permission.READ_REPORTS)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.doc(
        summary="RMAs by reason and disposition, duty relief vs full-value entry per currency, cycle times",
        description="Money as decimal strings; `duty_relief.method` says how the full-value duty is computed.",
    )
    def get(self, _query: dict[str, Any]) -> Response:
        return jsonify(reports.analytics(ctx(), current_actor()))
