"""Bulk exchange pages: upload a CSV or JSON file of RMAs (a job with its progress page, then the report of refused
rows) and download CSV extracts for a date range. The same service calls as the API."""

from __future__ import annotations

from datetime import date

from flask import Response, render_template, request, stream_with_context, url_for
from werkzeug.wrappers import Response as BaseResponse

from tradedesk.api.http import ctx
from tradedesk.auth.permissions import Permission
from tradedesk.services import bulk
from tradedesk.services.errors import InvalidInput
from tradedesk.tasks.kinds import IMPORT_RMAS
from tradedesk.web import jobs
from tradedesk.web.blueprint import bp
from tradedesk.web.forms import FormErrors
from tradedesk.web.session import page, user


@bp.route("/imports", methods=["GET", "POST"], endpoint="imports")
@page(Permission.CREATE_RMA)
def imports() -> str | tuple[str, int] | BaseResponse:
    errors = FormErrors()
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            errors.add("file", "choose a CSV or JSON file")
        else:
            try:
                import_id, _ = bulk.start_import(ctx(), user(), upload.filename, upload.read())
            except InvalidInput as exc:
                errors.update(exc.errors)
            else:
                report = bulk.import_report(ctx(), user(), import_id)
                return jobs.start(
                    IMPORT_RMAS,
                    f"Import of {report['filename']}",
                    {"import_id": import_id},
                    "waiting for a worker",
                    lambda _: url_for("web.import_report", import_id=import_id),
                )
        return render_template("imports.html", errors=errors, header=bulk.CSV_HEADER, today=ctx().now().date()), 422
    return render_template("imports.html", errors=errors, header=bulk.CSV_HEADER, today=ctx().now().date())


@bp.get("/imports/<import_id>", endpoint="import_report")
@page(Permission.CREATE_RMA)
def import_report(import_id: str) -> str:
    return render_template("import_report.html", report=bulk.import_report(ctx(), user(), import_id))


@bp.get("/exports/<dataset>.csv", endpoint="export")
@page(Permission.READ_RMA)
def export(dataset: str) -> Response:
    try:
        start = date.fromisoformat(request.args.get("from", ""))
        end = date.fromisoformat(request.args.get("to", ""))
    except ValueError as exc:
        raise InvalidInput({"from": ["give both dates as YYYY-MM-DD"]}) from exc
    lines = bulk.export_csv(ctx(), dataset, start, end)
    return Response(
        stream_with_context(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{dataset}-{start}-{end}.csv"'},
    )
