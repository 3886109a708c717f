"""What a stored decision was taken on: one key for the engine's whole input, so that a decision is computed once
per version of that input and every later reader (declaration content, payloads, documents) reuses it.

The key covers the leg as the engine sees it (goods, parties, details, the relief proven from the earlier leg,
its MRN included), the profiles' digest and the engine's own code: a change to any of them, and only that, makes
the stored decision stale.
"""

from __future__ import annotations

import hashlib

from tradedesk.domain.model import Leg


def decision_key(leg: Leg, profiles_digest: str, engine_digest: str) -> str:
    """sha256 over the engine's input; frozen dataclasses of plain values repr the same way every time."""
    return hashlib.sha256(f"{engine_digest}|{profiles_digest}|{leg!r}".encode()).hexdigest()
