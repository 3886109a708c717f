"""Sign in with an API token (exchanged for a session cookie), sign out, and each role's start page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tradedesk.auth.permissions import Permission, allowed
from tradedesk.web.blueprint import bp
from tradedesk.web.forms import FormErrors
from tradedesk.web.session import current_user, safe_next, sign_in, sign_out

#: where each role starts: the first page of this list its role may open
START = (
    (Permission.REVIEW_DECLARATION, "web.queue"),
    (Permission.CREATE_RMA, "web.rmas"),
    (Permission.READ_FILING, "web.inbox"),
    (Permission.READ_RMA, "web.rmas"),
)


def start_page() -> str:
    actor = current_user()
    if actor is None:
        return url_for("web.login")
    for permission, endpoint in START:
        if allowed(actor.role, permission):
            return url_for(endpoint)
    return url_for("web.login")


@bp.get("/")
def home() -> Response:
    return redirect(start_page())


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | str:
    errors = FormErrors()
    target = safe_next(request.values.get("next"))
    if request.method == "POST":
        token = request.form.get("token", "")
        actor = sign_in(token) if token.strip() else None
        if actor is not None:
            flash(f"Signed in as {actor.name} ({actor.role.replace('_', ' ')}).", "success")
            return redirect(target or start_page())
        errors.add("token", "is unknown or revoked" if token.strip() else "is required")
        return render_template("login.html", errors=errors, next=target), 401
    if current_user() is not None and target is None:
        return redirect(start_page())
    return render_template("login.html", errors=errors, next=target)


@bp.post("/logout")
def logout() -> Response:
    sign_out()
    flash("You are signed out.", "success")
    return redirect(url_for("web.login"))
