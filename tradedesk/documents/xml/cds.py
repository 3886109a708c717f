"""UK CDS declaration (WCO DEC-DMS 2.15 in HMRC's MetaData wrapper) for the GB side of a leg.

The data elements follow HMRC's annotated samples for the same situations (export for repair 2100: TT_EX049a /
TT_EX023a; temporary export 2300: TT_EX033a; re-import after repair 61xx: TT_IM041a; returned goods relief 6123:
TT_IM092a; temporary admission 5300: TT_IM083a). What the payload does not know (port, packages, offices,
transaction nature, authorisation and document codes) comes from the tables of cds_codes.yaml.
Every document is validated against HMRC's wrapper_submit.xsd (compiled once per process) before it is returned.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from tradedesk.documents.xml import cds_values as v
from tradedesk.documents.xml.validation import Schema

MD_NS = "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2"
DEC_NS = "urn:wco:datamodel:WCO:DEC-DMS:2"
DS_NS = "urn:wco:datamodel:WCO:Declaration_DS:DMS:2"
NSMAP = {"md": MD_NS, None: DEC_NS, "p1": DS_NS}
SCHEMA_PATH = Path(__file__).with_name("cds_schemas") / "customs" / "wrapper_submit.xsd"
JURISDICTION = "GB"
CURRENCY = "GBP"

# XSD lengths of the text elements we fill (WCO_DEC_DS_2_DMS.xsd)
NAME, LINE, DESCRIPTION, STATEMENT, DOC_ID, DOC_NAME = 70, 70, 512, 512, 70, 35


@cache
def _schema() -> Schema:
    return Schema("UK CDS declaration (HMRC wrapper_submit.xsd, DEC-DMS 2.15)", SCHEMA_PATH)


def validate_cds_xml(data: bytes) -> None:
    """Raise ValueError (InvalidXML, one line per schema error) unless `data` is a valid CDS submission."""
    _schema().check_bytes(data)


def build_cds_xml(payload: dict[str, Any]) -> bytes:
    """The CDS declaration for a payload whose side clears in GB, validated, as UTF-8 bytes."""
    jurisdiction = payload["decision"]["jurisdiction"]
    if jurisdiction != JURISDICTION:
        raise ValueError(f"a CDS declaration is for a side that clears in GB, not in {jurisdiction}")
    root = _Declaration(payload).build()
    _schema().check(root)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data


def _sub(
    parent: etree._Element, name: str, value: str | None = None, ns: str = DEC_NS, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}", attributes)
    if value is not None:
        element.text = value
    return element


def _leaf(parent: etree._Element, name: str, value: str | None, **attributes: str) -> None:
    """A simple element, left out when there is no value (CDS refuses empty elements)."""
    if value is not None:
        _sub(parent, name, value, **attributes)


class _Declaration:
    """One build: the payload, the code tables and the facts derived from both, then the XML in XSD order."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.p = payload
        self.c = v.codes()
        self.doc = payload["document"]
        self.leg = self.doc["leg"]
        self.decision = payload["decision"]
        self.side = self.doc["side"]
        self.is_import = self.side == "import"
        self.parties = payload["parties"]
        self.representative = self.parties["representative"]
        self.declarant = self.parties["declarant"]
        self.transport = self.c["transport"][self.leg["transport"]]
        self.ship_date = date.fromisoformat(self.leg["ship_date"])
        self.rates = v.Rates(payload, CURRENCY)
        self.items = payload["items"]
        cpc = self.decision["procedure_code"] or self.c["declaration"]["fallback_procedure"][self.side]
        self.procedure = (cpc[:2], cpc[2:4])
        self.cpc = cpc
        self.apcs = self.decision["additional_procedure_codes"] or [self.c["declaration"]["no_additional_procedure"]]
        self.authorisations = self._authorisations()
        self.method = self.c["valuation"]["method"].get(self.leg["movement"], self.c["valuation"]["method"]["default"])
        self.documents = self._documents()  # the same DE 2/3 and DE 2/2 lines go on every goods item
        self.statements = self._statements()

    # ---- derived facts -------------------------------------------------------------------------------------

    def _authorisations(self) -> list[dict[str, str]]:
        table = self.c["authorisations"]
        found = [table["by_procedure"].get(self.cpc)] + [table["by_additional_procedure"].get(a) for a in self.apcs]
        unique: dict[str, dict[str, str]] = {}
        for entry in found:
            if entry is not None:
                unique.setdefault(entry["type"], entry)
        return list(unique.values())

    def _eori(self, party: dict[str, Any] | None) -> str | None:
        if party is None:
            return None
        for scheme, value in party["identifiers"].items():
            if scheme.upper() == "EORI" and value:
                return str(value)
        return None

    def _representation_code(self) -> str | None:
        if self.representative is None:
            return None
        kind = self.parties["representation"] or self.c["representation"]["default"]
        return str(self.c["representation"]["function_code"][kind])

    def _gbp_values(self) -> list[Decimal]:
        return [self.rates.convert(i["value"]["amount"], i["value"]["currency"]) for i in self.items]

    def _statistical_values(self) -> list[Decimal]:
        """DE 8/6 in GBP: on imports the full customs value (CIF) apportioned by item value, on exports the value."""
        values = self._gbp_values()
        full = self.decision.get("full_value") if self.is_import else None
        if full is None:
            return [Decimal(v.amount(x)) for x in values]
        return v.apportion(self.rates.convert(full["amount"], full["currency"]), values)

    # ---- document ------------------------------------------------------------------------------------------

    def build(self) -> etree._Element:
        root = etree.Element(f"{{{MD_NS}}}MetaData", nsmap=NSMAP)
        for name, value in self.c["metadata"].items():
            _sub(root, name, str(value), ns=MD_NS)
        self._declaration(_sub(root, "Declaration"))
        return root

    def _declaration(self, d: etree._Element) -> None:
        c = self.c["declaration"]
        _sub(d, "FunctionCode", str(c["function_code"]))
        _sub(d, "FunctionalReferenceID", v.lrn(self.doc["declaration_id"], int(c["lrn_max_length"])))
        issued = date.fromisoformat(self.doc["issued_on"])
        _sub(
            _sub(d, "IssueDateTime"),
            "DateTimeString",
            issued.strftime("%Y%m%d") + c["issue_time"],
            ns=DS_NS,
            formatCode="304",
        )
        _sub(d, "TypeCode", str(c["type_code"][self.side]))
        _sub(d, "GoodsItemQuantity", str(len(self.items)))
        _sub(d, "DeclarationOfficeID", str(self.transport["office"]))
        self._invoice_amount(d)
        _sub(d, "TotalPackageQuantity", str(len(self.items) * int(self.c["packaging"]["default_per_item"])))
        self._agent(d)
        self._authorisation_holders(d)
        _sub(_sub(d, "BorderTransportMeans"), "ModeCode", str(self.transport["border_mode"]))
        if not self.is_import:
            self._itinerary(_sub(d, "Consignment"))
        self._party(d, "Declarant", self.declarant)
        if not self.is_import:
            _sub(_sub(d, "ExitOffice"), "ID", str(self.transport["office"]))
        self._party(d, "Exporter", self.parties["exporter"])
        self._goods_shipment(_sub(d, "GoodsShipment"))
        self._guarantee(d)
        office = self.c["supervising_office"].get(self.cpc)
        if office is not None:
            _sub(_sub(d, "SupervisingOffice"), "ID", str(office))

    def _invoice_amount(self, d: etree._Element) -> None:
        """DE 4/11 total amount invoiced, in the invoice currency when there is one, otherwise in GBP."""
        currencies = {i["value"]["currency"] for i in self.items}
        if len(currencies) == 1:
            total = sum((Decimal(i["value"]["amount"]) for i in self.items), Decimal(0))
            _sub(d, "InvoiceAmount", v.amount(total), currencyID=currencies.pop())
        else:
            _sub(d, "InvoiceAmount", v.amount(sum(self._gbp_values(), Decimal(0))), currencyID=CURRENCY)

    def _agent(self, d: etree._Element) -> None:
        """DE 3/19-3/21: the representative and the representation type (2 direct, 3 indirect)."""
        code = self._representation_code()
        if code is None:
            return
        agent = _sub(d, "Agent")
        eori = self._eori(self.representative)
        if eori is None:
            _leaf(agent, "Name", v.text(self.representative["name"], NAME))
        else:
            _sub(agent, "ID", eori)
        _sub(agent, "FunctionCode", code)
        if eori is None:
            self._address(agent, self.representative)

    def _authorisation_holders(self, d: etree._Element) -> None:
        """DE 3/39: the authorisation each procedure needs, held (by declaration) under the declarant's EORI."""
        eori = self._eori(self.declarant)
        if eori is None:
            return
        for entry in self.authorisations:
            holder = _sub(d, "AuthorisationHolder")
            _sub(holder, "ID", eori)
            _sub(holder, "CategoryCode", entry["type"])

    def _itinerary(self, consignment: etree._Element) -> None:
        """DE 5/18 countries of routing: from the country of export to the destination."""
        for sequence, country in enumerate((self.leg["from_country"], self.leg["to_country"]), start=1):
            itinerary = _sub(consignment, "Itinerary")
            _sub(itinerary, "SequenceNumeric", str(sequence))
            _sub(itinerary, "RoutingCountryCode", country)

    def _party(self, parent: etree._Element, name: str, party: dict[str, Any] | None) -> None:
        """A party by EORI when it has one, otherwise by name and address (CDS wants one or the other)."""
        if party is None:
            return
        element = _sub(parent, name)
        eori = self._eori(party)
        if eori is not None:
            _sub(element, "ID", eori)
            return
        _leaf(element, "Name", v.text(party["name"], NAME))
        self._address(element, party)

    def _address(self, element: etree._Element, party: dict[str, Any]) -> None:
        address = _sub(element, "Address")
        _sub(address, "CountryCode", party["country"])
        _leaf(address, "Line", v.text(party.get("address"), LINE))

    def _consignee(self, shipment: etree._Element) -> None:
        """DE 3/9 consignee on exports: the party abroad, by name and address as in every export sample."""
        party = self.parties["importer"]
        consignee = _sub(shipment, "Consignee")
        _leaf(consignee, "Name", v.text(party["name"], NAME))
        self._address(consignee, party)

    def _goods_shipment(self, s: etree._Element) -> None:
        if self.is_import:
            _sub(s, "TransactionNatureCode", str(self.c["transaction_nature"][self.leg["movement"]]))
        else:
            self._consignee(s)
        self._consignment(_sub(s, "Consignment"))
        if self.is_import:
            self._additions(s)
        _sub(_sub(s, "Destination"), "CountryCode", self.leg["to_country"])
        if not self.is_import:
            _sub(_sub(s, "ExportCountry"), "ID", self.leg["from_country"])
        for item, statistical in zip(self.items, self._statistical_values(), strict=True):
            self._goods_item(_sub(s, "GovernmentAgencyGoodsItem"), item, statistical)
        if self.is_import:
            self._party(s, "Importer", self.parties["importer"])
        self._previous_documents(s)

    def _consignment(self, consignment: etree._Element) -> None:
        """DE 7/2 container, DE 7/5 inland mode (exports), DE 5/23 goods location, DE 7/10 (0 = no container)."""
        t = self.transport
        _sub(consignment, "ContainerCode", str(t["container"]))
        if not self.is_import:
            _sub(_sub(consignment, "DepartureTransportMeans"), "ModeCode", str(t["inland_mode"]))
        location = _sub(consignment, "GoodsLocation")
        _sub(location, "Name", str(t["goods_location"]["name"]))
        _sub(location, "TypeCode", str(t["goods_location"]["type"]))
        address = _sub(location, "Address")
        _sub(address, "TypeCode", str(t["goods_location"]["qualifier"]))
        _sub(address, "CountryCode", JURISDICTION)
        if str(t["container"]) == "0":
            _sub(_sub(consignment, "TransportEquipment"), "SequenceNumeric", "0")

    def _additions(self, s: etree._Element) -> None:
        """DE 4/9 at header level: inward freight and insurance, which the item price (DE 4/14) leaves out."""
        costs = self.p["costs"]
        lines = [
            (self.transport["freight_addition"], costs.get("freight")),
            (self.c["insurance_addition"], costs.get("insurance")),
        ]
        present = [(code, money) for code, money in lines if money is not None and Decimal(money["amount"]) > 0]
        if not present:
            return
        valuation = _sub(s, "CustomsValuation")
        for code, money in present:
            charge = _sub(valuation, "ChargeDeduction")
            _sub(charge, "ChargesTypeCode", str(code))
            _sub(charge, "OtherChargeDeductionAmount", v.amount(money["amount"]), currencyID=money["currency"])

    # ---- goods item ----------------------------------------------------------------------------------------

    def _goods_item(self, g: etree._Element, item: dict[str, Any], statistical: Decimal) -> None:
        position = str(item["position"])
        _sub(g, "SequenceNumeric", position)
        _sub(g, "StatisticalValueAmount", v.amount(statistical), currencyID=CURRENCY)
        if not self.is_import:
            _sub(g, "TransactionNatureCode", str(self.c["transaction_nature"][self.leg["movement"]]))
        for category, type_code, identifier, name, status in self.documents:
            document = _sub(g, "AdditionalDocument")
            _sub(document, "CategoryCode", category)
            _leaf(document, "ID", v.text(identifier, DOC_ID))
            _leaf(document, "Name", v.text(name, DOC_NAME))
            _sub(document, "TypeCode", type_code)
            _leaf(document, "LPCOExemptionCode", status)
        for code, description in self.statements:
            statement = _sub(g, "AdditionalInformation")
            _sub(statement, "StatementCode", code)
            _leaf(statement, "StatementDescription", v.text(description, STATEMENT))
        self._commodity(_sub(g, "Commodity"), item)
        if self.is_import:
            _sub(_sub(g, "CustomsValuation"), "MethodCode", str(self.method))
            _sub(_sub(g, "ExportCountry"), "ID", self.leg["from_country"])
        current, previous = self.procedure
        procedure = _sub(g, "GovernmentProcedure")
        _sub(procedure, "CurrentCode", current)
        _sub(procedure, "PreviousCode", previous)
        for apc in self.apcs:
            _sub(_sub(g, "GovernmentProcedure"), "CurrentCode", apc)
        if self.is_import:
            origin = _sub(g, "Origin")
            _sub(origin, "CountryCode", item["origin_country"])
            _sub(origin, "TypeCode", str(self.c["valuation"]["origin_type"]))
        self._packaging(_sub(g, "Packaging"), position)
        if self.is_import and str(self.method) == "1":
            _sub(_sub(g, "ValuationAdjustment"), "AdditionCode", str(self.c["valuation"]["indicators"]))

    def _commodity(self, commodity: etree._Element, item: dict[str, Any]) -> None:
        """DE 6/8 description (with serial numbers, which identify the goods for the relief), 6/14-6/15, 4/17,
        6/2 supplementary units (our items are counted articles) and 4/14 item price."""
        _sub(commodity, "Description", self._description(item))
        tsp, additional = v.commodity_codes(item["hs_code"])
        classification = _sub(commodity, "Classification")
        _sub(classification, "ID", tsp)
        _sub(classification, "IdentificationTypeCode", "TSP")
        if self.is_import:
            classification = _sub(commodity, "Classification")
            _sub(classification, "ID", additional)
            _sub(classification, "IdentificationTypeCode", "TRC")
            _sub(_sub(commodity, "DutyTaxFee"), "DutyRegimeCode", str(self.c["valuation"]["preference"]))
        _sub(_sub(commodity, "GoodsMeasure"), "TariffQuantity", v.quantity(item["quantity"]))
        value = item["value"]
        _sub(
            _sub(commodity, "InvoiceLine"), "ItemChargeAmount", v.amount(value["amount"]), currencyID=value["currency"]
        )

    def _description(self, item: dict[str, Any]) -> str:
        """The description, then as many serial numbers as fit in DE 6/8 ("... and 12 more" for the rest)."""
        description = v.text(item["description"], DESCRIPTION) or "-"
        serials = [s for s in (v.text(x, DESCRIPTION) for x in item["serial_numbers"]) if s]
        if not serials:
            return description
        head = f"{description}; serial numbers: "
        if len(head) + len(", ".join(serials)) <= DESCRIPTION:
            return head + ", ".join(serials)
        kept: list[str] = []
        for serial in serials:
            more = f" and {len(serials) - len(kept) - 1} more"
            if len(head) + len(", ".join([*kept, serial])) + len(more) > DESCRIPTION:
                break
            kept.append(serial)
        return f"{head}{', '.join(kept)} and {len(serials) - len(kept)} more"[:DESCRIPTION]

    def _packaging(self, packaging: etree._Element, position: str) -> None:
        """DE 6/9-6/11 with the defaults of cds_codes.yaml, shipping marks = the RMA number."""
        p = self.c["packaging"]
        _sub(packaging, "SequenceNumeric", position)
        _leaf(packaging, "MarksNumbersID", v.text(self.doc["rma_number"], DESCRIPTION))
        _sub(packaging, "QuantityQuantity", str(p["default_per_item"]))
        _sub(packaging, "TypeCode", str(p["default_type"]))

    def _documents(self) -> list[tuple[str, str, str | None, str | None, str | None]]:
        """DE 2/3 (category, type, identifier, reason, status) for every goods item."""
        found: list[tuple[str, str, str | None, str | None, str | None]] = []
        abd = self.c["authorisations"]["by_declaration"]
        eori = self._eori(self.declarant)
        for entry in self.authorisations:
            code = str(self.c["authorisations"]["types"][entry["type"]]["document"])
            identifier = None if eori is None else v.document_id(eori, entry["type"])
            found.append((code[0], code[1:], identifier, abd["document_name"], None))
        rma = self.doc["rma_number"]
        if self.is_import:
            invoice = self.c["documents"]["invoice"]
            found.append((invoice["category"], invoice["type"], rma, None, invoice["status"]))
            rgr = self.c["documents"]["returned_goods"]
            if self.decision["regime"] in rgr["regimes"]:
                prior = self.p.get("prior_export") or {}
                found.append((rgr["category"], rgr["type"], prior.get("reference") or rma, None, rgr["status"]))
            sheet = self.c["valuation"]["worksheet"]
            if self.decision.get("duty_base") in sheet["duty_bases"]:
                code = str(sheet["code"])
                found.append((code[0], code[1:], rma, sheet["name"], sheet["status"]))
        return found

    def _statements(self) -> list[tuple[str, str | None]]:
        """DE 2/2: self-representation, authorisation by declaration, and the RGR / TA statements."""
        found: list[tuple[str, str | None]] = []
        if self.representative is None:
            own = self.c["representation"]["self"][self.side]
            found.append((str(own["code"]), own["text"]))
        if self.authorisations:
            abd = self.c["authorisations"]["by_declaration"]
            found.append((str(abd["statement"]["code"]), abd["statement"]["text"]))
            for code in dict.fromkeys(entry["abd"] for entry in self.authorisations):
                found.append((code, abd["abd_text"]))
        statements = self.c["statements"]
        regime = self.decision["regime"]
        rgr = statements["returned_goods"]
        if regime in rgr["regimes"]:
            found.append((rgr["code"], rgr["text"].format(rma_number=self.doc["rma_number"])))
        if regime in statements["temporary_admission"]["regimes"]:
            found.extend(self._temporary_admission(statements))
        return found

    def _temporary_admission(self, statements: dict[str, Any]) -> list[tuple[str, str | None]]:
        ta = statements["temporary_admission"]
        found: list[tuple[str, str | None]] = []
        deadline = self.decision.get("deadline")
        if deadline is not None:
            end = date.fromisoformat(deadline["date"])
            text = ta["duration"]["text"].format(days=(end - self.ship_date).days, deadline=end)
            found.append((ta["duration"]["code"], text))
        purposes = statements["purposes"]
        purpose = next((purposes[a] for a in self.apcs if a in purposes), purposes["default"])
        found.append(
            (ta["purpose"]["code"], ta["purpose"]["text"].format(purpose=purpose, rma_number=self.doc["rma_number"]))
        )
        owner = self.parties["importer"]
        where = owner.get("address") or owner["country"]
        found.append((ta["ownership"]["code"], ta["ownership"]["text"].format(owner=f"{owner['name']}, {where}")))
        return found

    def _previous_documents(self, s: etree._Element) -> None:
        """DE 2/1: the export MRN on a re-import, the paired import MRN on a 48P export, the DUCR on exports."""
        table = self.c["previous_documents"]
        found: list[tuple[dict[str, str], str]] = []
        prior = self.p.get("prior_export")
        if self.is_import and prior is not None and prior.get("reference"):
            found.append((table["mrn"], prior["reference"]))
        paired = self.leg.get("paired_leg")
        pairs = not self.is_import and any(a in table["paired_import_apcs"] for a in self.apcs)
        if pairs and paired is not None and paired.get("reference"):
            found.append((table["mrn"], paired["reference"]))
        if not self.is_import:
            eori = self._eori(self.parties["exporter"]) or self._eori(self.declarant)
            if eori is not None:
                found.append((table["ducr"], v.ducr(self.ship_date, eori, self.doc["rma_number"])))
        for kind, identifier in found:
            document = _sub(s, "PreviousDocument")
            _sub(document, "CategoryCode", kind["category"])
            _leaf(document, "ID", v.text(identifier, DOC_ID))
            _sub(document, "TypeCode", kind["type"])
            if len(self.items) == 1:
                _sub(document, "LineNumeric", "1")

    def _guarantee(self, d: etree._Element) -> None:
        """DE 8/2 guarantee type where the decision requires a guarantee (DE 8/3 reference: none in the payload)."""
        if not self.decision.get("guarantee_required"):
            return
        guarantee = _sub(d, "ObligationGuarantee")
        _sub(guarantee, "SecurityDetailsCode", str(self.c["guarantee"]["security_details_code"]))
