"""The parties register: customers, sellers, repairers, IOR/EOR providers and customs brokers.

Identifiers are validated and normalised on the way in (domain.identifiers), so that the regime engine
and the declarations can rely on them. Importers/Exporters of Record are chosen from this register by
`find_record_provider` when a leg's decision needs one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tradedesk.auth.actor import Actor
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.db.models import Party
from tradedesk.domain.identifiers import IdentifierErrors, normalise_identifiers
from tradedesk.services import audit_chain
from tradedesk.services.context import Context, after_commit
from tradedesk.services.errors import Conflict, InvalidInput, NotFound
from tradedesk.services.idempotency import Outcome, run_idempotent
from tradedesk.services.paging import FIRST_PAGE, Key, Page, PageRequest, after, decode_cursor, ordering, page_of


class PartyKind(StrEnum):
    CUSTOMER = "customer"
    SELLER = "seller"
    REPAIRER = "repairer"
    IOR_PROVIDER = "ior_provider"
    EOR_PROVIDER = "eor_provider"
    BROKER = "broker"


RECORD_PROVIDERS = frozenset({PartyKind.IOR_PROVIDER, PartyKind.EOR_PROVIDER})
#: customs representatives: the only parties for which a form of representation means something
REPRESENTATIVES = RECORD_PROVIDERS | {PartyKind.BROKER}
REPRESENTATIONS = ("direct", "indirect")
PARTIES_PATH = "/api/v1/parties"
#: the background event that screens new parties against the restricted-party lists (tasks.kinds)
SCREEN_PARTIES = "screening.parties"


@dataclass(frozen=True, slots=True)
class PartyData:
    kind: str
    name: str
    country: str
    established_in: tuple[str, ...] = ()
    identifiers: Mapping[str, str] = field(default_factory=dict)
    serves_countries: tuple[str, ...] = ()
    representation: str | None = None
    email: str | None = None
    subdivision: str | None = None


def party_view(party: Party) -> dict[str, Any]:
    return {
        "id": party.id,
        "kind": party.kind,
        "name": party.name,
        "country": party.country,
        "established_in": list(party.established_in),
        "identifiers": dict(party.identifiers),
        "serves_countries": list(party.serves_countries),
        "representation": party.representation,
        "email": party.email,
        "subdivision": party.subdivision,
        "created_at": party.created_at.isoformat(),
    }


def _check(data: PartyData, prefix: str) -> dict[str, str]:
    """Rules across fields; returns the normalised identifiers. Field paths are prefixed (customer.identifiers.EORI)."""
    errors: dict[str, list[str]] = {}
    if data.kind not in set(PartyKind):
        errors[f"{prefix}kind"] = [f"one of: {', '.join(PartyKind)}"]
    if data.kind in RECORD_PROVIDERS and not data.serves_countries:
        errors[f"{prefix}serves_countries"] = ["an IOR/EOR provider serves at least one country"]
    if data.serves_countries and data.kind not in {*RECORD_PROVIDERS, PartyKind.BROKER}:
        errors[f"{prefix}serves_countries"] = ["only IOR/EOR providers and customs brokers serve countries"]
    if data.representation is not None and data.kind not in REPRESENTATIVES:
        errors[f"{prefix}representation"] = ["only IOR/EOR providers and brokers act as customs representatives"]
    if data.representation is not None and data.representation not in REPRESENTATIONS:
        errors[f"{prefix}representation"] = [f"one of: {', '.join(REPRESENTATIONS)}"]
    identifiers: dict[str, str] = {}
    try:
        identifiers = normalise_identifiers(data.identifiers, data.country)
    except IdentifierErrors as exc:
        errors.update({f"{prefix}identifiers.{scheme}": [message] for scheme, message in exc.errors.items()})
    if errors:
        raise InvalidInput(errors)
    return identifiers


def add_party(session: Session, ctx: Context, actor: Actor, data: PartyData, prefix: str = "") -> Party:
    """Insert a party in the caller's transaction and audit it (party:create); `prefix` locates its fields in errors."""
    identifiers = _check(data, prefix)
    existing = session.scalar(select(Party.id).where(Party.kind == data.kind, Party.name == data.name))
    if existing is not None:
        raise InvalidInput({f"{prefix}name": [f"a {data.kind} named {data.name!r} already exists (id {existing})"]})
    party = Party(
        kind=data.kind,
        name=data.name,
        country=data.country,
        established_in=list(dict.fromkeys(data.established_in or (data.country,))),
        identifiers=identifiers,
        serves_countries=sorted(set(data.serves_countries)),
        representation=data.representation,
        email=data.email,
        subdivision=data.subdivision,
        created_at=ctx.now(),
    )
    session.add(party)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent insert of the same (kind, name)
        raise Conflict(f"a {data.kind} named {data.name!r} was created at the same time") from exc
    audit_chain.record(
        session, ctx.audit_key, actor, "party:create", "party", party.id, None, party_view(party), ctx.now()
    )
    after_commit(session, SCREEN_PARTIES, {"party_ids": [party.id], "trigger": "party-created"})
    return party


def create_party(
    ctx: Context, actor: Actor, data: PartyData, *, idempotency_key: str | None = None, request_body: Any = None
) -> Outcome:
    """Register a party; with an Idempotency-Key a retry gets the stored response instead of a duplicate."""

    def work(session: Session) -> tuple[int, Mapping[str, Any], dict[str, str]]:
        party = add_party(session, ctx, actor, data)
        return 201, party_view(party), {"Location": f"{PARTIES_PATH}/{party.id}"}

    return run_idempotent(ctx, actor, idempotency_key, "POST", PARTIES_PATH, request_body, work)


def get_party(ctx: Context, actor: Actor, party_id: str) -> dict[str, Any]:
    def work(session: Session) -> dict[str, Any]:
        party = session.get(Party, party_id) if allowed(actor.role, Permission.READ_PARTY) else None
        if party is None:
            raise NotFound(f"no party {party_id}")
        return party_view(party)

    return ctx.run(work, write=False)


PARTY_LIST = "parties"
PARTY_KEYS = (Key(Party.name, "str"), Key(Party.id, "str"))


def list_parties(
    ctx: Context,
    actor: Actor,
    *,
    kind: str | None = None,
    country: str | None = None,
    request: PageRequest = FIRST_PAGE,
) -> Page[dict[str, Any]]:
    """One page of parties by name (keyset on name, id)."""
    if not allowed(actor.role, Permission.READ_PARTY):
        return Page([], None, request.limit)
    start = decode_cursor(PARTY_LIST, request.cursor, PARTY_KEYS).values if request.cursor else None
    query = select(Party)
    if kind is not None:
        query = query.where(Party.kind == kind)
    if country is not None:
        query = query.where(Party.country == country)
    if start is not None:
        query = query.where(after(PARTY_KEYS, start))

    def work(session: Session) -> Page[dict[str, Any]]:
        rows = session.scalars(query.order_by(*ordering(PARTY_KEYS)).limit(request.limit + 1)).all()
        return page_of(PARTY_LIST, rows, request.limit, key_of=lambda p: (p.name, p.id), view=party_view)

    return ctx.run(work, write=False)


def serves(broker: dict[str, Any], country: str) -> bool:
    """A broker files in the countries it lists, else in its own country."""
    return country in (broker["serves_countries"] or [broker["country"]])


def proposed_broker(brokers: Sequence[dict[str, Any]], country: str, preferred: str | None) -> str | None:
    """The broker to propose for a declaration in `country`: the leg's broker if it serves that country, else the
    first (by name) that lists it, else the first established there; None when none does (the user picks)."""
    by_id = {b["id"]: b for b in brokers}
    if preferred in by_id and serves(by_id[preferred], country):
        return preferred
    listed = [b for b in brokers if country in (b["serves_countries"] or [])]
    local = [b for b in brokers if serves(b, country)]
    candidates = listed or local
    return str(candidates[0]["id"]) if candidates else None


def find_record_provider(session: Session, kind: str, country: str) -> Party | None:
    """The IOR (`ior_provider`) or EOR (`eor_provider`) provider serving `country`; the first by name, so
    the choice is deterministic. None when the register has none: the caller flags it (NO_LOCAL_IMPORTER ...)."""
    if kind not in RECORD_PROVIDERS:
        raise ValueError(f"record providers are {' or '.join(sorted(RECORD_PROVIDERS))}, not {kind!r}")
    for party in session.scalars(select(Party).where(Party.kind == kind).order_by(Party.name, Party.id)):
        if country in party.serves_countries:
            return party
    return None
