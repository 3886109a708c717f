"""What a leg's inputs must hold for its movement, in one place: the classify API and CLI (the leg schema),
the planning and editing use cases and the pages all ask here, so the same gap gets the same message.

Why it matters: a return after repair without its repair cost used to be declared at 0.00 when planned
through the API, while the CLI refused the same leg.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tradedesk.domain.model import Movement

REPAIR_REQUIRED = "required for return_after_repair: the repair cost (or its value when free) is the duty base"
REPAIR_COST_REQUIRED = "required for return_after_repair, also when no charge is made (give its value)"


def input_errors(movement: str, repair: Mapping[str, Any] | Any | None, prefix: str = "") -> dict[str, list[str]]:
    """Field path -> messages for what `movement` needs and the leg lacks. `repair` is the repair block as
    given (a mapping, or the domain Repair); `prefix` places the paths (e.g. "details.")."""
    if movement != str(Movement.RETURN_AFTER_REPAIR):
        return {}
    if repair is None:
        return {f"{prefix}repair": [REPAIR_REQUIRED]}
    cost = repair.get("cost") if isinstance(repair, Mapping) else getattr(repair, "cost", None)
    if cost is None:
        return {f"{prefix}repair.cost": [REPAIR_COST_REQUIRED]}
    return {}
