"""schemathesis over the whole OpenAPI document, every phase (examples, coverage, fuzzing, stateful), for every
role: no answer is a server error and every documented answer matches its documented schema.

The Python API runs schemathesis' engine (what `schemathesis run` does) against the WSGI app, on a desk of its
own (tests/api/authz_world.py). One run per role with the path parameters pinned to real objects (so that
requests reach the objects' state checks), and one without a token and with made-up ids. Stateful chains
follow the document's links (POST /rmas -> plan -> paperwork -> GET declaration -> approve -> file ...).
Bounded (a few examples per operation, derandomized) so that the module finishes in about two minutes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from schemathesis.config import CacheConfig, SchemathesisConfig
from schemathesis.engine import events, from_schema

from tests.api.authz_world import ROLES, World, build_world
from tradedesk import create_app

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 5
PHASES = ["examples", "coverage", "fuzzing", "stateful"]
CHECKS = ["not_a_server_error", "response_schema_conformance"]


@dataclass
class Outcome:
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cases: int = 0
    stateful_transitions: int = 0


@pytest.fixture(scope="module")
def desk(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, World]]:
    folder = tmp_path_factory.mktemp("phases")
    shutil.copy(sqlite_template, folder / "tradedesk.sqlite")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{folder / 'tradedesk.sqlite'}",
            "TRADEDESK_AUDIT_KEY": "e5" * 32,
            "TRADEDESK_INSTANCE_DIR": str(folder / "instance"),
            "SECRET_KEY": "phases",
        }
    )
    context = app.extensions["tradedesk.context"]
    yield app, build_world(context)
    context.engine.dispose()


def _describe(recorder: Any, case_id: str, check: Any) -> str:
    case = recorder.cases[case_id].value
    response = recorder.find_response(case_id=case_id)
    failure = check.failure_info.failure if check.failure_info else None
    return (
        f"{check.name}: {case.method} {case.formatted_path} query={case.query} body={str(case.body)[:300]} -> "
        f"{response.status_code if response else None} {getattr(failure, 'title', '')}: "
        f"{getattr(failure, 'message', '')[:500]}"
    )


def run(app: Flask, headers: dict[str, str], pinned: dict[str, str]) -> Outcome:
    """Every phase of schemathesis against `app`, with only the two checks this module is about."""
    config = SchemathesisConfig(cache=CacheConfig(enabled=False))  # each run on its own: no .schemathesis/ cache
    config.update(seed=20261207, max_failures=None)
    project = config.projects.override
    project.update(
        headers=headers,
        parameters={f"path.{k}": v for k, v in pinned.items()} or None,
        continue_on_failure=True,
        workers=1,
    )
    project.phases.update(phases=PHASES)
    project.checks.update(included_check_names=CHECKS)
    project.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, database="none")
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=config)
    outcome = Outcome()
    for event in from_schema(schema).execute():
        if isinstance(event, (events.ScenarioFinished, events.FuzzScenarioFinished)):
            recorder = event.recorder
            outcome.cases += len(recorder.cases)
            outcome.failures += [
                _describe(recorder, case_id, check)
                for case_id, checks in recorder.checks.items()
                for check in checks
                if check.status.name == "FAILURE"
            ]
        elif isinstance(event, events.PhaseStarted) and isinstance(event.payload, events.StatefulPhasePayload):
            outcome.stateful_transitions = event.payload.transitions_selected
        elif isinstance(event, events.NonFatalError):
            outcome.errors.append(f"{event.label}: {event.value!r}"[:500])
        elif isinstance(event, events.FatalError):
            outcome.errors.append(repr(event.exception)[:500])
    return outcome


@pytest.mark.parametrize("role", ROLES)
def test_every_phase_finds_no_server_error_and_no_schema_violation_for_a_role(desk, role):
    app, world = desk
    outcome = run(app, {"Authorization": f"Bearer {world.tokens[role]}"}, world.ids)
    assert outcome.errors == []
    assert outcome.failures == []
    assert outcome.cases > 0
    assert outcome.stateful_transitions > 0, "the document lost its links: the stateful phase has nothing to follow"


def test_every_phase_finds_no_server_error_without_a_token_and_with_made_up_ids(desk):
    app, _ = desk
    outcome = run(app, {}, {})
    assert outcome.errors == []
    assert outcome.failures == []
