"""GS1 UDI parsing: GTIN, serial (21), lot (10), expiry (17); anything else is refused with a reason."""

from __future__ import annotations

from datetime import date

import pytest

from tradedesk.domain.udi import parse_udi

GS = "\x1d"


def test_a_human_readable_udi_gives_its_parts():
    udi = parse_udi("(01)09506000134352(17)261231(10)LOT-7(21)SN42")
    assert (udi.gtin, udi.serial, udi.lot, udi.expiry) == ("09506000134352", "SN42", "LOT-7", date(2026, 12, 31))


def test_a_scanned_udi_with_group_separators_gives_the_same_parts():
    scanned = parse_udi(f"]d201095060001343521726123110LOT-7{GS}21SN42")
    assert scanned == parse_udi("(01)09506000134352(17)261231(10)LOT-7(21)SN42")


def test_the_normalised_form_is_human_readable():
    assert parse_udi(f"010950600013435210LOT-7{GS}21SN42").hri == "(01)09506000134352(10)LOT-7(21)SN42"


def test_a_device_identifier_alone_is_a_udi():
    udi = parse_udi("(01)09506000134352")
    assert (udi.serial, udi.lot, udi.expiry) == (None, None, None)


def test_an_expiry_day_of_00_means_the_end_of_the_month():
    assert parse_udi("(01)09506000134352(17)270200").expiry == date(2027, 2, 28)


def test_the_parts_serialise_as_plain_json():
    assert parse_udi("(01)09506000134352(17)261231(21)SN42").as_dict() == {
        "gtin": "09506000134352",
        "serial": "SN42",
        "lot": None,
        "expiry": "2026-12-31",
        "hri": "(01)09506000134352(17)261231(21)SN42",
    }


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("(01)09506000134353(21)SN42", "GTIN is invalid"),  # wrong check digit
        ("(21)SN42(10)LOT", "no device identifier"),
        ("(01)09506000134352(17)261399", "not a GS1 UDI"),  # no 99th day
        ("hello", "not a GS1 UDI"),
        ("   ", "empty"),
    ],
)
def test_an_invalid_udi_is_refused_with_a_reason(value, complaint):
    with pytest.raises(ValueError, match=complaint):
        parse_udi(value)
