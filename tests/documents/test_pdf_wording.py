"""The documents name things as the jurisdiction and a reader do: the tax by its name, unambiguous currencies,
"not estimated" for an unknown amount, items numbered as on the invoice."""

from __future__ import annotations

import io
import re
from functools import cache

from pypdf import PdfReader

from tests.documents.payloads import payload_for
from tests.support import item, leg, money, party
from tradedesk.documents.pdf import documents_for, render_pdf
from tradedesk.documents.pdf.context import amount, readable


@cache
def _text(request_key: str) -> str:
    request, side = REQUESTS[request_key]
    payload = payload_for(request, side)
    texts = []
    for kind in documents_for(payload):
        reader = PdfReader(io.BytesIO(render_pdf(kind, payload)))
        texts.append(" ".join(page.extract_text() for page in reader.pages))
    return re.sub(r"\s+", " ", " ".join(texts))


REQUESTS = {
    "ca-import": (
        leg(
            "warranty_replacement",
            "US",
            "CA",
            items=[item(currency="CAD", origin_country="US")],
            importer=party("Maple Repairs Inc", "CA", identifiers={"CA_BN": "123456789RM0001"}),
        ),
        "import",
    ),
    "ch-import-unrated": (
        leg(
            "warranty_replacement",
            "DE",
            "CH",
            items=[item(hs_code="090111", currency="CHF", description="Green coffee beans")],
        ),
        "import",
    ),
}


def test_the_canadian_sheet_names_the_gst_not_vat():
    """Excise Tax Act Part IX: Canada's tax on imported goods is the GST (HST in participating provinces)."""
    text = _text("ca-import")
    assert "GST at 5" in text
    assert "VAT at" not in text and "VAT base" not in text


def test_the_decision_carries_the_tax_name_of_the_jurisdiction():
    request, side = REQUESTS["ca-import"]
    assert payload_for(request, side)["decision"]["vat_name"] == "GST"


def test_an_unknown_duty_is_printed_not_estimated_and_never_as_an_amount():
    text = _text("ch-import-unrated")
    assert "not estimated" in text
    assert not re.search(r"unknown\W{0,3}(?:[A-Z]{3}|[$£€¥])\s?\d", text), "an unknown duty printed as an amount"


def test_a_foreign_currency_is_shown_with_its_iso_code_next_to_local_figures():
    """en_GB: pounds keep their symbol, dollars are "USD", never a bare "$" beside "£"."""
    assert amount(money("1000.00", "GBP"), "en_GB").local == "£1,000.00"
    assert amount(money("1000.00", "USD"), "en_GB").local.startswith("USD")
    assert "$" not in amount(money("1000.00", "CAD"), "en_GB").local


def test_items_are_numbered_as_on_the_invoice_in_the_computation():
    assert readable("GB duty: items.0 HS 847130 base 1000.00") == "GB duty: item 1 HS 847130 base 1000.00"
    assert "items.0" not in _text("ca-import")
