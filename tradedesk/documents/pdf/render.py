"""Filing payload -> HTML -> PDF/A-3b with the leg's XML embedded.

The Jinja environment is dedicated to doc_templates/: autoescaping on for every template and string,
StrictUndefined so a missing field fails the render instead of printing nothing, and no filter that marks
text safe. WeasyPrint gets the HTML as a string with no base URL and the deny-all TemplateAssetFetcher,
so neither a template nor a payload can make it read a file or open a connection.

render_html() inlines the stylesheet so that its output stands alone; render_pdf() renders the same markup
with the stylesheet parsed once per process instead (identical output, one CSS parse less per document).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import CSS, HTML, Attachment
from weasyprint.css import ColorProfile

from tradedesk.documents.pdf.context import build_context
from tradedesk.documents.pdf.fetcher import ASSET_SCHEME, GENERATED_SCHEME, TEMPLATES_DIR, TemplateAssetFetcher
from tradedesk.documents.pdf.pack import APPOINTMENT_LETTER, KINDS

PDF_VARIANT = "pdf/a-3b"
OUTPUT_INTENT = "tradedesk-srgb"
STYLESHEET = "pack.css"
ATTACHMENT_RELATIONSHIP = "Data"  # ISO 32000-2 §7.11.3: the data the visual presentation is derived from

ENV = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)


class UnknownDocument(ValueError):
    pass


class NotApplicable(ValueError):
    """The payload lacks what this kind of document is about (an appointment letter with no representative)."""


def _html(kind: str, payload: dict[str, Any], inline_css: bool) -> str:
    if kind not in KINDS:
        raise UnknownDocument(f"unknown document kind {kind!r}; known: {', '.join(KINDS)}")
    if kind == APPOINTMENT_LETTER and payload["parties"]["representative"] is None:
        raise NotApplicable("an appointment letter needs a representative in the payload")
    return ENV.get_template(f"{kind}.html").render(build_context(kind, payload), inline_css=inline_css)


def render_html(kind: str, payload: dict[str, Any]) -> str:
    """The document as one self-contained HTML string (inline CSS and QR code; nothing to fetch)."""
    return _html(kind, payload, inline_css=True)


@lru_cache(maxsize=1)
def _stylesheet() -> CSS:
    """doc_templates/pack.css, fetched through the deny-all fetcher and parsed once."""
    return CSS(url=f"{ASSET_SCHEME}:{STYLESHEET}", url_fetcher=TemplateAssetFetcher())


@lru_cache(maxsize=1)
def _srgb_icc() -> bytes:
    return (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()


def _color_profiles() -> dict[str, ColorProfile]:
    """The PDF/A output intent (WeasyPrint's own sRGB profile), built per render from bytes read once.

    With output_intent="srgb" WeasyPrint 70 opens the ICC file on every render and never closes it (a
    ResourceWarning each time); a profile of our own avoids that. Per render, because WeasyPrint stores the
    profile's PDF object reference on it while writing.
    """
    return {
        OUTPUT_INTENT: ColorProfile(
            io.BytesIO(_srgb_icc()), "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"])
        )
    }


def _identifier(kind: str, payload: dict[str, Any]) -> bytes:
    """A stable PDF file identifier: the same declaration version, side and kind always give the same ID."""
    doc = payload["document"]
    key = f"{kind}|{doc['rma_number']}|{doc['declaration_id']}|{doc['version']}|{doc['side']}"
    return hashlib.sha256(key.encode()).hexdigest()[:32].encode()


def _dedupe_associated_files(document: Any, pdf: Any) -> None:
    """WeasyPrint 70 lists each PDF/A-3 associated file twice in the catalog's /AF array; keep one of each."""
    if "AF" in pdf.catalog:
        unique = list(dict.fromkeys(pdf.catalog["AF"]))
        pdf.catalog["AF"].clear()
        pdf.catalog["AF"].extend(unique)


def render_pdf(kind: str, payload: dict[str, Any], attachments: Sequence[tuple[str, bytes, str]] = ()) -> bytes:
    """The document as PDF/A-3b; `attachments` are (file name, bytes, MIME type), e.g. the leg's XML."""
    html = _html(kind, payload, inline_css=False)
    names = [name for name, _, _ in attachments]
    if len(set(names)) != len(names):
        raise ValueError(f"attachment names must be unique: {names}")
    fetcher = TemplateAssetFetcher(generated={name: (body, mime) for name, body, mime in attachments})
    issued = datetime.fromisoformat(payload["document"]["issued_on"])
    embedded = [
        Attachment(
            url=f"{GENERATED_SCHEME}:{name}",
            url_fetcher=fetcher,
            name=name,
            created=issued,
            modified=issued,
            relationship=ATTACHMENT_RELATIONSHIP,
        )
        for name in names
    ]
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[_stylesheet()],
        pdf_variant=PDF_VARIANT,
        attachments=embedded,
        pdf_identifier=_identifier(kind, payload),
        finisher=_dedupe_associated_files,
        color_profiles=_color_profiles(),
        output_intent=OUTPUT_INTENT,
    )
