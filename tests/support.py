"""Builders for classification requests in tests: a complete, valid leg with overridable parts."""

from __future__ import annotations

import copy
from typing import Any

from tradedesk.data.loader import load_profiles
from tradedesk.domain.contract import decision_dict
from tradedesk.domain.regimes import classify
from tradedesk.inputs.leg import load_legs


def money(amount: str, currency: str) -> dict[str, str]:
    return {"amount": amount, "currency": currency}


def item(**overrides: Any) -> dict[str, Any]:
    base = {
        "description": "Laptop computer",
        "hs_code": "847130",
        "origin_country": "CN",
        "quantity": 1,
        "unit_value": "1000.00",
        "currency": "EUR",
        "serial_numbers": ["SN-0001"],
        "udi": None,
    }
    base.update(overrides)
    return base


def party(name: str, country: str, **overrides: Any) -> dict[str, Any]:
    base = {"name": name, "country": country, "established_in": [country], "identifiers": {}}
    base.update(overrides)
    return base


def leg(movement: str, from_country: str, to_country: str, **overrides: Any) -> dict[str, Any]:
    """A valid request for one leg; `overrides` replace top-level blocks (items, repair, prior_export ...)."""
    base: dict[str, Any] = {
        "movement": movement,
        "from_country": from_country,
        "to_country": to_country,
        "ship_date": "2026-11-20",
        "transport": "courier",
        "items": [item()],
        "exporter": party("Exporter Co", from_country),
        "importer": party("Importer Co", to_country),
        "ata_carnet": False,
    }
    base.update(copy.deepcopy(overrides))
    return base


def decide(payload: dict[str, Any] | list[dict[str, Any]]) -> Any:
    """Validate and classify like the API does; returns the contract JSON (dict, or list for a list)."""
    profiles = load_profiles()
    legs, many = load_legs(payload, profiles)
    answers = [decision_dict(classify(one, profiles)) for one in legs]
    return answers if many else answers[0]


def codes(decision: dict[str, Any]) -> set[str]:
    return {f["code"] for f in decision["flags"]}


def severity(decision: dict[str, Any], code: str) -> str:
    return next(f["severity"] for f in decision["flags"] if f["code"] == code)


def side_flags(decision: dict[str, Any], side: str) -> set[str]:
    """Flag codes raised on one side only."""
    return {f["code"] for f in decision["flags"] if f["side"] == side}


def side_and_leg_flags(decision: dict[str, Any], side: str) -> set[str]:
    """Flag codes raised on one side plus the leg-wide ones (identity checks have no side)."""
    return {f["code"] for f in decision["flags"] if f["side"] in (side, None)}
