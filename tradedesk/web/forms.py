"""Form helpers: inputs are named by the API's field paths (`items.0.hs_code`), so the services' and the
schemas' errors land on the input they are about, and every message names its field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError

from tradedesk.inputs.leg import flatten_errors

FIELD_LABELS = {
    "token": "API token",
    "customer_id": "Customer",
    "customer": "New customer",
    "name": "name",
    "country": "country",
    "identifiers": "identifiers",
    "EORI": "EORI number",
    "email": "e-mail",
    "hub_id": "Returns hub (seller or repairer)",
    "order_reference": "Order reference",
    "purchase_date": "Purchase date",
    "reason_code": "Reason",
    "scenario": "Scenario",
    "condition": "Condition",
    "warranty_expires": "Warranty expires",
    "notes": "Notes",
    "items": "Items",
    "description": "description",
    "sku": "SKU",
    "hs_code": "HS code",
    "origin_country": "country of origin",
    "quantity": "quantity",
    "unit_value": "unit value",
    "currency": "currency",
    "serial_numbers": "serial numbers",
    "udi": "UDI",
    "ship_date": "Ship date",
    "transport": "Transport",
    "broker_id": "Customs broker",
    "details": "Details",
    "repair": "Repair",
    "cost": "repair cost",
    "amount": "amount",
    "charged": "charged",
    "warranty": "Warranty",
    "covered": "covered",
    "acknowledgements": "Acknowledgement",
    "comment": "Comment",
    "customs_reference": "Customs reference (MRN)",
    "message": "Message",
    "to": "New status",
    "request_comment": "What has to change",
    "amend_comment": "Why amend",
    "status_comment": "Comment",
    "serials_seen": "Serial numbers seen",
    "packaging": "Packaging",
    "warranty_status": "Warranty status",
    "disposition": "Disposition",
    "_schema": "Form",
    "quote_amount": "Repair price",
    "ship_dates": "Ship date of leg",
    "quote_currency": "Currency",
    "reason": "Reason",
}


#: whole paths whose words alone would read badly
PATH_LABELS = {
    "details.repair.cost": "Repair cost",
    "details.repair.cost.amount": "Repair cost",
    "details.repair.cost.currency": "Repair cost currency",
    "details.repair.charged": "Repair charged",
    "details.repair": "Repair",
    "details.warranty.covered": "Covered by the warranty",
    "customer.identifiers.EORI": "New customer EORI number",
}


def field_label(path: str) -> str:
    """`items.0.hs_code` -> `Item 1: HS code`; `acknowledgements.PROFILE_PARTIAL` -> `Acknowledgement of PROFILE_PARTIAL`."""
    if path in PATH_LABELS:
        return PATH_LABELS[path]
    parts = path.split(".")
    if parts[0] == "acknowledgements" and len(parts) > 1:
        return f"Acknowledgement of {parts[1]}"
    if parts[0] == "items" and len(parts) > 2 and parts[1].isdigit():
        return f"Item {int(parts[1]) + 1}: {FIELD_LABELS.get(parts[2], parts[2])}"
    words = [FIELD_LABELS.get(p, p.replace("_", " ")) for p in parts if not p.isdigit()]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def field_id(path: str) -> str:
    """An HTML id for the input of `path` (the error summary links to it)."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", path)


#: the API's wording (JSON types, schema jargon) -> what a person filling in a form reads; by message prefix
PLAIN_WORDS = (
    ("must be a string holding a decimal number", "enter a number, e.g. 12.50"),
    ("Missing data for required field", "is required"),
    ("Not a valid date", "enter a date as YYYY-MM-DD, e.g. 2026-11-20"),
    ("Not a valid string", "enter text"),
    ("Not a valid boolean", "choose yes or no"),
    ("Not a valid integer", "enter a whole number"),
    ("Unknown field", "is not part of this form"),
)


def plain(message: str) -> str:
    """A service or schema message in the words of a form."""
    for prefix, words in PLAIN_WORDS:
        if message.startswith(prefix):
            return words
    return message


@dataclass
class FormErrors:
    """Field path -> messages; rendered as a summary (linking to each input) and next to each input."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def add(self, path: str, message: str) -> None:
        self.by_field.setdefault(path, []).append(message)

    def update(self, errors: Mapping[str, list[str]]) -> None:
        for path, messages in errors.items():
            for message in messages:
                self.add(path, plain(message))

    def get(self, path: str) -> list[str]:
        return self.by_field.get(path, [])

    def summary(self) -> list[tuple[str, str, str]]:
        """(input id, field label, message) for every problem, in form order as the paths sort."""
        return [(field_id(p), field_label(p), m) for p, ms in self.by_field.items() for m in ms]


def from_validation(exc: ValidationError) -> dict[str, list[str]]:
    return flatten_errors(exc.messages)


def text(form: Mapping[str, str], name: str) -> str | None:
    """The trimmed value of an input, None when blank."""
    value = (form.get(name) or "").strip()
    return value or None


def checked(form: Mapping[str, str], name: str) -> bool:
    return form.get(name) in ("on", "true", "1", "yes")


def split_list(value: str | None) -> list[str]:
    """Serial numbers typed one per line or separated by commas."""
    return [v.strip() for v in re.split(r"[\n,;]", value or "") if v.strip()]


def required(errors: FormErrors, body: Mapping[str, Any], paths: list[str]) -> None:
    for path in paths:
        if body.get(path) in (None, ""):
            errors.add(path, "is required")
