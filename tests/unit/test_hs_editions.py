"""Codes of an earlier HS edition are refused naming their HS 2022 successors (UNSD HS 2017-2022 correlation)."""

from __future__ import annotations

import pytest

from tradedesk.domain import hs


def refusal(code: str) -> str:
    with pytest.raises(hs.HSCodeError) as info:
        hs.normalise(code)
    return str(info.value)


def test_a_split_hs_2017_code_names_its_successors_whole_ones_first():
    """HS 2017 9405.20 (lamps) was split into 9405.21 / 9405.29; LED lamps took part of it into 8539.51."""
    assert "in HS 2022 it became 9405.21, 9405.29, 8539.51" in refusal("9405.20")


def test_a_long_successor_list_is_cut_with_a_count():
    assert "and 3 more" in refusal("902780")


def test_a_code_of_no_edition_gets_no_successor_hint():
    assert "became" not in refusal("123456")


def test_a_code_still_valid_in_hs_2022_is_accepted_although_part_of_it_moved():
    """847130 gave e-waste to the new 8549 but remains an HS 2022 subheading."""
    assert "847130" in hs.successors("847130")
    assert hs.normalise("847130").subheading == "847130"
