"""What every form handler does the same way: read the version the person saw, run one use case, and
turn its refusals into a message on the page they came from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, request
from werkzeug.wrappers import Response

from tradedesk.domain.rma import TransitionError
from tradedesk.domain.workflow import WorkflowError
from tradedesk.services.errors import Conflict, Stale

STALE = "Someone changed this record after you opened it. This is the current version: check it and try again."


def expected_version() -> int:
    """The version of the record the form was rendered from (the API's If-Match)."""
    raw = request.form.get("version", "")
    if not raw.isdigit():
        abort(400, description="the form does not say which version of the record it was filled in for")
    return int(raw)


def act(change: Callable[[], Any], back: str, success: str | Callable[[Any], str]) -> Response:
    """Run `change`; flash the outcome (`success`, or what it says of the result) and go back.

    Input errors are the caller's: it re-renders the form with them next to their inputs.
    """
    try:
        result = change()
    except Stale:
        flash(STALE, "error")
    except (Conflict, WorkflowError, TransitionError) as exc:
        flash(f"Not done: {exc}", "error")
    else:
        flash(success if isinstance(success, str) else success(result), "success")
    return redirect(back)
