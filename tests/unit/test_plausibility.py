"""Figures a person should look at twice (issue #10 point 5): hard limits refused naming the field, soft ones
warned about (SERIAL_COUNT_MISMATCH, IMPLAUSIBLE_VALUE)."""

from __future__ import annotations

import pytest

from tests.support import codes, decide, item, leg, severity
from tradedesk.data.loader import load_profiles
from tradedesk.inputs.leg import LegInputError, load_legs


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("quantity", {"quantity": "1000000000000", "serial_numbers": ["SN-1"]}),
        ("unit_value", {"unit_value": "500000000.00"}),
    ],
    ids=["a-trillion-units", "half-a-billion-per-unit"],
)
def test_an_absurd_figure_is_refused_naming_its_field(field, overrides):
    with pytest.raises(LegInputError) as refused:
        load_legs(leg("warranty_replacement", "US", "CH", items=[item(**overrides)]), load_profiles())
    assert f"items.0.{field}" in refused.value.errors


def test_a_serialised_item_whose_quantity_differs_from_its_serials_is_warned_about():
    d = decide(leg("warranty_replacement", "US", "CH", items=[item(quantity=3, serial_numbers=["SN-1"])]))
    assert severity(d, "SERIAL_COUNT_MISMATCH") == "warning"


def test_one_serial_per_unit_is_no_warning():
    d = decide(leg("warranty_replacement", "US", "CH", items=[item(quantity=2, serial_numbers=["SN-1", "SN-2"])]))
    assert "SERIAL_COUNT_MISMATCH" not in codes(d)


@pytest.mark.parametrize(
    "overrides",
    [
        {"quantity": 5000, "serial_numbers": []},
        {"unit_value": "900000.00"},
        {"quantity": 900, "unit_value": "5000.00", "serial_numbers": []},
    ],
    ids=["many-units", "costly-unit", "costly-line"],
)
def test_values_far_above_a_return_are_warned_about(overrides):
    d = decide(leg("warranty_replacement", "US", "CH", items=[item(**overrides)]))
    assert severity(d, "IMPLAUSIBLE_VALUE") == "warning"


def test_an_ordinary_return_raises_no_plausibility_flag():
    d = decide(leg("warranty_replacement", "US", "CH", items=[item()]))
    assert not {"IMPLAUSIBLE_VALUE", "SERIAL_COUNT_MISMATCH"} & codes(d)
