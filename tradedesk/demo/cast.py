"""The demo's cast: its people (one API token each) and a parties register of fictitious firms.

Identifiers are made up but pass their checksums (python-stdnum; our own EORI rules), so the register's
validation accepts them as it would real ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from tradedesk.auth.permissions import Role
from tradedesk.services.parties import PartyData
from tradedesk.services.rmas import RmaItemData

OFFICER = "Olivia Brennan"
COORDINATOR = "Tomasz Wolski"
SECOND_COORDINATOR = "Aiko Tanaka"
ADMIN = "Desk administrator"
#: the desk's people, one API token each (every broker party gets a token of its own too)
STAFF = (
    (OFFICER, Role.COMPLIANCE_OFFICER),
    (COORDINATOR, Role.LOGISTICS_COORDINATOR),
    (SECOND_COORDINATOR, Role.LOGISTICS_COORDINATOR),
    (ADMIN, Role.ADMIN),
)
EU_HUB = "NL"  # the Dutch hub's and broker's country: the EU providers serve that union's members


def _party(
    kind: str,
    name: str,
    country: str,
    ids: Mapping[str, str],
    email: str,
    *,
    serves: tuple[str, ...] = (),
    representation: str | None = None,
) -> PartyData:
    return PartyData(
        kind=kind,
        name=name,
        country=country,
        identifiers=dict(ids),
        serves_countries=serves,
        representation=representation,
        email=email,
    )


def register(eu_members: tuple[str, ...]) -> dict[str, PartyData]:
    """Fictitious firms with identifiers that pass their checksums (python-stdnum, our EORI rules)."""
    return {
        # customers
        "gb_customer": _party(
            "customer",
            "Harbour & Finch Ltd",
            "GB",
            {"EORI": "GB412735614000", "VAT": "GB412735614"},
            "returns@harbourfinch.example",
        ),
        "de_customer": _party(
            "customer",
            "Müller Messtechnik GmbH",
            "DE",
            {"EORI": "DE4827153", "VAT": "DE814527394"},
            "einkauf@mueller-messtechnik.example",
        ),
        "fr_customer": _party(
            "customer",
            "Atelier Lumière SARL",
            "FR",
            {"EORI": "FR412358707", "VAT": "FR19412358707"},
            "sav@atelier-lumiere.example",
        ),
        "us_customer": _party(
            "customer", "Cascade Diagnostics Inc.", "US", {"EIN": "84-3927150"}, "receiving@cascade-diagnostics.example"
        ),
        "jp_customer": _party(
            "customer",
            "Sakura Instruments K.K.",
            "JP",
            {"CORPORATE_NUMBER": "7701000104837"},
            "support@sakura-instruments.example",
        ),
        "ch_customer": _party(
            "customer", "Uhren Handel Bern AG", "CH", {"UID": "CHE-250.934.182"}, "service@uhrenhandel-bern.example"
        ),
        "sg_customer": _party(
            "customer", "Merlion Medical Pte. Ltd.", "SG", {"UEN": "201948213N"}, "biomed@merlion-medical.example"
        ),
        "au_customer": _party(
            "customer",
            "Southern Cross Audio Pty Ltd",
            "AU",
            {"ABN": "83 638 207 519"},
            "warehouse@southerncross-audio.example",
        ),
        "ca_customer": _party(
            "customer", "Maple Leaf Robotics Inc.", "CA", {"BN": "814263976"}, "logistics@mapleleaf-robotics.example"
        ),
        # hubs: where returns go
        "ch_repairer": _party(
            "repairer", "Alpenwerk Uhrenservice AG", "CH", {"UID": "CHE-418.273.657"}, "werkstatt@alpenwerk.example"
        ),
        "gb_seller": _party(
            "seller",
            "Brightwater Electronics Ltd",
            "GB",
            {"EORI": "GB730159206000", "VAT": "GB730159206"},
            "rma@brightwater.example",
        ),
        "nl_hub": _party(
            "seller",
            "Lowlands Returns Hub B.V.",
            "NL",
            {"EORI": "NL853160210", "VAT": "NL853160210B01"},
            "returns@lowlands-hub.example",
        ),
        # importers / exporters of record
        "gb_ior": _party(
            "ior_provider",
            "Meridian Trade Services Ltd",
            "GB",
            {"EORI": "GB551208710000"},
            "ior@meridian-trade.example",
            serves=("GB",),
            representation="indirect",
        ),
        "gb_eor": _party(
            "eor_provider",
            "Meridian Trade Services Ltd",
            "GB",
            {"EORI": "GB551208710000"},
            "eor@meridian-trade.example",
            serves=("GB",),
            representation="indirect",
        ),
        "eu_ior": _party(
            "ior_provider",
            "Eurogate Fiscal Representation B.V.",
            "NL",
            {"EORI": "NL819724403", "VAT": "NL819724403B01"},
            "ior@eurogate-fiscal.example",
            serves=eu_members,
            representation="indirect",
        ),
        "eu_eor": _party(
            "eor_provider",
            "Eurogate Fiscal Representation B.V.",
            "NL",
            {"EORI": "NL819724403", "VAT": "NL819724403B01"},
            "eor@eurogate-fiscal.example",
            serves=eu_members,
            representation="indirect",
        ),
        "us_ior": _party(
            "ior_provider",
            "Liberty Entry Services LLC",
            "US",
            {"EIN": "27-4815036"},
            "entries@liberty-entry.example",
            serves=("US",),
            representation="direct",
        ),
        "sg_ior": _party(
            "ior_provider",
            "Lion City Trade Services Pte. Ltd.",
            "SG",
            {"UEN": "201572104Z"},
            "ior@lioncity-trade.example",
            serves=("SG",),
            representation="indirect",
        ),
        "jp_ior": _party(
            "ior_provider",
            "Kaigan Customs Services K.K.",
            "JP",
            {"CORPORATE_NUMBER": "8301001019256"},
            "ior@kaigan-customs.example",
            serves=("JP",),
            representation="indirect",
        ),
        # customs brokers (one token each)
        "gb_broker": _party(
            "broker",
            "Thames Customs Brokers Ltd",
            "GB",
            {"EORI": "GB466301925000"},
            "filings@thames-customs.example",
            representation="direct",
        ),
        "nl_broker": _party(
            "broker",
            "Rotterdam Douane Services B.V.",
            "NL",
            {"EORI": "NL866201397", "VAT": "NL866201397B01"},
            "aangifte@rotterdam-douane.example",
            representation="direct",
        ),
    }


def item(
    description: str,
    hs_code: str,
    origin: str,
    value: str,
    currency: str,
    serials: tuple[str, ...] = (),
    *,
    sku: str | None = None,
    quantity: int = 1,
    udi: str | None = None,
) -> RmaItemData:
    return RmaItemData(
        description=description,
        hs_code=hs_code,
        origin_country=origin,
        quantity=Decimal(quantity),
        unit_value=Decimal(value),
        currency=currency,
        sku=sku,
        serial_numbers=serials,
        udi=udi,
    )


#: acknowledgement reasons a compliance officer gives for the warnings the demo's declarations carry
REASONS = {
    "PROFILE_PARTIAL": "checked against the national tariff and the broker's guidance; treatment confirmed",
    "MISSING_SERIAL": "accessory without a serial number; identified by order number and packing list",
    "NO_PRIOR_EXPORT_RECORD": "original sale export evidenced by the commercial invoice and carrier proof of export",
    "WARRANTY_RELIEF_NOT_APPLIED": "paid service contract: relief rightly not claimed, duty accepted",
    "FULL_VALUE_ON_REPAIR_REIMPORT": "no outward-processing export on record; full value accepted for this return",
    "RELIEF_PERIOD_EXCEEDED": "late return confirmed with the customer; normal treatment accepted",
    "MISSING_UDI": "not a medical device in the destination's sense; confirmed with regulatory affairs",
}
