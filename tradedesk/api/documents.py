"""Downloads of a declaration version's files (XML, PDFs): desk roles via /declarations, brokers via /filings.

A stored file is served as stored (ETag = its SHA-256; If-None-Match -> 304), never rendered again.
"""

from __future__ import annotations

from flask import Response, jsonify, request
from flask.views import MethodView

from tradedesk.api.http import ctx, current_actor, visible_only
from tradedesk.api.openapi import Blueprint, problem
from tradedesk.api.responses import ok
from tradedesk.auth.permissions import Permission
from tradedesk.services import documents

blp = Blueprint("documents", __name__, url_prefix="/api/v1", description="XML and PDF files of declarations")

BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE = {
    "200": {"description": "the file", "content": {"application/xml": BINARY, "application/pdf": BINARY}},
    "304": {"description": "not modified (If-None-Match matched the SHA-256)"},
    "404": problem(404),
}


def _listing(declaration_id: str, prefix: str) -> Response:
    infos = documents.render_documents(ctx(), current_actor(), declaration_id)
    return jsonify(items=[{**i.as_dict(), "url": f"{prefix}/{declaration_id}/documents/{i.kind}"} for i in infos])


def _file(declaration_id: str, kind: str) -> Response:
    filename, media_type, content, sha256 = documents.get_document(ctx(), current_actor(), declaration_id, kind)
    if request.if_none_match.contains(sha256):
        response = Response(status=304)
    else:
        response = Response(content, mimetype=media_type)
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.headers["X-Content-Type-Options"] = "nosniff"
    response.set_etag(sha256)
    response.headers["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response


@blp.route("/declarations/<declaration_id>/documents")
class DeclarationDocuments(MethodView):
    @visible_only(Permission.READ_DECLARATION)
    @blp.doc(
        summary="The files of this declaration version (rendered once when the version is final)",
        responses={"200": ok("the files", "DocumentList"), "404": problem(404)},
    )
    def get(self, declaration_id: str) -> Response:
        return _listing(declaration_id, "/api/v1/declarations")


@blp.route("/declarations/<declaration_id>/documents/<kind>")
class DeclarationDocument(MethodView):
    @visible_only(Permission.READ_DECLARATION)
    @blp.doc(summary="Download one file", responses=FILE)
    def get(self, declaration_id: str, kind: str) -> Response:
        return _file(declaration_id, kind)


@blp.route("/filings/<declaration_id>/documents")
class FilingDocuments(MethodView):
    @visible_only(Permission.READ_FILING)
    @blp.doc(
        summary="The files of a filing addressed to this broker",
        responses={"200": ok("the files", "DocumentList"), "404": problem(404)},
    )
    def get(self, declaration_id: str) -> Response:
        return _listing(declaration_id, "/api/v1/filings")


@blp.route("/filings/<declaration_id>/documents/<kind>")
class FilingDocument(MethodView):
    @visible_only(Permission.READ_FILING)
    @blp.doc(summary="Download one file of a filing", responses=FILE)
    def get(self, declaration_id: str, kind: str) -> Response:
        return _file(declaration_id, kind)
