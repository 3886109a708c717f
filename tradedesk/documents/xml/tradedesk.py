"""Our own broker XML, tradedesk-declaration 1.0: one side of one leg, from the filing payload.

Built with lxml's ElementMaker (never from string templates, so no payload text can become markup) and
validated against the published XSD before the bytes are returned. The output is a pure function of the
payload: same payload, same bytes (no clock, mappings emitted in sorted key order), so an approved
version's file never changes. Element by element documentation: docs/xml/tradedesk-declaration-1.0.md.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree
from lxml.builder import ElementMaker

from tradedesk.documents.xml.validation import Schema

NAMESPACE = "urn:tradedesk:declaration:1.0"
SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "tradedesk-declaration-1.0.xsd"

_E = ElementMaker(namespace=NAMESPACE, nsmap={None: NAMESPACE})
# XML 1.0 cannot carry C0 controls, lone surrogates, U+FFFE/U+FFFF: shown as U+FFFD rather than refused
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Payload = Mapping[str, Any]


@functools.cache
def tradedesk_schema() -> Schema:
    """The compiled XSD, once per process."""
    return Schema("tradedesk-declaration 1.0", SCHEMA_PATH)


def validate_tradedesk_xml(data: bytes) -> None:
    """Raise InvalidXML (a ValueError) listing every schema error of the serialised document."""
    tradedesk_schema().check_bytes(data)


def build_tradedesk_xml(payload: Payload) -> bytes:
    """The declaration as UTF-8 XML with an XML declaration, validated; ValueError when it cannot be valid."""
    data: bytes = etree.tostring(_declaration(payload), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    validate_tradedesk_xml(data)
    return data


# --- building blocks ---------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def _decimal(value: Any) -> str:
    """Plain notation whatever the input's exponent (xs:decimal has none): '1E+2' -> '100'."""
    try:
        return format(Decimal(str(value)), "f")
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not a decimal number") from exc


def _bool(value: Any) -> str:
    return "true" if value else "false"


def _el(tag: str, *children: etree._Element | None, **attrs: Any) -> etree._Element:
    return _E(tag, *[c for c in children if c is not None], **{k: _text(v) for k, v in attrs.items() if v is not None})


def _leaf(tag: str, value: Any) -> etree._Element | None:
    return None if value is None else _E(tag, _text(value))


def _optional(tag: str, *children: etree._Element | None, **attrs: Any) -> etree._Element | None:
    """The element, or None when it would have no child at all."""
    return _el(tag, *children, **attrs) if any(c is not None for c in children) else None


def _many(tag: str, item_tag: str, values: Iterable[Any] | None) -> etree._Element | None:
    values = list(values or ())
    return _el(tag, *[_leaf(item_tag, v) for v in values]) if values else None


def _money(tag: str, money: Mapping[str, Any] | None) -> etree._Element | None:
    return None if money is None else _E(tag, _decimal(money["amount"]), currency=_text(money["currency"]))


# --- sections ----------------------------------------------------------------------------------------------


def _declaration(p: Payload) -> etree._Element:
    decision = p["decision"]
    return _el(
        "Declaration",
        _meta(p),
        _leg(p["document"]["leg"]),
        _parties(p["parties"]),
        _el("Items", *[_item(i) for i in p["items"]]),
        _customs(decision),
        _valuation(decision, p.get("conversions") or []),
        _repair(p.get("repair")),
        _costs(p.get("costs")),
        _warranty(p.get("warranty")),
        _optional("Deadlines", _deadline(decision.get("deadline"))),
        _el("Guarantee", _leaf("Required", _bool(decision.get("guarantee_required")))),
        _many("RequiredDocuments", "Document", decision.get("documents")),
        _many("LegalBasis", "Provision", decision.get("legal_basis")),
        _optional("PreviousDocuments", _prior_export(p.get("prior_export"))),
        _other_side(p.get("other_side"), p["document"]["side"]),
        _flags(p.get("flags") or [], p.get("acknowledgements") or {}),
        _provenance(p),
        schemaVersion=SCHEMA_VERSION,
    )


def _meta(p: Payload) -> etree._Element:
    doc = p["document"]
    return _el(
        "Meta",
        _leaf("DeclarationId", doc["declaration_id"]),
        _leaf("Version", doc["version"]),
        _leaf("IssuedOn", doc["issued_on"]),
        _leaf("RmaReference", doc["rma_number"]),
        _leaf("Side", doc["side"]),
        _leaf("Jurisdiction", doc["jurisdiction"]),
        _leaf("Locale", p["locale"]),
        _leaf("Currency", p["currency"]),
        _leaf("PayloadVersion", p["payload_version"]),
    )


def _leg(leg: Payload) -> etree._Element:
    paired = leg.get("paired_leg")
    return _el(
        "Leg",
        _leaf("Movement", leg["movement"]),
        _leaf("FromCountry", leg["from_country"]),
        _leaf("ToCountry", leg["to_country"]),
        _leaf("ShipDate", leg["ship_date"]),
        _leaf("Transport", leg["transport"]),
        _leaf("AtaCarnet", _bool(leg.get("ata_carnet"))),
        _leaf("CustomsReference", leg.get("customs_reference")),
        None
        if paired is None
        else _el(
            "PairedLeg",
            _leaf("Movement", paired["movement"]),
            _leaf("Reference", paired.get("reference")),
            _leaf("ShipDate", paired.get("ship_date")),
        ),
        id=leg["id"],
        position=leg["position"],
    )


def _party(tag: str, party: Payload | None) -> etree._Element | None:
    if party is None:
        return None
    identifiers = party.get("identifiers") or {}
    return _el(
        tag,
        _leaf("Name", party["name"]),
        _leaf("Country", party["country"]),
        *[_leaf("EstablishedIn", c) for c in party.get("established_in") or ()],
        _optional(
            "Identifiers", *[_E("Identifier", _text(identifiers[s]), scheme=_text(s)) for s in sorted(identifiers)]
        ),
        _leaf("Address", party.get("address")),
    )


def _parties(parties: Payload) -> etree._Element:
    return _el(
        "Parties",
        _party("Exporter", parties.get("exporter")),
        _party("Importer", parties.get("importer")),
        _party("Declarant", parties.get("declarant")),
        _party("Representative", parties.get("representative")),
        _leaf("Representation", parties.get("representation")),
        _party("Broker", parties.get("broker")),
    )


def _item(item: Payload) -> etree._Element:
    return _el(
        "Item",
        _leaf("Description", item["description"]),
        _leaf("HsCode", item["hs_code"]),
        _leaf("OriginCountry", item["origin_country"]),
        _leaf("Quantity", _decimal(item["quantity"])),
        _money("UnitValue", item["unit_value"]),
        _money("Value", item["value"]),
        _many("SerialNumbers", "SerialNumber", item.get("serial_numbers")),
        _leaf("Udi", item.get("udi")),
        position=item["position"],
    )


def _customs(d: Payload) -> etree._Element:
    record = d.get("ior_required", d.get("eor_required"))
    return _el(
        "Customs",
        _leaf("Regime", d["regime"]),
        _leaf("ProcedureCode", d.get("procedure_code")),
        _many("AdditionalProcedureCodes", "Code", d.get("additional_procedure_codes")),
        None if record is None else _leaf("PartyOfRecordRequired", _bool(record)),
        _leaf("Representation", d.get("representation")),
        _el("Rule", id=d["rule"], confirmed=_bool(d["confirmed"])),
    )


def _valuation(d: Payload, conversions: list[Payload]) -> etree._Element | None:
    return _optional(
        "Valuation",
        _leaf("DutyBase", d.get("duty_base")),
        _money("FullValue", d.get("full_value")),
        _money("CustomsValue", d.get("customs_value")),
        _money("Duty", d.get("duty")),
        _money("VatBase", d.get("vat_base")),
        None if d.get("vat_rate") is None else _leaf("VatRate", _decimal(d["vat_rate"])),
        _money("Vat", d.get("vat")),
        _optional("ItemDuties", *[_item_duty(x) for x in d.get("duty_detail") or ()]),
        _many("DeMinimis", "Note", d.get("de_minimis")),
        _optional("Conversions", *[_conversion(c) for c in conversions]),
    )


def _item_duty(x: Payload) -> etree._Element:
    return _el(
        "ItemDuty",
        _leaf("HsCode", x["hs_code"]),
        _money("Base", x["base"]),
        None if x.get("rate") is None else _leaf("Rate", _decimal(x["rate"])),
        _leaf("RateText", x["rate_text"]),
        _leaf("RateSource", x["rate_source"]),
        _money("Duty", x.get("duty")),
        item=int(x["item"]) + 1,  # the contract counts items from 0, the document from 1 (Item/@position)
    )


def _conversion(c: Payload) -> etree._Element:
    return _el(
        "Conversion",
        _leaf("From", c["from"]),
        _leaf("To", c["to"]),
        _leaf("Rate", _decimal(c["rate"])),
        _leaf("RateDate", c["rate_date"]),
        _leaf("Source", c["source"]),
    )


def _repair(r: Payload | None) -> etree._Element | None:
    if r is None:
        return None
    return _el(
        "Repair",
        _money("Cost", r.get("cost")),
        _leaf("Charged", _bool(r["charged"])),
        _money("UpgradeValue", r.get("upgrade_value")),
        _leaf("EssentialPartsReplaced", _bool(r.get("essential_parts_replaced"))),
    )


def _costs(c: Payload | None) -> etree._Element | None:
    if c is None:
        return None
    return _optional(
        "Costs",
        _money("Freight", c.get("freight")),
        _money("Insurance", c.get("insurance")),
        _money("OutboundFreight", c.get("outbound_freight")),
    )


def _warranty(w: Payload | None) -> etree._Element | None:
    if w is None:
        return None
    return _el(
        "Warranty",
        _leaf("Covered", _bool(w["covered"])),
        _leaf("PaidServiceContract", _bool(w.get("paid_service_contract"))),
        _leaf("Expires", w.get("expires")),
    )


def _deadline(d: Payload | None) -> etree._Element | None:
    if d is None:
        return None
    return _el("Deadline", _leaf("Date", d["date"]), _leaf("Event", d["event"]), _leaf("Source", d["source"]))


def _prior_export(x: Payload | None) -> etree._Element | None:
    if x is None:
        return None
    return _el(
        "PriorExport",
        _leaf("Reference", x.get("reference")),
        _leaf("Date", x["date"]),
        _leaf("Regime", x.get("regime")),
        _leaf("ProcedureCode", x.get("procedure_code")),
        _leaf("Exporter", x.get("exporter")),
        _leaf("HsCode", x.get("hs_code")),
        _many("SerialNumbers", "SerialNumber", x.get("serial_numbers")),
        _leaf("ReimportDeadline", x.get("reimport_deadline")),
    )


def _other_side(o: Payload | None, side: str) -> etree._Element | None:
    if o is None:
        return None
    return _el(
        "OtherSide",
        _leaf("Side", "import" if side == "export" else "export"),
        _leaf("Jurisdiction", o["jurisdiction"]),
        _leaf("Regime", o["regime"]),
        _leaf("ProcedureCode", o.get("procedure_code")),
        _many("AdditionalProcedureCodes", "Code", o.get("additional_procedure_codes")),
    )


def _flags(flags: list[Payload], acknowledgements: Mapping[str, Payload]) -> etree._Element | None:
    orphans = sorted(set(acknowledgements) - {f["code"] for f in flags})
    if orphans:
        raise ValueError(f"acknowledgement of a flag that is not on this declaration: {', '.join(orphans)}")
    return _optional("Flags", *[_flag(f, acknowledgements.get(f["code"])) for f in flags])


def _flag(f: Payload, ack: Payload | None) -> etree._Element:
    return _el(
        "Flag",
        _leaf("Message", f["message"]),
        None
        if ack is None
        else _el(
            "Acknowledgement",
            _leaf("By", ack["by"]),
            _leaf("ByName", ack.get("by_name")),
            _leaf("At", ack["at"]),
            _leaf("Reason", ack["reason"]),
        ),
        code=f["code"],
        severity=f["severity"],
        side=f.get("side"),
    )


def _provenance(p: Payload) -> etree._Element:
    return _el(
        "Provenance",
        _el(
            "Profiles",
            *[
                _el("Profile", jurisdiction=x["jurisdiction"], version=x["version"], asOf=x["as_of"])
                for x in p["profiles"]
            ],
        ),
        _el("Trace", *[_leaf("Step", s) for s in p["trace"]]),
    )
