"""All files of one declaration version: our XML, the UK CDS XML where GB clears, and the PDF pack.

The XML is built first and embedded in every PDF (PDF/A-3 attachment), so a broker who only keeps the
PDF still has the machine-readable filing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

XML = "application/xml"
PDF = "application/pdf"


@dataclass(frozen=True, slots=True)
class RenderedFile:
    kind: str
    filename: str
    media_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _stem(payload: dict[str, Any]) -> str:
    doc = payload["document"]
    return f"{doc['rma_number']}_leg{doc['leg']['position']}_{doc['side']}_v{doc['version']}"


def xml_files(payload: dict[str, Any]) -> list[RenderedFile]:
    from tradedesk.documents.xml.tradedesk import build_tradedesk_xml

    stem = _stem(payload)
    files = [RenderedFile("tradedesk-xml", f"{stem}.tradedesk.xml", XML, build_tradedesk_xml(payload))]
    if payload["decision"]["jurisdiction"] == "GB":
        from tradedesk.documents.xml.cds import build_cds_xml

        files.append(RenderedFile("cds-xml", f"{stem}.cds.xml", XML, build_cds_xml(payload)))
    return files


def render_bundle(payload: dict[str, Any]) -> list[RenderedFile]:
    """Every XML and PDF for the payload, XML validated against its schema before it is returned."""
    from tradedesk.documents.pdf.pack import documents_for
    from tradedesk.documents.pdf.render import render_pdf

    files = xml_files(payload)
    attachments = [(f.filename, f.content, f.media_type) for f in files]
    stem = _stem(payload)
    for kind in documents_for(payload):
        files.append(RenderedFile(kind, f"{stem}.{kind}.pdf", PDF, render_pdf(kind, payload, attachments)))
    return files
