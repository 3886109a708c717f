"""Who acts: the person or program behind a request, a page or a CLI command, as every use case receives it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    role: str
    party_id: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})"


SYSTEM = Actor(id="system", name="system", role="system")
