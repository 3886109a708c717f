"""JSON API under /api/v1: thin blueprints (load input -> call one service -> dump output)."""

from __future__ import annotations

from typing import Any


def blueprints() -> list[Any]:
    """Every API blueprint, registered by the app factory (one per resource)."""
    from tradedesk.api import classify

    found = [classify.blp]
    for name in ("parties", "rmas", "legs", "declarations", "documents", "filings", "reports", "audit"):
        try:
            module = __import__(f"tradedesk.api.{name}", fromlist=["blp"])
        except ModuleNotFoundError as exc:
            if exc.name != f"tradedesk.api.{name}":
                raise
            continue
        found.append(module.blp)
    return found
