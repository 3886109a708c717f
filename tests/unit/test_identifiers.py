"""Party identifiers: EORI by our own rules, national numbers by python-stdnum, unknown schemes as text."""

from __future__ import annotations

import pytest

from tradedesk.domain.identifiers import IdentifierErrors, normalise_identifiers, validate_identifier


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("DE123456789012345", "DE123456789012345"),  # 17 characters, the maximum
        ("FR12345", "FR12345"),
        ("GR999999999", "GR999999999"),  # Greece issues GR EORIs (EL is the VAT prefix only)
        ("GB123456789000", "GB123456789000"),  # GB + 12 digits
        ("GB123456789000123", "GB123456789000123"),  # GB + 15 digits
        ("xi 123456789000", "XI123456789000"),  # Northern Ireland; blanks and case do not matter
    ],
)
def test_valid_eori_numbers_are_normalised(value, normalised):
    assert validate_identifier("EORI", value, "GB") == normalised


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("GB1234567890", "GB followed by 12 or 15 digits"),
        ("GB12345678900A", "GB followed by 12 or 15 digits"),
        ("XI1234", "XI followed by 12 or 15 digits"),
        ("EL123456789", "start with GR"),
        ("ZZ123456", "not an ISO 3166-1 country code"),
        ("DE1234567890123456", "1 to 15 letters or digits"),  # 18 characters
        ("DE", "1 to 15 letters or digits"),
        ("123456789", "two-letter code"),
    ],
)
def test_invalid_eori_numbers_say_why(value, complaint):
    with pytest.raises(ValueError, match=complaint) as caught:
        validate_identifier("EORI", value, "DE")
    assert "EORI" in str(caught.value)


def test_a_vat_number_with_its_prefix_is_checked_by_stdnum():
    assert validate_identifier("VAT", "DE 136,695 976", "FR") == "DE136695976"


def test_a_vat_number_without_prefix_takes_the_party_country():
    assert validate_identifier("VAT", "136695976", "DE") == "DE136695976"


def test_greek_vat_numbers_use_the_el_prefix():
    assert validate_identifier("VAT", "094259216", "GR") == "EL094259216"


def test_a_vat_number_with_a_wrong_check_digit_is_refused():
    with pytest.raises(ValueError, match="not a valid VAT"):
        validate_identifier("VAT", "DE136695977", "DE")


def test_a_vat_number_for_a_country_without_vat_scheme_is_refused_naming_it():
    with pytest.raises(ValueError, match="no VAT number format for 'US'"):
        validate_identifier("VAT", "123456", "US")


@pytest.mark.parametrize(
    ("scheme", "value", "country", "normalised"),
    [
        ("EIN", "91-1144442", "US", "911144442"),
        ("BN", "12302 6635 RC 0001", "CA", "123026635RC0001"),
        ("ABN", "83 914 571 673", "AU", "83914571673"),
        ("UEN", "197401143C", "SG", "197401143C"),
        ("UID", "CHE-100.155.212", "CH", "CHE100155212"),
        ("IEC", "acupa7085r", "IN", "ACUPA7085R"),
        ("RFC", "MAB-930714-8T4", "MX", "MAB9307148T4"),
        ("USCC", "91110000600037341L", "CN", "91110000600037341L"),
        ("CBP_IMPORTER_NUMBER", "261120-00042", "US", "261120-00042"),
        ("CBP_IMPORTER_NUMBER", "26112000042", "US", "261120-00042"),
    ],
)
def test_national_identifiers_are_validated_and_normalised(scheme, value, country, normalised):
    assert validate_identifier(scheme, value, country) == normalised


@pytest.mark.parametrize(
    ("scheme", "value"),
    [
        ("EIN", "07-1144442"),
        ("BN", "123456783"),
        ("ABN", "99 999 999 999"),
        ("UEN", "123456"),
        ("UID", "CHE-100.155.213"),
        ("IEC", "ABMPA32111"),
        ("USCC", "A1110000600037341L"),
        ("CBP_IMPORTER_NUMBER", "2611-2000042"),
    ],
)
def test_invalid_national_identifiers_are_refused_naming_the_scheme(scheme, value):
    with pytest.raises(ValueError, match=f"not a valid {scheme}"):
        validate_identifier(scheme, value, "US")


def test_an_unknown_scheme_is_kept_as_text():
    assert validate_identifier("CCID", " 12 AB-9 ", "AU") == "12 AB-9"


def test_an_unknown_scheme_is_limited_to_64_characters():
    with pytest.raises(ValueError, match="at most 64"):
        validate_identifier("CCID", "x" * 65, "AU")


def test_an_empty_value_is_refused():
    with pytest.raises(ValueError, match="give a value"):
        validate_identifier("EORI", "  ", "DE")


def test_scheme_names_are_upper_cased():
    assert normalise_identifiers({"eori": "gb123456789000", "Vat": "GB980780684"}, "GB") == {
        "EORI": "GB123456789000",
        "VAT": "GB980780684",
    }


def test_every_bad_identifier_is_reported_under_the_name_the_caller_used():
    with pytest.raises(IdentifierErrors) as caught:
        normalise_identifiers({"EORI": "GB1", "eori": "GB123456789000", "bad scheme": "1", "EIN": "91-1144442"}, "GB")
    assert set(caught.value.errors) == {"EORI", "bad scheme"}


def test_the_same_scheme_twice_is_refused():
    with pytest.raises(IdentifierErrors) as caught:
        normalise_identifiers({"EORI": "GB123456789000", "eori": "GB123456789001"}, "GB")
    assert caught.value.errors == {"eori": "EORI is given twice"}
