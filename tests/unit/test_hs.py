"""Specification of tradedesk.domain.hs: HS 2022 code validation and US HTS general-rate lookup.

Expected rates were read from hs_data/us_hts_general.csv (USITC HTS 2024 basic edition).
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal

import pytest

from tradedesk.data import directory
from tradedesk.domain import hs
from tradedesk.domain.hs import HSCode, HSCodeError, UsGeneralRate

# --- normalise ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("8517.62", "851762"),
        ("851762", "851762"),
        ("8517 62", "851762"),
        ("8517.62.00", "85176200"),
        ("85176200", "85176200"),
        ("8517620000", "8517620000"),
        ("8517.62.0020", "8517620020"),
        ("0101.21", "010121"),
    ],
)
def test_accepted_spellings_normalise_to_digits(raw: str, code: str) -> None:
    assert hs.normalise(raw).code == code


def test_normalised_code_is_split_into_hs_levels() -> None:
    assert hs.normalise("8517.62.0020") == HSCode(
        code="8517620020",
        subheading="851762",
        heading="8517",
        chapter="85",
        description=(
            "Communication apparatus (excluding telephone sets or base stations); machines for the "
            "reception, conversion and transmission or regeneration of voice, images or other data, "
            "including switching and routing apparatus"
        ),
    )


@pytest.mark.parametrize("raw", ["8517.62.99", "8517.62.99.99", "9018.90.7580"])
def test_national_lines_under_a_valid_subheading_are_accepted(raw: str) -> None:
    code = hs.normalise(raw)
    assert code.code == raw.replace(".", "")
    assert code.subheading == raw.replace(".", "")[:6]


def test_unknown_subheading_is_rejected_naming_the_code() -> None:
    with pytest.raises(HSCodeError, match=r"^unknown HS code '999999': no such HS 2022 subheading"):
        hs.normalise("999999")


def test_national_line_under_an_unknown_subheading_is_rejected() -> None:
    with pytest.raises(HSCodeError, match=re.escape("'8517.99.0010'")):
        hs.normalise("8517.99.0010")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("85A762", "only digits, dots and spaces"),
        ("8517-62", "only digits, dots and spaces"),
        ("85176", "got 5"),
        ("8517620", "got 7"),
        ("851762001", "got 9"),
        ("85176200201", "got 11"),
        ("", "empty"),
        (" . ", "empty"),
    ],
)
def test_malformed_input_is_rejected_naming_the_code(raw: str, reason: str) -> None:
    with pytest.raises(HSCodeError) as excinfo:
        hs.normalise(raw)
    message = str(excinfo.value)
    assert message.startswith(f"invalid HS code {raw!r}: ")
    assert reason in message


def test_hs_code_error_is_a_value_error() -> None:
    assert issubclass(HSCodeError, ValueError)


def test_dropped_leading_zero_is_pointed_out() -> None:
    with pytest.raises(HSCodeError, match=re.escape("was a leading zero dropped?")):
        hs.normalise("10121")


def test_normalise_is_cached() -> None:
    assert hs.normalise("8517.62") is hs.normalise("8517.62")


# --- same_classification -----------------------------------------------------------------------------------


def test_different_spellings_of_one_subheading_are_the_same_classification() -> None:
    assert hs.same_classification("8517.62", "8517.62.0020")


def test_sibling_subheadings_differ_at_six_digits_but_share_the_heading() -> None:
    assert not hs.same_classification("8517.62", "8517.13")
    assert hs.same_classification("8517.62", "8517.13", digits=4)
    assert hs.same_classification("8517.62", "8528.72", digits=2)


def test_national_lines_compare_at_eight_and_ten_digits() -> None:
    assert hs.same_classification("8517.62.00.10", "8517.62.00.20", digits=8)
    assert not hs.same_classification("8517.62.00.10", "8517.62.00.20", digits=10)


def test_a_code_shorter_than_the_level_is_not_the_same_at_that_level() -> None:
    assert not hs.same_classification("8517.62", "8517.62.00", digits=8)


def test_same_classification_rejects_an_unsupported_level() -> None:
    with pytest.raises(ValueError, match="digits must be"):
        hs.same_classification("8517.62", "8517.62", digits=5)


def test_same_classification_rejects_an_invalid_code() -> None:
    with pytest.raises(HSCodeError, match=re.escape("'8517.6'")):
        hs.same_classification("8517.62", "8517.6")


# --- describe ----------------------------------------------------------------------------------------------


def test_describe_gives_the_subheading_description() -> None:
    assert hs.describe("8517.13") == "Telephone sets; smartphones for cellular or other wireless networks"


def test_describe_a_national_line_gives_its_subheading_description() -> None:
    assert hs.describe("8517.13.00.00") == hs.describe("851713")


def test_describe_chapters_and_headings() -> None:
    assert hs.describe("01") == "Animals; live"
    assert hs.describe("0101") == "Horses, asses, mules and hinnies; live"


def test_describe_rejects_an_unknown_chapter() -> None:
    # Chapter 77 is reserved in the HS for possible future use.
    with pytest.raises(HSCodeError, match=r"^unknown HS code '77': no such HS 2022 chapter$"):
        hs.describe("77")


# --- US general rate ---------------------------------------------------------------------------------------


def test_smartphones_enter_the_us_free() -> None:
    assert hs.us_general_rate("8517.13") == UsGeneralRate(hts="851713", text="Free", percent=Decimal("0"), kind="free")


def test_ad_valorem_line_gives_an_exact_percent() -> None:
    assert hs.us_general_rate("8528.72.16.00") == UsGeneralRate(
        hts="8528721600", text="3.9%", percent=Decimal("3.9"), kind="ad_valorem"
    )


def test_statistical_line_inherits_the_rate_of_its_tariff_line() -> None:
    # 8528.72.64.20 has no rate of its own in the schedule; 8528.72.64 carries 3.9 %.
    rate = hs.us_general_rate("8528.72.64.20")
    assert rate == UsGeneralRate(hts="8528726420", text="3.9%", percent=Decimal("3.9"), kind="ad_valorem")


def test_unpublished_ten_digit_code_falls_back_to_its_eight_digit_line() -> None:
    rate = hs.us_general_rate("0201.10.50.99")
    assert (rate.hts, rate.text, rate.percent) == ("02011050", "26.4%", Decimal("26.4"))


def test_eight_digit_code_without_its_own_line_uses_the_rate_shared_by_its_statistical_lines() -> None:
    rate = hs.us_general_rate("0101.30.00")  # published only as 0101.30.00.00
    assert rate == UsGeneralRate(hts="01013000", text="6.8%", percent=Decimal("6.8"), kind="ad_valorem")


def test_specific_rate_has_no_percent() -> None:
    assert hs.us_general_rate("0201.10.05.10") == UsGeneralRate(
        hts="0201100510", text="4.4¢/kg", percent=None, kind="specific"
    )


def test_compound_rate_has_no_percent() -> None:
    assert hs.us_general_rate("0402.29.50.00") == UsGeneralRate(
        hts="0402295000", text="$1.104/kg + 14.9%", percent=None, kind="compound"
    )


def test_watch_line_with_rates_on_case_strap_and_battery_is_compound() -> None:
    rate = hs.us_general_rate("9102.11.10.00")
    assert rate.hts == "91021110"
    assert rate.text == "44¢ each + 6% on the case + 14% on the strap, band or bracelet + 5.3% on the battery"
    assert rate.percent is None
    assert rate.kind == "compound"


def test_subheading_with_differing_rates_is_ambiguous() -> None:
    rate = hs.us_general_rate("9102.11")
    assert (rate.hts, rate.percent, rate.kind) == ("910211", None, "ambiguous")
    assert "differ within HTS subheading 9102.11" in rate.text
    assert "8- or 10-digit HTS number is needed" in rate.text


def test_subheading_whose_lines_share_one_rate_resolves_to_it() -> None:
    # 9102.12.20.00, 9102.12.40.00 and 9102.12.80.00 are all Free.
    assert hs.us_general_rate("9102.12") == UsGeneralRate(hts="910212", text="Free", percent=Decimal("0"), kind="free")


def test_us_only_chapter_98_provisions_are_found() -> None:
    assert hs.us_general_rate("9801.00.10").kind == "free"
    assert hs.us_general_rate("9802.00.40").kind == "other"


def test_code_without_a_us_line_is_not_found() -> None:
    rate = hs.us_general_rate("9999.99")
    assert (rate.hts, rate.percent, rate.kind) == ("999999", None, "not_found")


def test_us_general_rate_rejects_malformed_input() -> None:
    with pytest.raises(HSCodeError, match=re.escape("'85.17.6'")):
        hs.us_general_rate("85.17.6")


# --- shipped data ------------------------------------------------------------------------------------------


def test_shipped_us_rates_carry_a_percent_only_for_free_and_ad_valorem_lines() -> None:
    with (directory("hs_data") / "us_hts_general.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert re.fullmatch(r"\d{8}|\d{10}", row["hts"]), row
        assert row["kind"] in {"free", "ad_valorem", "specific", "compound", "other"}, row
        if row["kind"] == "free":
            assert (row["general_rate_text"], row["ad_valorem_percent"]) == ("Free", "0"), row
        elif row["kind"] == "ad_valorem":
            assert row["general_rate_text"] == row["ad_valorem_percent"] + "%", row
        else:
            assert row["ad_valorem_percent"] == "", row
