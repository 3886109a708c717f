"""Carrier labels (issue #12, point 3): the CarrierLabels interface (carriers.labels) and its adapters.

Which adapter the desk uses is a setting: TRADEDESK_CARRIER (`easypost`, or unset for none) and the adapter's
credentials (TRADEDESK_EASYPOST_API_KEY). Without a carrier, TradeDesk still prints its own return label.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tradedesk.carriers.labels import CarrierConfigError, CarrierLabels

CARRIERS = ("easypost",)


def carrier_from_settings(settings: Mapping[str, Any]) -> CarrierLabels | None:
    """The adapter the settings name (None when TRADEDESK_CARRIER is unset); CarrierConfigError if unusable."""
    code = str(settings.get("TRADEDESK_CARRIER") or "").strip().lower()
    if not code:
        return None
    if code == "easypost":
        from tradedesk.carriers.easypost import EasyPostLabels

        key = str(settings.get("TRADEDESK_EASYPOST_API_KEY") or "").strip()
        if not key:
            raise CarrierConfigError("TRADEDESK_CARRIER=easypost needs TRADEDESK_EASYPOST_API_KEY")
        return EasyPostLabels(key)
    raise CarrierConfigError(f"TRADEDESK_CARRIER={code!r} is not a carrier TradeDesk knows ({', '.join(CARRIERS)})")
