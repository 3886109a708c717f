"""docs/contract.md, the contract the README and the OpenAPI descriptions point at, says what the code does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from marshmallow import Schema, fields

from tradedesk.domain.checks import CATALOGUE
from tradedesk.domain.model import DutyBase, Movement, Regime, Transport
from tradedesk.inputs.leg import LegSchema

CONTRACT = (Path(__file__).resolve().parents[2] / "docs" / "contract.md").read_text(encoding="utf-8")


def _flag_rows() -> dict[str, str]:
    return dict(re.findall(r"^\| `([A-Z_]+)` \| (error|warning|info) \|", CONTRACT, re.M))


def test_every_flag_code_is_listed_with_its_severity() -> None:
    assert _flag_rows() == {code: str(kind.severity) for code, kind in CATALOGUE.items()}


def _field_names(schema: Schema, prefix: str = "") -> list[str]:
    """Every field of the request, nested blocks (items, repair, parties ...) included, as a dotted path."""
    names = []
    for name, field in schema.fields.items():
        names.append(prefix + name)
        inner = field.inner if isinstance(field, fields.List) else field
        if isinstance(inner, fields.Nested) and isinstance(inner.schema, Schema):
            names.extend(_field_names(inner.schema, f"{prefix}{name}."))
    return sorted(names)


@pytest.mark.parametrize("path", _field_names(LegSchema()))
def test_every_request_field_is_described(path: str) -> None:
    assert f"`{path.rsplit('.', 1)[-1]}`" in CONTRACT


@pytest.mark.parametrize("value", [str(v) for enum in (Movement, Regime, DutyBase, Transport) for v in enum])
def test_every_movement_regime_duty_base_and_transport_is_named(value: str) -> None:
    assert f"`{value}`" in CONTRACT


def test_the_contract_names_no_file_outside_the_repository() -> None:
    assert [name for name in ("DESIGN.md", "customs-regimes", "../shared") if name in CONTRACT] == []


def _keys(node: object) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for value in node.values() for k in _keys(value)}
    if isinstance(node, list):
        return {k for value in node for k in _keys(value)}
    return set()


def test_every_response_field_is_described() -> None:
    """A decision with both sides, a duty estimate, a deadline and flags: each key it carries is in the contract."""
    from tests.support import decide, leg, money

    repair = {"cost": money("400.00", "GBP"), "charged": True, "upgrade_value": None, "essential_parts_replaced": False}
    prior = {
        "date": "2026-06-01",
        "regime": "outward_processing",
        "procedure_code": "2100",
        "reference": None,
        "exporter": "Importer Co",
        "hs_code": "910211",
        "serial_numbers": ["X-1"],
        "reimport_deadline": None,
    }
    decision = decide(
        leg(
            "return_after_repair",
            "CH",
            "GB",
            repair=repair,
            prior_export=prior,
            items=[
                {
                    "description": "Wristwatch",
                    "hs_code": "910211",
                    "origin_country": "CH",
                    "quantity": 1,
                    "unit_value": "2500.00",
                    "currency": "GBP",
                    "serial_numbers": ["X-2"],
                    "udi": None,
                }
            ],
        )
    )
    assert decision["flags"] and decision["import"]["deadline"]
    assert sorted(k for k in _keys(decision) if f"`{k}`" not in CONTRACT) == []
