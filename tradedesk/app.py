"""The Flask app factory (gunicorn: `wsgi:app`); kept out of `tradedesk/__init__.py` so that the CLI's
stateless commands (classify, documents) never import Flask, flask-smorest or werkzeug."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify

from tradedesk import config as config_module
from tradedesk.data.loader import load_profiles


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """App factory: settings from the environment, overridden by `config` (tests)."""
    app = Flask(__name__)
    app.config.update(config_module.from_env())
    if config:
        app.config.update(config)
    app.config["SECRET_KEY"] = config_module.secret_key(app.config)
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from tradedesk.db.engine import make_engine
    from tradedesk.services.context import Context

    # A broken profile fails here, at start-up, naming file and key.
    profiles = load_profiles(app.config["TRADEDESK_PROFILES_DIR"])
    app.extensions["tradedesk.profiles"] = profiles
    engine = app.config.get("TRADEDESK_ENGINE") or make_engine(app.config["DATABASE_URL"])
    app.extensions["tradedesk.context"] = Context(
        engine=engine,
        profiles=profiles,
        audit_key=config_module.audit_key(app.config),
        screening_thresholds=config_module.screening_thresholds(app.config),
        allow_private_webhooks=bool(app.config.get("TRADEDESK_WEBHOOKS_ALLOW_PRIVATE")),
        smtp=config_module.smtp_settings(app.config),
    )

    from tradedesk import security_headers
    from tradedesk.tasks.queue import build_queue

    # Jobs started by the pages go through the task queue; in immediate mode a task uses this app's Context.
    app.extensions["tradedesk.tasks"] = build_queue(app.config, lambda: app.extensions["tradedesk.context"])
    # background events a use case asks for once it commits (screening a new party) go to the same queue
    app.extensions["tradedesk.context"].dispatch = app.extensions["tradedesk.tasks"].dispatch

    from tradedesk.api import blueprints, errors
    from tradedesk.api.openapi import TradeDeskApi
    from tradedesk.inputs.leg import LegSchema
    from tradedesk.web import register as register_web

    api = TradeDeskApi(
        app,
        spec_kwargs={
            "components": {
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer", "description": "API token (tradedesk token create)"}
                }
            },
            "security": [{"bearer": []}],
        },
    )
    api.spec.components.schema("Leg", schema=LegSchema)
    for blueprint in blueprints():
        api.register_blueprint(blueprint)
    app.extensions["tradedesk.api"] = api
    from tradedesk.api.docs import bp as api_docs

    app.register_blueprint(api_docs)
    register_web(app)
    errors.register(app)
    security_headers.register(app)

    @app.get("/healthz")
    def healthz() -> Any:
        return jsonify(status="ok", profiles=profiles.digest)

    return app
