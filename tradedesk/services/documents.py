"""The files of a declaration version: rendered once, stored with their SHA-256, served from storage.

Only versions that can no longer change (approved and later) are stored: their content and their flag
acknowledgements are final, so their files are too. Earlier versions are rendered on the fly as previews
(marked draft) and never stored, so a stored file always matches what was approved.
Rendering (slow: weasyprint) happens outside any database transaction; storing is one short write
transaction that keeps the first stored set if two requests raced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tradedesk.auth.actor import Actor
from tradedesk.auth.permissions import Permission, Role, allowed
from tradedesk.db.models import Declaration, Document
from tradedesk.documents.bundle import render_bundle
from tradedesk.domain.workflow import IMMUTABLE, DeclarationStatus
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.errors import NotFound
from tradedesk.services.filings import BROKER_VISIBLE


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file of a declaration version, detached from any session (safe to use after the transaction)."""

    kind: str
    filename: str
    media_type: str
    sha256: str
    content: bytes
    stored: bool  # False: a preview of a version that may still change, rendered on the fly
    created_at: datetime | None

    def info(self) -> DocumentInfo:
        return DocumentInfo(
            self.kind, self.filename, self.media_type, self.sha256, len(self.content), self.stored, self.created_at
        )


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    kind: str
    filename: str
    media_type: str
    sha256: str
    size: int
    stored: bool
    created_at: datetime | None

    @property
    def is_pdf(self) -> bool:
        return self.media_type == "application/pdf"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "filename": self.filename,
            "media_type": self.media_type,
            "sha256": self.sha256,
            "size": self.size,
            "stored": self.stored,
            "created_at": None if self.created_at is None else self.created_at.isoformat(),
        }


def _visible(session: Session, actor: Actor, declaration_id: str) -> Declaration:
    """The declaration if the actor may see it: brokers only what was filed to them; others need the right."""
    decl = session.get(Declaration, declaration_id)
    if decl is None:
        raise NotFound(f"declaration {declaration_id} not found")
    if actor.role == Role.BROKER:
        if (
            decl.broker_id is None
            or decl.broker_id != actor.party_id
            or DeclarationStatus(decl.status) not in BROKER_VISIBLE
        ):
            raise NotFound(f"declaration {declaration_id} not found")
    elif not allowed(actor.role, Permission.READ_DECLARATION):
        raise NotFound(f"declaration {declaration_id} not found")
    return decl


def payload_with_acknowledgements(
    content: dict[str, Any], acknowledgements: list[dict[str, Any]] | None
) -> dict[str, Any]:
    """A version's content plus the acknowledgements given at approval (a list of rows -> {CODE: {...}})."""
    payload = dict(content)
    payload["acknowledgements"] = {
        row["code"]: {k: str(v) for k, v in row.items() if k in ("reason", "by", "by_name", "at") and v is not None}
        for row in acknowledgements or []
    }
    return payload


def render_payload(decl: Declaration) -> dict[str, Any]:
    return payload_with_acknowledgements(decl.content, decl.acknowledgements)


def _stored(session: Session, declaration_id: str) -> list[StoredFile]:
    rows = session.scalars(select(Document).where(Document.declaration_id == declaration_id).order_by(Document.kind))
    return [StoredFile(d.kind, d.filename, d.media_type, d.sha256, d.content, True, d.created_at) for d in rows]


def _files(ctx: Context, actor: Actor, declaration_id: str) -> list[StoredFile]:
    """Stored files of a final version (rendering and storing them on first use), or previews of an open one."""
    with ctx.unit_of_work(write=False) as session:
        decl = _visible(session, actor, declaration_id)
        final = DeclarationStatus(decl.status) in IMMUTABLE
        if final:
            stored = _stored(session, declaration_id)
            if stored:
                return stored
        payload = render_payload(decl)
    rendered = sorted(render_bundle(payload), key=lambda f: f.kind)  # the order the stored set is listed in
    if not final:
        return [StoredFile(f.kind, f.filename, f.media_type, f.sha256, f.content, False, None) for f in rendered]

    def store(session: Session) -> list[StoredFile]:
        already = _stored(session, declaration_id)
        if already:
            return already  # another request stored them first: keep those, never re-store
        decl = session.get(Declaration, declaration_id)
        assert decl is not None
        now = ctx.now()
        session.add_all(
            [
                Document(
                    declaration_id=declaration_id,
                    kind=f.kind,
                    filename=f.filename,
                    media_type=f.media_type,
                    sha256=f.sha256,
                    size=len(f.content),
                    content=f.content,
                    created_at=now,
                )
                for f in rendered
            ]
        )
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "declaration:render",
            "declaration",
            declaration_id,
            None,
            {"version_no": decl.version_no, "files": {f.kind: f.sha256 for f in rendered}},
            now,
            rma_id=decl.leg.rma_id,
        )
        return [StoredFile(f.kind, f.filename, f.media_type, f.sha256, f.content, True, now) for f in rendered]

    return ctx.run(store)


def stored_documents(ctx: Context, actor: Actor, declaration_id: str) -> list[DocumentInfo]:
    """The stored files of a version, without their bytes (what a page lists); [] until they are rendered."""
    with ctx.unit_of_work(write=False) as session:
        _visible(session, actor, declaration_id)
        rows = session.execute(
            select(
                Document.kind,
                Document.filename,
                Document.media_type,
                Document.sha256,
                Document.size,
                Document.created_at,
            )
            .where(Document.declaration_id == declaration_id)
            .order_by(Document.kind)
        )
        return [
            DocumentInfo(kind, filename, media_type, sha256, size, True, created_at)
            for kind, filename, media_type, sha256, size, created_at in rows
        ]


def render_documents(ctx: Context, actor: Actor, declaration_id: str) -> list[DocumentInfo]:
    """The declaration version's files (rendered and stored on first use when the version is final)."""
    return [f.info() for f in _files(ctx, actor, declaration_id)]


def get_document(ctx: Context, actor: Actor, declaration_id: str, kind: str) -> tuple[str, str, bytes, str]:
    """(filename, media type, bytes, sha256) of one file; a stored file is served as stored, never re-rendered."""
    with ctx.unit_of_work(write=False) as session:
        _visible(session, actor, declaration_id)
        doc = session.scalar(select(Document).where(Document.declaration_id == declaration_id, Document.kind == kind))
        if doc is not None:
            return doc.filename, doc.media_type, doc.content, doc.sha256
    for f in _files(ctx, actor, declaration_id):
        if f.kind == kind:
            return f.filename, f.media_type, f.content, f.sha256
    raise NotFound(f"declaration {declaration_id} has no document {kind!r}")
