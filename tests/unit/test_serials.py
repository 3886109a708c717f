"""Serial numbers compared one way (domain.serials): inspection against the RMA, a return against its export."""

from __future__ import annotations

import pytest

from tests.support import decide, item, leg
from tradedesk.domain.serials import compare, serial_key


@pytest.mark.parametrize(("typed", "key"), [("sn-0001", "SN-0001"), (" SN 0001 ", "SN0001"), ("ab\tc", "ABC")])
def test_case_and_blanks_do_not_make_another_serial(typed, key):
    assert serial_key(typed) == key


def test_equal_after_normalising_is_no_difference():
    assert compare(["SN-0001", "sn-0002"], [" SN-0002", "sn-0001 "]) is None


def test_a_different_character_is_a_difference_both_ways():
    difference = compare(["SN-0001"], ["SN-0007"])
    assert (difference.missing, difference.unexpected) == (("SN-0001",), ("SN-0007",))


def test_nothing_found_against_serials_on_record_is_a_difference():
    assert compare(["SN-0001"], []).missing == ("SN-0001",)


def test_nothing_on_record_is_nothing_to_compare():
    assert compare([], ["SN-0001"]) is None


def test_a_return_compares_its_serials_with_the_export_the_same_way():
    """UCC Art. 203 / IA Art. 253: identification of the goods; a case difference is not a swapped unit."""
    prior = {
        "date": "2026-06-01",
        "regime": "outward_processing",
        "procedure_code": "2100",
        "exporter": "Importer Co",
        "hs_code": "847130",
        "serial_numbers": ["sn-0001"],
    }
    same = decide(
        leg(
            "return_after_repair",
            "CH",
            "GB",
            items=[item(serial_numbers=["SN-0001 "])],
            prior_export=prior,
            repair={"cost": {"amount": "100.00", "currency": "EUR"}, "charged": True},
        )
    )
    other = decide(
        leg(
            "return_after_repair",
            "CH",
            "GB",
            items=[item(serial_numbers=["SN-0002"])],
            prior_export=prior,
            repair={"cost": {"amount": "100.00", "currency": "EUR"}, "charged": True},
        )
    )
    assert "SERIAL_MISMATCH" not in {f["code"] for f in same["flags"]}
    assert "SERIAL_MISMATCH" in {f["code"] for f in other["flags"]}
