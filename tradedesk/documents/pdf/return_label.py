"""The printable return label of an RMA's inbound leg: a 4 x 6 inch page (label printers), rendered by WeasyPrint.

It uses the document pack's machinery: the Jinja environment of render.py (autoescaping, StrictUndefined, no
filter that marks text safe), the template doc_templates/return_label.html with its own stylesheet (a label is
not an A4 document, so pack.css does not fit), and the deny-all TemplateAssetFetcher with no base URL, so that
neither the template nor a party's name can make the renderer read a file or open a connection.

Both barcodes are inline SVG paths computed here; no image is fetched and no markup is built from user text:

- the RMA number as Code 128, drawn from python-barcode's own SVG writer (its bars, read back as geometry). It is
  plain Code 128, not GS1-128: an RMA number is not a GS1 element string (no application identifiers), so the
  FNC1 start that would make it GS1-128 would only mislead a GS1 scanner;
- a QR code (segno, as the pack's documents) of the RMA number and, once the leg has one, the carrier and the
  tracking number (qr_payload).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from barcode import Code128
from barcode.writer import SVGWriter
from weasyprint import CSS, HTML

from tradedesk.documents.pdf.context import Country, QrCode, country, qr_code
from tradedesk.documents.pdf.fetcher import ASSET_SCHEME, TemplateAssetFetcher
from tradedesk.documents.pdf.render import ENV

TEMPLATE = "return_label.html"
STYLESHEET = "return_label.css"
#: python-barcode draws in millimetres; one module per millimetre makes its geometry count modules
MODULE_MM = Decimal(1)
#: Code 128 wants a quiet zone of at least ten modules on either side (ISO/IEC 15417)
QUIET_ZONE = 10
SVG_RECT = "{http://www.w3.org/2000/svg}rect"


@dataclass(frozen=True, slots=True)
class LabelParty:
    """A party as the label prints it: name, country and, when the desk gave one, the street address."""

    name: str
    country: str  # ISO 3166-1 alpha-2
    lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LabelData:
    """Everything the label shows, read from the RMA, its inbound leg and the carrier label (if one was bought)."""

    rma_number: str
    ship_to: LabelParty  # the RMA's hub
    ship_from: LabelParty  # the customer
    leg_position: int
    from_country: str
    to_country: str
    issued_on: date
    item_count: int
    carrier: str | None = None
    service: str | None = None
    tracking_number: str | None = None


@dataclass(frozen=True, slots=True)
class Bars:
    """A Code 128 symbol as bars (start module, width in modules) in a row `modules` wide, quiet zones included."""

    modules: int
    bars: tuple[tuple[int, int], ...] = field(default_factory=tuple)

    @property
    def path(self) -> str:
        """The bars as one SVG path in a viewBox `modules` wide and 1 high (the CSS sets the printed size)."""
        return "".join(f"M{x} 0h{w}v1h-{w}z" for x, w in self.bars)

    def pattern(self) -> str:
        """The symbol as python-barcode's build() writes it: '1' per dark module, '0' per light one."""
        row = ["0"] * (self.modules - 2 * QUIET_ZONE)
        for x, w in self.bars:
            row[x - QUIET_ZONE : x - QUIET_ZONE + w] = ["1"] * w
        return "".join(row)


def _modules(length: str) -> int:
    """A length python-barcode wrote ("12.000mm") as a whole number of modules."""
    value = Decimal(length.removesuffix("mm")) / MODULE_MM
    if value != value.to_integral_value():
        raise ValueError(f"python-barcode drew {length!r}, not a whole number of modules")
    return int(value)


@lru_cache(maxsize=256)
def code128_bars(value: str) -> Bars:
    """The Code 128 symbol of `value`, as python-barcode's SVG writer draws it (bars only, no text)."""
    options = {"module_width": float(MODULE_MM), "quiet_zone": QUIET_ZONE, "write_text": False, "compress": False}
    svg = Code128(value, writer=SVGWriter()).render(options)
    root = ET.fromstring(svg)  # noqa: S314 (python-barcode's own output: no entities, nothing from outside)
    bars = tuple(
        (_modules(rect.attrib["x"]), _modules(rect.attrib["width"]))
        for rect in root.iter(SVG_RECT)
        if "x" in rect.attrib and "black" in rect.attrib.get("style", "")
    )
    return Bars(_modules(root.attrib["width"]), bars)


def qr_payload(rma_number: str, carrier: str | None = None, tracking_number: str | None = None) -> str:
    """What the QR code holds: the RMA number and, when there is one, the carrier and tracking number, one per line."""
    lines = [f"RMA:{rma_number}"]
    if tracking_number:
        lines += [f"CARRIER:{carrier or ''}", f"TRACKING:{tracking_number}"]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Party:
    name: str
    country: Country
    lines: tuple[str, ...]


def _party(p: LabelParty) -> _Party:
    return _Party(p.name, country(p.country), p.lines)


def template_context(data: LabelData) -> dict[str, object]:
    """The template's variables: plain data (autoescaping does the rest), barcodes as SVG path data."""
    tracking = None
    if data.tracking_number:
        tracking = {"carrier": data.carrier or "", "service": data.service, "number": data.tracking_number}
    payload = qr_payload(data.rma_number, data.carrier, data.tracking_number)
    qr: QrCode = qr_code(payload)
    return {
        "rma_number": data.rma_number,
        "ship_to": _party(data.ship_to),
        "ship_from": _party(data.ship_from),
        "leg": {
            "position": data.leg_position,
            "origin": country(data.from_country),
            "destination": country(data.to_country),
        },
        "issued": data.issued_on.isoformat(),
        "item_count": data.item_count,
        "tracking": tracking,
        "barcode": code128_bars(data.rma_number),
        "qr": qr,
        "qr_payload": payload,
    }


def render_label_html(data: LabelData, inline_css: bool = True) -> str:
    """The label as one self-contained HTML string (inline stylesheet and barcodes: nothing to fetch)."""
    return ENV.get_template(TEMPLATE).render(template_context(data), inline_css=inline_css)


@lru_cache(maxsize=1)
def _stylesheet() -> CSS:
    """doc_templates/return_label.css, fetched through the deny-all fetcher and parsed once per process."""
    return CSS(url=f"{ASSET_SCHEME}:{STYLESHEET}", url_fetcher=TemplateAssetFetcher())


def render_label_pdf(data: LabelData) -> bytes:
    """The label as a one-page 4 x 6 inch PDF."""
    document = HTML(string=render_label_html(data, inline_css=False), base_url=None, url_fetcher=TemplateAssetFetcher())
    pdf: bytes = document.write_pdf(stylesheets=[_stylesheet()])
    return pdf
