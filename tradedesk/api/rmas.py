"""/api/v1/rmas: RMA records (create, read, lifecycle transitions, inspection, disposition).

Brokers have no RMA access: 403 on the collection, 404 on every object route (visible_only).
"""

from __future__ import annotations

from flask import Response, request
from flask.views import MethodView

from tradedesk.api.http import (
    ApiError,
    ctx,
    current_actor,
    expected_version,
    idempotency_key,
    json_body,
    list_response,
    outcome_response,
    page_request,
    requires,
    stale_as_412,
    visible_only,
    with_etag,
)
from tradedesk.api.openapi import PROBLEM_CONTENT, Blueprint
from tradedesk.api.responses import RMA_LINKS, ok
from tradedesk.api.schemas.lists import RmaPageSchema
from tradedesk.api.schemas.rma import (
    DispositionSchema,
    InspectionSchema,
    QuoteAnswerSchema,
    QuoteSchema,
    ResolutionSchema,
    RmaCreateSchema,
    RmaQuerySchema,
    TransitionSchema,
)
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.services.rmas import (
    RmaFilters,
    answer_quote,
    create_rma,
    get_rma,
    get_rma_by_number,
    inspect_rma,
    list_rmas,
    quote_repair,
    resolve_serial_mismatch,
    set_disposition,
    transition_permission,
    transition_rma,
)

blp = Blueprint("rmas", __name__, url_prefix="/api/v1", description="RMA records and their lifecycle")

_PAGE = {"application/json": {"schema": {"type": "object"}}}
_IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": "the ETag of the RMA as last read (428 without, 412 when stale)",
}
_CHANGE_RESPONSES = {
    "200": ok("The RMA after the change (ETag: its new version).", "RmaView", links=RMA_LINKS),
    "404": {"description": "No such RMA (or not visible to the caller).", "content": PROBLEM_CONTENT},
    "409": {
        "description": "The RMA's status does not allow this; `detail` names the allowed transitions.",
        "content": PROBLEM_CONTENT,
    },
    "412": {"description": "If-Match is stale.", "content": PROBLEM_CONTENT},
    "428": {"description": "If-Match is missing.", "content": PROBLEM_CONTENT},
}


#: a schema keeps no state between loads: one instance spares every request building it and its nested schemas
_CREATE_SCHEMA = RmaCreateSchema()


def _body(schema: type) -> dict[str, object]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


@blp.route("/rmas")
class Rmas(MethodView):
    @blp.doc(
        summary="List RMAs, newest first, keyset-paged",
        parameters=[
            {"in": "query", "name": name, "schema": {"type": "string"}}
            for name in ("status", "reason_code", "scenario", "q")
        ]
        + [
            {
                "in": "query",
                "name": "limit",
                "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
            },
            {
                "in": "query",
                "name": "cursor",
                "schema": {"type": "string"},
                "description": "the next_cursor of the previous page",
            },
        ],
        responses={
            "200": {
                "description": "{items, next_cursor, limit}",
                "content": {"application/json": {"schema": RmaPageSchema}},
            }
        },
    )
    @requires(Permission.READ_RMA)
    def get(self) -> Response:
        args = RmaQuerySchema().load(request.args.to_dict())
        filters = RmaFilters(args.get("status"), args.get("reason_code"), args.get("scenario"), args.get("q"))
        return list_response(list_rmas(ctx(), current_actor(), filters, page_request(args)))

    @blp.doc(
        summary="Open an RMA (numbered, eligibility decided; Idempotency-Key honoured)",
        requestBody=_body(RmaCreateSchema),
        responses={
            "201": ok("The RMA (Location, ETag).", "RmaView", links=RMA_LINKS),
            "409": {"description": "A request with this Idempotency-Key is in progress.", "content": PROBLEM_CONTENT},
            "422": {
                "description": "Invalid input by field path (items.0.hs_code), or the "
                "Idempotency-Key was used with another body.",
                "content": PROBLEM_CONTENT,
            },
        },
    )
    @requires(Permission.CREATE_RMA)
    def post(self) -> Response:
        body = json_body()
        data = _CREATE_SCHEMA.load(body)
        return outcome_response(
            create_rma(ctx(), current_actor(), data, idempotency_key=idempotency_key(), request_body=body)
        )


@blp.route("/rmas/<rma_id>")
class RmaById(MethodView):
    @blp.doc(
        summary="One RMA with items, inspections, legs and customs references (ETag)",
        responses={
            "200": ok("The RMA.", "RmaView", links=RMA_LINKS),
            "404": {"description": "No such RMA.", "content": PROBLEM_CONTENT},
        },
    )
    @visible_only(Permission.READ_RMA)
    def get(self, rma_id: str) -> Response:
        view = get_rma(ctx(), current_actor(), rma_id)
        return with_etag(view, view["version"])


@blp.route("/rmas/by-number/<number>")
class RmaByNumber(MethodView):
    @blp.doc(
        summary="One RMA by its number (RMA-2026-000123)",
        responses={
            "200": ok("The RMA.", "RmaView", links=RMA_LINKS),
            "404": {"description": "No such RMA.", "content": PROBLEM_CONTENT},
        },
    )
    @visible_only(Permission.READ_RMA)
    def get(self, number: str) -> Response:
        view = get_rma_by_number(ctx(), current_actor(), number)
        return with_etag(view, view["version"])


@blp.route("/rmas/<rma_id>/transitions")
class RmaTransitions(MethodView):
    @blp.doc(
        summary="Move the RMA to another status (approve/reject need rma:decide, the rest rma:update)",
        parameters=[_IF_MATCH],
        requestBody=_body(TransitionSchema),
        responses=_CHANGE_RESPONSES,
    )
    @visible_only(Permission.READ_RMA)
    def post(self, rma_id: str) -> Response:
        data = TransitionSchema().load(json_body())
        actor = current_actor()
        permission = transition_permission(data["to"])
        if not allowed(actor.role, permission):
            raise ApiError(403, "Forbidden", f"the role {actor.role} may not {permission}")
        version = expected_version()
        view = stale_as_412(lambda: transition_rma(ctx(), actor, rma_id, data["to"], version, data["comment"]))
        return with_etag(view, view["version"])

    post.required_permission = Permission.UPDATE_RMA  # or DECIDE_RMA, by target (transition_permission)


@blp.route("/rmas/<rma_id>/inspection")
class RmaInspection(MethodView):
    @blp.doc(
        summary="Record the inspection of a received RMA (serials, condition, packaging, warranty)",
        parameters=[_IF_MATCH],
        requestBody=_body(InspectionSchema),
        responses=_CHANGE_RESPONSES,
    )
    @visible_only(Permission.READ_RMA)
    @requires(Permission.UPDATE_RMA)
    def post(self, rma_id: str) -> Response:
        version = expected_version()
        data = InspectionSchema().load(json_body())
        view = stale_as_412(lambda: inspect_rma(ctx(), current_actor(), rma_id, data, version))
        return with_etag(view, view["version"])


@blp.route("/rmas/<rma_id>/inspection/resolve")
class RmaInspectionResolve(MethodView):
    @blp.doc(
        summary="Resolve a serial mismatch found at inspection, with the reason (compliance officer); "
        "until then the disposition is refused (409)",
        parameters=[_IF_MATCH],
        requestBody=_body(ResolutionSchema),
        responses=_CHANGE_RESPONSES,
    )
    @visible_only(Permission.READ_RMA)
    @requires(Permission.RESOLVE_INSPECTION)
    def post(self, rma_id: str) -> Response:
        version = expected_version()
        data = ResolutionSchema().load(json_body())
        view = stale_as_412(lambda: resolve_serial_mismatch(ctx(), current_actor(), rma_id, data["reason"], version))
        return with_etag(view, view["version"])


@blp.route("/rmas/<rma_id>/quote")
class RmaQuote(MethodView):
    @blp.doc(
        summary="Offer the paid repair of an out-of-warranty RMA (quote_pending) at a price",
        parameters=[_IF_MATCH],
        requestBody=_body(QuoteSchema),
        responses=_CHANGE_RESPONSES,
    )
    @visible_only(Permission.READ_RMA)
    @requires(Permission.UPDATE_RMA)
    def post(self, rma_id: str) -> Response:
        version = expected_version()
        data = QuoteSchema().load(json_body())
        view = stale_as_412(
            lambda: quote_repair(ctx(), current_actor(), rma_id, data["amount"], data["currency"], version)
        )
        return with_etag(view, view["version"])


def _answer(rma_id: str, accepted: bool) -> Response:
    version = expected_version()
    data = QuoteAnswerSchema().load(json_body())
    view = stale_as_412(lambda: answer_quote(ctx(), current_actor(), rma_id, accepted, version, data["comment"]))
    return with_etag(view, view["version"])


@blp.route("/rmas/<rma_id>/quote/accept")
class RmaQuoteAccept(MethodView):
    @blp.doc(
        summary="The customer accepts the repair quote: the RMA is approved as a paid repair",
        parameters=[_IF_MATCH],
        requestBody=_body(QuoteAnswerSchema),
        responses=_CHANGE_RESPONSES,
    )
    @visible_only(Permission.READ_RMA)
    @requires(Permission.UPDATE_RMA)
    def post(self, rma_id: str) -> Response:
        return _answer(rma_id, True)


@blp.route("/rmas/<rma_id>/quote/decline")
class RmaQuoteDecline(MethodView):
    @blp.doc(
        summary="The customer declines the repair quote: the RMA is cancelled",
        parameters=[_IF_MATCH],
        requestBody=_body(QuoteAnswerSchema),
        responses=_CHANGE_RESPONSES,
    )
    @visible_only(Permission.READ_RMA)
    @requires(Permission.UPDATE_RMA)
    def post(self, rma_id: str) -> Response:
        return _answer(rma_id, False)


@blp.route("/rmas/<rma_id>/disposition")
class RmaDisposition(MethodView):
    @blp.doc(
        summary="Record the disposition of an inspected RMA",
        parameters=[_IF_MATCH],
        requestBody=_body(DispositionSchema),
        responses=_CHANGE_RESPONSES,
    )
    @visible_only(Permission.READ_RMA)
    @requires(Permission.UPDATE_RMA)
    def post(self, rma_id: str) -> Response:
        version = expected_version()
        data = DispositionSchema().load(json_body())
        view = stale_as_412(lambda: set_disposition(ctx(), current_actor(), rma_id, data["disposition"], version))
        return with_etag(view, view["version"])
