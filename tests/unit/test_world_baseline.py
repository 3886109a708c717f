"""The world baseline (country_profiles/world/countries.csv): one validated row per ISO 3166-1 country, read
only for a side whose country has no profile."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pycountry
import pytest

from tradedesk.data import directory
from tradedesk.data.loader import load_profiles
from tradedesk.domain.baseline import COLUMNS, BaselineError, parse_baseline
from tradedesk.domain.model import Money
from tradedesk.domain.uncovered import baseline_notes, uncovered_profile


def rows_csv(**overrides: str) -> bytes:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        alpha2="ZA",
        name="South Africa",
        currency="ZAR",
        vat_name="VAT",
        vat_standard_rate="15",
        confidence_vat="S",
        confidence_de_minimis="?",
        confidence_customs_union="K",
    )
    row.update(overrides)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode()


def test_every_iso_country_has_exactly_one_row():
    rows = load_profiles().baseline
    assert set(rows) == {c.alpha_2 for c in pycountry.countries}
    assert len(rows) == 249


def test_every_currency_of_the_baseline_is_iso_4217():
    for row in load_profiles().baseline.values():
        assert all(pycountry.currencies.get(alpha_3=c) for c in row.currencies), row.country


def test_only_figures_graded_s_count_as_confirmed():
    rows = load_profiles().baseline
    assert rows["DE"].vat_confirmed and rows["DE"].thresholds_confirmed
    assert not rows["TW"].vat_confirmed


def test_xxx_0_means_no_threshold():
    row = parse_baseline(rows_csv(tax_de_minimis="EUR 0"))["ZA"]
    assert row.tax_threshold is not None and row.tax_threshold.none


def test_a_threshold_on_the_tax_amount_is_read_as_such():
    row = parse_baseline(rows_csv(tax_de_minimis="CHF 5 (VAT amount)"))["ZA"]
    assert (row.tax_threshold.measure, row.tax_threshold.amount) == ("tax_amount", Money(Decimal(5), "CHF"))


def test_a_conditional_threshold_is_reported_never_applied():
    row = parse_baseline(rows_csv(duty_de_minimis="USD 50 (courier from US/CA only)"))["ZA"]
    assert row.duty_threshold.condition == "courier from US/CA only"
    assert uncovered_profile("ZA", row).thresholds == ()
    assert any("applies only 'courier from US/CA only': not applied" in n for n in baseline_notes(row))


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("alpha2", "XX", "not an ISO 3166-1 alpha-2 code"),
        ("currency", "ZZZ", "'ZZZ' is not an ISO 4217 currency"),
        ("vat_standard_rate", "fifteen", "is not a number"),
        ("duty_de_minimis", "150 EUR", "is not 'CUR amount'"),
        ("confidence_vat", "maybe", "is not one of S, K, ?"),
    ],
)
def test_a_broken_row_fails_naming_country_and_column(column, value, problem):
    with pytest.raises(BaselineError, match=problem) as info:
        parse_baseline(rows_csv(**{column: value}))
    assert f"column {column}" in str(info.value)


def test_profiles_validate_covers_the_baseline(tmp_path):
    import shutil

    from tradedesk.domain.profiles import ProfileError

    for f in [*directory("country_profiles").glob("*.yaml"), directory("country_profiles") / "profile.schema.json"]:
        shutil.copy(f, tmp_path)
    (tmp_path / "world").mkdir()
    (tmp_path / "world" / "countries.csv").write_bytes(rows_csv(currency="ZZZ"))
    with pytest.raises(ProfileError, match=r"world/countries.csv: world baseline, country ZA, column currency"):
        load_profiles(tmp_path)
