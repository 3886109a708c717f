"""Legs of an RMA: plan from the scenario, add, read, edit (If-Match), reclassify."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, request
from flask.views import MethodView

from tradedesk.api.http import (
    ApiError,
    ctx,
    current_actor,
    etag_of,
    expected_version,
    idempotency_key,
    list_response,
    outcome_response,
    page_request,
    requires,
    visible_only,
    with_etag,
)
from tradedesk.api.openapi import Blueprint, problem
from tradedesk.api.responses import LEG_LINKS, PLANNED_LINKS, ok
from tradedesk.api.schemas.legs import LegCreateSchema, LegListQuerySchema, LegPatchSchema, PlanLegsSchema
from tradedesk.api.schemas.lists import LegPageSchema
from tradedesk.auth.permissions import Permission
from tradedesk.services import legs
from tradedesk.services.declarations import StaleRow

T = TypeVar("T")

blp = Blueprint("legs", __name__, url_prefix="/api/v1", description="Legs of an RMA: planned, edited and classified")

IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": "the ETag you last read (missing: 428, stale: 412)",
}
IDEMPOTENCY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": "same key + same body -> the stored response; same key + another body -> 422",
}


def stale_as_412(change: Callable[[], T]) -> T:
    """Run a state change; a stale If-Match becomes 412 carrying the current ETag."""
    try:
        return change()
    except StaleRow as exc:
        raise ApiError(412, "Precondition Failed", str(exc), headers={"ETag": etag_of(exc.current_version)}) from exc


def _idempotent() -> legs.IdempotentRequest:
    return legs.IdempotentRequest(idempotency_key(), request.path, request.get_json(silent=True))


@blp.route("/rmas/<rma_id>/legs/plan")
class PlanLegs(MethodView):
    @visible_only(Permission.READ_RMA)
    @requires(Permission.EDIT_LEG)
    @blp.arguments(PlanLegsSchema())  # an instance: webargs builds a schema per request from a class
    @blp.doc(
        summary="Plan the legs of the RMA's scenario (linked, classified, IOR/EOR assigned)",
        parameters=[IDEMPOTENCY],
        responses={
            "201": ok("the planned legs", "LegList", links=PLANNED_LINKS),
            "404": problem(404),
            "409": problem(409),
            "422": problem(422),
        },
    )
    def post(self, data: dict[str, Any], rma_id: str) -> Response:
        outcome = legs.plan_legs(ctx(), current_actor(), rma_id, legs.PlanRequest(**data), _idempotent())
        return outcome_response(outcome)


@blp.route("/rmas/<rma_id>/legs")
class RmaLegs(MethodView):
    @visible_only(Permission.READ_RMA)
    @blp.arguments(LegListQuerySchema, location="query")
    @blp.response(200, LegPageSchema, description="one page of legs")
    @blp.doc(summary="The legs of an RMA, in order, keyset-paged", responses={"404": problem(404), "422": problem(422)})
    def get(self, query: dict[str, Any], rma_id: str) -> Response:
        return list_response(legs.list_legs(ctx(), rma_id, page_request(query)))

    @visible_only(Permission.READ_RMA)
    @requires(Permission.EDIT_LEG)
    @blp.arguments(LegCreateSchema)
    @blp.doc(
        summary="Add one leg explicitly (classified on creation)",
        parameters=[IDEMPOTENCY],
        responses={
            "201": ok("the leg", "LegView", links=LEG_LINKS),
            "404": problem(404),
            "409": problem(409),
            "422": problem(422),
        },
    )
    def post(self, data: dict[str, Any], rma_id: str) -> Response:
        outcome = legs.add_leg(ctx(), current_actor(), rma_id, legs.NewLeg(**data), _idempotent())
        return outcome_response(outcome)


@blp.route("/legs/<leg_id>")
class LegItem(MethodView):
    @visible_only(Permission.READ_RMA)
    @blp.doc(
        summary="One leg with its stored decision (ETag)",
        responses={"200": ok("the leg", "LegView", links=LEG_LINKS), "404": problem(404)},
    )
    def get(self, leg_id: str) -> Response:
        view = legs.get_leg(ctx(), leg_id)
        return with_etag(view, view["version"])

    @visible_only(Permission.READ_RMA)
    @requires(Permission.EDIT_LEG)
    @blp.arguments(LegPatchSchema)
    @blp.doc(
        summary="Edit a leg; it is reclassified and its open declarations redrafted",
        parameters=[IF_MATCH],
        responses={
            "200": ok("the leg after the change", "LegView", links=LEG_LINKS),
            "404": problem(404),
            "409": problem(409),
            "412": problem(412),
            "422": problem(422),
            "428": problem(428),
        },
    )
    def patch(self, data: dict[str, Any], leg_id: str) -> Response:
        version = expected_version()
        view = stale_as_412(lambda: legs.update_leg(ctx(), current_actor(), leg_id, version, data))
        return with_etag(view, view["version"])


@blp.route("/legs/<leg_id>/reclassify")
class ReclassifyLeg(MethodView):
    @visible_only(Permission.READ_RMA)
    @requires(Permission.EDIT_LEG)
    @blp.doc(
        summary="Decide the leg again (e.g. after a profile update)",
        parameters=[IF_MATCH],
        responses={
            "200": ok("the leg, decided again", "LegView", links=LEG_LINKS),
            "404": problem(404),
            "409": problem(409),
            "412": problem(412),
            "428": problem(428),
        },
    )
    def post(self, leg_id: str) -> Response:
        version = expected_version()
        view = stale_as_412(lambda: legs.reclassify_leg(ctx(), current_actor(), leg_id, version))
        return with_etag(view, view["version"])
