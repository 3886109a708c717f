"""Properties of classification over any valid leg (hypothesis): total, deterministic, never negative,
and a relieved duty base never larger than the full value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradedesk.data.loader import load_profiles
from tradedesk.domain.contract import decision_dict
from tradedesk.domain.model import Movement, Transport
from tradedesk.domain.regimes import classify
from tradedesk.inputs.leg import load_legs

PROFILES = load_profiles()
COUNTRIES = sorted(PROFILES.by_country)
CURRENCIES = ["EUR", "GBP", "USD", "CHF", "JPY", "CAD", "AUD", "SGD", "SEK", "CNY", "INR", "MXN"]
HS_CODES = [
    "847130",
    "8471.30.0100",
    "851713",
    "852852",
    "910211",
    "9102.11.10.00",
    "901890",
    "902190",
    "851830",
    "0201.10.05.10",
    "0402.29.50.00",
    "640399",
    "420222",
    "950300",
]
REGIMES = ["standard_export", "temporary_export", "outward_processing", "re_export", "temporary_admission", None]

dates = st.dates(min_value=__import__("datetime").date(2019, 1, 1), max_value=__import__("datetime").date(2031, 12, 31))
amounts = st.decimals(min_value=Decimal(0), max_value=Decimal("250000"), places=2, allow_nan=False).map(str)


def money() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({"amount": amounts, "currency": st.sampled_from(CURRENCIES)})


def party() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "name": st.sampled_from(["Importer Co", "Exporter Co", "Acme Inc"]),
            "country": st.sampled_from(COUNTRIES),
            "established_in": st.lists(st.sampled_from(COUNTRIES), max_size=2),
            "identifiers": st.sampled_from(
                [
                    {},
                    {"EORI": "GB123456789000"},
                    {"UEN": "201912345K"},
                    {"ABN": "51824753556"},
                    {"CBP_IMPORTER_NUMBER": "26-123456-00000"},
                    {"BN": "123456789"},
                ]
            ),
        }
    )


items = st.lists(
    st.fixed_dictionaries(
        {
            "description": st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=40),
            "hs_code": st.sampled_from(HS_CODES),
            "origin_country": st.sampled_from(COUNTRIES),
            "quantity": st.integers(min_value=1, max_value=50),
            "unit_value": amounts,
            "currency": st.sampled_from(CURRENCIES),
            "serial_numbers": st.lists(st.sampled_from(["A1", "A2", "B7"]), max_size=2, unique=True),
            "udi": st.one_of(st.none(), st.just("(01)00884838026375(21)SN1")),
            "duty_rate": st.one_of(st.none(), st.decimals(min_value=0, max_value=60, places=1).map(str)),
        }
    ),
    min_size=1,
    max_size=3,
)


@st.composite
def legs(draw: st.DrawFn) -> dict[str, Any]:
    from_country, to_country = draw(st.lists(st.sampled_from(COUNTRIES), min_size=2, max_size=2, unique=True))
    movement = draw(st.sampled_from([str(m) for m in Movement]))
    leg: dict[str, Any] = {
        "movement": movement,
        "from_country": from_country,
        "to_country": to_country,
        "ship_date": draw(dates).isoformat(),
        "transport": draw(st.sampled_from([str(t) for t in Transport])),
        "items": draw(items),
        "exporter": draw(party()),
        "importer": draw(party()),
        "ata_carnet": draw(st.booleans()),
    }
    if movement == "return_after_repair" or draw(st.booleans()):
        leg["repair"] = {
            "cost": draw(money()),
            "charged": draw(st.booleans()),
            "upgrade_value": draw(st.one_of(st.none(), money())),
            "essential_parts_replaced": draw(st.booleans()),
        }
    if draw(st.booleans()):
        leg["costs"] = {k: draw(st.one_of(st.none(), money())) for k in ("freight", "insurance", "outbound_freight")}
    if draw(st.booleans()):
        leg["warranty"] = {"covered": draw(st.booleans()), "paid_service_contract": draw(st.booleans())}
    if draw(st.booleans()):
        leg["prior_export"] = {
            "date": draw(dates).isoformat(),
            "regime": draw(st.sampled_from(REGIMES)),
            "exporter": draw(st.sampled_from(["Importer Co", "Other Ltd", None])),
            "hs_code": draw(st.one_of(st.none(), st.sampled_from(HS_CODES))),
            "serial_numbers": draw(st.lists(st.sampled_from(["A1", "A2", "B7"]), max_size=2, unique=True)),
            "reimport_deadline": draw(st.one_of(st.none(), dates.map(lambda d: d.isoformat()))),
        }
    if draw(st.booleans()):
        leg["paired_leg"] = {
            "movement": draw(st.sampled_from([str(m) for m in Movement])),
            "ship_date": draw(st.one_of(st.none(), dates.map(lambda d: d.isoformat()))),
        }
    if draw(st.booleans()):
        leg["as_of"] = draw(dates).isoformat()
    if draw(st.booleans()):
        leg["ior"] = draw(party())
    return leg


def money_values(node: Any):
    if isinstance(node, dict):
        if set(node) == {"amount", "currency"}:
            yield Decimal(node["amount"])
        for value in node.values():
            yield from money_values(value)
    elif isinstance(node, list):
        for value in node:
            yield from money_values(value)


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(legs())
def test_any_valid_leg_gets_a_decision_and_the_same_one_twice(payload):
    (leg,), _ = load_legs(payload, PROFILES)
    first = decision_dict(classify(leg, PROFILES))
    assert first == decision_dict(classify(leg, PROFILES))
    assert first["import"] is None or first["import"]["regime"]
    assert first["trace"]


@SETTINGS
@given(legs())
def test_no_amount_in_a_decision_is_negative(payload):
    (leg,), _ = load_legs(payload, PROFILES)
    assert all(v >= 0 for v in money_values(decision_dict(classify(leg, PROFILES))))


@SETTINGS
@given(legs())
def test_a_relieved_duty_base_is_never_larger_than_the_full_value(payload):
    (leg,), _ = load_legs(payload, PROFILES)
    imp = decision_dict(classify(leg, PROFILES))["import"]
    if imp is not None and imp.get("duty_base") in ("repair_cost", "upgrade_value", "none"):
        assert Decimal(imp["customs_value"]["amount"]) <= Decimal(imp["full_value"]["amount"])
