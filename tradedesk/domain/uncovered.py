"""The side of a leg in a country without a profile: stated as `not_covered`, never guessed.

The classifier runs such a side against a stand-in profile built here from the country's world-baseline row
(baseline.py): every movement gets one rule, `not_covered`, with no procedure code, no legal basis and no
documents, because only a broker in that country can decide them. The import side still gets a full-value
estimate, on what the baseline knows: its currency, its standard VAT/GST rate and its low-value thresholds
(only those the engine can evaluate; a conditional one is reported, not applied). Duty is not estimated: the
baseline has no tariff.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import babel
import babel.numbers
import pycountry

from tradedesk.domain import fx
from tradedesk.domain.baseline import BaselineRow, LowValueThreshold
from tradedesk.domain.model import DutyBase, Movement, Regime, Side
from tradedesk.domain.profiles import CountryProfile, MemberState, PartyRule, Rule, Threshold

KIND = "uncovered"
#: the compilation date of the shipped baseline (its rows carry their own dates)
BASELINE_AS_OF = date(2026, 12, 6)
VERSION = "world-baseline-2026-12-06"
NO_PROFILE = "no country profile"
_ENGLISH = babel.Locale("en")


def _currency(country: str, row: BaselineRow | None) -> str:
    """The row's first currency the offline FX rates know; else babel's; '' when none can be used."""
    candidates = list(row.currencies if row is not None else ())
    candidates += babel.numbers.get_territory_currencies(country, start_date=BASELINE_AS_OF)
    return next((c for c in candidates if fx.is_supported(c)), "")


def _threshold(tax: str, t: LowValueThreshold | None, row: BaselineRow, currency: str) -> Threshold | None:
    if t is None or t.none or t.condition is not None or not fx.is_supported(t.amount.currency) or not currency:
        return None
    grade = "confirmed" if row.thresholds_confirmed else "not confirmed by a primary source"
    return Threshold(
        tax=tax,
        amount=t.amount.amount,
        currency=t.amount.currency,
        measure=t.measure,
        transports=None,
        from_countries=None,
        valid_from=None,
        valid_until=None,
        note=row.threshold_note,
        source=f"world baseline {row.country}, de minimis as of {row.as_of_de_minimis or 'unknown'} "
        f"({grade}): {row.source_de_minimis}",
    )


def _rule(side: Side, movement: Movement, name: str) -> Rule:
    decide = "regime, procedure code and documents"
    return Rule(
        id="not-covered",
        side=side,
        movement=movement,
        when=(),
        regime=Regime.NOT_COVERED,
        procedure_code=None,
        additional_procedure_codes=(),
        declaration_required=True,
        duty_base=DutyBase.FULL_VALUE if side is Side.IMPORT else None,
        vat=None,
        legal_basis=(),
        documents=(),
        time_limit=None,
        guarantee_required=False,
        identification_required=False,
        confirmed=False,
        note="",
        source=f"{NO_PROFILE} for {name}: a customs broker there must decide the {side} {decide}",
        condition_text=NO_PROFILE,
        headline=(
            f"{name}: {NO_PROFILE}: the {side} side of this {movement} is not decided here; a customs broker in "
            f"{name} must decide the {decide}, and whether a local {'importer' if side is Side.IMPORT else 'exporter'}"
            " of record is needed"
        ),
    )


def _tax_source(row: BaselineRow | None, name: str) -> str:
    if row is None or row.vat_rate is None:
        return f"no standard VAT/GST rate known for {name}: not estimated"
    grade = "confirmed" if row.vat_confirmed else "not confirmed by a primary source"
    return (
        f"world baseline {row.country}: standard rate {row.vat_rate}% as of {row.as_of_vat or 'unknown'} ({grade}; "
        f"{row.source_vat}), applied to the customs value only: duty and other charges the base may include "
        "are not estimated"
    )


@cache
def uncovered_profile(country: str, row: BaselineRow | None) -> CountryProfile:
    """The stand-in profile of a country that has none (cached per country and row)."""
    entry = pycountry.countries.get(alpha_2=country)
    name = _ENGLISH.territories.get(country) or (row.name if row is not None else entry.name if entry else country)
    currency = _currency(country, row)
    vat_rate = row.vat_rate if row is not None else None
    thresholds = (
        ()
        if row is None
        else tuple(
            t
            for t in (
                _threshold("duty", row.duty_threshold, row, currency),
                _threshold("vat", row.tax_threshold, row, currency),
            )
            if t is not None
        )
    )
    unknown = PartyRule(
        establishment_required=False,
        accepted_identifiers=(),
        representation=None,
        exempt_regimes=frozenset(),
        documents=(),
        source=f"{NO_PROFILE} for {name}: who may import or export there is not known here",
    )
    return CountryProfile(
        jurisdiction=country,
        name=name,
        kind=KIND,
        status="partial",
        as_of=BASELINE_AS_OF,
        version=VERSION,
        file="world/countries.csv",
        members={country: MemberState(country, currency, "en", vat_rate, _tax_source(row, name))},
        tax_name=(row.tax_name if row is not None and row.tax_name else "VAT/GST"),
        default_vat_base=("customs_value",),
        tax_source=_tax_source(row, name),
        valuation_basis="cif",
        valuation_source=f"assumed CIF (goods + freight + insurance), as most WTO members value imports; not confirmed for {name}",
        repair_cost_adds=(),
        repair_cost_source=NO_PROFILE,
        thresholds=thresholds,
        duty_rates=(),
        duty_rate_source=f"{NO_PROFILE} for {name}: no tariff, duty not estimated",
        us_hts_general=False,
        importer=unknown,
        exporter=unknown,
        rules={(side, movement): (_rule(side, movement, name),) for side in Side for movement in Movement},
        union_source="",
    )


def baseline_notes(row: BaselineRow | None) -> list[str]:
    """What the row says that the estimate could not use (conditional thresholds, customs-union membership)."""
    if row is None:
        return ["no world-baseline row: currency, tax and thresholds unknown"]
    notes = []
    for label, t in (("duty", row.duty_threshold), ("tax", row.tax_threshold)):
        if t is not None and t.condition is not None:
            notes.append(
                f"{label} threshold {t.amount.amount} {t.amount.currency} applies only '{t.condition}': not applied"
            )
    if row.customs_union:
        notes.append(
            f"member of the customs union {row.customs_union} (world baseline, not confirmed)"
            + (f": {row.customs_note}" if row.customs_note else "")
        )
    return notes
