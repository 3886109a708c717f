"""Party identifiers (EORI, VAT, EIN, BN, ABN ...): validation and one normalised form per scheme.

python-stdnum does the national schemes (DESIGN.md §5); EORI and the CBP importer number are not in
stdnum, so they have small validators of their own here. A scheme we do not know is kept as free text:
the desk records what the customer gave us rather than refusing a legitimate foreign number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import pycountry
from stdnum import vatin
from stdnum.au import abn
from stdnum.ca import bn
from stdnum.ch import uid
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.in_ import pan
from stdnum.mx import rfc
from stdnum.sg import uen
from stdnum.us import ein
from stdnum.util import get_cc_module

__all__ = ["KNOWN_SCHEMES", "MAX_VALUE_LENGTH", "IdentifierErrors", "normalise_identifiers", "validate_identifier"]

MAX_VALUE_LENGTH = 64
MAX_SCHEME_LENGTH = 32
_SCHEME_NAME = re.compile(r"[A-Z0-9][A-Z0-9_\-]*")
_SEPARATORS = re.compile(r"[\s\-./]")
# EORI: Commission Delegated Regulation (EU) 2015/2446 / UCC art. 9; at most 17 characters, prefixed with the
# issuing country's ISO code (Greece issues GR, not the VAT prefix EL); the UK issues GB + 12 or 15 digits,
# and XI + the same digits for Northern Ireland traders (gov.uk "Get an EORI number").
_EORI_TAIL = re.compile(r"[A-Z0-9]{1,15}")
_EORI_UK_TAIL = re.compile(r"\d{12}|\d{15}")
# CBP-assigned importer number (19 CFR 24.5(a)): YYDDPP-NNNNN, for importers with neither an IRS EIN nor an SSN.
_CBP_NUMBER = re.compile(r"(\d{6})-?(\d{5})")


def _country_name(code: str) -> str | None:
    if code == "XI":
        return "Northern Ireland"
    country = pycountry.countries.get(alpha_2=code)
    return None if country is None else str(country.name)


def _eori(value: str, _country: str) -> str:
    number = _SEPARATORS.sub("", value).upper()
    prefix, tail = number[:2], number[2:]
    if not prefix.isalpha() or len(prefix) != 2:
        raise ValueError("must start with the two-letter code of the issuing country (e.g. DE, FR, GB, XI)")
    if prefix == "EL":
        raise ValueError("Greek EORI numbers start with GR (EL is only the VAT prefix)")
    if _country_name(prefix) is None:
        raise ValueError(f"{prefix!r} is not an ISO 3166-1 country code (nor XI for Northern Ireland)")
    if prefix in ("GB", "XI"):
        if not _EORI_UK_TAIL.fullmatch(tail):
            raise ValueError(f"a {prefix} EORI number is {prefix} followed by 12 or 15 digits")
    elif not _EORI_TAIL.fullmatch(tail):
        raise ValueError(
            "an EORI number is the country code followed by 1 to 15 letters or digits (17 characters at most)"
        )
    return number


def _vat(value: str, country: str) -> str:
    number = value.strip().upper()
    if not number[:2].isalpha():
        number = ("EL" if country == "GR" else country) + number
    prefix = {"EL": "GR", "XI": "GB"}.get(number[:2], number[:2])
    if get_cc_module(prefix.lower(), "vat") is None:
        raise ValueError(
            f"python-stdnum knows no VAT number format for {number[:2]!r}; give the number with its country prefix"
        )
    normalised: str = vatin.validate(number)
    return "EL" + normalised[2:] if normalised.startswith("GR") else normalised


def _cbp_importer_number(value: str, _country: str) -> str:
    match = _CBP_NUMBER.fullmatch(value.strip())
    if match is None:
        raise ValueError("a CBP-assigned importer number has the form YYDDPP-NNNNN (19 CFR 24.5)")
    return f"{match[1]}-{match[2]}"


def _stdnum(validate: Callable[[str], str]) -> Callable[[str, str], str]:
    def check(value: str, _country: str) -> str:
        return validate(value).upper()

    return check


_VALIDATORS: dict[str, Callable[[str, str], str]] = {
    "EORI": _eori,
    "VAT": _vat,
    "EIN": _stdnum(ein.validate),
    "BN": _stdnum(bn.validate),
    "ABN": _stdnum(abn.validate),
    "UEN": _stdnum(uen.validate),
    "UID": _stdnum(uid.validate),
    "IEC": _stdnum(pan.validate),  # India's Importer-Exporter Code is the firm's PAN since 2020 (DGFT)
    "RFC": _stdnum(rfc.validate),
    "USCC": _stdnum(uscc.validate),
    "CBP_IMPORTER_NUMBER": _cbp_importer_number,
}
KNOWN_SCHEMES: tuple[str, ...] = tuple(_VALIDATORS)


def validate_identifier(scheme: str, value: str, country: str) -> str:
    """The normalised identifier, or ValueError saying what is wrong with it.

    `country` (the party's ISO code) completes a VAT number given without its prefix; the other schemes
    carry their own country. Schemes we have no validator for are accepted as free text.
    """
    name = scheme.strip().upper()
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name}: give a value")
    if len(value) > MAX_VALUE_LENGTH:
        raise ValueError(f"{name}: at most {MAX_VALUE_LENGTH} characters")
    validator = _VALIDATORS.get(name)
    if validator is None:
        text = value.strip()
        if not text.isprintable():
            raise ValueError(f"{name}: contains control characters")
        return text
    try:
        return validator(value, country.upper())
    except StdnumError as exc:
        raise ValueError(f"{value.strip()!r} is not a valid {name}: {exc}") from exc
    except ValueError as exc:
        raise ValueError(f"{value.strip()!r} is not a valid {name}: {exc}") from exc


class IdentifierErrors(ValueError):
    """Scheme (as the caller spelled it) -> message, for every identifier that failed."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def normalise_identifiers(identifiers: Mapping[str, str], country: str) -> dict[str, str]:
    """All identifiers of a party validated; scheme names upper-cased (profiles name them so: EORI, UID ...)."""
    out: dict[str, str] = {}
    errors: dict[str, str] = {}
    for scheme, value in identifiers.items():
        name = scheme.strip().upper()
        if not _SCHEME_NAME.fullmatch(name) or len(name) > MAX_SCHEME_LENGTH:
            errors[scheme] = f"a scheme name is 1 to {MAX_SCHEME_LENGTH} letters, digits, '_' or '-'"
        elif name in out:
            errors[scheme] = f"{name} is given twice"
        else:
            try:
                out[name] = validate_identifier(name, value, country)
            except ValueError as exc:
                errors[scheme] = str(exc)
    if errors:
        raise IdentifierErrors(errors)
    return out
