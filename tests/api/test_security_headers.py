"""Security headers on every response: pages, the JSON API, the API reference page, health and static files."""

from __future__ import annotations

import pytest

from tradedesk.security_headers import DATA_CSP, HSTS, PAGE_CSP


@pytest.mark.parametrize("path", ["/api/v1/rmas", "/healthz", "/api/openapi.json"])
def test_data_responses_may_load_or_run_nothing(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == DATA_CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("path", ["/api/docs", "/login"])
def test_pages_get_a_same_origin_policy_without_inline_code(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == PAGE_CSP
    assert "unsafe-inline" not in PAGE_CSP
    assert "<style>" not in response.get_data(as_text=True)


def test_the_api_reference_page_styles_come_from_a_file(client):
    body = client.get("/api/docs").get_data(as_text=True)
    assert 'href="/api/assets/api_docs.css"' in body
    with client.get("/api/assets/api_docs.css") as css:
        assert css.status_code == 200 and css.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_when_cookies_are_secure(app):
    app.config["SESSION_COOKIE_SECURE"] = True
    assert app.test_client().get("/healthz").headers["Strict-Transport-Security"] == HSTS


def test_no_hsts_over_plain_http_in_development(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
