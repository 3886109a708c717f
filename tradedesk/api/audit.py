"""The audit trail, read-only (GET /audit): an entity's or an RMA's history, in chain order."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from tradedesk.api.http import ctx, current_actor, page_response, paging, requires
from tradedesk.api.schemas.reports import AuditQuerySchema
from tradedesk.auth.permissions import Permission
from tradedesk.services.audit_log import AuditFilters, list_events

blp = Blueprint("audit", __name__, url_prefix="/api/v1", description="Audit trail (append-only, HMAC-chained)")


@blp.route("/audit")
class AuditEvents(MethodView):
    @requires(Permission.READ_AUDIT)
    @blp.arguments(AuditQuerySchema, location="query", unknown=RAISE)
    @blp.doc(summary="Audit events, oldest first, filtered by entity and/or RMA, paged",
             description="`hash` is the event's link in the chain; `tradedesk audit-verify` recomputes it.")
    def get(self, query: dict[str, Any]) -> Response:
        page, per_page = paging()
        filters = AuditFilters(**{k: v for k, v in query.items() if k not in ("page", "per_page")})
        items, total = list_events(ctx(), current_actor(), filters, page, per_page)
        return page_response(items, total, page, per_page)
