"""/api/v1/parties: the parties register (customers, sellers, repairers, IOR/EOR providers, brokers)."""

from __future__ import annotations

from flask import Response, jsonify, request
from flask.views import MethodView

from tradedesk.api.http import (
    ctx,
    current_actor,
    idempotency_key,
    json_body,
    list_response,
    outcome_response,
    page_request,
    requires,
    visible_only,
)
from tradedesk.api.openapi import PROBLEM_CONTENT, Blueprint
from tradedesk.api.responses import PARTY_LINKS, ok
from tradedesk.api.schemas.lists import PartyPageSchema
from tradedesk.api.schemas.party import PartyCreateSchema, PartyQuerySchema
from tradedesk.auth.permissions import Permission
from tradedesk.services.parties import create_party, get_party, list_parties

blp = Blueprint("parties", __name__, url_prefix="/api/v1", description="Parties register")

_PARTY = {"application/json": {"schema": {"type": "object"}}}


@blp.route("/parties")
class Parties(MethodView):
    @blp.doc(
        summary="List parties by name (filter by kind and country), keyset-paged",
        parameters=[
            {"in": "query", "name": "kind", "schema": {"type": "string"}},
            {"in": "query", "name": "country", "schema": {"type": "string"}},
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
                "content": {"application/json": {"schema": PartyPageSchema}},
            }
        },
    )
    @requires(Permission.READ_PARTY)
    def get(self) -> Response:
        query = PartyQuerySchema().load(request.args.to_dict())
        return list_response(
            list_parties(
                ctx(),
                current_actor(),
                kind=query.get("kind"),
                country=query.get("country"),
                request=page_request(query),
            )
        )

    @blp.doc(
        summary="Register a party (Idempotency-Key honoured)",
        requestBody={"required": True, "content": {"application/json": {"schema": PartyCreateSchema}}},
        responses={
            "201": ok("The party.", "PartyView", links=PARTY_LINKS),
            "422": {
                "description": "Invalid input: `errors` by field path (identifiers.EORI).",
                "content": PROBLEM_CONTENT,
            },
        },
    )
    @requires(Permission.MANAGE_PARTY)
    def post(self) -> Response:
        body = json_body()
        data = PartyCreateSchema().load(body)
        return outcome_response(
            create_party(ctx(), current_actor(), data, idempotency_key=idempotency_key(), request_body=body)
        )


@blp.route("/parties/<party_id>")
class PartyById(MethodView):
    @blp.doc(
        summary="One party",
        responses={
            "200": ok("The party.", "PartyView", links=PARTY_LINKS),
            "404": {"description": "No such party.", "content": PROBLEM_CONTENT},
        },
    )
    @visible_only(Permission.READ_PARTY)
    def get(self, party_id: str) -> Response:
        return jsonify(get_party(ctx(), current_actor(), party_id))
