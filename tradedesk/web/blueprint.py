"""The pages' blueprint: who is signed in, CSRF on every POST, no caching of pages, error pages.

The security headers of every response (pages, API, docs) are set app-wide by tradedesk.security_headers.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, render_template, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from tradedesk.api.http import ApiError
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.domain.rma import TransitionError
from tradedesk.domain.workflow import WorkflowError
from tradedesk.services.errors import Conflict, InvalidInput, NotFound, Stale
from tradedesk.web import csrf, filters
from tradedesk.web.session import NAV, current_user, load_user

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/assets")
filters.install(bp)


#: forms that carry files, with the body size they may have (every other request: MAX_CONTENT_LENGTH)
LARGE_BODIES = {"web.intake_submit": 64 * 1024 * 1024, "web.imports": 21 * 1024 * 1024}


@bp.before_request
def _before() -> None:
    if request.endpoint in LARGE_BODIES:
        request.max_content_length = LARGE_BODIES[request.endpoint]  # before the form is read, by csrf.check
    load_user()
    if request.method == "POST":
        csrf.check()


@bp.after_request
def _no_store(response: Response) -> Response:
    if request.endpoint != "web.static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.app_context_processor
def _globals() -> dict[str, Any]:
    user = getattr(g, "web_actor", None)
    return {
        "user": user,
        "can": lambda permission: user is not None and allowed(user.role, Permission(permission)),
        "nav": [item for item in NAV if user is not None and allowed(user.role, item.permission)],
        "csrf_token": csrf.token,
    }


def error_page(status: int, title: str, detail: str) -> tuple[str, int]:
    return render_template("error.html", status=status, title=title, detail=detail, user=current_user()), status


@bp.errorhandler(NotFound)
def _not_found(_: Exception) -> tuple[str, int]:
    return error_page(
        404,
        "Not found",
        "There is nothing at this address that you may see. Check the link, or go back to your start page.",
    )


@bp.errorhandler(HTTPException)
def _http(exc: HTTPException) -> tuple[str, int]:
    status = exc.code or 500
    if status == 404:
        return _not_found(exc)
    if status == 403 and exc.description == csrf.REFUSED:
        return error_page(
            403,
            "This form was not accepted",
            "The form's security token was missing or out of date (for example after signing in "
            "again in another tab). Go back, reload the page and send the form again.",
        )
    if status == 403:
        return error_page(403, "Not allowed", exc.description or "Your role may not do this.")
    return error_page(status, exc.name, exc.description or "")


@bp.errorhandler(Stale)
def _stale(_: Exception) -> tuple[str, int]:
    return error_page(
        412,
        "Changed by someone else",
        "This record changed after you opened it. Open it again to see the current version, then retry.",
    )


@bp.errorhandler(Conflict)
@bp.errorhandler(TransitionError)
@bp.errorhandler(WorkflowError)
def _conflict(exc: Exception) -> tuple[str, int]:
    return error_page(409, "Not possible now", str(exc))


@bp.errorhandler(InvalidInput)
@bp.errorhandler(ValidationError)
@bp.errorhandler(ApiError)
def _invalid(exc: Exception) -> tuple[str, int]:
    return error_page(422, "Invalid input", str(exc))


@bp.errorhandler(Exception)
def _unexpected(exc: Exception) -> tuple[str, int]:  # pragma: no cover - exercised only by bugs
    from flask import current_app

    current_app.logger.exception("unhandled error on a page")
    return error_page(500, "Something went wrong", "An unexpected error occurred; it has been logged.")
