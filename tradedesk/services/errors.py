"""Use-case errors; the API maps each to one HTTP status in tradedesk/api/errors.py."""

from __future__ import annotations


class NotFound(LookupError):
    """The object does not exist, or the actor may not see it (both are 404: no existence oracle)."""


class Conflict(ValueError):
    """The object's state does not allow the action (409)."""


class Stale(ValueError):
    """The client's version (If-Match) is not the current one (412)."""


class InvalidInput(ValueError):
    """Field path -> messages (422), like the classification contract's errors."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors
