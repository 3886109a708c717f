"""The audit trail, read-only (GET /audit): an entity's or an RMA's history, in chain order."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from tradedesk.api.http import ctx, current_actor, list_response, page_request, requires
from tradedesk.api.openapi import Blueprint
from tradedesk.api.schemas.lists import AuditPageSchema
from tradedesk.api.schemas.reports import AuditQuerySchema
from tradedesk.auth.permissions import Permission
from tradedesk.services.audit_trail import AuditFilters, list_events

blp = Blueprint("audit", __name__, url_prefix="/api/v1", description="Audit trail (append-only, HMAC-chained)")


@blp.route("/audit")
class AuditEvents(MethodView):
    @requires(Permission.READ_AUDIT)
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditPageSchema, description="one page of events")
    @blp.doc(
        summary="Audit events, oldest first, filtered by entity and/or RMA, keyset-paged",
        description="`hash` is the event's link in the chain; `tradedesk audit-verify` recomputes it.",
    )
    def get(self, query: dict[str, Any]) -> Response:
        filters = AuditFilters(**{k: v for k, v in query.items() if k not in ("limit", "cursor")})
        return list_response(list_events(ctx(), current_actor(), filters, page_request(query)))
