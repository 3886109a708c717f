"""/api/v1/screening: the officer's screening queue, decisions, list versions, a party's history; and the export
authorisations recorded on a leg (issue #14)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask.views import MethodView

from tradedesk.api.http import ctx, current_actor, list_response, page_request, requires, visible_only
from tradedesk.api.openapi import Blueprint, problem
from tradedesk.api.responses import ok
from tradedesk.api.schemas.screening import (
    ExportAuthorisationRecordSchema,
    MatchDecisionSchema,
    MatchPageSchema,
    MatchQuerySchema,
)
from tradedesk.auth.permissions import Permission
from tradedesk.services import export_authorisations, screening

blp = Blueprint(
    "screening",
    __name__,
    url_prefix="/api/v1",
    description="Restricted-party screening and export controls: matches to decide, list versions, histories",
)


@blp.route("/screening/matches")
class Matches(MethodView):
    @requires(Permission.READ_SCREENING)
    @blp.arguments(MatchQuerySchema, location="query")
    @blp.doc(
        summary="Potential restricted-party matches, oldest first, each with the listed entry beside the party",
        responses={
            "200": {
                "description": "{items, next_cursor, limit}",
                "content": {"application/json": {"schema": MatchPageSchema}},
            },
            "422": problem(422),
        },
    )
    def get(self, query: dict[str, Any]) -> Response:
        return list_response(screening.match_queue(ctx(), page_request(query), query["status"]))


@blp.route("/screening/matches/<match_id>")
class MatchById(MethodView):
    @visible_only(Permission.READ_SCREENING)
    @blp.doc(summary="One potential match", responses={"200": ok("the match", "ScreeningMatch"), "404": problem(404)})
    def get(self, match_id: str) -> Response:
        return jsonify(screening.get_match(ctx(), match_id))


@blp.route("/screening/matches/<match_id>/decision")
class MatchDecision(MethodView):
    @visible_only(Permission.READ_SCREENING)
    @requires(Permission.DECIDE_SCREENING)
    @blp.arguments(MatchDecisionSchema)
    @blp.doc(
        summary="Clear a match as a false positive, or confirm it (the party's open RMAs are held); with a reason",
        description="The legs the party is on are decided again: RESTRICTED_PARTY_MATCH goes away when cleared, and "
        "stays (saying the RMA is held) when confirmed. Audited with the list version.",
        responses={
            "200": ok("decided", "ScreeningMatch"),
            "404": problem(404),
            "409": problem(409),
            "422": problem(422),
        },
    )
    def post(self, data: dict[str, Any], match_id: str) -> Response:
        return jsonify(screening.decide_match(ctx(), current_actor(), match_id, data["decision"], data["reason"]))


@blp.route("/screening/lists")
class Lists(MethodView):
    @requires(Permission.READ_SCREENING)
    @blp.doc(
        summary="The imported versions of the restricted-party lists, newest import first",
        description="Lists are imported with `tradedesk screening import FILE` (or a directory of files).",
        responses={"200": ok("the versions", "ScreeningListVersions")},
    )
    def get(self) -> Response:
        return jsonify(items=screening.list_versions(ctx()))


@blp.route("/parties/<party_id>/screening")
class PartyScreening(MethodView):
    @visible_only(Permission.READ_SCREENING)
    @blp.doc(
        summary="A party's screening history: every run with the list versions used, and every match",
        responses={"200": ok("the history", "PartyScreening"), "404": problem(404)},
    )
    def get(self, party_id: str) -> Response:
        return jsonify(screening.party_screening(ctx(), party_id))


@blp.route("/legs/<leg_id>/export-authorisations")
class ExportAuthorisations(MethodView):
    @visible_only(Permission.READ_RMA)
    @requires(Permission.RECORD_EXPORT_AUTHORISATION)
    @blp.arguments(ExportAuthorisationRecordSchema)
    @blp.doc(
        summary="Record the licence, licence exception or general authorisation the leg leaves under, with the reason",
        description="The leg is decided again: EXPORT_CONTROL_REVIEW (and, for a licence of the embargoing "
        "authority, EMBARGOED_DESTINATION) goes away and the declarations are redrafted.",
        responses={
            "201": ok("recorded", "ExportAuthorisations"),
            "404": problem(404),
            "409": problem(409),
            "422": problem(422),
        },
    )
    def post(self, data: dict[str, Any], leg_id: str) -> Response:
        body = export_authorisations.record_authorisation(
            ctx(), current_actor(), leg_id, data["regime"], data["code"], data["kind"], data["reason"]
        )
        response = jsonify(body)
        response.status_code = 201
        return response
