"""tradedesk-declaration 1.0: every GB movement (both sides) and a few other jurisdictions build valid XML,
the facts survive a round trip through the hardened parser, output is deterministic, and invalid content
is refused with the element named."""

from __future__ import annotations

import copy
import dataclasses
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from tests.documents.payloads import (
    BROKER,
    GB_CASES,
    GB_EXPORTS,
    GB_IMPORTS,
    META,
    OTHER_CASES,
    acknowledged_payload,
    payload_for,
)
from tests.properties.test_classify_properties import PROFILES, legs
from tests.support import item, leg, party
from tradedesk.documents.xml.safe import parse_untrusted
from tradedesk.documents.xml.tradedesk import (
    NAMESPACE,
    SCHEMA_PATH,
    build_tradedesk_xml,
    tradedesk_schema,
    validate_tradedesk_xml,
)
from tradedesk.documents.xml.validation import InvalidXML
from tradedesk.domain.contract import decision_dict
from tradedesk.domain.filing import FilingMeta, build_payload
from tradedesk.domain.model import DutyBase, Movement, Regime, Severity, Side, Transport
from tradedesk.domain.regimes import classify
from tradedesk.inputs.leg import load_legs

NS = {"td": NAMESPACE}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "xml" / "tradedesk-declaration-1.0.md"
CASES = {cid: (side, request) for cid, side, request in GB_CASES + OTHER_CASES}


def xml_of(case: str) -> tuple[dict[str, Any], etree._Element]:
    side, request = CASES[case]
    payload = acknowledged_payload(request, side)
    return payload, parse_untrusted(build_tradedesk_xml(payload))


def texts(root: etree._Element, path: str) -> list[str]:
    return [e.text or "" for e in root.xpath(path, namespaces=NS)]


def one(root: etree._Element, path: str) -> str:
    (value,) = texts(root, path)
    return value


def plain(amount: str) -> str:
    return format(Decimal(amount), "f")


# --- coverage and validity ---------------------------------------------------------------------------------


def test_the_gb_catalogue_covers_every_movement_on_both_sides():
    assert {CASES[c][1]["movement"] for c, _, _ in GB_IMPORTS} == {str(m) for m in Movement}
    assert {CASES[c][1]["movement"] for c, _, _ in GB_EXPORTS} == {str(m) for m in Movement}
    assert all(payload_for(r, s)["decision"]["jurisdiction"] == "GB" for _, s, r in GB_CASES)


@pytest.mark.parametrize("case", [c for c, _, _ in GB_CASES])
def test_every_gb_movement_builds_a_valid_declaration(case):
    payload, root = xml_of(case)
    validate_tradedesk_xml(etree.tostring(root))
    assert one(root, "td:Meta/td:Jurisdiction") == "GB"
    assert one(root, "td:Meta/td:Side") == payload["document"]["side"]


@pytest.mark.parametrize("case", [c for c, _, _ in OTHER_CASES])
def test_other_jurisdictions_build_a_valid_declaration(case):
    payload, root = xml_of(case)
    assert one(root, "td:Meta/td:Jurisdiction") == payload["decision"]["jurisdiction"]


def test_the_document_is_utf8_with_an_xml_declaration_and_our_namespace():
    data = build_tradedesk_xml(payload_for(CASES["gb-import-return_after_repair"][1], "import"))
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    root = parse_untrusted(data)
    assert root.tag == f"{{{NAMESPACE}}}Declaration"
    assert root.get("schemaVersion") == "1.0"


def test_the_schema_is_compiled_once():
    assert tradedesk_schema() is tradedesk_schema()


def test_the_same_payload_gives_the_same_bytes():
    side, request = CASES["gb-export-export_for_repair"]
    payload = acknowledged_payload(request, side)
    assert build_tradedesk_xml(payload) == build_tradedesk_xml(copy.deepcopy(payload))


def test_mapping_order_does_not_change_the_bytes():
    side, request = CASES["gb-import-return_after_repair"]
    payload = payload_for(request, side)
    payload["parties"]["importer"]["identifiers"] = {"EORI": "GB123456789000", "VAT": "GB123456789"}
    shuffled = copy.deepcopy(payload)
    shuffled["parties"]["importer"]["identifiers"] = {"VAT": "GB123456789", "EORI": "GB123456789000"}
    assert build_tradedesk_xml(payload) == build_tradedesk_xml(shuffled)


# --- round trip --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", [c for c, _, _ in GB_CASES + OTHER_CASES])
def test_items_round_trip(case):
    payload, root = xml_of(case)
    assert texts(root, "td:Items/td:Item/td:HsCode") == [i["hs_code"] for i in payload["items"]]
    assert texts(root, "td:Items/td:Item/td:Value") == [plain(i["value"]["amount"]) for i in payload["items"]]
    assert [e.get("currency") for e in root.xpath("td:Items/td:Item/td:UnitValue", namespaces=NS)] == [
        i["unit_value"]["currency"] for i in payload["items"]
    ]
    assert texts(root, "td:Items/td:Item/td:SerialNumbers/td:SerialNumber") == [
        s for i in payload["items"] for s in i["serial_numbers"]
    ]


@pytest.mark.parametrize("case", [c for c, _, _ in GB_CASES + OTHER_CASES])
def test_procedure_codes_round_trip(case):
    payload, root = xml_of(case)
    decision = payload["decision"]
    assert texts(root, "td:Customs/td:Regime") == [decision["regime"]]
    assert texts(root, "td:Customs/td:ProcedureCode") == [c for c in [decision["procedure_code"]] if c]
    assert texts(root, "td:Customs/td:AdditionalProcedureCodes/td:Code") == decision["additional_procedure_codes"]


def test_valuation_round_trips_with_its_sources():
    payload, root = xml_of("gb-import-return_after_repair")
    decision = payload["decision"]
    assert one(root, "td:Valuation/td:DutyBase") == "repair_cost"
    for tag, key in (("FullValue", "full_value"), ("CustomsValue", "customs_value"), ("Duty", "duty"), ("Vat", "vat")):
        (element,) = root.xpath(f"td:Valuation/td:{tag}", namespaces=NS)
        assert (element.text, element.get("currency")) == (plain(decision[key]["amount"]), decision[key]["currency"])
    assert one(root, "td:Valuation/td:VatRate") == decision["vat_rate"]
    assert texts(root, "td:Valuation/td:ItemDuties/td:ItemDuty/td:RateSource") == [
        d["rate_source"] for d in decision["duty_detail"]
    ]
    (conversion,) = payload["conversions"]
    assert one(root, "td:Valuation/td:Conversions/td:Conversion/td:Rate") == conversion["rate"]
    assert one(root, "td:Valuation/td:Conversions/td:Conversion/td:RateDate") == conversion["rate_date"]
    assert one(root, "td:Valuation/td:Conversions/td:Conversion/td:Source") == conversion["source"]


def test_item_duties_refer_to_item_positions():
    _, root = xml_of("gb-import-defective_return")
    assert (
        [e.get("item") for e in root.xpath("td:Valuation/td:ItemDuties/td:ItemDuty", namespaces=NS)]
        == [e.get("position") for e in root.xpath("td:Items/td:Item", namespaces=NS)]
        == ["1", "2"]
    )


def test_the_prior_export_round_trips():
    payload, root = xml_of("gb-import-return_after_repair")
    prior = payload["prior_export"]
    base = "td:PreviousDocuments/td:PriorExport/td:"
    assert one(root, base + "Reference") == prior["reference"] == "26GB12345678901234"
    assert one(root, base + "Date") == prior["date"]
    assert one(root, base + "Regime") == prior["regime"]
    assert one(root, base + "ProcedureCode") == prior["procedure_code"]
    assert one(root, base + "ReimportDeadline") == prior["reimport_deadline"]


def test_acknowledgements_round_trip_on_their_flag():
    payload, root = xml_of("gb-import-defective_return")
    acks = payload["acknowledgements"]
    assert set(acks) == {"NO_PRIOR_EXPORT_RECORD", "MISSING_SERIAL", "SERIAL_COUNT_MISMATCH"}  # 3 laptops, 1 serial
    for code, ack in acks.items():
        (flag,) = root.xpath("td:Flags/td:Flag[@code=$code]", namespaces=NS, code=code)
        assert flag.get("severity") == "warning"
        assert [
            flag.findtext(f"td:Acknowledgement/td:{t}", namespaces=NS) for t in ("By", "ByName", "At", "Reason")
        ] == [ack["by"], ack["by_name"], ack["at"], ack["reason"]]


def test_an_unacknowledged_flag_has_no_acknowledgement():
    side, request = CASES["gb-import-defective_return"]
    root = parse_untrusted(build_tradedesk_xml(payload_for(request, side)))
    assert root.xpath("td:Flags/td:Flag", namespaces=NS)
    assert root.xpath("td:Flags/td:Flag/td:Acknowledgement", namespaces=NS) == []


def test_the_trace_and_profile_versions_round_trip():
    payload, root = xml_of("gb-export-demo_dispatch")
    assert texts(root, "td:Provenance/td:Trace/td:Step") == payload["trace"]
    assert [
        (p.get("jurisdiction"), p.get("version"), p.get("asOf"))
        for p in root.xpath("td:Provenance/td:Profiles/td:Profile", namespaces=NS)
    ] == [(p["jurisdiction"], p["version"], p["as_of"]) for p in payload["profiles"]]
    assert root.xpath("td:Customs/td:Rule/@id", namespaces=NS) == [payload["decision"]["rule"]]


def test_legal_basis_documents_deadline_and_guarantee_round_trip():
    payload, root = xml_of("gb-import-demo_dispatch")
    decision = payload["decision"]
    assert texts(root, "td:LegalBasis/td:Provision") == decision["legal_basis"]
    assert texts(root, "td:RequiredDocuments/td:Document") == decision["documents"]
    assert one(root, "td:Guarantee/td:Required") == "true"
    assert one(root, "td:Deadlines/td:Deadline/td:Date") == decision["deadline"]["date"]


def test_the_representative_and_representation_round_trip():
    _, root = xml_of("gb-export-export_for_repair")
    assert one(root, "td:Parties/td:Representative/td:Name") == "Exporter of Record Ltd"
    assert one(root, "td:Parties/td:Representation") == "indirect"
    assert root.xpath(
        "td:Parties/td:Representative/td:Identifiers/td:Identifier[@scheme='EORI']/text()", namespaces=NS
    ) == ["GB123456789000"]
    assert one(root, "td:Customs/td:PartyOfRecordRequired") == "true"


def test_broker_and_customs_reference_from_the_filing_meta():
    side, request = CASES["gb-export-demo_dispatch"]
    meta = dataclasses.replace(META, broker=BROKER, customs_reference="26GB00000000000001")
    root = parse_untrusted(build_tradedesk_xml(payload_for(request, side, meta)))
    assert one(root, "td:Parties/td:Broker/td:Name") == BROKER.name
    assert one(root, "td:Leg/td:CustomsReference") == "26GB00000000000001"


def test_the_paired_leg_of_a_dual_shipment_round_trips():
    _, root = xml_of("gb-import-advance_replacement")
    assert one(root, "td:Leg/td:PairedLeg/td:Movement") == "defective_return"
    assert one(root, "td:Leg/td:PairedLeg/td:Reference") == "RMA-2026-000123/2"


def test_a_udi_round_trips():
    _, root = xml_of("gb-export-defective_return")
    assert one(root, "td:Items/td:Item/td:Udi") == "(01)00884838026375(21)SN1"


def test_markup_in_a_description_stays_text():
    description = '<img src="http://127.0.0.1:9/"> & file:///etc/passwd ]]> Ünïcødé 中文'
    payload = payload_for(leg("demo_dispatch", "GB", "DE", items=[item(description=description)]), "export")
    root = parse_untrusted(build_tradedesk_xml(payload))
    assert one(root, "td:Items/td:Item/td:Description") == description
    assert root.xpath("//td:img | //img", namespaces=NS) == []


def test_characters_xml_cannot_carry_are_replaced_and_the_document_stays_valid():
    """NUL never gets this far (the input schemas refuse it); other control characters are stored and replaced here."""
    payload = payload_for(leg("demo_dispatch", "GB", "DE", items=[item(description="bell\x07 escape\x1b")]), "export")
    root = parse_untrusted(build_tradedesk_xml(payload))
    assert one(root, "td:Items/td:Item/td:Description") == "bell\ufffd escape\ufffd"


def test_exponent_notation_is_written_as_a_plain_decimal():
    payload = payload_for(
        leg("demo_dispatch", "GB", "DE", items=[item(quantity="1E+1", unit_value="1000.00")]), "export"
    )
    root = parse_untrusted(build_tradedesk_xml(payload))
    assert one(root, "td:Items/td:Item/td:Quantity") == "10"
    assert Decimal(one(root, "td:Items/td:Item/td:Value")) == Decimal("10000")
    assert "E" not in one(root, "td:Items/td:Item/td:Value")


# --- refusals ----------------------------------------------------------------------------------------------


def test_a_wrong_currency_is_refused_naming_the_element():
    side, request = CASES["gb-import-return_after_repair"]
    payload = payload_for(request, side)
    payload["items"][0]["unit_value"]["currency"] = "EURO"
    with pytest.raises(InvalidXML) as caught:
        build_tradedesk_xml(payload)
    assert isinstance(caught.value, ValueError)
    (error,) = caught.value.errors
    assert "/Declaration/Items/Item/UnitValue" in error
    assert "'currency'" in error and "'EURO'" in error


def test_an_unknown_movement_is_refused_naming_the_element():
    side, request = CASES["gb-export-demo_dispatch"]
    payload = payload_for(request, side)
    payload["document"]["leg"]["movement"] = "smuggling"
    with pytest.raises(ValueError, match=r"/Declaration/Leg/Movement.*'smuggling'"):
        build_tradedesk_xml(payload)


def test_a_duty_line_for_a_missing_item_is_refused():
    side, request = CASES["gb-import-return_after_repair"]
    payload = payload_for(request, side)
    payload["decision"]["duty_detail"][0]["item"] = 7
    with pytest.raises(ValueError, match="itemDutyRefersToItem"):
        build_tradedesk_xml(payload)


def test_an_acknowledgement_of_a_flag_not_on_the_declaration_is_refused():
    side, request = CASES["gb-export-demo_dispatch"]
    payload = payload_for(request, side)
    payload["acknowledgements"] = {"MISSING_UDI": {"reason": "r", "by": "u-1", "at": "2026-11-18T09:30:00+00:00"}}
    with pytest.raises(ValueError, match="MISSING_UDI"):
        build_tradedesk_xml(payload)


def test_a_tampered_document_fails_validation_with_its_line():
    side, request = CASES["gb-import-return_after_repair"]
    data = build_tradedesk_xml(payload_for(request, side)).replace(
        b"<HsCode>847130</HsCode>", b"<HsCode>84713</HsCode>", 1
    )
    with pytest.raises(InvalidXML, match=r"line \d+, /Declaration/Items/Item/HsCode: .*'84713'"):
        validate_tradedesk_xml(data)


def test_validation_parses_hardened():
    with pytest.raises(ValueError, match="DOCTYPE"):
        validate_tradedesk_xml(b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Declaration>&x;</Declaration>')


# --- schema and documentation kept in step -----------------------------------------------------------------


def _enumeration(type_name: str) -> set[str]:
    xsd = etree.parse(str(SCHEMA_PATH))
    return set(
        xsd.xpath(
            f"//xs:simpleType[@name='{type_name}']//xs:enumeration/@value",
            namespaces={"xs": "http://www.w3.org/2001/XMLSchema"},
        )
    )


@pytest.mark.parametrize(
    ("type_name", "enum"),
    [
        ("MovementType", Movement),
        ("RegimeType", Regime),
        ("TransportType", Transport),
        ("DutyBaseType", DutyBase),
        ("SeverityType", Severity),
        ("SideType", Side),
    ],
)
def test_schema_enumerations_match_the_domain(type_name, enum):
    assert _enumeration(type_name) == {str(m) for m in enum}


def test_the_documented_example_validates():
    example = re.search(r"```xml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert example is not None
    validate_tradedesk_xml(example.group(1).encode())


def test_every_schema_element_is_documented():
    xsd = etree.parse(str(SCHEMA_PATH))
    names = set(xsd.xpath("//xs:element/@name", namespaces={"xs": "http://www.w3.org/2001/XMLSchema"}))
    documented = DOCS.read_text(encoding="utf-8")
    assert sorted(n for n in names if f"`{n}`" not in documented) == []


# --- property: any valid leg ------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(legs())
def test_every_generated_leg_builds_valid_declarations(request):
    (one_leg,), _ = load_legs(request, PROFILES)
    decision = classify(one_leg, PROFILES)
    contract = decision_dict(decision)
    for side in Side:
        if contract[str(side)] is None:
            continue
        warnings = {
            f["code"] for f in contract["flags"] if f["side"] in (str(side), None) and f["severity"] == "warning"
        }
        meta = FilingMeta(
            META.rma_number,
            META.declaration_id,
            META.version,
            META.issued_on,
            broker=BROKER if len(warnings) % 2 else None,
            acknowledgements={
                c: {"reason": "accepted", "by": "u-1", "at": "2026-11-18T09:30:00Z"} for c in sorted(warnings)
            },
        )
        payload = build_payload(one_leg, decision_dict(decision), side, meta, PROFILES)
        root = parse_untrusted(build_tradedesk_xml(payload))
        assert texts(root, "td:Items/td:Item/td:HsCode") == [i["hs_code"] for i in payload["items"]]
        assert len(root.xpath("td:Flags/td:Flag/td:Acknowledgement", namespaces=NS)) == sum(
            f["code"] in warnings for f in payload["flags"]
        )


def test_a_party_without_identifiers_or_establishment_is_valid():
    request = leg("demo_dispatch", "GB", "DE", exporter=party("Exporter Co", "GB", established_in=[]))
    root = parse_untrusted(build_tradedesk_xml(payload_for(request, "export")))
    assert root.xpath("td:Parties/td:Exporter/td:EstablishedIn", namespaces=NS) == []
    assert root.xpath("td:Parties/td:Exporter/td:Identifiers", namespaces=NS) == []
