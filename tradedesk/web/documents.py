"""A declaration's files (our XML, the UK CDS XML where GB clears, the PDF pack) as the pages show them.

Rendering and storing belong to services.documents (a final version is rendered once and stored with its
SHA-256; an open version is rendered on the fly as a preview). Rendering takes seconds, so the pages run
it as a background job with a progress page, and remember here which files a version has, so showing a
declaration never renders anything. The XML shown on the page is built from the version's stored content
(a pure function of it, validated against the XSD).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from tradedesk.services import documents as service
from tradedesk.services.context import Actor, Context
from tradedesk.services.errors import NotFound

Step = tuple[str, Callable[[], None]]


class PackCache:
    """The files known for each declaration version in this process (bounded, thread-safe)."""

    def __init__(self, keep: int = 256) -> None:
        self._entries: OrderedDict[tuple[str, str], list[service.DocumentInfo]] = OrderedDict()
        self._lock = threading.Lock()
        self._keep = keep

    def put(self, declaration: dict[str, Any], entries: list[service.DocumentInfo]) -> None:
        key = (declaration["id"], declaration["content_hash"])
        with self._lock:
            self._entries[key] = entries
            self._entries.move_to_end(key)
            while len(self._entries) > self._keep:
                self._entries.popitem(last=False)

    def get(self, declaration: dict[str, Any]) -> list[service.DocumentInfo] | None:
        with self._lock:
            return self._entries.get((declaration["id"], declaration["content_hash"]))


def xml_preview(content: dict[str, Any], acknowledgements: list[dict[str, Any]] | None = None) -> tuple[str | None, str | None]:
    """(pretty-printed tradedesk XML, None) or (None, why it cannot be built); the template escapes it."""
    from tradedesk.documents.xml.tradedesk import build_tradedesk_xml

    payload = service.payload_with_acknowledgements(content, acknowledgements) if acknowledgements else content
    try:
        return build_tradedesk_xml(payload).decode("utf-8"), None
    except (ValueError, KeyError, TypeError) as exc:
        return None, str(exc)


def pdf_kinds(content: dict[str, Any]) -> list[str]:
    """The papers of this version's pack, in filing order."""
    from tradedesk.documents.pdf.pack import documents_for

    try:
        return documents_for(content)
    except (KeyError, TypeError):
        return []


def preview_html(content: dict[str, Any], kind: str) -> str:
    """One paper as self-contained HTML (the same template and payload as its PDF)."""
    from tradedesk.documents.pdf.render import render_html

    if kind not in pdf_kinds(content):
        raise NotFound(f"no document {kind} for this declaration")
    return render_html(kind, content)


def pack_steps(ctx: Context, actor: Actor, declaration: dict[str, Any], cache: PackCache) -> list[Step]:
    """The work of a "prepare the documents" job: render (and, for a final version, store) the files."""

    def render() -> None:
        cache.put(declaration, service.render_documents(ctx, actor, declaration["id"]))

    return [(f"Rendering the XML and {len(pdf_kinds(declaration['content']))} PDF documents", render)]


def fetch(ctx: Context, actor: Actor, declaration_id: str, kind: str) -> tuple[str, str, bytes]:
    """(filename, media type, bytes) of one file, scoped to the actor by the documents service."""
    filename, media_type, data, _ = service.get_document(ctx, actor, declaration_id, kind)
    return filename, media_type, data
