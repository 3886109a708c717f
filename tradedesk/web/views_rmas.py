"""RMAs for the desk and the coordinators: the list, the new-RMA form, and the RMA page (items, serials,
the legs drawn as a route with their regimes and deadlines, paperwork, inspection, disposition, status,
documents, audit history)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from tradedesk.api.http import ctx
from tradedesk.api.schemas.legs import PlanLegsSchema
from tradedesk.api.schemas.rma import DispositionSchema, InspectionSchema, QuoteSchema, RmaCreateSchema
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.domain.leg_details import LegDetails
from tradedesk.domain.model import Movement, Transport
from tradedesk.domain.rma import CONDITIONS, REASONS, TRANSITIONS, Disposition, RmaStatus, Scenario
from tradedesk.services import intake, labels, legs, parties, rmas, tracking
from tradedesk.services.audit_trail import AuditFilters, list_events
from tradedesk.services.declarations import request_paperwork
from tradedesk.services.errors import InvalidInput, NotFound
from tradedesk.services.idempotency import IdempotencyInFlight, IdempotencyMismatch
from tradedesk.uploads.store import store_from_settings
from tradedesk.web.actions import act, expected_version
from tradedesk.web.blueprint import bp
from tradedesk.web.forms import FormErrors, checked, from_validation, plain, required, split_list, text
from tradedesk.web.pages import PICK_LIST, page_request
from tradedesk.web.session import page, user, visible

ITEM_FIELDS = (
    "description",
    "sku",
    "hs_code",
    "origin_country",
    "quantity",
    "unit_value",
    "currency",
    "serial_numbers",
    "udi",
    "eccn",
    "dual_use",
)
ITEM_REQUIRED = ("description", "hs_code", "origin_country", "quantity", "unit_value", "currency")
MAX_ROWS = 50
#: reached by recording an inspection / a disposition (their own forms in the API), not by a bare move
DATA_STATES = frozenset({RmaStatus.INSPECTED, RmaStatus.DISPOSITIONED})


# ------------------------------------------------------------------------------------------------ list


@bp.get("/rmas", endpoint="rmas")
@page(Permission.READ_RMA)
def rmas_list() -> str:
    status = request.args.get("status") or None
    if status not in {str(s) for s in RmaStatus}:
        status = None
    q = (request.args.get("q") or "").strip()[:64] or None
    listing = rmas.list_rmas(ctx(), user(), rmas.RmaFilters(status=status, q=q), page_request())
    return render_template(
        "rmas.html",
        items=listing.items,
        listing=listing,
        status=status,
        q=q or "",
        statuses=[str(s) for s in RmaStatus],
    )


# ------------------------------------------------------------------------------------------------- new


def _item_rows(form: MultiDict[str, str]) -> int:
    raw = form.get("item_rows", "1")
    rows = int(raw) if raw.isdigit() else 1
    return max(1, min(rows + (1 if form.get("action") == "add_item" else 0), MAX_ROWS))


def _rma_body(form: MultiDict[str, str], errors: FormErrors) -> dict[str, Any]:
    """The API's JSON body from the form; blank required inputs are reported here with a plain message."""
    body: dict[str, Any] = {
        name: text(form, name)
        for name in (
            "hub_id",
            "order_reference",
            "purchase_date",
            "reason_code",
            "scenario",
            "condition",
            "warranty_expires",
            "notes",
        )
    }
    body["paid_service_contract"] = checked(form, "paid_service_contract")
    body["photo_provided"] = checked(form, "photo_provided")
    required(errors, body, ["hub_id", "order_reference", "purchase_date", "reason_code", "scenario", "condition"])
    customer_id = text(form, "customer_id")
    if customer_id and customer_id != "new":
        body["customer_id"] = customer_id
    else:
        eori = text(form, "customer.identifiers.EORI")
        customer = {
            "name": text(form, "customer.name"),
            "country": (text(form, "customer.country") or "").upper(),
            "identifiers": {"EORI": eori.upper().replace(" ", "")} if eori else {},
        }
        for name in ("name", "country"):
            if not customer[name]:
                errors.add(f"customer.{name}", "is required for a new customer (or choose a registered customer)")
        body["customer"] = customer
    items: list[dict[str, Any]] = []
    for i in range(_item_rows(form)):
        row: dict[str, Any] = {name: text(form, f"items.{i}.{name}") for name in ITEM_FIELDS}
        if not any(row.values()):
            continue
        position = len(items)
        for name in ITEM_REQUIRED:
            if not row[name]:
                errors.add(f"items.{position}.{name}", "is required")
        row["serial_numbers"] = split_list(row["serial_numbers"])
        for name in ("origin_country", "currency"):
            row[name] = (row[name] or "").upper() or None
        items.append(row)
    if not items:
        errors.add("items.0.description", "is required: an RMA returns at least one item")
    body["items"] = items
    return body


def _schema_errors(body: dict[str, Any], errors: FormErrors, schema: Any) -> Any:
    """Load `body` with the API's schema; its messages are added for inputs that have none yet."""
    try:
        return schema.load(body)
    except ValidationError as exc:
        for path, messages in from_validation(exc).items():
            if path not in errors.by_field:
                errors.by_field[path] = [plain(m) for m in messages]
        return None


def _new_rma_page(form: MultiDict[str, str], errors: FormErrors, status: int = 200) -> tuple[str, int]:
    customers = parties.list_parties(ctx(), user(), kind="customer", request=PICK_LIST).items
    sellers = parties.list_parties(ctx(), user(), kind="seller", request=PICK_LIST).items
    repairers = parties.list_parties(ctx(), user(), kind="repairer", request=PICK_LIST).items
    return render_template(
        "rma_new.html",
        form=form,
        errors=errors,
        customers=customers,
        hubs=repairers + sellers,
        reasons=REASONS,
        scenarios=[str(s) for s in Scenario],
        conditions=CONDITIONS,
        rows=_item_rows(form),
        key=secrets.token_urlsafe(16),
    ), status


@bp.route("/rmas/new", methods=["GET", "POST"])
@page(Permission.CREATE_RMA)
def new_rma() -> Response | tuple[str, int]:
    form = request.form if request.method == "POST" else MultiDict()
    if request.method == "GET" or form.get("action") == "add_item":
        return _new_rma_page(form, FormErrors())
    errors = FormErrors()
    body = _rma_body(form, errors)
    data = _schema_errors(body, errors, RmaCreateSchema())
    if errors or data is None:
        return _new_rma_page(form, errors, 422)
    try:
        outcome = rmas.create_rma(ctx(), user(), data, idempotency_key=text(form, "idempotency_key"), request_body=body)
    except InvalidInput as exc:
        errors.update(exc.errors)
        return _new_rma_page(form, errors, 422)
    except (IdempotencyMismatch, IdempotencyInFlight) as exc:
        errors.add("_schema", str(exc))
        return _new_rma_page(form, errors, 409)
    view = outcome.body
    flash(
        f"{view['number']} was opened; eligibility: {view['eligibility']['decision'].replace('_', ' ')} "
        f"({view['eligibility']['reason']}). Plan its legs below.",
        "success",
    )
    return redirect(url_for("web.rma", rma_id=view["id"]))


# ------------------------------------------------------------------------------------------ RMA page


def _names(ids: set[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for party_id in ids:
        try:
            out[party_id] = parties.get_party(ctx(), user(), party_id)
        except NotFound:
            continue
    return out


def _route(leg: Mapping[str, Any]) -> dict[str, Any]:
    """What the route drawing shows of one leg: each side's regime, code, duty and deadline."""
    decision = leg.get("decision") or {}
    sides = []
    for side in ("export", "import"):
        d = decision.get(side)
        if d:
            sides.append(
                {
                    "side": side,
                    "jurisdiction": d.get("jurisdiction"),
                    "regime": d.get("regime"),
                    "procedure_code": d.get("procedure_code"),
                    "duty_base": d.get("duty_base"),
                    "duty": d.get("duty"),
                    "deadline": d.get("deadline"),
                }
            )
    flags = decision.get("flags") or []
    return {
        "sides": sides,
        "errors": sum(f.get("severity") == "error" for f in flags),
        "warnings": sum(f.get("severity") == "warning" for f in flags),
    }


def _transitions(status: str) -> list[str]:
    actor = user()
    if status == RmaStatus.QUOTE_PENDING:
        return []  # the customer's answer to the quote moves it on (the quote form)
    targets = sorted(TRANSITIONS[RmaStatus(status)] - DATA_STATES)
    return [str(t) for t in targets if allowed(actor.role, rmas.transition_permission(t))]


def render_rma(rma_id: str, errors: FormErrors | None = None, form: Any = None, status: int = 200) -> tuple[str, int]:
    actor = user()
    rma = rmas.get_rma(ctx(), actor, rma_id)
    leg_rows = legs.list_legs(ctx(), rma_id, PICK_LIST).items
    ids = {
        p
        for leg in leg_rows
        for p in (leg["exporter_id"], leg["importer_id"], leg["ior_id"], leg["eor_id"], leg["broker_id"])
        if p
    }
    events: list[dict[str, Any]] = []
    if allowed(actor.role, Permission.READ_AUDIT):
        events = list_events(ctx(), actor, AuditFilters(rma_id=rma_id), PICK_LIST).items
    brokers: list[dict[str, Any]] = []
    if not leg_rows and allowed(actor.role, Permission.EDIT_LEG):
        brokers = parties.list_parties(ctx(), actor, kind="broker", request=PICK_LIST).items
    may_update = allowed(actor.role, Permission.UPDATE_RMA)
    quote = rma["repair_quote"]
    if form is None and quote is not None and quote["state"] == "accepted":
        form = {
            "details.repair.cost.amount": quote["amount"]["amount"],
            "details.repair.cost.currency": quote["amount"]["currency"],
            "details.repair.charged": "on",
        }
    latest = rma["inspections"][-1] if rma["inspections"] else None
    mismatch_open = latest is not None and not latest["serial_match"] and latest["resolution"] is None
    return render_template(
        "rma.html",
        rma=rma,
        legs=leg_rows,
        routes={leg["id"]: _route(leg) for leg in leg_rows},
        names=_names(ids),
        events=events,
        brokers=brokers,
        transports=[str(t) for t in Transport],
        transitions=_transitions(rma["status"]),
        errors=errors or FormErrors(),
        form=form or {},
        key=secrets.token_urlsafe(16),
        today=ctx().now().date(),
        expected_serials=[s for it in rma["items"] for s in it["serial_numbers"]],
        inspection_form=may_update and rma["status"] == RmaStatus.RECEIVED,
        disposition_form=may_update and rma["status"] == RmaStatus.INSPECTED,
        mismatch_open=mismatch_open,
        quote_form=may_update and rma["status"] == RmaStatus.QUOTE_PENDING,
        resolve_form=mismatch_open and allowed(actor.role, Permission.RESOLVE_INSPECTION),
        conditions=CONDITIONS,
        packaging=rmas.PACKAGING,
        warranty_statuses=rmas.WARRANTY_STATUSES,
        dispositions=[str(d) for d in Disposition],
        photos=intake.photos_of(ctx(), rma_id),
        has_label=labels.has_label(ctx(), rma_id),
    ), status


@bp.post("/legs/<leg_id>/tracking")
@visible(Permission.READ_RMA, Permission.EDIT_LEG)
def leg_tracking(leg_id: str) -> Response | tuple[str, int]:
    """Record a leg's tracking number from the RMA page (the carrier is recognised from it)."""
    leg = legs.get_leg(ctx(), leg_id)
    number = text(request.form, "tracking_number") or ""
    back = url_for("web.rma", rma_id=leg["rma_id"], _anchor=f"leg-{leg['position']}")
    try:
        return act(
            lambda: tracking.set_tracking(ctx(), user(), leg_id, number),
            back,
            lambda done: f"Leg {leg['position']}: {done['carrier'].upper()} tracking number {done['tracking_number']}.",
        )
    except InvalidInput as exc:
        errors = FormErrors()
        errors.update(exc.errors)
        return render_rma(leg["rma_id"], errors, {**request.form}, 422)


@bp.post("/rmas/<rma_id>/return-label")
@visible(Permission.READ_RMA, Permission.UPDATE_RMA)
def issue_return_label(rma_id: str) -> Response:
    """Our own return label of the RMA's inbound leg (a carrier's label is bought through the API, with a parcel)."""
    return act(
        lambda: labels.issue_return_label(ctx(), user(), rma_id),
        url_for("web.rma", rma_id=rma_id, _anchor="legs"),
        "The return label is issued: download it, or send it to the customer.",
    )


@bp.get("/rmas/<rma_id>/return-label")
@visible(Permission.READ_RMA)
def rma_return_label(rma_id: str) -> Response:
    filename, pdf = labels.get_return_label(ctx(), user(), rma_id)
    return Response(
        pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.get("/rmas/<rma_id>/photos/<photo_id>")
@visible(Permission.READ_RMA)
def rma_photo(rma_id: str, photo_id: str) -> Response:
    """A customer's photo of the RMA (re-encoded JPEG; served only to the desk)."""
    rmas.get_rma(ctx(), user(), rma_id)  # the RMA is visible to this person, or 404
    content = intake.photo_content(ctx(), rma_id, photo_id, store_from_settings(current_app.config))
    return Response(content, mimetype="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})


@bp.get("/rmas/<rma_id>")
@visible(Permission.READ_RMA)
def rma(rma_id: str) -> tuple[str, int]:
    return render_rma(rma_id)


#: where a problem of the details shows on the plan form (its cost is typed as an amount and a currency)
FORM_FIELD = {"details.repair.cost": "details.repair.cost.amount"}


def _plan_body(form: MultiDict[str, str], errors: FormErrors, scenario: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ship_date": text(form, "ship_date"),
        "transport": text(form, "transport"),
        "broker_id": text(form, "broker_id"),
    }
    required(errors, body, ["ship_date", "transport"])
    second = text(form, "ship_dates.2")
    body["ship_dates"] = {"2": second} if second else {}
    details: dict[str, Any] = {}
    if scenario == Scenario.REPAIR:
        amount, currency = text(form, "details.repair.cost.amount"), text(form, "details.repair.cost.currency")
        cost = {"amount": amount, "currency": (currency or "").upper()} if amount else None
        details["repair"] = {"cost": cost, "charged": checked(form, "details.repair.charged")}
        for path, messages in (
            LegDetails.from_json(details).problems(Movement.RETURN_AFTER_REPAIR, prefix="details.").items()
        ):
            for message in messages:  # asked now, so that they show with the form's other problems
                errors.add(FORM_FIELD.get(path, path), message)
    if scenario in (Scenario.WARRANTY_REPLACEMENT, Scenario.ADVANCE_REPLACEMENT):
        details["warranty"] = {"covered": checked(form, "details.warranty.covered")}
    body["details"] = details
    return body


@bp.post("/rmas/<rma_id>/plan")
@visible(Permission.READ_RMA, Permission.EDIT_LEG)
def plan(rma_id: str) -> Response | tuple[str, int]:
    rma_view = rmas.get_rma(ctx(), user(), rma_id)
    errors = FormErrors()
    body = _plan_body(request.form, errors, rma_view["scenario"])
    data = _schema_errors(body, errors, PlanLegsSchema())
    if errors or data is None:
        return render_rma(rma_id, errors, request.form, 422)
    idem = legs.IdempotentRequest(text(request.form, "idempotency_key"), request.path, body)
    try:
        return act(
            lambda: legs.plan_legs(ctx(), user(), rma_id, legs.PlanRequest(**data), idem),
            url_for("web.rma", rma_id=rma_id, _anchor="legs"),
            "The legs were planned and classified. Request the paperwork of each leg that needs it.",
        )
    except InvalidInput as exc:
        errors.update(exc.errors)
        return render_rma(rma_id, errors, request.form, 422)


@bp.post("/route/<leg_id>/request-paperwork")
@visible(Permission.READ_RMA, Permission.REQUEST_PAPERWORK)
def paperwork(leg_id: str) -> Response:
    leg = legs.get_leg(ctx(), leg_id)
    return act(
        lambda: request_paperwork(ctx(), user(), leg_id),
        url_for("web.rma", rma_id=leg["rma_id"], _anchor=f"leg-{leg['position']}"),
        lambda outcome: (
            "Paperwork requested: the declarations are drafted and waiting in the review queue."
            if outcome[0]
            else "Nothing new to draft: each side that needs a declaration already has a current version."
        ),
    )


@bp.post("/rmas/<rma_id>/status")
@visible(Permission.READ_RMA)
def transition(rma_id: str) -> Response:
    target = request.form.get("to", "")
    if target not in {str(s) for s in RmaStatus} or not allowed(user().role, rmas.transition_permission(target)):
        abort(403, description="Your role may not move this RMA to that status.")
    version = expected_version()
    return act(
        lambda: rmas.transition_rma(ctx(), user(), rma_id, target, version, text(request.form, "status_comment")),
        url_for("web.rma", rma_id=rma_id),
        f"The RMA is now {target.replace('_', ' ')}.",
    )


# ---------------------------------------------------------------------------------- inspection, disposition


def _inspection_body(form: MultiDict[str, str], errors: FormErrors) -> dict[str, Any]:
    """The API's inspection body from the form: serials one per line or comma separated."""
    body: dict[str, Any] = {name: text(form, name) for name in ("condition", "packaging", "warranty_status", "notes")}
    body["serials_seen"] = split_list(text(form, "serials_seen"))
    required(errors, body, ["condition", "packaging", "warranty_status"])
    return body


def _serial_errors(errors: FormErrors) -> None:
    """The schema names a serial by its position (`serials_seen.2`); the page has one input for them all."""
    for path in [p for p in errors.by_field if p.startswith("serials_seen.")]:
        position = path.split(".", 1)[1]
        for message in errors.by_field.pop(path):
            errors.add("serials_seen", f"serial {int(position) + 1 if position.isdigit() else position}: {message}")


def _inspected(view: dict[str, Any]) -> str:
    """The flash after an inspection; a serial mismatch is flashed again, as an error, by the caller."""
    latest = view["inspections"][-1]
    serials = "the serial numbers match the RMA" if latest["serial_match"] else "the serial numbers DO NOT match"
    return f"The inspection was recorded ({serials}); the RMA is now inspected. Set its disposition next."


@bp.post("/rmas/<rma_id>/inspection")
@visible(Permission.READ_RMA, Permission.UPDATE_RMA)
def inspection(rma_id: str) -> Response | tuple[str, int]:
    version = expected_version()
    errors = FormErrors()
    body = _inspection_body(request.form, errors)
    data = _schema_errors(body, errors, InspectionSchema())
    _serial_errors(errors)
    if errors or data is None:
        return render_rma(rma_id, errors, request.form, 422)
    outcome: dict[str, Any] = {}

    def change() -> dict[str, Any]:
        outcome.update(rmas.inspect_rma(ctx(), user(), rma_id, data, version))
        return outcome

    try:
        response = act(change, url_for("web.rma", rma_id=rma_id, _anchor="inspection"), _inspected)
    except InvalidInput as exc:
        errors.update(exc.errors)
        return render_rma(rma_id, errors, request.form, 422)
    for flag in outcome["inspections"][-1]["flags"] if outcome else []:
        flash(f"{flag['code']}: {flag['message']}.", "error")
    return response


@bp.post("/rmas/<rma_id>/inspection/resolve")
@visible(Permission.READ_RMA, Permission.RESOLVE_INSPECTION)
def resolve_inspection(rma_id: str) -> Response | tuple[str, int]:
    version = expected_version()
    errors = FormErrors()
    reason = text(request.form, "reason") or ""
    required(errors, {"reason": reason}, ["reason"])
    if errors:
        return render_rma(rma_id, errors, request.form, 422)
    try:
        return act(
            lambda: rmas.resolve_serial_mismatch(ctx(), user(), rma_id, reason, version),
            url_for("web.rma", rma_id=rma_id, _anchor="inspection"),
            "The serial mismatch is resolved; the disposition can be set.",
        )
    except InvalidInput as exc:
        errors.update(exc.errors)
        return render_rma(rma_id, errors, request.form, 422)


@bp.post("/rmas/<rma_id>/quote")
@visible(Permission.READ_RMA, Permission.UPDATE_RMA)
def quote(rma_id: str) -> Response | tuple[str, int]:
    version = expected_version()
    errors = FormErrors()
    body = {
        "amount": text(request.form, "quote_amount"),
        "currency": (text(request.form, "quote_currency") or "").upper(),
    }
    required(errors, body, ["amount", "currency"])
    data = _schema_errors(body, errors, QuoteSchema())
    if errors or data is None:
        errors.by_field = {f"quote_{path}": messages for path, messages in errors.by_field.items()}
        return render_rma(rma_id, errors, request.form, 422)
    try:
        return act(
            lambda: rmas.quote_repair(ctx(), user(), rma_id, data["amount"], data["currency"], version),
            url_for("web.rma", rma_id=rma_id, _anchor="quote"),
            f"The repair quote of {data['amount']} {data['currency']} is offered; record the customer's answer.",
        )
    except InvalidInput as exc:
        errors.update({f"quote_{path}": messages for path, messages in exc.errors.items()})
        return render_rma(rma_id, errors, request.form, 422)


@bp.post("/rmas/<rma_id>/quote/<answer>")
@visible(Permission.READ_RMA, Permission.UPDATE_RMA)
def quote_answer(rma_id: str, answer: str) -> Response:
    if answer not in ("accept", "decline"):
        abort(404)
    version = expected_version()
    accepted = answer == "accept"
    done = (
        "The customer accepted the quote: the RMA is approved as a paid repair. Plan its legs next."
        if accepted
        else "The customer declined the quote: the RMA is cancelled."
    )
    return act(
        lambda: rmas.answer_quote(ctx(), user(), rma_id, accepted, version, text(request.form, "quote_comment")),
        url_for("web.rma", rma_id=rma_id, _anchor="quote"),
        done,
    )


@bp.post("/rmas/<rma_id>/disposition")
@visible(Permission.READ_RMA, Permission.UPDATE_RMA)
def disposition(rma_id: str) -> Response | tuple[str, int]:
    version = expected_version()
    errors = FormErrors()
    body = {"disposition": text(request.form, "disposition")}
    required(errors, body, ["disposition"])
    data = _schema_errors(body, errors, DispositionSchema())
    if errors or data is None:
        return render_rma(rma_id, errors, request.form, 422)
    chosen = str(data["disposition"])
    try:
        return act(
            lambda: rmas.set_disposition(ctx(), user(), rma_id, chosen, version),
            url_for("web.rma", rma_id=rma_id, _anchor="inspection"),
            f"The disposition is {chosen.replace('_', ' ')}; the RMA is now dispositioned. "
            "Close it with “Change status” when the goods are dealt with.",
        )
    except InvalidInput as exc:
        errors.update(exc.errors)
        return render_rma(rma_id, errors, request.form, 422)
