"""The printable return label (issue #12, point 3): a one-page 4 x 6 inch PDF naming the hub and the RMA, whose
Code 128 bars are python-barcode's encoding of the RMA number and whose QR code holds the RMA and tracking number."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import segno
from barcode import Code128
from pypdf import PdfReader

from tradedesk.documents.pdf.context import QR_BORDER
from tradedesk.documents.pdf.return_label import (
    LabelData,
    LabelParty,
    code128_bars,
    qr_payload,
    render_label_html,
    render_label_pdf,
)

RMA = "RMA-2026-900001"
UPS = "1Z999AA10123456784"
LABEL = LabelData(
    rma_number=RMA,
    ship_to=LabelParty("Swiss Watch Repair AG", "CH", ("Bahnhofstrasse 1", "8001 Zürich")),
    ship_from=LabelParty("Example Ltd", "GB"),
    leg_position=1,
    from_country="GB",
    to_country="CH",
    issued_on=date(2026, 11, 20),
    item_count=1,
)
TRACKED = replace(LABEL, carrier="ups", service="Standard", tracking_number=UPS)
POINTS_PER_INCH = 72


def pdf_text(data: LabelData) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(render_label_pdf(data)))
    return reader, " ".join(page.extract_text() for page in reader.pages)


def test_the_label_is_one_4_by_6_inch_page_naming_the_rma_the_hub_and_the_customer():
    reader, text = pdf_text(LABEL)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / POINTS_PER_INCH, 2), round(float(box.height) / POINTS_PER_INCH, 2)) == (4, 6)
    assert RMA in text
    assert "Swiss Watch Repair AG" in text
    assert "SWITZERLAND" in text  # the country's name (pycountry), printed in capitals
    assert "Example Ltd" in text and "UNITED KINGDOM" in text
    assert "Bahnhofstrasse 1" in text


def test_a_tracked_label_prints_the_carrier_and_tracking_number():
    _, text = pdf_text(TRACKED)
    assert UPS in text
    assert "UPS · STANDARD" in text


def _bars_of_path(path: str) -> list[tuple[int, int]]:
    return [(int(x), int(w)) for x, w in re.findall(r"M(\d+) 0h(\d+)v1h-\2z", path)]


def _runs(pattern: str, offset: int) -> list[tuple[int, int]]:
    return [(m.start() + offset, len(m.group())) for m in re.finditer("1+", pattern)]


def test_the_code_128_bars_are_python_barcodes_encoding_of_the_rma_number():
    expected = Code128(RMA).build()[0]  # the symbol's modules, '1' dark, as python-barcode encodes the value
    bars = code128_bars(RMA)
    assert bars.pattern() == expected
    html = render_label_html(LABEL)
    drawn = re.search(r'<svg class="code128"[^>]*viewBox="0 0 (\d+) 1"[^>]*><path fill="#000" d="([^"]+)"/>', html)
    assert drawn is not None
    quiet = (int(drawn.group(1)) - len(expected)) // 2
    assert quiet >= 10  # the quiet zone Code 128 asks for, on each side
    assert _bars_of_path(drawn.group(2)) == _runs(expected, quiet)


def _dark_modules(html: str) -> set[tuple[int, int]]:
    path = re.search(r'<div class="qr">\s*<svg[^>]*><path fill="#000" d="([^"]+)"/>', html)
    assert path is not None
    dark = set()
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path.group(1)):
        dark |= {(int(x) + i - QR_BORDER, int(y) - QR_BORDER) for i in range(int(w))}
    return dark


def _segno_modules(payload: str) -> set[tuple[int, int]]:
    matrix = segno.make(payload, error="m", micro=False).matrix
    return {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}


def test_the_qr_code_holds_the_rma_number_and_once_tracked_the_carrier_and_tracking_number():
    assert qr_payload(RMA) == "RMA:RMA-2026-900001"
    assert qr_payload(RMA, "ups", UPS) == "RMA:RMA-2026-900001\nCARRIER:ups\nTRACKING:1Z999AA10123456784"
    assert _dark_modules(render_label_html(LABEL)) == _segno_modules("RMA:RMA-2026-900001")
    tracked = _dark_modules(render_label_html(TRACKED))
    assert tracked == _segno_modules("RMA:RMA-2026-900001\nCARRIER:ups\nTRACKING:1Z999AA10123456784")


def test_names_are_text_never_markup_and_nothing_is_fetched():
    hostile = replace(LABEL, ship_from=LabelParty('<img src="file:///etc/passwd">Evil & Co', "GB"))
    html = render_label_html(hostile)
    assert "<img" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;Evil &amp; Co" in html
    _, text = pdf_text(hostile)  # the deny-all fetcher would abort the render on any URL
    assert 'src="file:///etc/passwd">Evil & Co' in text
