"""Template filters: plain-language labels for codes, money and dates as people read them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import pycountry
from flask import Blueprint

#: codes whose plain reading is not just the words of the code
LABELS = {
    "in_review": "In review",
    "changes_requested": "Changes requested",
    "rejected_by_broker": "Rejected by broker",
    "reimport_after_repair": "Re-import after repair",
    "re_export": "Re-export",
    "no_formalities": "No formalities",
    "not_covered": "Not covered (no country profile)",
    "ior_provider": "IOR provider",
    "eor_provider": "EOR provider",
    "advance_replacement_import": "Advance replacement import",
    "dead_on_arrival": "Dead on arrival",
    "repair_cost": "Repair cost",
    "full_value": "Full value",
    "upgrade_value": "Upgrade value",
    "outward_processing_reimport": "Re-import after outward processing",
    "temporary_admission_reexport": "Re-export after temporary admission",
    "advance_replacement_defective_return": "Return of the defective unit",
    "tradedesk-xml": "TradeDesk XML",
    "cds-xml": "UK CDS XML",
    "op_information_sheet": "Outward-processing information sheet",
    "dual_shipment_crossref": "Dual shipment cross-reference",
}


def label(code: Any) -> str:
    """`in_review` -> `In review`; None -> an em dash."""
    if code is None or code == "":
        return "—"
    text = str(code)
    return LABELS.get(text) or text.replace("_", " ").replace("-", " ").capitalize()


@cache
def country(code: Any) -> str:
    """`GB` -> `United Kingdom (GB)`."""
    if not code:
        return "—"
    found = pycountry.countries.get(alpha_2=str(code))
    name = getattr(found, "common_name", None) or getattr(found, "name", None)
    return f"{name} ({code})" if name else str(code)


def money(value: Any) -> str:
    """{"amount": "2500.00", "currency": "GBP"} -> `2,500.00 GBP`."""
    if not value:
        return "—"
    try:
        amount = Decimal(str(value["amount"]))
    except (InvalidOperation, KeyError, TypeError):
        return str(value)
    exponent = amount.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{amount:,.{places}f} {value.get('currency', '')}".strip()


def amount(value: Any, currency: str = "") -> str:
    return money({"amount": value, "currency": currency}) if value not in (None, "") else "—"


def day(value: Any) -> str:
    """ISO date or datetime -> `23 Nov 2026` (and `09:30 UTC` for timestamps)."""
    if not value:
        return "—"
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if (isinstance(value, date) and not isinstance(value, datetime)) or len(str(value)) == 10:
        return parsed.strftime("%d %b %Y")
    return parsed.strftime("%d %b %Y, %H:%M")


def days(n: Any) -> str:
    """Days left -> `overdue by 3 days`, `today`, `in 12 days`."""
    if n is None:
        return "—"
    n = int(n)
    if n < 0:
        return f"overdue by {-n} day{'s' if n != -1 else ''}"
    if n == 0:
        return "due today"
    return f"in {n} day{'s' if n != 1 else ''}"


def changes(after: Any, limit: int = 6) -> str:
    """An audit event's `after` in one line: `status: approved · comment: ok` (scalars only, shortened)."""
    if not isinstance(after, dict):
        return ""
    parts = []
    for key, value in after.items():
        if isinstance(value, (dict, list)) or value is None or key.endswith(("_id", "hash")) or key == "id":
            continue
        shown = str(value)
        if len(shown) > 19 and shown[4:5] == "-" and shown[10:11] == "T":
            shown = day(shown)
        parts.append(f"{key}: {shown if len(shown) <= 40 else shown[:39] + '…'}")
    return " · ".join(parts[:limit])


def options(parties: list[dict[str, Any]], kind: bool = False) -> list[tuple[str, str]]:
    """Select options of parties: (id, "Name (GB)") or, with `kind`, (id, "Name (repairer, CH)")."""
    return [
        (p["id"], f"{p['name']} ({label(p['kind']).lower() + ', ' if kind else ''}{p['country']})") for p in parties
    ]


def code_options(codes: Any) -> list[tuple[str, str]]:
    return [(str(c), label(c)) for c in codes]


def install(bp: Blueprint) -> None:
    from tradedesk.web.forms import field_id, field_label

    for name, fn in (
        ("label", label),
        ("country", country),
        ("money", money),
        ("amount", amount),
        ("day", day),
        ("days", days),
        ("changes", changes),
    ):
        bp.add_app_template_filter(fn, name)
    bp.add_app_template_global(field_id, "field_id")
    bp.add_app_template_global(options, "options")
    bp.add_app_template_global(code_options, "code_options")
    bp.add_app_template_global(field_label, "field_label")
