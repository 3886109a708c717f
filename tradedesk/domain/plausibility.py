"""Figures a person should look at twice: hard limits no return can reach (refused as input) and soft ones that
raise a warning (SERIAL_COUNT_MISMATCH, IMPLAUSIBLE_VALUE) to be acknowledged with a reason.

Why limits at all: a typo of three zeros turns a CHF 2,500 watch into a CHF 2.5 million import VAT estimate that
flows into the declaration, the PDFs and the analytics. The limits are generous (an RMA line is one customer's
return, not a container load); the soft ones are checked in euros at the ship date's ECB rate.
"""

from __future__ import annotations

from decimal import Decimal

from tradedesk.domain import fx
from tradedesk.domain.checks import flag
from tradedesk.domain.model import Flag, Item, Leg, Money

#: refused as input: beyond these nothing is a return of goods
MAX_QUANTITY = Decimal(100_000)
MAX_UNIT_VALUE = Decimal(100_000_000)
#: warned about (IMPLAUSIBLE_VALUE), in EUR
UNITS_PER_LINE = Decimal(1_000)
UNIT_VALUE_EUR = Decimal(250_000)
LINE_VALUE_EUR = Decimal(2_000_000)


def input_errors(quantity: Decimal | None, unit_value: Decimal | None) -> dict[str, list[str]]:
    """Hard limits of one item, keyed by its field."""
    errors: dict[str, list[str]] = {}
    if quantity is not None and quantity > MAX_QUANTITY:
        errors["quantity"] = [
            f"more than {MAX_QUANTITY:,} units on one line is not a return: check the figure or split the RMA"
        ]
    if unit_value is not None and unit_value > MAX_UNIT_VALUE:
        errors["unit_value"] = [f"more than {MAX_UNIT_VALUE:,} per unit: check the figure (decimal point, currency)"]
    return errors


def _in_eur(money: Money, leg: Leg) -> Money | None:
    try:
        return fx.convert(money, "EUR", leg.ship_date, {})
    except fx.FxError:
        return None


def _item_flags(i: int, item: Item, leg: Leg) -> list[Flag]:
    out = []
    if item.serial_numbers and item.quantity != len(item.serial_numbers):
        out.append(
            flag(
                "SERIAL_COUNT_MISMATCH",
                f"items.{i} ({item.description}): quantity {item.quantity} but {len(item.serial_numbers)} serial "
                "number(s); serialised goods carry one serial per unit, so the quantity or the serial list is "
                "wrong",
            )
        )
    reasons = []
    if item.quantity > UNITS_PER_LINE:
        reasons.append(f"{item.quantity} units on one line")
    unit = _in_eur(item.unit_value, leg)
    if unit is not None and unit.amount > UNIT_VALUE_EUR:
        reasons.append(f"a unit value of about EUR {unit.amount:,.0f}")
    if unit is not None and unit.amount * item.quantity > LINE_VALUE_EUR:
        reasons.append(f"a line value of about EUR {unit.amount * item.quantity:,.0f}")
    if reasons:
        out.append(
            flag(
                "IMPLAUSIBLE_VALUE",
                f"items.{i} ({item.description}, HS {item.hs_code}): {', '.join(reasons)} is far above what one "
                "customer's return carries; check quantity, unit value and currency before the duty and tax "
                "estimates are relied on",
            )
        )
    return out


def flags(leg: Leg) -> list[Flag]:
    """SERIAL_COUNT_MISMATCH and IMPLAUSIBLE_VALUE for the leg's items."""
    return [f for i, item in enumerate(leg.items) for f in _item_flags(i, item, leg)]
