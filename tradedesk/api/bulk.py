"""/api/v1/imports and /api/v1/exports: RMAs in bulk from an ERP or WMS, and CSV extracts for a date range."""

from __future__ import annotations

from typing import Any, cast

from flask import Response, current_app, jsonify, stream_with_context, url_for
from flask.views import MethodView
from marshmallow import fields, validate

from tradedesk.api.http import ctx, current_actor, requires
from tradedesk.api.openapi import Blueprint, problem
from tradedesk.api.responses import ok
from tradedesk.auth.permissions import Permission
from tradedesk.inputs.base import InputSchema
from tradedesk.services import bulk
from tradedesk.tasks.kinds import IMPORT_RMAS
from tradedesk.tasks.queue import TaskQueue

blp = Blueprint("bulk", __name__, url_prefix="/api/v1", description="Bulk exchange with ERP and WMS systems")


class ImportSchema(InputSchema):
    filename = fields.String(
        required=True, validate=validate.Length(min=1, max=256), metadata={"description": "ends in .csv or .json"}
    )
    content = fields.String(
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "the file's text (UTF-8); larger files through the /imports page"},
    )


class ExportQuerySchema(InputSchema):
    from_ = fields.Date(required=True, data_key="from", metadata={"description": "first day (ISO 8601)"})
    to = fields.Date(required=True, metadata={"description": "last day (ISO 8601), included"})


def submit_import(import_id: str, rows: int, filename: str) -> str:
    """Queue the job that opens the import's RMAs; its id."""
    queue = cast(TaskQueue, current_app.extensions["tradedesk.tasks"])
    return queue.submit(
        current_actor(),
        IMPORT_RMAS,
        f"Import of {filename}",
        {"import_id": import_id},
        first_step="waiting for a worker",
        total=rows,
    )


@blp.route("/imports/rmas")
class ImportRmas(MethodView):
    @requires(Permission.CREATE_RMA)
    @blp.arguments(ImportSchema)
    @blp.doc(
        summary="Import RMAs from CSV or JSON as a job (the same file again resumes its import)",
        responses={"202": ok("queued", "ImportQueued"), "422": problem(422)},
    )
    def post(self, data: dict[str, Any]) -> Response:
        content = data["content"].encode("utf-8")
        import_id, created = bulk.start_import(ctx(), current_actor(), data["filename"], content)
        report = bulk.import_report(ctx(), current_actor(), import_id)
        job_id = submit_import(import_id, report["total_rows"], report["filename"])
        response = jsonify(
            import_id=import_id,
            job_id=job_id,
            resumed=not created,
            report_url=url_for("bulk.ImportById", import_id=import_id),
        )
        response.status_code = 202
        return response


@blp.route("/imports/<import_id>")
class ImportById(MethodView):
    @requires(Permission.CREATE_RMA)
    @blp.doc(
        summary="An import's counts and refused rows with their errors",
        responses={"200": ok("the report", "ImportReport"), "404": problem(404)},
    )
    def get(self, import_id: str) -> Response:
        return jsonify(bulk.import_report(ctx(), current_actor(), import_id))


@blp.route("/exports/<dataset>")
class Exports(MethodView):
    @requires(Permission.READ_RMA)
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.doc(
        summary="CSV of the RMAs, legs or declarations created in a date range (dataset: rmas, legs, declarations)",
        responses={
            "200": {"description": "text/csv", "content": {"text/csv": {"schema": {"type": "string"}}}},
            "404": problem(404),
            "422": problem(422),
        },
    )
    def get(self, query: dict[str, Any], dataset: str) -> Response:
        lines = bulk.export_csv(ctx(), dataset, query["from_"], query["to"])
        filename = f"{dataset}-{query['from_'].isoformat()}-{query['to'].isoformat()}.csv"
        return Response(
            stream_with_context(lines),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
