"""Return labels bought through EasyPost's REST API (v2), written against its public documentation.

Two calls: create a Shipment (to/from address, parcel, customs when the parcel crosses a border, `is_return`),
whose answer lists the carriers' rates, then buy the lowest rate (POST /shipments/{id}/buy). Requests are JSON,
authenticated with the API key as the Basic-auth user name and no password. For a return EasyPost expects the
addresses of the original outbound shipment and swaps them itself (docs: Shipments > Returns): to_address is the
customer, from_address the hub.

HTTP goes through a Transport, a plain callable, so that tests replay recorded answers. The default one speaks only
HTTPS to API_HOST (a constant: no URL reaches it from a request or a setting), never follows a redirect, ignores
proxy variables and gives up after TIMEOUT_SECONDS. Answers are parsed with Decimal for every number: a rate is
never a float. EasyPost's weights are ounces and its dimensions inches, to one decimal: converted from grams and
millimetres here, rounded up so that a parcel is never declared lighter or smaller than it is.
"""

from __future__ import annotations

import base64
import json
import re
import ssl
import urllib.request
from collections.abc import Callable, Mapping
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from tradedesk.carriers.labels import (
    Address,
    CarrierError,
    CustomsLine,
    LabelRequest,
    Parcel,
    PurchasedLabel,
)

API_HOST = "api.easypost.com"
API_BASE = f"https://{API_HOST}/v2"
TIMEOUT_SECONDS = 30.0
#: an answer larger than this is not an EasyPost shipment (a shipment with every rate is a few tens of KiB)
MAX_RESPONSE_BYTES = 4 * 1024 * 1024
NAME = "easypost"
GRAMS_PER_OUNCE = Decimal("28.349523125")
MM_PER_INCH = Decimal("25.4")
TENTH = Decimal("0.1")
#: EasyPost ids are a prefix and hex digits; anything else is not put into a URL path
SHIPMENT_ID = re.compile(r"shp_[0-9A-Za-z]{1,64}")
RATE_ID = re.compile(r"rate_[0-9A-Za-z]{1,64}")

#: (method, url, headers, body) -> (HTTP status, response body)
Transport = Callable[[str, str, Mapping[str, str], bytes | None], tuple[int, bytes]]


def https_transport(method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> tuple[int, bytes]:
    """One HTTPS request to the EasyPost API host: no redirect, no proxy, no other scheme or host, a timeout."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname != API_HOST or parts.port not in (None, 443):
        raise CarrierError(NAME, f"refusing to send a request anywhere but https://{API_HOST}/")
    # Only the HTTPS handler: no HTTPRedirectHandler (a 3xx comes back as an answer), no ProxyHandler, no file:,
    # and no HTTPErrorProcessor, so a 4xx/5xx is returned with its body instead of raised.
    opener = urllib.request.OpenerDirector()
    opener.add_handler(urllib.request.HTTPSHandler(context=ssl.create_default_context()))
    request = urllib.request.Request(url, data=body, headers=dict(headers), method=method)  # noqa: S310 (checked above)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return int(response.status), response.read(MAX_RESPONSE_BYTES + 1)
    except (OSError, ValueError) as exc:  # URLError, timeouts and TLS failures are OSErrors
        raise CarrierError(NAME, f"could not reach the EasyPost API: {exc}") from exc


def _tenths(value: Decimal) -> str:
    return str(value.quantize(TENTH, rounding=ROUND_CEILING))


def _ounces(grams: int) -> str:
    return _tenths(Decimal(grams) / GRAMS_PER_OUNCE)


def _inches(mm: int) -> str:
    return _tenths(Decimal(mm) / MM_PER_INCH)


def _address(address: Address) -> dict[str, Any]:
    street = address.street
    fields = {
        "name": address.name,
        "street1": street.street1,
        "street2": street.street2,
        "city": street.city,
        "state": street.state,
        "zip": street.postal_code,
        "country": address.country,
        "phone": street.phone,
        "email": street.email,
    }
    return {k: v for k, v in fields.items() if v is not None}


def _parcel(parcel: Parcel) -> dict[str, Any]:
    body: dict[str, Any] = {"weight": _ounces(parcel.weight_g)}
    length, width, height = parcel.length_mm, parcel.width_mm, parcel.height_mm
    if length is not None and width is not None and height is not None:
        body.update(length=_inches(length), width=_inches(width), height=_inches(height))
    return body


def _customs_item(line: CustomsLine) -> dict[str, Any]:
    item: dict[str, Any] = {
        "description": line.description[:255],
        "quantity": line.quantity,
        "value": str(line.value),  # the line's total, as EasyPost's CustomsItem wants it
        "currency": line.currency,
        "weight": _ounces(line.weight_g),
        "hs_tariff_number": line.hs_code,
        "origin_country": line.origin_country,
    }
    if line.sku:
        item["code"] = line.sku
    if line.eccn:
        item["eccn"] = line.eccn
    return item


def shipment_body(request: LabelRequest) -> dict[str, Any]:
    """The JSON of POST /v2/shipments for a return label (addresses as for the outbound shipment: see above)."""
    shipment: dict[str, Any] = {
        "to_address": _address(request.ship_from),
        "from_address": _address(request.ship_to),
        "parcel": _parcel(request.parcel),
        "is_return": True,
        "reference": request.reference,
        "options": {"label_format": "PDF", "label_size": "4x6"},
    }
    if request.customs:
        shipment["customs_info"] = {
            "contents_type": "returned_goods",
            "customs_certify": request.signer is not None,
            **({"customs_signer": request.signer} if request.signer else {}),
            "non_delivery_option": "return",
            "restriction_type": "none",
            "customs_items": [_customs_item(line) for line in request.customs],
        }
    return {"shipment": shipment}


def _field_errors(errors: Any) -> list[str]:
    """EasyPost's `errors`: FieldError objects ({field, message}) or plain strings, per its Error object."""
    out = []
    for entry in errors if isinstance(errors, list) else []:
        if isinstance(entry, Mapping):
            out.append(f"{entry.get('field', '?')}: {entry.get('message', '')}".strip())
        elif isinstance(entry, str):
            out.append(entry)
    return out


def error_message(status: int, body: bytes) -> str:
    """What the carrier said about a 4xx/5xx: its code, message and field errors, or the start of the body."""
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        error = None
    if not isinstance(error, Mapping):
        text = body[:300].decode("utf-8", "replace").strip()
        return f"HTTP {status}" + (f": {text}" if text else "")
    details = _field_errors(error.get("errors"))
    code = f" {error['code']}" if error.get("code") else ""
    message = str(error.get("message") or "no message")
    return f"HTTP {status}{code}: {message}" + (f" ({'; '.join(details)})" if details else "")


def _price(rate: Mapping[str, Any]) -> Decimal | None:
    try:
        value = Decimal(str(rate.get("rate")))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


def _rate_price(rate: Any) -> Decimal | None:
    return _price(rate) if isinstance(rate, Mapping) else None


def lowest_rate(shipment: Mapping[str, Any]) -> Mapping[str, Any]:
    """The cheapest rate EasyPost offered; CarrierError naming the carriers' messages when there is none."""
    priced: list[tuple[Decimal, str, Mapping[str, Any]]] = []
    for rate in shipment.get("rates") or []:
        price = _rate_price(rate)
        if price is not None:
            priced.append((price, str(rate.get("id")), rate))
    if not priced:
        messages = [m for m in shipment.get("messages") or [] if isinstance(m, Mapping)]
        said = [f"{m.get('carrier', '?')}: {m.get('message', '')}" for m in messages]
        raise CarrierError(NAME, "no rate offered for this shipment" + (f" ({'; '.join(said)})" if said else ""))
    currencies = sorted({str(r.get("currency")) for _, _, r in priced})
    if len(currencies) > 1:
        raise CarrierError(NAME, f"rates in several currencies ({', '.join(currencies)}): none is the lowest")
    return min(priced, key=lambda entry: entry[:2])[2]


def _label_url(shipment: Mapping[str, Any]) -> str | None:
    label = shipment.get("postage_label") or {}
    url = (label.get("label_pdf_url") or label.get("label_url")) if isinstance(label, Mapping) else None
    return str(url) if url and urlsplit(str(url)).scheme == "https" else None


def purchased(bought: Mapping[str, Any], chosen: Mapping[str, Any]) -> PurchasedLabel:
    """The bought Shipment as a PurchasedLabel: the selected rate (the one chosen, if the answer lacks it)."""
    tracking = bought.get("tracking_code")
    if not tracking:
        raise CarrierError(NAME, f"shipment {bought.get('id')} was bought but has no tracking code")
    selected = bought.get("selected_rate")
    rate: Mapping[str, Any] = selected if isinstance(selected, Mapping) else chosen
    price = _price(rate)
    if price is None:
        raise CarrierError(NAME, f"shipment {bought.get('id')} has no readable rate")
    return PurchasedLabel(
        carrier=str(rate.get("carrier") or ""),
        service=str(rate.get("service") or ""),
        tracking_number=str(tracking),
        rate=price,
        currency=str(rate.get("currency") or "USD"),
        label_url=_label_url(bought),
        shipment_id=str(bought.get("id") or "") or None,
    )


class EasyPostLabels:
    """CarrierLabels through EasyPost: create the return shipment, buy its lowest rate."""

    name = NAME

    def __init__(self, api_key: str, transport: Transport = https_transport) -> None:
        if not api_key:
            raise ValueError("an EasyPost API key is needed")
        token = base64.b64encode(f"{api_key}:".encode()).decode("ascii")
        self._headers = {
            "Authorization": f"Basic {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": "TradeDesk",
        }
        self._transport = transport

    def _post(self, path: str, payload: Mapping[str, Any]) -> Mapping[str, Any]:
        body = json.dumps(payload, separators=(",", ":")).encode()
        status, answer = self._transport("POST", f"{API_BASE}{path}", self._headers, body)
        if len(answer) > MAX_RESPONSE_BYTES:
            raise CarrierError(NAME, f"the answer to POST {path} is larger than {MAX_RESPONSE_BYTES} bytes", status)
        if status >= 300:
            raise CarrierError(NAME, error_message(status, answer), status)
        try:
            parsed = json.loads(answer, parse_float=Decimal)
        except ValueError as exc:
            raise CarrierError(NAME, f"the answer to POST {path} is not JSON", status) from exc
        if not isinstance(parsed, Mapping):
            raise CarrierError(NAME, f"the answer to POST {path} is not a JSON object", status)
        return parsed

    def buy_return_label(self, request: LabelRequest) -> PurchasedLabel:
        shipment = self._post("/shipments", shipment_body(request))
        shipment_id = str(shipment.get("id") or "")
        if not SHIPMENT_ID.fullmatch(shipment_id):
            raise CarrierError(NAME, f"the created shipment has no usable id ({shipment_id[:80]!r})")
        rate = lowest_rate(shipment)
        rate_id = str(rate.get("id") or "")
        if not RATE_ID.fullmatch(rate_id):
            raise CarrierError(NAME, f"the lowest rate has no usable id ({rate_id[:80]!r})")
        bought = self._post(f"/shipments/{shipment_id}/buy", {"rate": {"id": rate_id}})
        return purchased(bought, rate)
