"""Fuzzing the API from its OpenAPI document (schemathesis): no operation answers 5xx, for any role.

For each operation schemathesis generates requests from the documented path, query, header and body
schemas, valid and invalid ones, sometimes aimed at real objects (an RMA, its leg, a filed declaration) and
sometimes at made-up ids. Each request is sent with every role's token and once with the Authorization
header schemathesis made up itself. Bounded (a few examples per operation, no deadline, derandomized) so
that it runs in `make test`; a failure names the role and the request to replay.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.api.authz_world import World, build_world
from tradedesk import create_app

AUDIT_KEY = "d4" * 32
MAX_EXAMPLES = 12
#: operations that read a JSON body but document none (schemathesis then sends none): none today
UNDOCUMENTED_BODIES: frozenset[str] = frozenset()
#: operations that take no body by design
NO_BODY = frozenset(
    {
        "POST /api/v1/legs/{leg_id}/reclassify",
        "POST /api/v1/legs/{leg_id}/paperwork",
        "POST /api/v1/webhooks/{subscription_id}/deliveries/{delivery_id}/replay",
    }
)


def _app(database_url: str, instance: Path) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "TRADEDESK_AUDIT_KEY": AUDIT_KEY,
            "TRADEDESK_INSTANCE_DIR": str(instance),
            "SECRET_KEY": "fuzz",
        }
    )


def _operations() -> list[str]:
    """The OpenAPI document's operations, read at collection from an app on an in-memory database."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", _app("sqlite://", Path("/nonexistent")))
    return sorted(result.ok().label for result in schema.get_all_operations())


OPERATIONS = _operations()


@dataclass(frozen=True)
class Target:
    app: Flask
    schema: Any
    world: World


@pytest.fixture(scope="module")
def target(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    """The app on a database of its own with a small desk in it, and the schema schemathesis reads from it."""
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copy(sqlite_template, folder / "tradedesk.sqlite")
    app = _app(f"sqlite:///{folder / 'tradedesk.sqlite'}", folder / "instance")
    context = app.extensions["tradedesk.context"]
    yield Target(app, schemathesis.openapi.from_wsgi("/api/openapi.json", app), build_world(context))
    context.engine.dispose()


def test_every_operation_that_takes_a_body_documents_it(target):
    operations = [r.ok() for r in target.schema.get_all_operations()]
    without = {op.label for op in operations if op.method.upper() in ("POST", "PUT", "PATCH") and not op.body}
    assert without == NO_BODY | UNDOCUMENTED_BODIES


def _strategy(operation: Any, ids: dict[str, str]) -> Any:
    real = {p.name: ids[p.name] for p in operation.path_parameters if p.name in ids}
    return st.one_of(
        operation.as_strategy(path_parameters=real),
        operation.as_strategy(),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )


@pytest.mark.slow
@pytest.mark.parametrize("label", OPERATIONS)
def test_no_operation_answers_a_server_error(target, label):
    operation = target.schema.find_operation_by_label(label)
    credentials = {role: {"Authorization": f"Bearer {token}"} for role, token in target.world.tokens.items()}
    credentials["generated"] = {}

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation, target.world.ids))
    def fuzz(case: Any) -> None:
        for role, credential in credentials.items():
            response = case.call(headers=credential)
            headers = {**(case.headers or {}), **credential}
            assert response.status_code < 500, (
                f"{role}: {case.method} {case.formatted_path} query={case.query} headers={headers} "
                f"body={case.body!r} -> {response.status_code}: {response.text[:500]}"
            )

    fuzz()


def test_an_empty_if_match_is_a_client_error_not_a_crash(target):
    """Found by this fuzzing: `If-Match: ""` once crashed the If-Match parsing (500); it is a stale tag: 412."""
    client = target.app.test_client()
    response = client.post(
        f"/api/v1/rmas/{target.world.ids['rma_id']}/disposition",
        json={"disposition": "refund"},
        headers={"Authorization": f"Bearer {target.world.tokens['logistics_coordinator']}", "If-Match": '""'},
    )
    assert response.status_code == 412
