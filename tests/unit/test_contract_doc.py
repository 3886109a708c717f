"""docs/contract.md, the contract the README and the OpenAPI descriptions point at, says what the code does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tradedesk.api.schemas.leg import LegSchema
from tradedesk.domain.checks import CATALOGUE
from tradedesk.domain.model import DutyBase, Movement, Regime, Transport

CONTRACT = (Path(__file__).resolve().parents[2] / "docs" / "contract.md").read_text(encoding="utf-8")


def _flag_rows() -> dict[str, str]:
    return dict(re.findall(r"^\| `([A-Z_]+)` \| (error|warning|info) \|", CONTRACT, re.M))


def test_every_flag_code_is_listed_with_its_severity() -> None:
    assert _flag_rows() == {code: str(kind.severity) for code, kind in CATALOGUE.items()}


@pytest.mark.parametrize("field", sorted(LegSchema().fields))
def test_every_request_field_is_described(field: str) -> None:
    assert f"`{field}`" in CONTRACT


@pytest.mark.parametrize("value", [str(v) for enum in (Movement, Regime, DutyBase, Transport) for v in enum])
def test_every_movement_regime_duty_base_and_transport_is_named(value: str) -> None:
    assert f"`{value}`" in CONTRACT


def test_the_contract_names_no_file_outside_the_repository() -> None:
    assert [name for name in ("DESIGN.md", "customs-regimes", "../shared") if name in CONTRACT] == []
