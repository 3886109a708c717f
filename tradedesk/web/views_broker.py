"""The customs broker's pages: the inbox of filings addressed to this broker, a filing with its XML and
PDFs, and acknowledging it with the customs reference (MRN) or rejecting it with a message.

Every lookup goes through services.filings, scoped to the broker party of the signed-in token: a filing
of another broker (or one not filed yet) does not exist here (404).
"""

from __future__ import annotations

from typing import Any

from flask import Response as FlaskResponse
from flask import render_template, request, url_for
from werkzeug.wrappers import Response

from tradedesk.api.http import ctx
from tradedesk.auth.permissions import Permission
from tradedesk.services import filings
from tradedesk.services.errors import InvalidInput
from tradedesk.web import documents
from tradedesk.web.actions import act, expected_version
from tradedesk.web.blueprint import bp
from tradedesk.web.forms import FormErrors, text
from tradedesk.web.pages import page_request
from tradedesk.web.session import page, user, visible
from tradedesk.web.views_desk import preview_response, send_file

STATUSES = [
    ("", "Any status"),
    ("filed", "To do (filed)"),
    ("accepted", "Accepted"),
    ("rejected_by_broker", "Rejected"),
]


@bp.get("/inbox")
@page(Permission.READ_FILING)
def inbox() -> str:
    status = request.args.get("status", "")
    if status not in dict(STATUSES):
        status = ""
    listing = filings.list_filings(ctx(), user(), page_request(), status or None)
    return render_template("inbox.html", items=listing.items, listing=listing, status=status, statuses=STATUSES)


def render_filing(
    declaration_id: str, errors: FormErrors | None = None, form: Any = None, status: int = 200
) -> tuple[str, int]:
    filing = filings.fetch_filing(ctx(), user(), declaration_id)
    xml, xml_problem = documents.xml_preview(filing["content"])
    return render_template(
        "filing.html",
        f=filing,
        c=filing["content"],
        xml=xml,
        xml_problem=xml_problem,
        files=documents.shown_files(ctx(), user(), filing, request.args.get("job")),
        pdf_kinds=documents.pdf_kinds(filing["content"]),
        errors=errors or FormErrors(),
        form=form or {},
    ), status


@bp.get("/inbox/<declaration_id>")
@visible(Permission.READ_FILING)
def filing(declaration_id: str) -> tuple[str, int]:
    return render_filing(declaration_id)


def _back(declaration_id: str) -> str:
    return url_for("web.filing", declaration_id=declaration_id)


@bp.post("/inbox/<declaration_id>/acknowledge")
@visible(Permission.READ_FILING, Permission.ACKNOWLEDGE_FILING)
def acknowledge(declaration_id: str) -> Response | tuple[str, int]:
    version = expected_version()
    reference = (text(request.form, "customs_reference") or "").upper().replace(" ", "")
    errors = FormErrors()
    if not reference:
        errors.add("customs_reference", "is required: the MRN or entry number customs gave")
        return render_filing(declaration_id, errors, request.form, 422)
    try:
        return act(
            lambda: filings.acknowledge(ctx(), user(), declaration_id, version, reference),
            _back(declaration_id),
            f"Acknowledged with {reference}; the desk sees it on the RMA.",
        )
    except InvalidInput as exc:
        errors.update(exc.errors)
        return render_filing(declaration_id, errors, request.form, 422)


@bp.post("/inbox/<declaration_id>/reject")
@visible(Permission.READ_FILING, Permission.ACKNOWLEDGE_FILING)
def reject(declaration_id: str) -> Response | tuple[str, int]:
    version = expected_version()
    message = text(request.form, "message")
    if message is None:
        errors = FormErrors()
        errors.add("message", "is required: tell the desk why it cannot be filed")
        return render_filing(declaration_id, errors, request.form, 422)
    return act(
        lambda: filings.reject(ctx(), user(), declaration_id, version, message),
        _back(declaration_id),
        "Rejected; the desk sees your message and will amend the declaration.",
    )


@bp.post("/inbox/<declaration_id>/documents")
@visible(Permission.READ_FILING)
def prepare_filing_documents(declaration_id: str) -> Response:
    filing_view = filings.fetch_filing(ctx(), user(), declaration_id)
    return documents.start_pack(
        filing_view,
        f"Documents of {filing_view['rma_number']}, {filing_view['side']} declaration v{filing_view['version_no']}",
        _back(declaration_id) + "#documents",
    )


@bp.get("/inbox/<declaration_id>/documents/<kind>")
@visible(Permission.READ_FILING)
def filing_document(declaration_id: str, kind: str) -> FlaskResponse:
    return send_file(*documents.fetch(ctx(), user(), declaration_id, kind), inline=request.args.get("inline") == "1")


@bp.get("/inbox/<declaration_id>/preview/<kind>")
@visible(Permission.READ_FILING)
def filing_preview(declaration_id: str, kind: str) -> FlaskResponse:
    return preview_response(filings.fetch_filing(ctx(), user(), declaration_id)["content"], kind)
