"""The PDF pack: which documents a leg needs, and that each PDF carries the facts a broker and an officer check.

Text is extracted with pypdf and compared with whitespace collapsed (the layout wraps lines anywhere)."""

from __future__ import annotations

import copy
import io
import re
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

import pytest
import segno
from jinja2 import StrictUndefined, UndefinedError
from pypdf import PdfReader

from tests.documents.pdf_payloads import CDS, XML, case
from tradedesk.documents.pdf import (
    KINDS,
    NotApplicable,
    UnknownDocument,
    documents_for,
    is_charged,
    render_html,
    render_pdf,
)
from tradedesk.documents.pdf.context import QR_BORDER, amount, day, qr_code
from tradedesk.documents.pdf.render import ENV

RMA = "RMA-2026-000123"

# the situation each kind is checked on (a payload for which documents_for() picks it)
KIND_CASES = {
    "proforma_invoice": "repair-export-gb-ch",
    "commercial_invoice": "repair-reimport-ch-gb",
    "packing_list": "rgr-6123",
    "appointment_letter": "represented-gb",
    "op_information_sheet": "repair-export-gb-ch",
    "repair_cost_statement": "repair-reimport-ch-gb",
    "returned_goods_sheet": "rgr-6123",
    "temporary_admission_sheet": "ta-5300",
    "dual_shipment_crossref": "advance-replacement",
}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("-\n", "-")).strip()


@cache
def rendered(kind: str, name: str) -> tuple[bytes, str]:
    pdf = render_pdf(kind, case(name), [XML, CDS])
    reader = PdfReader(io.BytesIO(pdf))
    return pdf, normalise(" ".join(page.extract_text() for page in reader.pages))


def text_of(kind: str, name: str | None = None) -> str:
    return rendered(kind, name or KIND_CASES[kind])[1]


def reader_of(kind: str) -> PdfReader:
    return PdfReader(io.BytesIO(rendered(kind, KIND_CASES[kind])[0]))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("repair-export-gb-ch", ["proforma_invoice", "packing_list", "op_information_sheet"]),
        ("repair-reimport-ch-gb", ["commercial_invoice", "packing_list", "repair_cost_statement"]),
        ("repair-reimport-us", ["commercial_invoice", "packing_list", "repair_cost_statement"]),
        ("rgr-6123", ["proforma_invoice", "packing_list", "returned_goods_sheet"]),
        ("ta-5300", ["proforma_invoice", "packing_list", "temporary_admission_sheet"]),
        ("advance-replacement", ["proforma_invoice", "packing_list", "dual_shipment_crossref"]),
        ("free-repair-return", ["proforma_invoice", "packing_list", "repair_cost_statement"]),
        ("refund-return-de", ["commercial_invoice", "packing_list", "appointment_letter"]),
        ("represented-gb", ["proforma_invoice", "packing_list", "appointment_letter"]),
    ],
)
def test_documents_for_picks_the_set_for_the_situation(name: str, expected: list[str]) -> None:
    assert documents_for(case(name)) == expected


def test_a_paid_repair_is_charged_a_free_one_is_not() -> None:
    assert is_charged(case("repair-reimport-ch-gb"))
    assert not is_charged(case("free-repair-return"))


def test_a_repair_flagged_charged_with_nothing_to_pay_gets_a_pro_forma() -> None:
    payload = {**case("repair-reimport-ch-gb")}
    payload["repair"] = {**payload["repair"], "cost": {"amount": "0.00", "currency": "GBP"}, "upgrade_value": None}
    assert not is_charged(payload)
    assert documents_for(payload)[0] == "proforma_invoice"


def _facts(payload: dict[str, Any]) -> list[str]:
    decision = payload["decision"]
    parties = payload["parties"]
    facts = [RMA, parties["exporter"]["name"], parties["importer"]["name"], *decision["legal_basis"]]
    facts += [it["hs_code"] for it in payload["items"]]
    if decision["procedure_code"]:
        facts.append(decision["procedure_code"])
    return [normalise(f) for f in facts]


@pytest.mark.parametrize("kind", KINDS)
def test_each_document_states_rma_parties_hs_codes_procedure_and_legal_basis(kind: str) -> None:
    text = text_of(kind)
    missing = [fact for fact in _facts(case(KIND_CASES[kind])) if fact not in text]
    assert not missing


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "packing_list"])
def test_each_document_with_values_states_the_item_values(kind: str) -> None:
    payload = case(KIND_CASES[kind])
    text = text_of(kind)
    for it in payload["items"]:
        assert normalise(amount(it["value"], payload["locale"]).local) in text


def test_packing_list_states_quantities_and_serial_numbers_not_values() -> None:
    text = text_of("packing_list")
    assert "SN-0001" in text and "Total quantity 1" in text
    assert "£1,000.00" not in text


def test_pro_forma_says_no_commercial_value() -> None:
    assert "no commercial value — value for customs purposes only" in text_of("proforma_invoice").lower()


def test_commercial_invoice_invoices_the_repair_and_keeps_the_goods_value_for_customs() -> None:
    text = text_of("commercial_invoice")
    assert "Repair charge £400.00 Amount invoiced £400.00" in text
    assert "Value of the goods £2,500.00" in text


def test_valuation_shows_customs_value_duty_vat_and_their_sources() -> None:
    text = text_of("repair_cost_statement")
    for fact in ("Customs value £455.00", "Duty £18.20", "VAT at 20 % £100.64", "UKGT 9102: 4 %", "Cost of the repair"):
        assert fact in text


def test_temporary_admission_sheet_states_the_re_export_deadline() -> None:
    text = text_of("temporary_admission_sheet")
    assert "RE-EXPORT DEADLINE 20 November 2028" in text
    assert "D18" in text


def test_op_information_sheet_states_the_re_import_deadline_and_identification() -> None:
    text = text_of("op_information_sheet")
    assert "1 June 2027" in text and "A1234" in text and "serial numbers" in text


def test_returned_goods_sheet_cites_the_prior_export() -> None:
    text = text_of("returned_goods_sheet")
    assert (
        "26GB00000000000001" in text and "2300" in text and "F05" in text
    )  # its exporter re-imports it: VAT relieved too


def test_dual_shipment_cross_reference_names_the_paired_leg() -> None:
    text = text_of("dual_shipment_crossref")
    assert "RMA-2026-000123/2" in text and "Return of defective goods" in text and "48P" in text


def test_us_repair_statement_carries_both_19_cfr_10_8_declarations() -> None:
    text = text_of("repair_cost_statement", "repair-reimport-us")
    assert "Declaration of the person who performed the repairs or alterations 19 CFR 10.8(a)(1)" in text
    assert "Declaration of the owner, importer, consignee or agent 19 CFR 10.8(a)(2)" in text
    assert "no substitution whatever has been made" in text
    assert "9802.00.50" in text and "CBP4455-20260601" in text


def test_non_us_repair_statement_has_the_repairers_declaration_only() -> None:
    text = text_of("repair_cost_statement")
    assert "19 CFR 10.8" not in text
    assert "no part of the goods has been substituted" in text


def test_appointment_letter_states_indirect_representation_and_its_legal_basis() -> None:
    text = text_of("appointment_letter")
    assert "☒ Indirect representation" in text
    assert "in its own name but on behalf of the principal" in text
    assert "Taxation (Cross-border Trade) Act 2018, section 21" in text
    assert "UK Customs Reps Ltd" in text and "GB987654321000" in text


def test_appointment_letter_offers_both_types_when_the_decision_does_not_set_one() -> None:
    payload = {**case("represented-gb"), "parties": {**case("represented-gb")["parties"], "representation": None}}
    text = normalise(re.sub(r"<[^>]+>", "", render_html("appointment_letter", payload)))
    assert "☐Direct representation" in text and "☐Indirect representation" in text


def test_amounts_and_dates_are_localised_with_english_alongside() -> None:
    text = text_of("commercial_invoice", "refund-return-de")
    assert "1.000,00 € EUR 1,000.00" in text
    assert "18. November 2026 18 November 2026" in text
    assert "VAT at 19 % 190,00 € EUR 190.00" in text


def test_english_locales_show_one_figure() -> None:
    assert "£2,500.00 GBP" not in text_of("commercial_invoice")


def test_scripts_the_pdf_font_cannot_draw_fall_back_to_iso_forms() -> None:
    assert amount({"amount": "175680", "currency": "JPY"}, "ja_JP").local == "JPY\xa0175,680"
    assert day("2026-11-18", "ja_JP").local == "2026/11/18"
    assert day("2026-11-18", "zh_CN").english == "18 November 2026"


def test_country_names_come_from_pycountry() -> None:
    text = text_of("commercial_invoice")
    assert "Switzerland (CH)" in text and "United Kingdom (GB)" in text


def test_pdf_is_pdf_a_3b() -> None:
    reader = reader_of("proforma_invoice")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_pdf_embeds_the_xml_as_associated_files() -> None:
    reader = reader_of("commercial_invoice")
    assert {name: data[0] for name, data in reader.attachments.items()} == {XML[0]: XML[1], CDS[0]: CDS[1]}
    associated = [ref.get_object() for ref in reader.trailer["/Root"]["/AF"]]
    assert sorted(spec["/UF"] for spec in associated) == sorted([XML[0], CDS[0]])
    assert {spec["/AFRelationship"] for spec in associated} == {"/Data"}


def test_pdf_metadata_title_and_creation_date_come_from_the_payload() -> None:
    meta = reader_of("temporary_admission_sheet").metadata
    assert meta.title == f"Temporary-admission sheet {RMA}"
    assert meta["/CreationDate"] == "D:20261118"
    assert "temporary_admission_sheet" in meta["/Keywords"]


def test_same_payload_renders_the_same_bytes() -> None:
    assert render_pdf("packing_list", case("rgr-6123"), [XML]) == render_pdf("packing_list", case("rgr-6123"), [XML])


def test_concurrent_renders_give_the_same_bytes_as_sequential_ones() -> None:
    jobs = [("packing_list", "rgr-6123"), ("temporary_admission_sheet", "ta-5300")] * 3
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda job: render_pdf(job[0], case(job[1]), [XML]), jobs))
    assert results[:2] * 3 == results
    assert results[0] == render_pdf("packing_list", case("rgr-6123"), [XML])


def test_many_items_flow_onto_further_pages_with_the_table_header_repeated() -> None:
    payload = copy.deepcopy(case("rgr-6123"))
    first = payload["items"][0]
    payload["items"] = [{**first, "position": n, "serial_numbers": [f"SN-{n:04d}"]} for n in range(1, 41)]
    reader = PdfReader(io.BytesIO(render_pdf("packing_list", payload)))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) > 1
    assert all("DESCRIPTION AND IDENTIFICATION" in text for text in texts[:-1])
    assert "SN-0040" in " ".join(texts)


def test_an_unbreakable_description_wraps_inside_its_column() -> None:
    payload = copy.deepcopy(case("rgr-6123"))
    payload["items"][0]["description"] = "X" * 300
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf("packing_list", payload))).pages)
    assert "X" * 300 in re.sub(r"\s+", "", text)
    assert "847130" in text


def test_qr_code_encodes_the_rma_number() -> None:
    qr = qr_code(RMA)
    matrix = segno.make(RMA, error="m", micro=False).matrix
    drawn = {
        (x, int(y)) for x0, y, n in re.findall(r"M(\d+) (\d+)h(\d+)", qr.path) for x in range(int(x0), int(x0) + int(n))
    }
    dark = {(x + QR_BORDER, y + QR_BORDER) for y, row in enumerate(matrix) for x, bit in enumerate(row) if bit}
    assert drawn == dark
    assert qr.path in render_html("packing_list", case("rgr-6123"))


def test_render_html_is_self_contained() -> None:
    html = render_html("proforma_invoice", case("ta-5300"))
    assert "<style>" in html and "@page" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?|file|data):""", html)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(UnknownDocument):
        render_html("../../etc/passwd", case("ta-5300"))


def test_appointment_letter_without_representative_is_refused() -> None:
    with pytest.raises(NotApplicable):
        render_pdf("appointment_letter", case("ta-5300"))


def test_template_environment_autoescapes_and_is_strict() -> None:
    assert ENV.autoescape is True
    assert ENV.undefined is StrictUndefined
    assert ENV.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(UndefinedError):
        ENV.from_string("{{ missing }}").render()
