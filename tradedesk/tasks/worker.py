"""`tradedesk worker`: a huey consumer that runs the jobs of the queue the settings name.

Run as many as you like, on any machine that reaches the database and the queue (with the SQLite queue:
on the machine whose instance directory holds it). SIGINT stops it gracefully (the jobs under way finish),
SIGTERM at once (an interrupted job's attempt is recorded when it is retried).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from tradedesk.services.context import Context
from tradedesk.tasks.queue import TaskQueue, build_queue


def context_from_settings(settings: Mapping[str, Any]) -> Context:
    """The services' Context of a worker process: the same database, profiles and audit key as the web."""
    from tradedesk.config import audit_key, screening_thresholds, smtp_settings
    from tradedesk.data.loader import load_profiles
    from tradedesk.db.engine import make_engine

    return Context(
        engine=make_engine(settings["DATABASE_URL"]),
        profiles=load_profiles(settings["TRADEDESK_PROFILES_DIR"]),
        audit_key=audit_key(dict(settings)),
        screening_thresholds=screening_thresholds(dict(settings)),
        allow_private_webhooks=bool(settings.get("TRADEDESK_WEBHOOKS_ALLOW_PRIVATE")),
        smtp=smtp_settings(settings),
    )


def worker_queue(settings: Mapping[str, Any]) -> TaskQueue:
    """The queue with a Context built once, at start-up (a broken profile or database URL fails here)."""
    context = context_from_settings(settings)
    queue = build_queue({**settings, "TRADEDESK_QUEUE_IMMEDIATE": False}, lambda: context)
    context.dispatch = queue.dispatch  # a task's own events (a rescreen that reclassifies) go to the same queue
    return queue


def run(settings: Mapping[str, Any], workers: int | None = None) -> None:
    """Consume until stopped by a signal."""
    threads = workers or int(settings.get("TRADEDESK_QUEUE_WORKERS", 2))
    worker_queue(settings).consumer(max(threads, 1)).run()


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m tradedesk.tasks.worker [--workers N]` (what `tradedesk serve` starts beside gunicorn)."""
    from tradedesk.config import from_env

    parser = argparse.ArgumentParser(prog="tradedesk worker", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--workers", type=int, default=None, help="threads (default TRADEDESK_QUEUE_WORKERS, 2)")
    options = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="[%(asctime)s] [worker %(process)d] %(levelname)s %(name)s: %(message)s"
    )
    run(from_env(), options.workers)


if __name__ == "__main__":  # pragma: no cover
    main()
