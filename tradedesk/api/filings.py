"""Filings (the broker's side): inbox, fetch, acknowledge with the customs reference, reject.

Scoped to the broker party of the token: anything not filed to it is a 404.
"""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from tradedesk.api.http import (
    ctx,
    current_actor,
    expected_version,
    list_response,
    page_request,
    requires,
    visible_only,
    with_etag,
)
from tradedesk.api.legs import stale_as_412
from tradedesk.api.openapi import Blueprint, problem
from tradedesk.api.responses import FILING_LINKS, ok
from tradedesk.api.schemas.declarations import FilingAcknowledgeSchema, FilingListQuerySchema, FilingRejectSchema
from tradedesk.api.schemas.lists import FilingPageSchema
from tradedesk.auth.permissions import Permission
from tradedesk.services import filings

blp = Blueprint("filings", __name__, url_prefix="/api/v1", description="A customs broker's filings")

IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": "the ETag you last read (missing: 428, stale: 412)",
}
CHANGE = {"404": problem(404), "409": problem(409), "412": problem(412), "422": problem(422), "428": problem(428)}


@blp.route("/filings")
class Inbox(MethodView):
    @requires(Permission.READ_FILING)
    @blp.arguments(FilingListQuerySchema, location="query")
    @blp.response(200, FilingPageSchema, description="one page of the inbox (no content: fetch `url`)")
    @blp.doc(
        summary="The broker's inbox: declarations filed to it, oldest filing first, keyset-paged",
        responses={"422": problem(422)},
    )
    def get(self, query: dict[str, Any]) -> Response:
        return list_response(filings.list_filings(ctx(), current_actor(), page_request(query), query.get("status")))


@blp.route("/filings/<declaration_id>")
class FilingItem(MethodView):
    @visible_only(Permission.READ_FILING)
    @blp.doc(
        summary="Fetch one filing (the first fetch is recorded; ETag)",
        responses={"200": ok("the filing", "FilingView", links=FILING_LINKS), "404": problem(404)},
    )
    def get(self, declaration_id: str) -> Response:
        view = filings.fetch_filing(ctx(), current_actor(), declaration_id)
        return with_etag(view, view["version"])


@blp.route("/filings/<declaration_id>/acknowledge")
class Acknowledge(MethodView):
    @visible_only(Permission.READ_FILING)
    @requires(Permission.ACKNOWLEDGE_FILING)
    @blp.arguments(FilingAcknowledgeSchema)
    @blp.doc(
        summary="Customs accepted it: give the MRN / entry number",
        parameters=[IF_MATCH],
        responses={"200": ok("accepted", "FilingView"), **CHANGE},
    )
    def post(self, data: dict[str, Any], declaration_id: str) -> Response:
        version = expected_version()
        view = stale_as_412(
            lambda: filings.acknowledge(ctx(), current_actor(), declaration_id, version, data["customs_reference"])
        )
        return with_etag(view, view["version"])


@blp.route("/filings/<declaration_id>/reject")
class Reject(MethodView):
    @visible_only(Permission.READ_FILING)
    @requires(Permission.ACKNOWLEDGE_FILING)
    @blp.arguments(FilingRejectSchema)
    @blp.doc(
        summary="The broker cannot file it: say why",
        parameters=[IF_MATCH],
        responses={"200": ok("rejected", "FilingView"), **CHANGE},
    )
    def post(self, data: dict[str, Any], declaration_id: str) -> Response:
        version = expected_version()
        view = stale_as_412(lambda: filings.reject(ctx(), current_actor(), declaration_id, version, data["message"]))
        return with_etag(view, view["version"])
