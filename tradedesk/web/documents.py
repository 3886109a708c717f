"""A declaration's files (our XML, the UK CDS XML where GB clears, the PDF pack) as the pages show them.

Rendering and storing belong to services.documents (a final version is rendered once and stored with its
SHA-256; an open version is rendered on the fly as a preview). Rendering takes seconds, so the pages run
it as a background job on the task queue (tasks.kinds.render_pack) with a progress page. Which files a
version has is read where it is kept, never from this process's memory: a final version's stored files
from the documents service, a draft's preview list from the result of the job that rendered it (its id
in the page's address). The XML shown on the page is built from the version's stored content (a pure
function of it, validated against the XSD).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from werkzeug.wrappers import Response

from tradedesk.auth.actor import Actor
from tradedesk.services import documents as service
from tradedesk.services.context import Context
from tradedesk.services.errors import NotFound
from tradedesk.tasks import jobs
from tradedesk.tasks.kinds import PACK
from tradedesk.web import jobs as web_jobs


def start_pack(declaration: dict[str, Any], title: str, back: str) -> Response:
    """Queue the rendering of this version's files; "Continue" leads to `back` (a page URL + "#documents")."""
    page, _, anchor = back.partition("#")
    steps = f"Rendering the XML and {len(pdf_kinds(declaration['content']))} PDF documents"
    return web_jobs.start(
        PACK,
        title,
        {"declaration_id": declaration["id"], "content_hash": declaration["content_hash"]},
        steps,
        lambda job_id: f"{page}?job={job_id}" + (f"#{anchor}" if anchor else ""),
    )


def _info(entry: dict[str, Any]) -> service.DocumentInfo:
    created = entry.get("created_at")
    return service.DocumentInfo(
        entry["kind"],
        entry["filename"],
        entry["media_type"],
        entry["sha256"],
        int(entry["size"]),
        bool(entry["stored"]),
        datetime.fromisoformat(created) if created else None,
    )


def shown_files(
    ctx: Context, actor: Actor, declaration: dict[str, Any], job_id: str | None
) -> list[service.DocumentInfo] | None:
    """The files to list on the page, or None (then the page offers to prepare them).

    Stored files of a final version come from the documents service; a draft's previews from the finished
    pack job `job_id` of this actor, if it rendered exactly this version's content.
    """
    stored = service.stored_documents(ctx, actor, declaration["id"])
    if stored:
        return stored
    if not job_id:
        return None
    try:
        job = jobs.get(ctx, actor, job_id)
    except NotFound:
        return None
    result = job.result or {}
    if (
        job.kind != PACK
        or job.state != jobs.JobState.DONE
        or result.get("declaration_id") != declaration["id"]
        or result.get("content_hash") != declaration["content_hash"]
    ):
        return None
    return [_info(entry) for entry in result.get("files", [])]


def xml_preview(
    content: dict[str, Any], acknowledgements: list[dict[str, Any]] | None = None
) -> tuple[str | None, str | None]:
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


def fetch(ctx: Context, actor: Actor, declaration_id: str, kind: str) -> tuple[str, str, bytes]:
    """(filename, media type, bytes) of one file, scoped to the actor by the documents service."""
    filename, media_type, data, _ = service.get_document(ctx, actor, declaration_id, kind)
    return filename, media_type, data
