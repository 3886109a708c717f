"""Filing payload -> template context: every figure formatted once, here, so templates only place text.

Amounts and dates are formatted with babel in the payload's locale (the declaring country's) and, when that
locale is not English, once more in English so that a broker abroad reads the same figure; country names
come from pycountry (babel's territory names for the few non-ISO codes such as EU). The QR code of the RMA
number is drawn as an SVG path computed here: no image is fetched and no markup is built from user text.
Everything returned is plain data; autoescaping in the templates does the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import pycountry
import segno
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, get_territory_currencies

ENGLISH = "en_GB"
QR_BORDER = 4
# scripts DejaVu (the only font on the render hosts) cannot draw: CJK, kana, hangul, full-width forms
_UNDRAWABLE = ((0x2E80, 0xA4CF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))


@dataclass(frozen=True, slots=True)
class Amount:
    """A money figure in the document's locale, with the English figure (ISO code) when they differ."""

    local: str
    english: str | None
    amount: str
    currency: str


@dataclass(frozen=True, slots=True)
class Day:
    local: str
    english: str | None
    iso: str


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass(frozen=True, slots=True)
class QrCode:
    size: int
    path: str


def _drawable(text: str) -> bool:
    return not any(lo <= ord(c) <= hi for c in text for lo, hi in _UNDRAWABLE)


def _is_english(locale: str) -> bool:
    return Locale.parse(locale).language == "en"


@lru_cache(maxsize=64)
def _own_currency(locale: str) -> str | None:
    """The currency of the locale's territory (GBP for en_GB), whose symbol alone is unambiguous there."""
    territory = Locale.parse(locale).territory
    currencies = get_territory_currencies(territory) if territory else []
    return currencies[0] if currencies else None


@lru_cache(maxsize=4096)
def _amount(amount: str, currency: str, locale: str) -> Amount:
    """The local figure uses the symbol only for the locale's own currency ("£1,000.00" in en_GB), the ISO code
    otherwise ("USD 1,000.00", never a bare "$" next to pound figures)."""
    value = Decimal(amount)
    english = format_currency(value, currency, format="¤¤\xa0#,##0.00", locale="en", currency_digits=True)
    if currency == _own_currency(locale):
        local = format_currency(value, currency, locale=locale)
    else:
        local = format_currency(value, currency, format="¤¤\xa0#,##0.00", locale=locale, currency_digits=True)
    if not _drawable(local):
        local = format_currency(value, currency, format="¤¤\xa0#,##0.00", locale=locale, currency_digits=True)
    return Amount(local, None if _is_english(locale) or english == local else english, amount, currency)


_FIELD_PATH_ITEM = re.compile(r"\bitems\.(\d+)\b")


def readable(text: str) -> str:
    """A trace line as a person reads it: field paths "items.0" become "item 1", as the documents number items."""
    return _FIELD_PATH_ITEM.sub(lambda m: f"item {int(m.group(1)) + 1}", text)


def amount(money: dict[str, str] | None, locale: str) -> Amount | None:
    return None if money is None else _amount(money["amount"], money["currency"], locale)


@lru_cache(maxsize=1024)
def _day(iso: str, locale: str) -> Day:
    value = date.fromisoformat(iso)
    local = format_date(value, "long", locale=locale)
    if not _drawable(local):
        local = format_date(value, "short", locale=locale)
    if not _drawable(local):
        local = iso
    english = format_date(value, "long", locale=ENGLISH)
    return Day(local, None if _is_english(locale) or english == local else english, iso)


def day(iso: str | None, locale: str) -> Day | None:
    return None if iso is None else _day(iso, locale)


@lru_cache(maxsize=512)
def country(code: str) -> Country:
    found = pycountry.countries.get(alpha_2=code)
    if found is not None:
        return Country(code, getattr(found, "common_name", None) or found.name)
    return Country(code, Locale.parse(ENGLISH).territories.get(code, code))


def percent(rate: str | None, locale: str) -> str | None:
    return None if rate is None else f"{format_decimal(Decimal(rate), locale=locale)} %"


@lru_cache(maxsize=256)
def qr_code(text: str) -> QrCode:
    """The QR code as one SVG path of unit squares (a run of dark modules per row segment)."""
    matrix = segno.make(text, error="m", micro=False).matrix
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start + QR_BORDER} {y + QR_BORDER}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return QrCode(len(matrix) + 2 * QR_BORDER, "".join(runs))


def party(p: dict[str, Any] | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "name": p["name"],
        "country": country(p["country"]),
        "address": p["address"],
        "established_in": [country(c) for c in p["established_in"]],
        "identifiers": sorted(p["identifiers"].items()),
    }


def _item(it: dict[str, Any], locale: str) -> dict[str, Any]:
    return {
        "position": it["position"],
        "description": it["description"],
        "hs_code": it["hs_code"],
        "origin": country(it["origin_country"]),
        "quantity": format_decimal(Decimal(it["quantity"]), locale=locale),
        "unit_value": amount(it["unit_value"], locale),
        "value": amount(it["value"], locale),
        "serial_numbers": list(it["serial_numbers"]),
        "udi": it["udi"],
    }


def _sum(moneys: list[dict[str, str] | None], locale: str) -> list[Amount]:
    """Money summed per currency (never converted here), in currency order."""
    sums: dict[str, Decimal] = {}
    for m in moneys:
        if m is not None:
            sums[m["currency"]] = sums.get(m["currency"], Decimal(0)) + Decimal(m["amount"])
    return [_amount(str(total), cur, locale) for cur, total in sorted(sums.items())]


def _invoiced(payload: dict[str, Any], locale: str) -> list[Amount]:
    """What the commercial invoice charges: the repair (and upgrade) after a paid repair, else the goods."""
    repair = payload["repair"]
    if payload["document"]["leg"]["movement"] != "return_after_repair" or repair is None:
        return _sum([it["value"] for it in payload["items"]], locale)
    return _sum([repair["cost"], repair["upgrade_value"]], locale)


def _decision(d: dict[str, Any] | None, locale: str) -> dict[str, Any] | None:
    if d is None:
        return None
    deadline = d["deadline"]
    out = {
        "jurisdiction": country(d["jurisdiction"]),
        "regime": d["regime"],
        "procedure_code": d["procedure_code"],
        "additional_procedure_codes": [c for c in d["additional_procedure_codes"] if c != "000"],
        "legal_basis": list(d["legal_basis"]),
        "documents": list(d["documents"]),
        "representation": d["representation"],
        "guarantee_required": d["guarantee_required"],
        "deadline": None
        if deadline is None
        else {"day": day(deadline["date"], locale), "event": deadline["event"], "source": deadline["source"]},
        "confirmed": d["confirmed"],
        "valuation": None,
    }
    if "duty_base" in d:
        out["valuation"] = {
            "duty_base": d["duty_base"],
            "full_value": amount(d["full_value"], locale),
            "customs_value": amount(d["customs_value"], locale),
            "duty": amount(d["duty"], locale),
            "vat": amount(d["vat"], locale),
            "vat_rate": percent(d["vat_rate"], locale),
            "vat_name": d.get("vat_name") or "VAT",
            "vat_base": amount(d["vat_base"], locale),
            "duty_detail": [
                {
                    "item": x["item"] + 1,
                    "hs_code": x["hs_code"],
                    "base": amount(x["base"], locale),
                    "rate": x["rate_text"] or percent(x["rate"], locale),
                    "source": x["rate_source"],
                    "duty": amount(x["duty"], locale),
                }
                for x in d["duty_detail"]
            ],
            "de_minimis": list(d["de_minimis"]),
        }
    return out


def build_context(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Everything a template of `kind` may show about this payload, formatted for payload["locale"]."""
    locale = payload["locale"]
    doc = payload["document"]
    leg = doc["leg"]
    parties = payload["parties"]
    repair, costs, warranty, prior = payload["repair"], payload["costs"], payload["warranty"], payload["prior_export"]
    paired = leg["paired_leg"]
    jurisdiction = payload["decision"]["jurisdiction"]
    return {
        "kind": kind,
        "locale": locale,
        "is_english": _is_english(locale),
        "lang": Locale.parse(locale).language,
        "rma_number": doc["rma_number"],
        "declaration_id": doc["declaration_id"],
        "version": doc["version"],
        "issued": day(doc["issued_on"], locale),
        "side": doc["side"],
        "jurisdiction": country(doc["jurisdiction"]),
        "leg": {
            "id": leg["id"],
            "position": leg["position"],
            "movement": leg["movement"],
            "origin": country(leg["from_country"]),
            "destination": country(leg["to_country"]),
            "ship_date": day(leg["ship_date"], locale),
            "transport": leg["transport"],
            "ata_carnet": leg["ata_carnet"],
            "customs_reference": leg["customs_reference"],
            "paired": None
            if paired is None
            else {
                "movement": paired["movement"],
                "reference": paired["reference"],
                "ship_date": day(paired["ship_date"], locale),
            },
        },
        "parties": {
            "exporter": party(parties["exporter"]),
            "importer": party(parties["importer"]),
            "declarant": party(parties["declarant"]),
            "representative": party(parties["representative"]),
            "broker": party(parties["broker"]),
            "representation": parties["representation"],
        },
        "items": [_item(it, locale) for it in payload["items"]],
        "totals": _sum([it["value"] for it in payload["items"]], locale),
        "declared_total": _sum(
            [*(it["value"] for it in payload["items"]), costs["freight"], costs["insurance"]], locale
        ),
        "invoiced": _invoiced(payload, locale),
        "quantity_total": format_decimal(sum(Decimal(it["quantity"]) for it in payload["items"]), locale=locale),
        "serial_count": sum(len(it["serial_numbers"]) for it in payload["items"]),
        "repair": None
        if repair is None
        else {
            "cost": amount(repair["cost"], locale),
            "charged": repair["charged"],
            "upgrade_value": amount(repair["upgrade_value"], locale),
            "essential_parts_replaced": repair["essential_parts_replaced"],
        },
        "costs": {k: amount(v, locale) for k, v in costs.items()},
        "warranty": None
        if warranty is None
        else {
            "covered": warranty["covered"],
            "paid_service_contract": warranty["paid_service_contract"],
            "expires": day(warranty["expires"], locale),
        },
        "prior_export": None
        if prior is None
        else {
            "day": day(prior["date"], locale),
            "regime": prior["regime"],
            "procedure_code": prior["procedure_code"],
            "reference": prior["reference"],
            "exporter": prior["exporter"],
            "hs_code": prior["hs_code"],
            "serial_numbers": list(prior["serial_numbers"]),
            "reimport_deadline": day(prior["reimport_deadline"], locale),
        },
        "decision": _decision(payload["decision"], locale),
        "other_side": _decision(payload["other_side"], locale),
        "computation": [
            readable(t)
            for t in payload["trace"]
            if t.startswith((f"{jurisdiction} valuation:", f"{jurisdiction} duty:"))
        ],
        "conversions": [
            {
                "from": c["from"],
                "to": c["to"],
                "rate": c["rate"],
                "day": day(c["rate_date"], locale),
                "source": c["source"],
            }
            for c in payload["conversions"]
        ],
        "profiles": [
            {"jurisdiction": p["jurisdiction"], "version": p["version"], "as_of": day(p["as_of"], locale)}
            for p in payload["profiles"]
        ],
        "qr": qr_code(doc["rma_number"]),
    }
