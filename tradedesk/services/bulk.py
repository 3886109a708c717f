"""Bulk exchange with an ERP or WMS (issue #12, point 5): import RMAs from CSV or JSON, export RMAs, legs and
declarations as CSV.

Import: the file is stored once (per owner and SHA-256: uploading it again resumes that import) and a job opens one
RMA per row, each row in its own unit of work with its outcome, so a row is all or nothing and a crash or a retry
carries on after the last row done. A row that is refused keeps its errors by field, as the API names them; the
report lists them.

A CSV row is one item; the rows sharing an `external_id` are one RMA (their RMA fields are read from the first).
A JSON file is a list of RMA objects as `POST /api/v1/rmas` takes them, each with an `external_id`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from tradedesk.auth.actor import Actor
from tradedesk.db.models import BulkImport, BulkImportRow, Declaration, Leg, Party, Rma, RmaItem
from tradedesk.inputs.leg import flatten_errors
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.errors import InvalidInput, NotFound
from tradedesk.services.rmas import RmaData, create_in_session

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
RMA_FIELDS = (
    "order_reference",
    "purchase_date",
    "reason_code",
    "scenario",
    "condition",
    "hub_id",
    "warranty_expires",
    "paid_service_contract",
    "photo_provided",
    "notes",
)
CUSTOMER_FIELDS = {"customer_name": "name", "customer_country": "country", "customer_email": "email"}
ITEM_FIELDS = (
    "description",
    "sku",
    "hs_code",
    "origin_country",
    "quantity",
    "unit_value",
    "currency",
    "udi",
    "eccn",
    "dual_use",
)
CSV_HEADER = ("external_id", *RMA_FIELDS, "customer_id", *CUSTOMER_FIELDS, *ITEM_FIELDS, "serial_numbers")


@dataclass(frozen=True, slots=True)
class ImportRow:
    key: str
    position: int
    body: dict[str, Any]  # as POST /api/v1/rmas takes it


# --------------------------------------------------------------------------------------------- reading a file


def _csv_rows(text: str) -> list[ImportRow]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = {"external_id", "order_reference", "description"} - set(reader.fieldnames or ())
    if missing:
        raise InvalidInput(
            {"file": [f"the CSV header lacks {', '.join(sorted(missing))}; columns: {', '.join(CSV_HEADER)}"]}
        )
    grouped: dict[str, ImportRow] = {}
    for line in reader:
        key = (line.get("external_id") or "").strip()[:64]
        if not key:
            raise InvalidInput({"file": [f"line {reader.line_num}: external_id is empty"]})
        if key not in grouped:
            grouped[key] = ImportRow(key, len(grouped), _rma_body(line))
        grouped[key].body["items"].append(_item_body(line))
    return list(grouped.values())


def _present(line: Mapping[str, Any], name: str) -> bool:
    return bool((line.get(name) or "").strip())


def _rma_body(line: Mapping[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {name: line[name].strip() for name in RMA_FIELDS if _present(line, name)}
    for flag in ("paid_service_contract", "photo_provided"):
        if flag in body:
            body[flag] = body[flag].lower() in ("1", "true", "yes")
    if _present(line, "customer_id"):
        body["customer_id"] = line["customer_id"].strip()
    else:
        body["customer"] = {key: line[name].strip() for name, key in CUSTOMER_FIELDS.items() if _present(line, name)}
    body["items"] = []
    return body


def _item_body(line: Mapping[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {name: line[name].strip() for name in ITEM_FIELDS if _present(line, name)}
    serials = (line.get("serial_numbers") or "").replace(",", ";")
    item["serial_numbers"] = [s.strip() for s in serials.split(";") if s.strip()]
    return item


def _json_rows(text: str) -> list[ImportRow]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput({"file": [f"is not JSON: {exc}"]}) from exc
    if not isinstance(data, list):
        raise InvalidInput({"file": ["a JSON import is a list of RMA objects, each with an external_id"]})
    rows = []
    for i, element in enumerate(data):
        if not isinstance(element, dict) or not str(element.get("external_id") or "").strip():
            raise InvalidInput({"file": [f"element {i} is not an RMA object with an external_id"]})
        body = {k: v for k, v in element.items() if k != "external_id"}
        rows.append(ImportRow(str(element["external_id"]).strip()[:64], i, body))
    return rows


def read_rows(filename: str, content: bytes) -> tuple[str, list[ImportRow]]:
    """(format, rows) of an import file; InvalidInput naming `file` when it cannot be read."""
    if len(content) > MAX_BYTES:
        raise InvalidInput({"file": [f"is larger than {MAX_BYTES // (1024 * 1024)} MB: split it"]})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput({"file": ["is not UTF-8 text"]}) from exc
    kind = "json" if filename.lower().endswith(".json") or text.lstrip().startswith("[") else "csv"
    try:
        rows = _json_rows(text) if kind == "json" else _csv_rows(text)
    except csv.Error as exc:
        raise InvalidInput({"file": [f"is not CSV this import reads: {exc}"]}) from exc
    if not rows or len(rows) > MAX_ROWS:
        raise InvalidInput({"file": [f"holds {len(rows)} RMAs: between 1 and {MAX_ROWS:,} per file"]})
    return kind, rows


def start_import(ctx: Context, actor: Actor, filename: str, content: bytes) -> tuple[str, bool]:
    """The import of this file (stored now, or the one stored before: resumed) and whether it is new."""
    kind, rows = read_rows(filename, content)
    digest = hashlib.sha256(content).hexdigest()

    def work(session: Session) -> tuple[str, bool]:
        existing = session.scalar(
            select(BulkImport.id).where(BulkImport.owner_id == actor.id, BulkImport.sha256 == digest)
        )
        if existing is not None:
            return existing, False
        row = BulkImport(
            owner_id=actor.id,
            filename=filename[:256],
            format=kind,
            sha256=digest,
            content=content,
            total_rows=len(rows),
            created_at=ctx.now(),
        )
        session.add(row)
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "import:start",
            "bulk_import",
            row.id,
            None,
            {"filename": row.filename, "rows": len(rows), "sha256": digest},
            ctx.now(),
        )
        return row.id, True

    return ctx.run(work)


# --------------------------------------------------------------------------------------------- running it


def _load(session: Session, actor: Actor, import_id: str) -> BulkImport:
    row = session.get(BulkImport, import_id)
    if row is None or row.owner_id != actor.id:
        raise NotFound(f"import {import_id} not found")
    return row


def _with_known_customer(session: Session, body: dict[str, Any]) -> dict[str, Any]:
    """A customer given by name that is registered already is used, not registered twice."""
    customer = body.get("customer")
    if isinstance(customer, dict) and customer.get("name"):
        found = session.scalar(select(Party.id).where(Party.kind == "customer", Party.name == customer["name"]))
        if found is not None:
            return {**{k: v for k, v in body.items() if k != "customer"}, "customer_id": found}
    return body


#: reads a row's body as POST /api/v1/rmas does (the API's schema, handed in by the job: services import no edge)
Parse = Callable[[dict[str, Any]], RmaData]


def _one_row(ctx: Context, actor: Actor, import_id: str, row: ImportRow, parse: Parse) -> bool:
    """Open the row's RMA and record that, in one unit of work; or record why not. True when it was opened."""

    def work(session: Session) -> bool:
        try:
            data = parse(_with_known_customer(session, row.body))
            rma, _ = create_in_session(session, ctx, actor, data)
        except ValidationError as exc:
            return _refused(session, ctx, import_id, row, flatten_errors(exc.messages))
        except InvalidInput as exc:
            session.rollback()
            return _refused(session, ctx, import_id, row, exc.errors)
        session.merge(
            BulkImportRow(
                import_id=import_id,
                row_key=row.key,
                position=row.position,
                status="ok",
                rma_id=rma.id,
                errors={},
                at=ctx.now(),
            )
        )
        return True

    return ctx.run(work)


def _refused(session: Session, ctx: Context, import_id: str, row: ImportRow, errors: Mapping[str, Any]) -> bool:
    session.merge(
        BulkImportRow(
            import_id=import_id,
            row_key=row.key,
            position=row.position,
            status="error",
            rma_id=None,
            errors=dict(errors),
            at=ctx.now(),
        )
    )
    return False


def run_import(
    ctx: Context, actor: Actor, import_id: str, parse: Parse, progress: Callable[[int, str], None]
) -> dict[str, Any]:
    """Every row not opened yet, in file order; the job's result counts them."""

    def state(session: Session) -> tuple[str, bytes, set[str]]:
        stored = _load(session, actor, import_id)
        done = set(
            session.scalars(
                select(BulkImportRow.row_key).where(BulkImportRow.import_id == import_id, BulkImportRow.status == "ok")
            )
        )
        return stored.filename, stored.content, done

    filename, content, done = ctx.run(state, write=False)
    _, rows = read_rows(filename, content)
    opened = refused = 0
    for i, row in enumerate(rows):
        if row.key in done:
            continue
        if _one_row(ctx, actor, import_id, row, parse):
            opened += 1
        else:
            refused += 1
        if i % 25 == 0 or i == len(rows) - 1:
            progress(i + 1, f"row {i + 1:,} of {len(rows):,}: {opened:,} opened, {refused:,} refused")
    return {"import_id": import_id, "opened": opened, "refused": refused, "already_done": len(done)}


def import_report(ctx: Context, actor: Actor, import_id: str) -> dict[str, Any]:
    """The import's counts and its refused rows with their errors, in file order."""

    def work(session: Session) -> dict[str, Any]:
        stored = _load(session, actor, import_id)
        rows = list(
            session.scalars(
                select(BulkImportRow).where(BulkImportRow.import_id == import_id).order_by(BulkImportRow.position)
            )
        )
        return {
            "id": stored.id,
            "filename": stored.filename,
            "format": stored.format,
            "total_rows": stored.total_rows,
            "opened": sum(r.status == "ok" for r in rows),
            "refused": [{"external_id": r.row_key, "errors": r.errors} for r in rows if r.status == "error"],
            "pending": stored.total_rows - len(rows),
            "created_at": stored.created_at.isoformat(),
        }

    return ctx.run(work, write=False)


# --------------------------------------------------------------------------------------------- export

EXPORTS = ("rmas", "legs", "declarations")
_COLUMNS: dict[str, tuple[str, ...]] = {
    "rmas": (
        "id",
        "number",
        "status",
        "scenario",
        "reason_code",
        "order_reference",
        "customer",
        "purchase_date",
        "items",
        "total_value",
        "currency",
        "disposition",
        "created_at",
        "closed_at",
    ),
    "legs": (
        "id",
        "rma_number",
        "position",
        "movement",
        "from_country",
        "to_country",
        "ship_date",
        "status",
        "export_regime",
        "import_regime",
        "procedure_code",
        "customs_reference",
        "carrier",
        "tracking_number",
        "created_at",
    ),
    "declarations": (
        "id",
        "rma_number",
        "side",
        "version_no",
        "status",
        "jurisdiction",
        "regime",
        "procedure_code",
        "error_count",
        "warning_count",
        "customs_reference",
        "created_at",
        "filed_at",
    ),
}
BATCH = 500


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise InvalidInput({"to": ["is before from"]})
    return datetime.combine(start, time.min, UTC), datetime.combine(end, time.max, UTC)


def _rma_row(rma: Rma, customer: str) -> list[Any]:
    items: list[RmaItem] = list(rma.items)
    currencies = {i.currency for i in items}
    total = sum((i.unit_value * i.quantity for i in items), start=0) if len(currencies) == 1 else ""
    return [
        rma.id,
        rma.number,
        rma.status,
        rma.scenario,
        rma.reason_code,
        rma.order_reference,
        customer,
        rma.purchase_date,
        len(items),
        total,
        next(iter(currencies)) if len(currencies) == 1 else "mixed",
        rma.disposition or "",
        rma.created_at.isoformat(),
        rma.closed_at.isoformat() if rma.closed_at else "",
    ]


def _leg_row(leg: Leg, number: str) -> list[Any]:
    d = leg.decision or {}
    side = (d.get("import") or {}) if d.get("import") else (d.get("export") or {})
    return [
        leg.id,
        number,
        leg.position,
        leg.movement,
        leg.from_country,
        leg.to_country,
        leg.ship_date,
        leg.status,
        (d.get("export") or {}).get("regime", ""),
        (d.get("import") or {}).get("regime", ""),
        side.get("procedure_code") or "",
        leg.customs_reference or "",
        leg.carrier or "",
        leg.tracking_number or "",
        leg.created_at.isoformat(),
    ]


def _declaration_row(decl: Declaration, number: str) -> list[Any]:
    return [
        decl.id,
        number,
        decl.side,
        decl.version_no,
        decl.status,
        decl.jurisdiction,
        decl.regime,
        decl.procedure_code or "",
        decl.error_count,
        decl.warning_count,
        decl.customs_reference or "",
        decl.created_at.isoformat(),
        decl.filed_at.isoformat() if decl.filed_at else "",
    ]


def _query(kind: str, low: datetime, high: datetime) -> Any:
    if kind == "rmas":
        return (
            select(Rma, Party.name)
            .join(Party, Party.id == Rma.customer_id)
            .where(Rma.created_at.between(low, high))
            .order_by(Rma.created_at, Rma.id)
        )
    if kind == "legs":
        return (
            select(Leg, Rma.number)
            .join(Rma, Rma.id == Leg.rma_id)
            .where(Leg.created_at.between(low, high))
            .order_by(Leg.created_at, Leg.id)
        )
    return (
        select(Declaration, Rma.number)
        .join(Leg, Leg.id == Declaration.leg_id)
        .join(Rma, Rma.id == Leg.rma_id)
        .where(Declaration.created_at.between(low, high))
        .order_by(Declaration.created_at, Declaration.id)
    )


ROWS: dict[str, Callable[[Any, str], list[Any]]] = {
    "rmas": _rma_row,
    "legs": _leg_row,
    "declarations": _declaration_row,
}


def export_csv(ctx: Context, kind: str, start: date, end: date) -> Iterator[str]:
    """CSV text of what was created between `start` and `end` (inclusive), streamed in batches."""
    if kind not in EXPORTS:
        raise NotFound(f"no export of {kind}: one of {', '.join(EXPORTS)}")
    low, high = _bounds(start, end)

    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(_COLUMNS[kind])
        with ctx.unit_of_work(write=False) as session:
            result = session.execute(_query(kind, low, high).execution_options(yield_per=BATCH))
            for obj, label in result:
                writer.writerow(ROWS[kind](obj, label))
                if out.tell() > 64 * 1024:
                    yield out.getvalue()
                    out.seek(0)
                    out.truncate()
        yield out.getvalue()

    return lines()
