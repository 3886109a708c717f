"""Server-rendered pages for people: the review queue, RMA pages, the broker inbox, deadlines and analytics.

The pages use the same roles, permissions and services as the JSON API; only the way a person proves who
they are differs: an API token is exchanged once for a signed session cookie that holds the token's id
(never the token), and the actor is looked up again on every request, so a revoked token ends its
sessions at once. Every form carries a per-session CSRF token.
"""

from __future__ import annotations

import os

from flask import Flask


def register(app: Flask) -> None:
    """Mount the pages on `app` (called once by create_app, after the API blueprints)."""
    from tradedesk.web import (  # noqa: F401
        documents,
        jobs,
        views_auth,
        views_broker,
        views_bulk,
        views_desk,
        views_intake,
        views_reports,
        views_rmas,
        views_screening,
        views_webhooks,
    )
    from tradedesk.web.blueprint import bp

    relaxed = bool(app.config.get("TESTING") or app.config.get("DEBUG"))
    secure = app.config.get("TRADEDESK_SECURE_COOKIES", os.environ.get("TRADEDESK_SECURE_COOKIES"))
    app.config.update(
        SESSION_COOKIE_NAME="tradedesk_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=(not relaxed) if secure is None else str(secure).lower() in ("1", "true", "yes"),
    )
    app.register_blueprint(bp)
