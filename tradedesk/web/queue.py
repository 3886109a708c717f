"""The review queue's order: what must be looked at first comes first."""

from __future__ import annotations

from datetime import date
from typing import Any


def deadline_of(declaration: dict[str, Any]) -> date | None:
    raw = declaration.get("deadline")
    return date.fromisoformat(raw) if raw else None


def severities(declaration: dict[str, Any]) -> dict[str, int]:
    """Flag counts by severity: {"error": 1, "warning": 2, "info": 0}."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for flag in declaration.get("flags") or []:
        counts[flag.get("severity", "info")] = counts.get(flag.get("severity", "info"), 0) + 1
    return counts


def urgency(declaration: dict[str, Any], today: date) -> tuple[Any, ...]:
    """Sort key: overdue deadline first, then error flags, then the deadline (soonest; none last), then age
    (oldest request first)."""
    deadline = deadline_of(declaration)
    overdue = deadline is not None and deadline < today
    has_errors = severities(declaration)["error"] > 0
    return (not overdue, not has_errors, deadline or date.max, declaration.get("created_at") or "", declaration["id"])


def by_urgency(declarations: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    return sorted(declarations, key=lambda d: urgency(d, today))
