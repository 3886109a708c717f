"""Signing in with a token, the session cookie, signing out, and CSRF on every form."""

from __future__ import annotations

import pytest

from tests.web.helpers import Web, page_text


def test_the_sign_in_page_labels_its_token_input(anonymous):
    body = anonymous.get("/login").get_data(as_text=True)
    assert '<label for="f-token">API token' in body and 'id="f-token"' in body
    assert 'name="csrf_token"' in body


@pytest.mark.parametrize(
    ("role", "start"),
    [("compliance_officer", "/queue"), ("logistics_coordinator", "/rmas"), ("broker", "/inbox"), ("admin", "/queue")],
)
def test_signing_in_leads_to_the_roles_start_page(anonymous, tokens, role, start):
    response = anonymous.sign_in(tokens[role])
    assert (response.status_code, response.headers["Location"]) == (302, start)


def test_the_session_cookie_is_http_only_and_same_site_lax(anonymous, tokens):
    cookie = anonymous.sign_in(tokens["compliance_officer"]).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_cookie_carries_a_session_id_the_server_keeps_only_hashed(anonymous, tokens, context):
    from sqlalchemy import select

    from tests import factories as f
    from tradedesk.db.models import WebSession

    anonymous.sign_in(tokens["broker"])
    with anonymous.client.session_transaction() as session:
        session_id = session["sid"]
        assert tokens["broker"] not in repr(dict(session))
    rows = context.run(lambda s: list(s.scalars(select(WebSession))), write=False)
    assert [row.token_id for row in rows] == [f.actor_id(context, tokens["broker"])]
    assert session_id not in rows[0].id_hash


def test_an_unknown_token_is_refused_naming_the_field(anonymous):
    response = anonymous.sign_in("td_not-a-token")
    assert response.status_code == 401
    assert "API token: is unknown or revoked" in page_text(response)


def test_pages_send_a_signed_out_person_to_sign_in(anonymous):
    response = anonymous.get("/queue?status=approved")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/queue")


def test_after_signing_in_the_page_asked_for_is_shown(anonymous, tokens):
    response = anonymous.client.post(
        "/login", data={"csrf_token": anonymous.csrf(), "token": tokens["broker"], "next": "/inbox?status=filed"}
    )
    assert response.headers["Location"] == "/inbox?status=filed"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_sign_in_never_redirects_off_site(anonymous, tokens, target):
    response = anonymous.client.post(
        "/login", data={"csrf_token": anonymous.csrf(), "token": tokens["broker"], "next": target}
    )
    assert response.headers["Location"] == "/inbox"


def test_signing_out_ends_the_session(web):
    officer = web("compliance_officer")
    assert officer.submit("/logout", {}, page="/queue").status_code == 302
    assert officer.get("/queue").status_code == 302


def test_a_cookie_copied_before_signing_out_no_longer_opens_pages(web, app):
    officer = web("compliance_officer")
    with officer.client.session_transaction() as session:
        copied = dict(session)
    officer.submit("/logout", {}, page="/queue")
    thief = Web(app.test_client())
    with thief.client.session_transaction() as session:
        session.update(copied)
    response = thief.get("/queue")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_session_past_its_lifetime_is_ended(web, context):
    from sqlalchemy import update

    from tradedesk.db.models import WebSession

    officer = web("compliance_officer")
    context.run(lambda s: s.execute(update(WebSession).values(expires_at=context.now())))
    assert officer.get("/queue").headers["Location"].startswith("/login")


def test_a_revoked_token_ends_its_sessions_at_once(web, context, tokens):
    from sqlalchemy import update

    from tradedesk.auth.tokens import hash_token
    from tradedesk.db.models import ApiToken

    officer = web("compliance_officer")
    context.run(
        lambda s: s.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == hash_token(tokens["compliance_officer"]))
            .values(revoked_at=context.now())
        )
    )
    assert officer.get("/queue").headers["Location"].startswith("/login")


def test_a_form_without_the_csrf_token_is_refused(web):
    officer = web("compliance_officer")
    response = officer.client.post("/logout", data={})
    assert response.status_code == 403
    assert "This form was not accepted" in page_text(response)
    assert officer.get("/queue").status_code == 200  # still signed in: nothing was done


def test_a_form_with_another_sessions_csrf_token_is_refused(web, app, tokens):
    officer, other = web("compliance_officer"), Web(app.test_client())
    foreign = other.csrf()
    assert officer.client.post("/logout", data={"csrf_token": foreign}).status_code == 403


def test_the_sign_in_form_itself_needs_the_csrf_token(anonymous, tokens):
    assert anonymous.client.post("/login", data={"token": tokens["broker"]}).status_code == 403


def test_pages_carry_security_headers(web):
    response = web("compliance_officer").get("/queue")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
