"""What each kind of job does. A handler gets the job's plain arguments and the actor it runs for, does
its work through the services (each in its own unit of work) and returns a JSON-able result for the row.

Raise `Permanent` (or a use-case error such as NotFound) when trying again cannot help; any other
exception is taken as passing trouble and the job is retried.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tradedesk.auth.actor import Actor
from tradedesk.services.context import Context

#: progress(done_steps, step_under_way)
Progress = Callable[[int, str], None]
Handler = Callable[[Context, Actor, dict[str, Any], Progress], dict[str, Any]]

PACK = "documents.pack"
RESCREEN = "screening.rescreen"
IMPORT_RMAS = "bulk.import_rmas"


class Permanent(Exception):
    """A failure that another attempt would repeat (the object is gone, the input cannot work)."""


def render_pack(ctx: Context, actor: Actor, args: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Render (and, for a final version, store) a declaration version's XML and PDF pack.

    The result lists the files (no bytes): a final version's stored files are read from the documents
    service anyway; a draft's list is shown from here, its files rendered again on download.
    """
    from tradedesk.services.documents import render_documents

    files = render_documents(ctx, actor, str(args["declaration_id"]))
    return {
        "declaration_id": args["declaration_id"],
        "content_hash": args.get("content_hash"),
        "files": [f.as_dict() for f in files],
    }


def rescreen(ctx: Context, actor: Actor, args: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Screen every party again against the current list versions (after an import); progress in percent."""
    from tradedesk.services.screening import rescreen_all

    screened = rescreen_all(
        ctx,
        str(args.get("trigger") or "list-import"),
        lambda done, total: progress(done * 100 // max(total, 1), f"screened {done:,} of {total:,} parties"),
    )
    return {"screened": screened}


def import_rmas(ctx: Context, actor: Actor, args: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Open the RMAs of an import file, row by row (services.bulk); each row read with the API's own schema."""
    from tradedesk.api.schemas.rma import RmaCreateSchema
    from tradedesk.services.bulk import run_import

    def parse(body: dict[str, Any]) -> Any:
        return RmaCreateSchema().load(body)

    return run_import(ctx, actor, str(args["import_id"]), parse, progress)


HANDLERS: Mapping[str, Handler] = {PACK: render_pack, RESCREEN: rescreen, IMPORT_RMAS: import_rmas}

#: background events (Context.after_commit): no owner, no progress page; retried with back-off like a job
Event = Callable[[Context, dict[str, Any]], None]


def screen_new_parties(ctx: Context, args: dict[str, Any]) -> None:
    from tradedesk.services.screening import screen_parties

    screen_parties(ctx, [str(i) for i in args["party_ids"]], str(args.get("trigger") or "party-created"))


def fan_out_events(ctx: Context, args: dict[str, Any]) -> None:
    """An event reaches the webhook subscriptions that want it and the people it matters to (email)."""
    from tradedesk.services.notifications import plan_messages
    from tradedesk.services.webhooks import fan_out

    fan_out(ctx, list(args["events"]))
    plan_messages(ctx, list(args["events"]))


EVENTS: Mapping[str, Event] = {"screening.parties": screen_new_parties, "events.emit": fan_out_events}


#: messages to the outside, one task per attempt on the webhook retry schedule: kind -> (the argument naming the
#: message, send(ctx, message id, last attempt))
Sender = Callable[[Context, str, bool], None]


def deliver_webhook(ctx: Context, delivery_id: str, last: bool) -> None:
    from tradedesk.services.webhooks import deliver

    deliver(ctx, delivery_id, last)


def send_email(ctx: Context, notification_id: str, last: bool) -> None:
    from tradedesk.services.notifications import send

    send(ctx, notification_id, last)


SENDERS: Mapping[str, tuple[str, Sender]] = {
    "webhooks.deliver": ("delivery_id", deliver_webhook),
    "notifications.send": ("notification_id", send_email),
}
