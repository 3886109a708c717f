from __future__ import annotations

import pytest

from tradedesk import create_app


@pytest.fixture(scope="session")
def app():
    return create_app({"TESTING": True, "TRADEDESK_MAX_LEGS_PER_REQUEST": 50})


@pytest.fixture
def client(app):
    return app.test_client()
