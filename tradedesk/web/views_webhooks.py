"""The administrator's webhook pages: subscriptions (the secret shown once, when one is made), each one's deliveries
with every attempt, and replay. The same service calls as /api/v1/webhooks."""

from __future__ import annotations

from flask import render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from tradedesk.api.http import ctx
from tradedesk.auth.permissions import Permission
from tradedesk.services import webhooks
from tradedesk.services.errors import InvalidInput
from tradedesk.services.events import EVENT_TYPES
from tradedesk.web.actions import act
from tradedesk.web.blueprint import bp
from tradedesk.web.forms import FormErrors, text
from tradedesk.web.pages import page_request
from tradedesk.web.session import page, user


def _render(
    errors: FormErrors, form: object, status: int = 200, created: dict[str, object] | None = None
) -> tuple[str, int]:
    subscriptions = webhooks.list_subscriptions(ctx(), page_request())
    return render_template(
        "webhooks.html",
        subscriptions=subscriptions,
        events=EVENT_TYPES,
        chosen=form.getlist("events") if isinstance(form, MultiDict) else [],
        errors=errors,
        form=form,
        created=created,
    ), status


@bp.route("/webhooks", methods=["GET", "POST"], endpoint="webhooks")
@page(Permission.MANAGE_WEBHOOKS)
def webhook_list() -> tuple[str, int]:
    errors = FormErrors()
    if request.method == "GET":
        return _render(errors, {})
    chosen = [e for e in request.form.getlist("events") if e in EVENT_TYPES]
    try:
        created = webhooks.create_subscription(
            ctx(), user(), text(request.form, "url") or "", chosen, text(request.form, "description")
        )
    except InvalidInput as exc:
        errors.update(exc.errors)
        return _render(errors, request.form, 422)
    return _render(errors, {}, 201, created)


@bp.get("/webhooks/<subscription_id>", endpoint="webhook")
@page(Permission.MANAGE_WEBHOOKS)
def webhook(subscription_id: str) -> str:
    return render_template(
        "webhook.html",
        subscription=webhooks.get_subscription(ctx(), subscription_id),
        deliveries=webhooks.list_deliveries(ctx(), subscription_id, page_request()),
    )


@bp.post("/webhooks/<subscription_id>/deliveries/<delivery_id>/replay", endpoint="webhook_replay")
@page(Permission.MANAGE_WEBHOOKS)
def webhook_replay(subscription_id: str, delivery_id: str) -> Response:
    return act(
        lambda: webhooks.replay(ctx(), user(), subscription_id, delivery_id),
        url_for("web.webhook", subscription_id=subscription_id),
        "The delivery is sent again (with the same webhook-id).",
    )


@bp.post("/webhooks/<subscription_id>/disable", endpoint="webhook_disable")
@page(Permission.MANAGE_WEBHOOKS)
def webhook_disable(subscription_id: str) -> Response:
    return act(
        lambda: webhooks.disable_subscription(ctx(), user(), subscription_id),
        url_for("web.webhook", subscription_id=subscription_id),
        "The subscription is disabled: nothing more is sent to it.",
    )
