"""JSON API under /api/v1: thin blueprints (load input -> call one service -> dump output)."""

from __future__ import annotations

from typing import Any


def blueprints() -> list[Any]:
    """Every API blueprint, one per resource, in the order the OpenAPI document lists them."""
    from tradedesk.api import (
        audit,
        bulk,
        classify,
        declarations,
        documents,
        filings,
        intake,
        labels,
        legs,
        parties,
        reports,
        rmas,
        screening,
        tracking,
        webhooks,
    )

    return [
        m.blp
        for m in (
            classify,
            parties,
            rmas,
            legs,
            declarations,
            documents,
            filings,
            reports,
            audit,
            screening,
            tracking,
            labels,
            webhooks,
            intake,
            bulk,
        )
    ]
