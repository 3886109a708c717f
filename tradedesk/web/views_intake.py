"""The customer's pages (issue #12 intake): ask for a return link, choose what to return with photos, follow the
return. No sign-in: the one-time link emailed to the order's address is the customer's credential."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Response, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from tradedesk.api.http import ctx
from tradedesk.services import intake
from tradedesk.services.errors import InvalidInput, NotFound
from tradedesk.uploads.store import store_from_settings
from tradedesk.web.blueprint import bp
from tradedesk.web.forms import FormErrors, text


@bp.route("/returns", methods=["GET", "POST"], endpoint="intake_start")
def intake_start() -> str | tuple[str, int]:
    errors, form = FormErrors(), request.form
    if request.method == "GET":
        return render_template("intake_start.html", errors=errors, form={}, sent=False)
    try:
        intake.request_link(
            ctx(),
            text(form, "order_reference") or "",
            text(form, "email") or "",
            request.remote_addr or "unknown",
            str(current_app.config["TRADEDESK_PUBLIC_URL"]),
        )
    except InvalidInput as exc:
        errors.update(exc.errors)
        return render_template("intake_start.html", errors=errors, form=form, sent=False), 422
    except intake.RateLimited as exc:
        errors.add("email", str(exc))
        return render_template("intake_start.html", errors=errors, form=form, sent=False), 429
    return render_template("intake_start.html", errors=errors, form={}, sent=True)


def _choice(form: Any, order: dict[str, Any], errors: FormErrors) -> dict[str, Decimal]:
    lines: dict[str, Decimal] = {}
    for line in order["lines"]:
        raw = (form.get(f"qty-{line['id']}") or "0").strip() or "0"
        try:
            lines[line["id"]] = Decimal(raw)
        except InvalidOperation:
            errors.add(f"lines.{line['id']}", "enter a number")
    return lines


@bp.get("/returns/continue/<token>", endpoint="intake_continue")
def intake_continue(token: str) -> str | tuple[str, int]:
    try:
        order = intake.open_link(ctx(), token)
    except NotFound as exc:
        return render_template("intake_gone.html", message=str(exc)), 404
    return render_template("intake_choose.html", order=order, token=token, errors=FormErrors(), form={})


@bp.post("/returns/continue/<token>", endpoint="intake_submit")
def intake_submit(token: str) -> BaseResponse | str | tuple[str, int]:
    try:
        order = intake.open_link(ctx(), token)
    except NotFound as exc:
        return render_template("intake_gone.html", message=str(exc)), 404
    errors, form = FormErrors(), request.form
    lines = _choice(form, order, errors)
    photos = [f.read() for f in request.files.getlist("photos") if f and f.filename]
    choice = intake.IntakeRequest(
        lines=lines,
        reason_code=text(form, "reason_code") or "",
        condition=text(form, "condition") or "",
        wish=text(form, "wish") or "",
        description=text(form, "description") or "",
        photos=photos,
    )
    if not errors:
        try:
            intake.submit(ctx(), token, choice, store_from_settings(current_app.config))
            return redirect(url_for("web.intake_status", token=token))
        except InvalidInput as exc:
            errors.update(exc.errors)
    return render_template("intake_choose.html", order=order, token=token, errors=errors, form=form), 422


@bp.get("/returns/status/<token>/label", endpoint="intake_label")
def intake_label(token: str) -> Response | tuple[str, int]:
    try:
        filename, pdf = intake.return_label(ctx(), token)
    except NotFound as exc:
        return render_template("intake_gone.html", message=str(exc)), 404
    return Response(
        pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.get("/returns/status/<token>", endpoint="intake_status")
def intake_status(token: str) -> str | tuple[str, int]:
    try:
        status = intake.return_status(ctx(), token)
    except NotFound as exc:
        return render_template("intake_gone.html", message=str(exc)), 404
    return render_template("intake_status.html", status=status, token=token)
