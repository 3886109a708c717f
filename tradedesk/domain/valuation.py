"""Customs value, duty base, duty and VAT estimates, de minimis; all rounding happens here.

Amounts stay exact `Decimal` through the sums and are rounded once, to the currency's minor unit
(half up), when a figure is reported. Rates are percentages as published.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision

from tradedesk.domain import hs
from tradedesk.domain.fx import convert
from tradedesk.domain.model import Conversion, DutyBase, ItemDuty, Leg, Money
from tradedesk.domain.profiles import CountryProfile, Rule

ZERO = Decimal(0)
HUNDRED = Decimal(100)


_QUANTA: dict[str, Decimal] = {}


def _quantum(currency: str) -> Decimal:
    quantum = _QUANTA.get(currency)
    if quantum is None:
        quantum = _QUANTA[currency] = Decimal(1).scaleb(-get_currency_precision(currency))
    return quantum


def rounded(money: Money) -> Money:
    """Round to the currency's minor unit (JPY 0 decimals, GBP 2 ...), half up."""
    currency = money.currency
    quantum = _QUANTA.get(currency) or _quantum(currency)
    return Money(money.amount.quantize(quantum, rounding=ROUND_HALF_UP), currency)


@dataclass(frozen=True, slots=True)
class Rate:
    percent: Decimal | None
    text: str
    source: str


def duty_rate(item_hs: str, override: Decimal | None, profile: CountryProfile) -> Rate:
    """The duty rate for one item: item override, else the profile's table or the US HTS general column."""
    if override is not None:
        return Rate(override, f"{override}%", "item-level duty_rate given with the leg")
    if profile.us_hts_general:
        us = hs.us_general_rate(item_hs)
        if us.percent is not None:
            return Rate(us.percent, us.text, f"HTSUS general column, line {us.hts} ({profile.duty_rate_source})")
        return Rate(None, us.text or us.kind, f"not estimated: HTSUS {us.hts or item_hs} rate is {us.kind} ({us.text})")
    for entry in profile.duty_rates:
        if item_hs.startswith(entry.prefix):
            return Rate(
                entry.percent, f"{entry.percent}%", f"{profile.jurisdiction} rate table, {entry.prefix}: {entry.source}"
            )
    return Rate(
        None,
        "unknown",
        f"not estimated: no {profile.jurisdiction} rate for {item_hs} in the profile's table; give duty_rate on the item",
    )


@dataclass(frozen=True, slots=True)
class Amounts:
    """A leg's money, converted into the importing member state's currency."""

    currency: str
    goods_value: Money
    freight: Money
    insurance: Money
    outbound_freight: Money
    repair_cost: Money | None
    upgrade_value: Money | None
    item_values: tuple[Money, ...]


def amounts(leg: Leg, currency: str, used: dict[tuple[str, str], Conversion]) -> Amounts:
    on = leg.ship_date
    zero = Money(ZERO, currency)
    item_values = tuple(convert(item.value, currency, on, used) for item in leg.items)
    goods = Money(sum([v.amount for v in item_values], ZERO), currency)
    costs = leg.costs
    repair = leg.repair
    freight, insurance, outbound = costs.freight, costs.insurance, costs.outbound_freight
    return Amounts(
        currency,
        goods,
        zero if freight is None else convert(freight, currency, on, used),
        zero if insurance is None else convert(insurance, currency, on, used),
        zero if outbound is None else convert(outbound, currency, on, used),
        None if repair is None or repair.cost is None else convert(repair.cost, currency, on, used),
        None if repair is None or repair.upgrade_value is None else convert(repair.upgrade_value, currency, on, used),
        item_values,
    )


@dataclass(frozen=True, slots=True)
class Valuation:
    duty_base: DutyBase
    full_value: Money
    customs_value: Money
    duty: Money | None
    item_duties: tuple[ItemDuty, ...]
    vat: Money | None
    vat_rate: Decimal | None
    vat_base: Money | None
    notes: tuple[str, ...]
    below_de_minimis: tuple[str, ...]


def full_customs_value(a: Amounts, profile: CountryProfile) -> Money:
    if profile.valuation_basis == "cif":
        return Money(a.goods_value.amount + a.freight.amount + a.insurance.amount, a.currency)
    return a.goods_value


def _with_adds(base: Money, a: Amounts, profile: CountryProfile) -> Money:
    extra = ZERO
    for name in profile.repair_cost_adds:
        extra += getattr(a, name).amount
    return Money(base.amount + extra, base.currency)


def value(
    leg: Leg, rule: Rule, profile: CountryProfile, a: Amounts, used: dict[tuple[str, str], Conversion]
) -> Valuation:
    """Customs value on the rule's duty base, duty per item, de minimis, then VAT (in that order)."""
    assert rule.duty_base is not None
    full = full_customs_value(a, profile)
    notes: list[str] = []
    below: list[str] = []
    customs = _customs_value(rule.duty_base, a, profile, full, notes)
    item_duties, duty = _duties(leg, rule.duty_base is not DutyBase.NONE, customs, a, profile)
    if duty is None or duty.amount != ZERO:
        duty = _below_threshold(leg, "duty", duty, a, full, profile, used, below)
    vat_rate = profile.members[leg.to_country].vat_rate
    vat, vat_base = _vat(rule, vat_rate, a, full, customs, duty, profile, notes)
    if vat_base is not None and not (rule.vat is not None and rule.vat.relief):
        vat = _below_threshold(leg, "vat", vat, a, full, profile, used, below)
    return Valuation(
        duty_base=rule.duty_base,
        full_value=rounded(full),
        customs_value=rounded(customs),
        duty=None if duty is None else rounded(duty),
        item_duties=item_duties,
        vat=None if vat is None else rounded(vat),
        vat_rate=vat_rate,
        vat_base=vat_base,
        notes=tuple(notes),
        below_de_minimis=tuple(below),
    )


def _customs_value(base_kind: DutyBase, a: Amounts, profile: CountryProfile, full: Money, notes: list[str]) -> Money:
    """The full customs value, or on a repair / upgrade base that amount plus the profile's additions, capped at
    the full value (relief never costs more than no relief)."""
    if base_kind is not DutyBase.REPAIR_COST and base_kind is not DutyBase.UPGRADE_VALUE:
        return full
    currency = a.currency
    raw = a.repair_cost if base_kind is DutyBase.REPAIR_COST else a.upgrade_value
    raw = raw if raw is not None else Money(ZERO, currency)
    customs = _with_adds(raw, a, profile)
    adds = " + ".join(profile.repair_cost_adds)
    notes.append(
        f"customs value = {base_kind} {rounded(raw).amount}{' + ' + adds if adds else ''} = {rounded(customs).amount} {currency}"
        f" ({profile.repair_cost_source})"
    )
    if customs.amount > full.amount:
        notes.append(
            f"capped at the full customs value {rounded(full).amount} {currency}: relief never costs more than no relief"
        )
        return full
    return customs


def _duties(
    leg: Leg, dutiable: bool, customs: Money, a: Amounts, profile: CountryProfile
) -> tuple[tuple[ItemDuty, ...], Money | None]:
    """The customs value shared over the items by their value, each at its rate; the total (None: a rate is not
    a single percent, so no total can be given)."""
    currency = a.currency
    total_goods = a.goods_value.amount
    n = len(leg.items)
    item_duties: list[ItemDuty] = []
    duty_total: Decimal | None = ZERO
    for i, (item, item_value) in enumerate(zip(leg.items, a.item_values, strict=True)):
        share = item_value.amount / total_goods if total_goods else Decimal(1) / n
        base = Money(customs.amount * share, currency)
        rate = duty_rate(item.hs_code, item.duty_rate, profile)
        if not dutiable:
            duty_i: Money | None = Money(ZERO, currency)
        elif rate.percent is None:
            duty_i = None
        else:
            duty_i = Money(base.amount * rate.percent / HUNDRED, currency)
        duty_total = None if duty_i is None or duty_total is None else duty_total + duty_i.amount
        item_duties.append(
            ItemDuty(
                i,
                item.hs_code,
                rounded(base),
                rate.percent,
                rate.text,
                rate.source,
                None if duty_i is None else rounded(duty_i),
            )
        )
    if not dutiable:
        return tuple(item_duties), Money(ZERO, currency)
    return tuple(item_duties), None if duty_total is None else Money(duty_total, currency)


def _below_threshold(
    leg: Leg,
    tax: str,
    amount: Money | None,
    a: Amounts,
    full: Money,
    profile: CountryProfile,
    used: dict[tuple[str, str], Conversion],
    below: list[str],
) -> Money | None:
    """`amount` of `tax` ("duty" or "vat"), or zero when the first threshold of the profile that applies says the
    consignment is within it (noted in `below`)."""
    name = "duty" if tax == "duty" else profile.tax_name
    for t in profile.thresholds:
        if (
            t.tax == tax
            and t.applies(leg.transport, leg.from_country, leg.ship_date)
            and _under(t.measure, t.amount, t.currency, a, full, amount, leg, used)
        ):
            below.append(f"{name}: {t.measure} within {t.amount} {t.currency} ({t.source})")
            return Money(ZERO, a.currency)
    return amount


def _vat(
    rule: Rule,
    vat_rate: Decimal | None,
    a: Amounts,
    full: Money,
    customs: Money,
    duty: Money | None,
    profile: CountryProfile,
    notes: list[str],
) -> tuple[Money | None, Money | None]:
    """(VAT, its base): relieved by the rule, or the rate on the rule's (else the profile's) base."""
    currency = a.currency
    if vat_rate is None:
        return None, None
    if rule.vat is not None and rule.vat.relief:
        notes.append(f"{profile.tax_name} relieved ({rule.vat.source})")
        return Money(ZERO, currency), rounded(Money(ZERO, currency))
    components = rule.vat.base if rule.vat is not None and rule.vat.base else profile.default_vat_base
    total = ZERO
    for c in components:
        total += _component(c, a, full, customs, duty)
    vat_base = rounded(Money(total, currency))
    source = rule.vat.source if rule.vat is not None else profile.tax_source
    notes.append(
        f"{profile.tax_name} base = {' + '.join(components)} = {vat_base.amount} {currency}, rate {vat_rate}% ({source})"
    )
    return Money(total * vat_rate / HUNDRED, currency), vat_base


def _component(name: str, a: Amounts, full: Money, customs: Money, duty: Money | None) -> Decimal:
    if name == "customs_value":
        return customs.amount
    if name == "full_value":
        return full.amount
    if name == "duty":
        return ZERO if duty is None else duty.amount
    if name in ("repair_cost", "upgrade_value"):
        m = getattr(a, name)
        return ZERO if m is None else m.amount
    component: Money = getattr(a, name)  # goods_value, freight, insurance, outbound_freight
    return component.amount


def _under(
    measure: str,
    amount: Decimal,
    currency: str,
    a: Amounts,
    full: Money,
    tax: Money | None,
    leg: Leg,
    used: dict[tuple[str, str], Conversion],
) -> bool:
    if measure == "tax_amount":
        if tax is None:
            return False
        figure = rounded(tax)  # the amount as it would be assessed
    else:
        figure = a.goods_value if measure == "goods_value" else full
    if figure.currency != currency:
        figure = convert(figure, currency, leg.ship_date, used)
    return figure.amount <= amount
