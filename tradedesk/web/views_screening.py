"""Screening pages for the compliance officer: matches to decide (oldest first, the listed entry beside the party),
the list versions and their dates, a party's screening history (issue #14). The same service calls as the API."""

from __future__ import annotations

from flask import render_template, request, url_for
from werkzeug.wrappers import Response

from tradedesk.api.http import ctx
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.services import screening
from tradedesk.services.errors import InvalidInput
from tradedesk.web.actions import act
from tradedesk.web.blueprint import bp
from tradedesk.web.forms import FormErrors, required, text
from tradedesk.web.pages import page_request
from tradedesk.web.session import page, user, visible

STATUSES = (("open", "To decide"), ("cleared", "Cleared"), ("confirmed", "Confirmed"), ("lapsed", "Lapsed"))


@bp.get("/screening")
@page(Permission.READ_SCREENING)
def screening_queue() -> str:
    status = request.args.get("status") or "open"
    if status not in dict(STATUSES):
        status = "open"
    matches = screening.match_queue(ctx(), page_request(), status)
    return render_template(
        "screening.html",
        matches=matches,
        status=status,
        statuses=STATUSES,
        lists=screening.list_versions(ctx()),
        may_decide=allowed(user().role, Permission.DECIDE_SCREENING),
    )


@bp.get("/screening/matches/<match_id>")
@visible(Permission.READ_SCREENING)
def screening_match(match_id: str) -> str:
    return render_match(match_id, FormErrors(), {}, 200)[0]


def render_match(match_id: str, errors: FormErrors, form: dict[str, str], status: int) -> tuple[str, int]:
    match = screening.get_match(ctx(), match_id)
    may_decide = allowed(user().role, Permission.DECIDE_SCREENING) and match["status"] == "open"
    return render_template("screening_match.html", match=match, errors=errors, form=form, may_decide=may_decide), status


@bp.post("/screening/matches/<match_id>/decision")
@visible(Permission.READ_SCREENING, Permission.DECIDE_SCREENING)
def decide_screening_match(match_id: str) -> Response | tuple[str, int]:
    errors = FormErrors()
    body = {"decision": text(request.form, "decision"), "reason": text(request.form, "reason")}
    required(errors, body, ["decision", "reason"])
    if errors:
        return render_match(match_id, errors, dict(request.form), 422)
    decision, reason = str(body["decision"]), str(body["reason"])
    done = "cleared as a false positive" if decision == "clear" else "confirmed: the party's open RMAs are held"
    try:
        return act(
            lambda: screening.decide_match(ctx(), user(), match_id, decision, reason),
            url_for("web.screening_match", match_id=match_id),
            f"The match is {done}; the legs the party is on were decided again.",
        )
    except InvalidInput as exc:
        errors.update(exc.errors)
        return render_match(match_id, errors, dict(request.form), 422)


@bp.get("/parties/<party_id>/screening")
@visible(Permission.READ_SCREENING)
def party_screening(party_id: str) -> str:
    return render_template("party_screening.html", history=screening.party_screening(ctx(), party_id))
