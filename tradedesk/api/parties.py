"""/api/v1/parties: the parties register (customers, sellers, repairers, IOR/EOR providers, brokers)."""

from __future__ import annotations

from flask import Response, jsonify, request
from flask.views import MethodView
from flask_smorest import Blueprint

from tradedesk.api.http import ctx, current_actor, idempotency_key, json_body, page_response, paging, requires
from tradedesk.api.openapi import PROBLEM_CONTENT
from tradedesk.api.record_http import outcome_response, visible_only
from tradedesk.api.responses import PARTY_LINKS, ok
from tradedesk.api.schemas.party import PartyCreateSchema, PartyQuerySchema
from tradedesk.auth.permissions import Permission
from tradedesk.services.parties import create_party, get_party, list_parties

blp = Blueprint("parties", __name__, url_prefix="/api/v1", description="Parties register")

_PARTY = {"application/json": {"schema": {"type": "object"}}}


@blp.route("/parties")
class Parties(MethodView):
    @blp.doc(summary="List parties (filter by kind and country)", parameters=[
        {"in": "query", "name": "kind", "schema": {"type": "string"}},
        {"in": "query", "name": "country", "schema": {"type": "string"}},
        {"in": "query", "name": "page", "schema": {"type": "integer", "minimum": 1}},
        {"in": "query", "name": "per_page", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
        responses={"200": {"description": "{items, page, per_page, total}", "content": _PARTY}})
    @requires(Permission.READ_PARTY)
    def get(self) -> Response:
        filters = PartyQuerySchema().load(request.args.to_dict())
        page, per_page = paging()
        items, total = list_parties(ctx(), current_actor(), kind=filters.get("kind"), country=filters.get("country"),
                                    page=page, per_page=per_page)
        return page_response(items, total, page, per_page)

    @blp.doc(summary="Register a party (Idempotency-Key honoured)",
             requestBody={"required": True, "content": {"application/json": {"schema": PartyCreateSchema}}},
             responses={"201": ok("The party.", "PartyView", links=PARTY_LINKS),
                        "422": {"description": "Invalid input: `errors` by field path (identifiers.EORI).",
                                "content": PROBLEM_CONTENT}})
    @requires(Permission.MANAGE_PARTY)
    def post(self) -> Response:
        body = json_body()
        data = PartyCreateSchema().load(body)
        return outcome_response(create_party(ctx(), current_actor(), data, idempotency_key=idempotency_key(),
                                             request_body=body))


@blp.route("/parties/<party_id>")
class PartyById(MethodView):
    @blp.doc(summary="One party", responses={"200": ok("The party.", "PartyView", links=PARTY_LINKS),
                                             "404": {"description": "No such party.", "content": PROBLEM_CONTENT}})
    @visible_only(Permission.READ_PARTY)
    def get(self, party_id: str) -> Response:
        return jsonify(get_party(ctx(), current_actor(), party_id))
