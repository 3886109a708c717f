"""Declarations (the desk's side): request paperwork, review queue, approve / request changes, amend, file."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask.views import MethodView

from tradedesk.api.http import (
    ApiError,
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
from tradedesk.api.responses import DECLARATION_LINKS, DRAFTED_LINKS, ok
from tradedesk.api.schemas.declarations import (
    DeclarationAmendSchema,
    DeclarationApproveSchema,
    DeclarationFileSchema,
    DeclarationListQuerySchema,
    DeclarationRequestChangesSchema,
    ExportReferenceSchema,
)
from tradedesk.api.schemas.lists import DeclarationPageSchema
from tradedesk.auth.permissions import Permission
from tradedesk.services import declarations, filings
from tradedesk.services.declarations import ApprovalBlocked, DeclarationFilter

blp = Blueprint(
    "declarations",
    __name__,
    url_prefix="/api/v1",
    description="Declarations: drafted from a leg's decision, reviewed (four eyes), filed to a broker",
)

IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": "the ETag you last read (missing: 428, stale: 412)",
}
CHANGE = {"404": problem(404), "409": problem(409), "412": problem(412), "422": problem(422), "428": problem(428)}


@blp.route("/legs/<leg_id>/paperwork")
class Paperwork(MethodView):
    @visible_only(Permission.READ_RMA)
    @requires(Permission.REQUEST_PAPERWORK)
    @blp.doc(
        summary="Draft the declaration of each side that needs one and send it to review",
        description="Idempotent per (leg, side): a side that already has a current version keeps it.",
        responses={
            "201": ok("drafted", "DeclarationList", links=DRAFTED_LINKS),
            "200": ok("nothing new to draft", "DeclarationList", links=DRAFTED_LINKS),
            "404": problem(404),
            "409": problem(409),
        },
    )
    def post(self, leg_id: str) -> Response:
        created, items = declarations.request_paperwork(ctx(), current_actor(), leg_id)
        response = jsonify(items=items)
        response.status_code = 201 if created else 200
        return response


@blp.route("/legs/<leg_id>/export-reference")
class ExportReference(MethodView):
    @visible_only(Permission.READ_RMA)
    @requires(Permission.EDIT_LEG)
    @blp.arguments(ExportReferenceSchema)
    @blp.doc(
        summary="Record the MRN of an export declared outside TradeDesk, with the reason",
        description="The returns relying on the leg's export are then redrafted, as when a broker acknowledges "
        "the export (PRIOR_EXPORT_REFERENCE_MISSING goes away).",
        responses={
            "201": ok("recorded", "ExportReferenceView"),
            "404": problem(404),
            "409": problem(409),
            "422": problem(422),
        },
    )
    def post(self, data: dict[str, Any], leg_id: str) -> Response:
        response = jsonify(
            filings.record_export_reference(ctx(), current_actor(), leg_id, data["customs_reference"], data["reason"])
        )
        response.status_code = 201
        return response


@blp.route("/declarations")
class DeclarationList(MethodView):
    @requires(Permission.READ_DECLARATION)
    @blp.arguments(DeclarationListQuerySchema, location="query")
    @blp.response(200, DeclarationPageSchema, description="one page of summaries (no content: follow `url`)")
    @blp.doc(
        summary="The review queue: declarations, most urgent first, filtered, keyset-paged",
        description="Order: overdue deadline first, then more error flags, then the soonest deadline (none "
        "last), then the oldest request. Pass `next_cursor` as `cursor` for the next page; a "
        "cursor of another list or a malformed one is a 422 naming `cursor`.",
        responses={"422": problem(422)},
    )
    def get(self, query: dict[str, Any]) -> Response:
        filters = DeclarationFilter(**{k: v for k, v in query.items() if k not in ("limit", "cursor")})
        return list_response(declarations.list_declarations(ctx(), filters, page_request(query)))


@blp.route("/declarations/<declaration_id>")
class DeclarationItem(MethodView):
    @visible_only(Permission.READ_DECLARATION)
    @blp.doc(
        summary="One declaration version (ETag)",
        responses={"200": ok("the declaration", "DeclarationView", links=DECLARATION_LINKS), "404": problem(404)},
    )
    def get(self, declaration_id: str) -> Response:
        view = declarations.get_declaration(ctx(), declaration_id)
        return with_etag(view, view["version"])


@blp.route("/declarations/<declaration_id>/approve")
class Approve(MethodView):
    @visible_only(Permission.READ_DECLARATION)
    @requires(Permission.REVIEW_DECLARATION)
    @blp.arguments(DeclarationApproveSchema)
    @blp.doc(
        summary="Approve (not the requester; error flags block; warnings need a reason)",
        parameters=[IF_MATCH],
        responses={"200": ok("approved", "DeclarationView", links=DECLARATION_LINKS), **CHANGE},
    )
    def post(self, data: dict[str, Any], declaration_id: str) -> Response:
        version = expected_version()
        try:
            view = stale_as_412(
                lambda: declarations.approve(
                    ctx(), current_actor(), declaration_id, version, data["acknowledgements"], data["comment"]
                )
            )
        except ApprovalBlocked as exc:
            raise ApiError(409, "Conflict", str(exc), flags=exc.codes) from exc
        return with_etag(view, view["version"])


@blp.route("/declarations/<declaration_id>/request-changes")
class RequestChanges(MethodView):
    @visible_only(Permission.READ_DECLARATION)
    @requires(Permission.REVIEW_DECLARATION)
    @blp.arguments(DeclarationRequestChangesSchema)
    @blp.doc(
        summary="Send the declaration back with a comment",
        parameters=[IF_MATCH],
        responses={"200": ok("sent back", "DeclarationView", links=DECLARATION_LINKS), **CHANGE},
    )
    def post(self, data: dict[str, Any], declaration_id: str) -> Response:
        version = expected_version()
        view = stale_as_412(
            lambda: declarations.request_changes(ctx(), current_actor(), declaration_id, version, data["comment"])
        )
        return with_etag(view, view["version"])


@blp.route("/declarations/<declaration_id>/amend")
class Amend(MethodView):
    @visible_only(Permission.READ_DECLARATION)
    @requires(Permission.AMEND_DECLARATION)
    @blp.arguments(DeclarationAmendSchema)
    @blp.doc(
        summary="New version from the leg's current decision; the old one is superseded",
        parameters=[IF_MATCH],
        responses={"201": ok("the new version", "DeclarationView", links=DECLARATION_LINKS), **CHANGE},
    )
    def post(self, data: dict[str, Any], declaration_id: str) -> Response:
        version = expected_version()
        view = stale_as_412(
            lambda: declarations.amend(ctx(), current_actor(), declaration_id, version, data["comment"])
        )
        return with_etag(view, view["version"], status=201, headers={"Location": f"/api/v1/declarations/{view['id']}"})


@blp.route("/declarations/<declaration_id>/file")
class File(MethodView):
    @visible_only(Permission.READ_DECLARATION)
    @requires(Permission.FILE_DECLARATION)
    @blp.arguments(DeclarationFileSchema)
    @blp.doc(
        summary="File an approved declaration to its broker",
        parameters=[IF_MATCH],
        responses={"200": ok("filed", "DeclarationView", links=DECLARATION_LINKS), **CHANGE},
    )
    def post(self, data: dict[str, Any], declaration_id: str) -> Response:
        version = expected_version()
        view = stale_as_412(
            lambda: declarations.file_declaration(ctx(), current_actor(), declaration_id, version, data["broker_id"])
        )
        return with_etag(view, view["version"])
