"""Fixtures of the page tests: a signed-in browser-like client per role and a desk with an RMA in flight.

Pages are not database-specific (the API and service tests run on both backends), so these run on SQLite
only, to stay fast.
"""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.web.helpers import Web


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
def desk(context, broker_party):
    f.freeze(context)
    return f.cast(context, broker_party)


@pytest.fixture
def web(app, tokens):
    """web("compliance_officer") -> a client signed in with that role's token."""

    def signed_in(role: str) -> Web:
        client = Web(app.test_client())
        client.sign_in(tokens[role])
        return client

    return signed_in


@pytest.fixture
def anonymous(app):
    return Web(app.test_client())
