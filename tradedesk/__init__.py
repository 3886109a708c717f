"""TradeDesk: IOR/EOR trade-compliance desk for cross-border RMA shipments."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify
from flask_smorest import Api

from tradedesk import config as config_module
from tradedesk.domain.profiles import load_profiles


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """App factory: settings from the environment, overridden by `config` (tests)."""
    app = Flask(__name__)
    app.config.update(config_module.from_env())
    if config:
        app.config.update(config)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # A broken profile fails here, at start-up, naming file and key.
    app.extensions["tradedesk.profiles"] = load_profiles(app.config["TRADEDESK_PROFILES_DIR"])

    from tradedesk.api import classify, errors
    from tradedesk.api.schemas.leg import LegSchema

    api = Api(app)
    api.spec.components.schema("Leg", schema=LegSchema)
    api.register_blueprint(classify.blp)
    errors.register(app)

    @app.get("/healthz")
    def healthz() -> Any:
        return jsonify(status="ok", profiles=app.extensions["tradedesk.profiles"].digest)

    return app
