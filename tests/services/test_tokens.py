"""API tokens as an administrator manages them (services.tokens): shown once, bound to a broker where needed,
listed without the token itself, revoked at once; every change audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tradedesk.auth.permissions import Role
from tradedesk.auth.tokens import actor_for
from tradedesk.db.models import AuditEvent
from tradedesk.services.errors import InvalidInput, NotFound
from tradedesk.services.tokens import create_token, list_tokens, revoke_token


def actions(context):
    return context.run(
        lambda s: [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))], write=False
    )


def test_a_new_token_signs_in_as_its_role(context):
    created = create_token(context, Role.COMPLIANCE_OFFICER, "Olivia")
    actor = context.run(lambda s: actor_for(s, created.plain), write=False)
    assert (actor.name, actor.role) == ("Olivia", "compliance_officer")
    assert actions(context)[-1] == "token:create"


def test_a_broker_token_is_bound_to_its_broker_party(context, broker_party):
    created = create_token(context, Role.BROKER, "Bram", broker="Customs Brokers Ltd")
    assert context.run(lambda s: actor_for(s, created.plain), write=False).party_id == broker_party


@pytest.mark.parametrize(
    ("role", "name", "broker", "field"),
    [
        (Role.BROKER, "Bram", None, "party"),
        (Role.COMPLIANCE_OFFICER, "Olivia", "Customs Brokers Ltd", "party"),
        (Role.BROKER, "Bram", "Nobody & Co", "party"),
        (Role.ADMIN, " ", None, "name"),
    ],
)
def test_a_token_that_cannot_be_made_is_refused_naming_the_field(context, role, name, broker, field):
    with pytest.raises(InvalidInput) as refused:
        create_token(context, role, name, broker=broker)
    assert list(refused.value.errors) == [field]
    assert "token:create" not in actions(context)


def test_the_list_shows_no_token_and_hides_revoked_ones_unless_asked(context):
    kept = create_token(context, Role.ADMIN, "kept")
    gone = create_token(context, Role.ADMIN, "gone")
    assert revoke_token(context, gone.id) is True
    assert [t.id for t in list_tokens(context)] == [kept.id]
    assert {t.id for t in list_tokens(context, include_revoked=True)} >= {kept.id, gone.id}
    assert context.run(lambda s: actor_for(s, gone.plain), write=False) is None


def test_revoking_twice_says_so_and_an_unknown_token_is_not_found(context):
    token = create_token(context, Role.ADMIN, "once")
    assert revoke_token(context, token.id) is True
    assert revoke_token(context, token.id) is False
    with pytest.raises(NotFound):
        revoke_token(context, "no-such-token")
