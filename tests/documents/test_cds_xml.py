"""UK CDS declaration: valid against HMRC's XSD for every movement that clears in GB, shaped like HMRC's annotated
sample of the same situation, with procedure codes, commodity code, previous documents and representation where
the samples have them."""

from __future__ import annotations

import copy
import fnmatch
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

from tests.documents import cds_payloads as situation
from tests.documents.cds_paths import SAMPLES, element_paths, sample_paths, uncovered
from tests.documents.payloads import GB_CASES, OTHER_CASES, payload_for
from tradedesk.documents.xml.cds import DEC_NS, MD_NS, build_cds_xml, validate_cds_xml

NS = {"md": MD_NS, "d": DEC_NS}
ITEM = "d:Declaration/d:GoodsShipment/d:GovernmentAgencyGoodsItem"
D = "MetaData/Declaration"
ITEM_PATH = f"{D}/GoodsShipment/GovernmentAgencyGoodsItem"

# Sample paths we deliberately do not produce, in every situation: facts of the shipment the payload does not hold.
NOT_IN_PAYLOAD = {
    f"{D}/BorderTransportMeans/ID": "DE 7/14 identity of the active means of transport: known once the flight or vessel is booked",
    f"{D}/BorderTransportMeans/IdentificationTypeCode": "DE 7/14 (same)",
    f"{D}/BorderTransportMeans/RegistrationNationalityCode": "DE 7/15 nationality of that means of transport (same)",
    f"{D}/GoodsShipment/Consignment/DepartureTransportMeans/ID": "DE 7/7 identity of the means of transport at departure (same)",
    f"{D}/GoodsShipment/Consignment/DepartureTransportMeans/IdentificationTypeCode": "DE 7/7 (same)",
    f"{D}/GoodsShipment/Consignment/ArrivalTransportMeans": "DE 7/9 identity of the means of transport on arrival (same)",
    f"{D}/Consignment/Carrier": "DE 3/31-3/32 carrier: the payload names no carrier",
    f"{D}/Consignment/Freight": "DE 4/2 transport charges method of payment: not in the payload",
    f"{D}/GoodsShipment/Consignment/TransportEquipment/ID": "DE 7/10 container number: RMA parcels are not containerised (DE 7/2 = 0, DE 7/10 sequence 0)",
    f"{D}/GoodsShipment/Consignment/TransportEquipment/Seal": "DE 7/18 seal numbers (same)",
    f"{ITEM_PATH}/Commodity/GoodsMeasure/GrossMassMeasure": "DE 6/5 gross mass: the payload has no weights",
    f"{ITEM_PATH}/Commodity/GoodsMeasure/NetNetWeightMeasure": "DE 6/1 net mass (same)",
    f"{D}/*/Address/CityName": "the payload holds a party's address as one free-text line (DE 3/x Address/Line)",
    f"{D}/*/Address/PostcodeID": "(same)",
    f"{D}/GoodsShipment/TradeTerms": "DE 4/1 delivery terms: the Incoterm and named place are not in the payload",
}
# Sample paths of one sample's own scenario, not of the RMA situation.
SCENARIO_ONLY: dict[str, dict[str, str]] = {
    "Step1_TT_EX023a.xml": {
        f"{D}/AcceptanceDateTime": "frontier arrival time of a Customs Supervised Export (CSE) declaration",
        f"{ITEM_PATH}/AdditionalInformation/StatementTypeCode": "qualifier of the sample's CSE statement",
    },
    "Step1_TT_IM041a.xml": {f"{D}/GoodsShipment/Warehouse": "the sample's goods are in a customs warehouse (DE 2/7)"},
    "Step1_TT_IM083a.xml": {
        f"{D}/AdditionalDocument": "DE 2/6 deferment account (DAN) of the declarant: a payment arrangement, not in the payload",
        f"{ITEM_PATH}/Commodity/DutyTaxFee/TypeCode": "DE 4/3 tax lines paid by deferment: CDS calculates them; no payment arrangement in the payload",
        f"{ITEM_PATH}/Commodity/DutyTaxFee/Payment": "DE 4/8 method of payment (same)",
        f"{D}/ObligationGuarantee/ID": "DE 8/3 guarantee reference: the payload says a guarantee is required (DE 8/2 declared) but has no reference",
        f"{D}/GoodsShipment/ExportCountry": "DE 5/14 declared at item level on imports, as in TT_IM041a and TT_IM092a",
        f"{D}/GoodsShipment/PreviousDocument": "temporary storage declaration (X337) and MUCR: port inventory references, not in the payload",
    },
}

SITUATIONS: list[tuple[str, Callable[[], dict[str, Any]], str]] = [
    ("2100-represented", lambda: situation.export_for_repair(represented=True), "Step1_TT_EX049a.xml"),
    ("2100-self", lambda: situation.export_for_repair(represented=False), "Step1_TT_EX023a.xml"),
    ("2300", situation.temporary_export, "TT_EX033a.xml"),
    ("6121", situation.reimport_after_repair, "Step1_TT_IM041a.xml"),
    ("6122-B02", situation.warranty_repair, "Step1_TT_IM041a.xml"),
    ("6123", situation.returned_goods_relief, "Step1_TT_IM092a.xml"),
    ("5300", situation.temporary_admission, "Step1_TT_IM083a.xml"),
]


def _root(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))


def _values(data: bytes, path: str) -> list[str]:
    return [str(x) for x in _root(data).xpath(path, namespaces=NS)]


def _cds(builder: Callable[[], dict[str, Any]]) -> bytes:
    return build_cds_xml(builder())


@pytest.mark.parametrize(("case", "side", "request_"), GB_CASES, ids=[c[0] for c in GB_CASES])
def test_every_movement_clearing_in_gb_validates_against_hmrc_xsd(
    case: str, side: str, request_: dict[str, Any]
) -> None:
    data = build_cds_xml(payload_for(request_, side))
    validate_cds_xml(data)
    assert _values(data, "d:Declaration/d:TypeCode/text()") == ["IMA" if side == "import" else "EXD"]


@pytest.mark.parametrize(("case", "side", "request_"), OTHER_CASES, ids=[c[0] for c in OTHER_CASES])
def test_a_side_clearing_outside_gb_gets_no_cds_declaration(case: str, side: str, request_: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="clears in GB"):
        build_cds_xml(payload_for(request_, side))


@pytest.mark.parametrize("sample", sorted({s for _, _, s in SITUATIONS}))
def test_hmrc_samples_validate_against_the_shipped_schemas(sample: str) -> None:
    validate_cds_xml((SAMPLES / sample).read_bytes())


@pytest.mark.parametrize(("name", "builder", "sample"), SITUATIONS, ids=[s[0] for s in SITUATIONS])
def test_situation_carries_the_data_elements_of_the_hmrc_sample(
    name: str, builder: Callable[[], dict[str, Any]], sample: str
) -> None:
    allowed = {**NOT_IN_PAYLOAD, **SCENARIO_ONLY.get(sample, {})}
    assert uncovered(sample_paths(sample), element_paths(_cds(builder)), allowed) == set()


def test_every_allow_listed_path_is_in_some_sample() -> None:
    """The allow-lists stay honest: each entry names paths an HMRC sample has and our output lacks."""
    samples = {s for _, _, s in SITUATIONS}
    every = set().union(*(sample_paths(s) for s in samples))
    patterns = [*NOT_IN_PAYLOAD, *(p for extra in SCENARIO_ONLY.values() for p in extra)]
    assert [p for p in patterns if not fnmatch.filter(every, p)] == []


@pytest.mark.parametrize(
    ("name", "builder", "sample", "current", "previous", "apc"),
    [
        ("2100", lambda: situation.export_for_repair(represented=True), "Step1_TT_EX049a.xml", "21", "00", "000"),
        ("2300", situation.temporary_export, "TT_EX033a.xml", "23", "00", "000"),
        ("6121", situation.reimport_after_repair, "Step1_TT_IM041a.xml", "61", "21", "000"),
        ("6122", situation.warranty_repair, "Step1_TT_IM041a.xml", "61", "22", "B02"),
        (
            "6123",
            situation.returned_goods_relief,
            "Step1_TT_IM092a.xml",
            "61",
            "23",
            "F05",
        ),  # re-imported by its exporter
        ("5300", situation.temporary_admission, "Step1_TT_IM083a.xml", "53", "00", "D18"),
    ],
    ids=["2100", "2300", "6121", "6122", "6123", "5300"],
)
def test_procedure_and_additional_procedure_codes_land_where_the_sample_has_them(
    name: str, builder: Callable[[], dict[str, Any]], sample: str, current: str, previous: str, apc: str
) -> None:
    requested = f"{ITEM}/d:GovernmentProcedure[d:PreviousCode]"
    additional = f"{ITEM}/d:GovernmentProcedure[not(d:PreviousCode)]/d:CurrentCode/text()"
    hmrc = (SAMPLES / sample).read_bytes()
    assert _values(hmrc, f"{requested}/d:CurrentCode/text()") and _values(hmrc, additional)
    ours = _cds(builder)
    assert _values(ours, f"{requested}/d:CurrentCode/text()") == [current]
    assert _values(ours, f"{requested}/d:PreviousCode/text()") == [previous]
    assert _values(ours, additional) == [apc]


def test_commodity_code_is_the_first_eight_digits_with_the_last_two_as_additional_code() -> None:
    classification = f"{ITEM}/d:Commodity/d:Classification"
    tsp = f"{classification}[d:IdentificationTypeCode='TSP']/d:ID/text()"
    trc = f"{classification}[d:IdentificationTypeCode='TRC']/d:ID/text()"
    assert _values((SAMPLES / "Step1_TT_IM041a.xml").read_bytes(), tsp) == ["59070000"]
    data = _cds(situation.reimport_after_repair)
    assert _values(data, tsp) == ["90302000"]
    assert _values(data, trc) == ["00"]


def test_six_digit_hs_code_is_padded_to_an_eight_digit_commodity_code() -> None:
    payload = situation.temporary_export()
    payload["items"][0]["hs_code"] = "847130"
    data = build_cds_xml(payload)
    assert _values(data, f"{ITEM}/d:Commodity/d:Classification/d:ID/text()") == ["84713000"]


@pytest.mark.parametrize(
    ("builder", "mrn", "sample"),
    [
        (situation.reimport_after_repair, situation.EXPORT_MRN, "Step1_TT_IM041a.xml"),
        (situation.returned_goods_relief, situation.TEMP_EXPORT_MRN, "Step1_TT_IM092a.xml"),
    ],
    ids=["6121", "6123"],
)
def test_export_mrn_is_a_z_mrn_previous_document_where_the_sample_has_it(
    builder: Callable[[], dict[str, Any]], mrn: str, sample: str
) -> None:
    found = "d:Declaration/d:GoodsShipment/d:PreviousDocument[d:TypeCode='MRN']/d:CategoryCode/text()"
    assert _values((SAMPLES / sample).read_bytes(), found) == ["Z"]
    data = _cds(builder)
    assert _values(data, found) == ["Z"]
    assert _values(data, found.replace("d:CategoryCode", "d:ID")) == [mrn]


def test_returned_goods_relief_claims_1314_with_the_export_mrn_and_gen45() -> None:
    data = _cds(situation.returned_goods_relief)
    assert _values(data, f"{ITEM}/d:AdditionalDocument[d:CategoryCode='1'][d:TypeCode='314']/d:ID/text()") == [
        situation.TEMP_EXPORT_MRN
    ]
    assert _values(data, f"{ITEM}/d:AdditionalInformation[d:StatementCode='GEN45']/d:StatementDescription/text()") == [
        "RMA-2026-000123 Returned goods"
    ]


def test_exports_carry_a_ducr_from_the_exporter_eori_and_the_rma_number() -> None:
    data = _cds(situation.temporary_export)
    found = "d:Declaration/d:GoodsShipment/d:PreviousDocument[d:TypeCode='DCR']"
    assert _values(data, f"{found}/d:ID/text()") == ["6GB553202734852-RMA-2026-000123"]


@pytest.mark.parametrize(
    ("builder", "code", "sample"),
    [
        (lambda: situation.export_for_repair(represented=True), "2", "Step1_TT_EX049a.xml"),
        (situation.temporary_admission, "2", "Step1_TT_IM083a.xml"),
        (situation.indirect_import, "3", None),
    ],
    ids=["2100-direct-default", "5300-direct-default", "4000-indirect"],
)
def test_representative_is_agent_and_declarant_with_the_representation_code(
    builder: Callable[[], dict[str, Any]], code: str, sample: str | None
) -> None:
    function_code = "d:Declaration/d:Agent/d:FunctionCode/text()"
    if sample is not None:
        assert _values((SAMPLES / sample).read_bytes(), function_code) == ["2"]
    data = _cds(builder)
    assert _values(data, function_code) == [code]
    assert _values(data, "d:Declaration/d:Agent/d:ID/text()") == [situation.EORI_BROKER["EORI"]]
    assert _values(data, "d:Declaration/d:Declarant/d:ID/text()") == [situation.EORI_BROKER["EORI"]]
    assert _values(data, f"{ITEM}/d:AdditionalInformation/d:StatementCode[.='00400' or .='00500']") == []


@pytest.mark.parametrize(
    ("builder", "code", "text"),
    [
        (situation.temporary_export, "00400", "EXPORTER"),
        (situation.reimport_after_repair, "00500", "IMPORTER"),
    ],
    ids=["export", "import"],
)
def test_self_representation_is_stated_without_an_agent(
    builder: Callable[[], dict[str, Any]], code: str, text: str
) -> None:
    data = _cds(builder)
    assert _values(data, "d:Declaration/d:Agent") == []
    assert _values(data, f"{ITEM}/d:AdditionalInformation[d:StatementCode='{code}']/d:StatementDescription/text()") == [
        text
    ]


@pytest.mark.parametrize(
    ("builder", "holder", "kind", "document"),
    [
        (lambda: situation.export_for_repair(represented=False), situation.EORI_OWNER["EORI"], "OPO", ("C", "019")),
        (situation.reimport_after_repair, situation.EORI_OWNER["EORI"], "OPO", ("C", "019")),
        (situation.temporary_admission, situation.EORI_BROKER["EORI"], "TEA", ("C", "516")),
    ],
    ids=["2100", "6121", "5300"],
)
def test_authorisation_by_declaration_under_the_declarant_eori(
    builder: Callable[[], dict[str, Any]], holder: str, kind: str, document: tuple[str, str]
) -> None:
    data = _cds(builder)
    assert _values(data, f"d:Declaration/d:AuthorisationHolder[d:CategoryCode='{kind}']/d:ID/text()") == [holder]
    category, type_code = document
    found = f"{ITEM}/d:AdditionalDocument[d:CategoryCode='{category}'][d:TypeCode='{type_code}']/d:ID/text()"
    assert _values(data, found) == [f"GB{kind}{holder[2:]}"]
    assert "00100" in _values(data, f"{ITEM}/d:AdditionalInformation/d:StatementCode/text()")


def test_returned_goods_relief_needs_no_authorisation_holder() -> None:
    assert _values(_cds(situation.returned_goods_relief), "d:Declaration/d:AuthorisationHolder") == []


def test_temporary_admission_states_period_purpose_owner_and_a_guarantee() -> None:
    data = _cds(situation.temporary_admission)
    statements = dict(
        zip(
            _values(data, f"{ITEM}/d:AdditionalInformation/d:StatementCode/text()"),
            _values(data, f"{ITEM}/d:AdditionalInformation/d:StatementDescription/text()"),
            strict=True,
        )
    )
    assert statements["GEN28"] == "731 days duration to be re exported on 20112028"
    assert statements["GEN30"].startswith("Goods, subject to tests, experiments or demonstrations")
    assert statements["GEN31"].startswith("Keysight Demo Fleet Inc, 1 Main Street")
    assert _values(data, "d:Declaration/d:ObligationGuarantee/d:SecurityDetailsCode/text()") == ["3"]
    assert _values(data, "d:Declaration/d:SupervisingOffice/d:ID/text()") == ["GBSFY001"]


def test_no_guarantee_where_the_decision_requires_none() -> None:
    assert _values(_cds(situation.returned_goods_relief), "d:Declaration/d:ObligationGuarantee") == []


def test_item_price_in_invoice_currency_and_statistical_value_in_gbp() -> None:
    data = _cds(situation.reimport_after_repair)
    assert _values(data, f"{ITEM}/d:Commodity/d:InvoiceLine/d:ItemChargeAmount/text()") == ["4200.00"]
    assert _values(data, f"{ITEM}/d:Commodity/d:InvoiceLine/d:ItemChargeAmount/@currencyID") == ["GBP"]
    assert _values(data, f"{ITEM}/d:StatisticalValueAmount/@currencyID") == ["GBP"]


def test_inward_freight_and_insurance_are_declared_as_additions() -> None:
    data = _cds(situation.reimport_after_repair)
    charges = "d:Declaration/d:GoodsShipment/d:CustomsValuation/d:ChargeDeduction"
    assert _values(data, f"{charges}/d:ChargesTypeCode/text()") == ["AR", "AK"]
    assert _values(data, f"{charges}/d:OtherChargeDeductionAmount/text()") == ["85.00", "12.00"]
    assert _values(data, f"{charges}/d:OtherChargeDeductionAmount/@currencyID") == ["USD", "USD"]


def test_repair_cost_duty_base_is_backed_by_a_worksheet_and_method_one() -> None:
    data = _cds(situation.reimport_after_repair)
    assert _values(data, f"{ITEM}/d:AdditionalDocument[d:CategoryCode='9'][d:TypeCode='WKS']/d:ID/text()") == [
        "RMA-2026-000123"
    ]
    assert _values(data, f"{ITEM}/d:CustomsValuation/d:MethodCode/text()") == ["1"]
    assert _values(data, f"{ITEM}/d:ValuationAdjustment/d:AdditionCode/text()") == ["0000"]


def test_statistical_values_of_several_items_add_up_to_the_full_customs_value() -> None:
    case = next(c for c in GB_CASES if c[0] == "gb-import-defective_return")
    payload = payload_for(case[2], case[1])
    values = _values(build_cds_xml(payload), f"{ITEM}/d:StatisticalValueAmount/text()")
    full = payload["decision"]["full_value"]["amount"]
    assert len(values) == 2
    assert sum(float(x) for x in values) == pytest.approx(float(full), abs=0.001)


def test_lrn_comes_from_the_declaration_id_and_fits_22_characters() -> None:
    payload = situation.temporary_export()
    payload["document"]["declaration_id"] = "3f2b8c1e-1111-4abc-9def-0123456789ab"
    assert _values(build_cds_xml(payload), "d:Declaration/d:FunctionalReferenceID/text()") == ["3F2B8C1E11114ABC9DEF01"]


def test_output_is_deterministic() -> None:
    assert _cds(situation.temporary_admission) == _cds(situation.temporary_admission)


def test_user_text_stays_text_on_one_line() -> None:
    payload = situation.temporary_export()
    hostile = '<img src="http://127.0.0.1:8080/">\nfile:///etc/passwd\x07 & "more"'
    payload["items"][0]["description"] = hostile
    data = build_cds_xml(payload)
    assert b"<img" not in data
    description = _values(data, f"{ITEM}/d:Commodity/d:Description/text()")[0]
    assert description.startswith('<img src="http://127.0.0.1:8080/"> file:///etc/passwd & "more"')


def test_long_serial_lists_are_cut_to_the_description_length() -> None:
    payload = situation.temporary_export()
    payload["items"][0]["serial_numbers"] = [f"SN-{n:06d}" for n in range(200)]
    description = _values(build_cds_xml(payload), f"{ITEM}/d:Commodity/d:Description/text()")[0]
    assert len(description) <= 512
    assert description.endswith("more")


def test_validate_cds_xml_names_the_schema_error() -> None:
    root = _root(_cds(situation.temporary_export))
    declaration = root.find("d:Declaration", NS)
    assert declaration is not None
    declaration.remove(declaration.find("d:FunctionCode", NS))
    with pytest.raises(ValueError, match="FunctionCode"):
        validate_cds_xml(etree.tostring(root))


def test_building_does_not_change_the_payload() -> None:
    payload = situation.temporary_admission()
    before = copy.deepcopy(payload)
    build_cds_xml(payload)
    assert payload == before
