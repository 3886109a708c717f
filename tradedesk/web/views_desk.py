"""The compliance desk: the review queue, a declaration with its decision, flags, XML and PDFs, the review
actions (approve / request changes / amend / file to a broker), and the relief deadlines."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Response as FlaskResponse
from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tradedesk.api.http import ctx
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.domain.model import Severity
from tradedesk.domain.workflow import DeclarationStatus
from tradedesk.services import declarations, legs, parties, reports
from tradedesk.services.audit_trail import AuditFilters, list_events
from tradedesk.services.declarations import DeclarationFilter
from tradedesk.services.errors import InvalidInput
from tradedesk.services.queue import deadline_of
from tradedesk.web import documents
from tradedesk.web.actions import act, expected_version
from tradedesk.web.blueprint import bp
from tradedesk.web.forms import FormErrors, text
from tradedesk.web.pages import PICK_LIST, page_request
from tradedesk.web.session import page, user, visible

STATUS_CHOICES = [
    ("in_review", "In review (to decide)"),
    ("approved", "Approved (to file)"),
    ("changes_requested", "Changes requested"),
    ("filed", "Filed (with the broker)"),
    ("rejected_by_broker", "Rejected by broker"),
    ("accepted", "Accepted"),
    ("any", "Any status"),
]
DUE_CHOICES = [
    ("", "Any deadline"),
    ("7", "Due within 7 days"),
    ("30", "Due within 30 days"),
    ("90", "Due within 90 days"),
]


# ----------------------------------------------------------------------------------------------- queue


def _queue_filter(args: Any, today: Any) -> tuple[DeclarationFilter, dict[str, str]]:
    chosen = {
        "status": args.get("status", "in_review"),
        "country": (args.get("country") or "").upper(),
        "severity": args.get("severity", ""),
        "due": args.get("due", ""),
    }
    if chosen["status"] not in dict(STATUS_CHOICES):
        chosen["status"] = "in_review"
    if chosen["severity"] not in {str(s) for s in Severity}:
        chosen["severity"] = ""
    if chosen["due"] not in dict(DUE_CHOICES):
        chosen["due"] = ""
    if chosen["country"] not in ctx().profiles.by_country:
        chosen["country"] = ""
    before = today + timedelta(days=int(chosen["due"]) + 1) if chosen["due"] else None
    return DeclarationFilter(
        status=None if chosen["status"] == "any" else chosen["status"],
        jurisdiction=chosen["country"] or None,
        severity=chosen["severity"] or None,
        deadline_before=before,
    ), chosen


@bp.get("/queue")
@page(Permission.READ_DECLARATION)
def queue() -> str:
    """One page of the review queue as the API serves it (ordered in SQL, most urgent first)."""
    today = ctx().now().date()
    f, chosen = _queue_filter(request.args, today)
    listing = declarations.list_declarations(ctx(), f, page_request())
    for row in listing.items:
        deadline = deadline_of(row)
        row["_days_left"] = None if deadline is None else (deadline - today).days
    return render_template(
        "queue.html",
        rows=listing.items,
        listing=listing,
        chosen=chosen,
        statuses=STATUS_CHOICES,
        dues=DUE_CHOICES,
        countries=sorted(ctx().profiles.by_country),
        severities=[str(s) for s in Severity],
        today=today,
    )


# ------------------------------------------------------------------------------------------ declaration


def _history(entity_id: str) -> list[dict[str, Any]]:
    return list_events(ctx(), user(), AuditFilters(entity_type="declaration", entity_id=entity_id), PICK_LIST).items


def _broker_label(broker: dict[str, Any]) -> str:
    served = ", ".join(broker["serves_countries"]) if broker["serves_countries"] else broker["country"]
    return f"{broker['name']} ({served})"


def render_declaration(
    declaration_id: str, errors: FormErrors | None = None, form: Any = None, status: int = 200
) -> tuple[str, int]:
    decl = declarations.get_declaration(ctx(), declaration_id)
    leg = legs.get_leg(ctx(), decl["leg_id"])
    actor = user()
    brokers: list[dict[str, Any]] = []
    if allowed(actor.role, Permission.FILE_DECLARATION) and decl["status"] == DeclarationStatus.APPROVED:
        brokers = parties.list_parties(ctx(), actor, kind="broker", request=PICK_LIST).items
    broker = parties.get_party(ctx(), actor, decl["broker_id"]) if decl["broker_id"] else None
    xml, xml_problem = documents.xml_preview(decl["content"], decl["acknowledgements"])
    flags = decl["flags"] or []
    return render_template(
        "declaration.html",
        d=decl,
        c=decl["content"],
        leg=leg,
        flags=flags,
        errors_block=[f for f in flags if f.get("severity") == "error"],
        warnings=[f for f in flags if f.get("severity") == "warning"],
        infos=[f for f in flags if f.get("severity") not in ("error", "warning")],
        own_request=decl["requested_by"] == actor.id,
        broker=broker,
        broker_options=[(b["id"], _broker_label(b)) for b in brokers],
        default_broker=decl["broker_id"]
        or parties.proposed_broker(
            brokers, declarations.declared_in(decl["side"], leg["from_country"], leg["to_country"]), leg["broker_id"]
        ),
        xml=xml,
        xml_problem=xml_problem,
        files=documents.shown_files(ctx(), actor, decl, request.args.get("job")),
        pdf_kinds=documents.pdf_kinds(decl["content"]),
        history=_history(declaration_id),
        errors=errors or FormErrors(),
        form=form or {},
        today=ctx().now().date(),
    ), status


def _back(declaration_id: str, anchor: str = "") -> str:
    return url_for("web.declaration", declaration_id=declaration_id) + (f"#{anchor}" if anchor else "")


@bp.get("/review/<declaration_id>")
@visible(Permission.READ_DECLARATION)
def declaration(declaration_id: str) -> tuple[str, int]:
    return render_declaration(declaration_id)


@bp.post("/review/<declaration_id>/approve")
@visible(Permission.READ_DECLARATION, Permission.REVIEW_DECLARATION)
def approve(declaration_id: str) -> Response | tuple[str, int]:
    version = expected_version()
    acknowledgements = {
        k.split(".", 1)[1]: v.strip()
        for k, v in request.form.items()
        if k.startswith("acknowledgements.") and v.strip()
    }
    comment = text(request.form, "comment")
    try:
        return act(
            lambda: declarations.approve(ctx(), user(), declaration_id, version, acknowledgements, comment),
            _back(declaration_id),
            "Approved. It can now be filed to a customs broker.",
        )
    except InvalidInput as exc:
        errors = FormErrors()
        errors.update(exc.errors)
        return render_declaration(declaration_id, errors, request.form, 422)


@bp.post("/review/<declaration_id>/request-changes")
@visible(Permission.READ_DECLARATION, Permission.REVIEW_DECLARATION)
def request_changes(declaration_id: str) -> Response | tuple[str, int]:
    version = expected_version()
    comment = text(request.form, "request_comment")
    if comment is None:
        errors = FormErrors()
        errors.add("request_comment", "is required: say what has to change")
        return render_declaration(declaration_id, errors, request.form, 422)
    return act(
        lambda: declarations.request_changes(ctx(), user(), declaration_id, version, comment),
        _back(declaration_id),
        "Changes requested; the coordinator sees your comment.",
    )


@bp.post("/review/<declaration_id>/amend")
@visible(Permission.READ_DECLARATION, Permission.AMEND_DECLARATION)
def amend(declaration_id: str) -> Response:
    version = expected_version()
    outcome: dict[str, Any] = {}

    def change() -> None:
        outcome.update(declarations.amend(ctx(), user(), declaration_id, version, text(request.form, "amend_comment")))

    response = act(change, _back(declaration_id), "A new version was drafted from the leg's current decision.")
    return redirect(_back(outcome["id"])) if outcome else response


@bp.post("/review/<declaration_id>/file")
@visible(Permission.READ_DECLARATION, Permission.FILE_DECLARATION)
def file_to_broker(declaration_id: str) -> Response | tuple[str, int]:
    version = expected_version()
    try:
        return act(
            lambda: declarations.file_declaration(
                ctx(), user(), declaration_id, version, text(request.form, "broker_id")
            ),
            _back(declaration_id),
            "Filed. The broker now sees it in their inbox.",
        )
    except InvalidInput as exc:
        errors = FormErrors()
        errors.update(exc.errors)
        return render_declaration(declaration_id, errors, request.form, 422)


# ---------------------------------------------------------------------------------------------- files


@bp.post("/review/<declaration_id>/documents")
@visible(Permission.READ_DECLARATION)
def prepare_documents(declaration_id: str) -> Response:
    decl = declarations.get_declaration(ctx(), declaration_id)
    return documents.start_pack(
        decl,
        f"Documents of {decl['rma_number']}, {decl['side']} declaration v{decl['version_no']}",
        _back(declaration_id, "documents"),
    )


def send_file(filename: str, media_type: str, data: bytes, inline: bool) -> FlaskResponse:
    response = FlaskResponse(data, mimetype=media_type)
    disposition = "inline" if inline and media_type == "application/pdf" else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@bp.get("/review/<declaration_id>/documents/<kind>")
@visible(Permission.READ_DECLARATION)
def declaration_document(declaration_id: str, kind: str) -> FlaskResponse:
    return send_file(*documents.fetch(ctx(), user(), declaration_id, kind), inline=request.args.get("inline") == "1")


PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"


def preview_response(content: dict[str, Any], kind: str) -> FlaskResponse:
    response = FlaskResponse(documents.preview_html(content, kind), mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    return response


@bp.get("/review/<declaration_id>/preview/<kind>")
@visible(Permission.READ_DECLARATION)
def declaration_preview(declaration_id: str, kind: str) -> FlaskResponse:
    return preview_response(declarations.get_declaration(ctx(), declaration_id)["content"], kind)


# ------------------------------------------------------------------------------------------- deadlines


@bp.get("/deadlines")
@page(Permission.READ_REPORTS)
def deadlines() -> str:
    try:
        within = max(0, min(int(request.args.get("within", "30")), 3650))
    except ValueError:
        within = 30
    report = reports.deadlines(ctx(), user(), within, page_request())
    return render_template("deadlines.html", report=report, within=within)
