"""POST /api/v1/classify: the classification contract over HTTP (DESIGN.md §3); stateless."""

from __future__ import annotations

from flask import Response, current_app, jsonify
from flask.views import MethodView

from tradedesk.api.http import json_body, requires
from tradedesk.api.openapi import PROBLEM_CONTENT, Blueprint
from tradedesk.auth.permissions import Permission
from tradedesk.services.classification import classify_payload

blp = Blueprint("classify", __name__, url_prefix="/api/v1", description="Customs regime classification of RMA legs")

REQUEST_BODY = {
    "required": True,
    "description": "One leg object (the classification contract, docs/contract.md in the repository) or a JSON list of them.",
    "content": {
        "application/json": {
            "schema": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Leg"},
                    {"type": "array", "items": {"$ref": "#/components/schemas/Leg"}, "minItems": 1},
                ]
            }
        }
    },
}
RESPONSES = {
    "200": {
        "description": "The decision (or a list of decisions in the same order).",
        "content": {
            "application/json": {
                "schema": {"oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]}
            }
        },
    },
    "400": {"description": "The body is not JSON.", "content": PROBLEM_CONTENT},
    "415": {"description": "Content-Type is not application/json.", "content": PROBLEM_CONTENT},
    "422": {
        "description": "Invalid leg: `errors` maps field paths (items.0.hs_code) to messages.",
        "content": PROBLEM_CONTENT,
    },
}


@blp.route("/classify")
class Classify(MethodView):
    @blp.doc(requestBody=REQUEST_BODY, responses=RESPONSES, summary="Classify legs (nothing is stored)")
    @requires(Permission.CLASSIFY)
    def post(self) -> Response:
        answer = classify_payload(
            json_body(),
            current_app.extensions["tradedesk.profiles"],
            current_app.config["TRADEDESK_MAX_LEGS_PER_REQUEST"],
        )
        return jsonify(answer)
