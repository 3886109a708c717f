"""CSRF protection: one random token per session, in a hidden field of every form, checked on every POST."""

from __future__ import annotations

import hmac
import secrets

from flask import abort, request, session

FIELD = "csrf_token"
REFUSED = "csrf token missing or invalid"


def token() -> str:
    """The session's token (created on first use, e.g. by the sign-in form)."""
    value = session.get("csrf")
    if not isinstance(value, str):
        value = secrets.token_urlsafe(32)
        session["csrf"] = value
    return value


def check() -> None:
    """403 unless the form carries the session's token (compared in constant time)."""
    sent, expected = request.form.get(FIELD, ""), session.get("csrf")
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(403, description=REFUSED)
