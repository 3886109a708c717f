"""Restricted-party screening (issue #14): list versions, screening parties, the officer's decisions.

- `import_list`: one publication of an official list (OFAC, EU, UN, UK, US CSL), read by tradedesk.screening.formats,
  stored with its publication date and hash; it becomes the current version of its source, and every party is
  screened again against it (a task: `rescreen_all`).
- `screen_parties`: each party against the current versions. A potential match becomes an open match; one an
  officer cleared as a false positive stays cleared while the list entry's fingerprint is unchanged (a "good guy"
  record) and is raised again when the entry changes. The party row keeps its open and confirmed matches
  (`party.screening`), so classifying a leg reads no other table; when they change, the legs the party is on are
  reclassified and their declarations redrafted (RESTRICTED_PARTY_MATCH, an error, blocks approval).
- `decide_match`: the officer clears a match (a reason) or confirms it (the RMAs the party is on are held).

Every screening and decision is audited with the list version used. The matching index is built from the database
and kept per process only as a cache keyed by the hashes of the list versions it was built from, so it decides
nothing the database does not.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session, joinedload

from tradedesk.auth.actor import SYSTEM, Actor
from tradedesk.db.models import (
    Declaration,
    Leg,
    Party,
    Rma,
    ScreeningEntry,
    ScreeningList,
    ScreeningMatch,
    ScreeningRun,
    new_id,
)
from tradedesk.screening import formats
from tradedesk.screening.entries import ListEntry, ParsedList, entry_from_json, entry_to_json
from tradedesk.screening.matching import Match, PartyQuery, ScreeningIndex, Thresholds
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.errors import Conflict, InvalidInput, NotFound
from tradedesk.services.leg_records import other_roles
from tradedesk.services.paging import FIRST_PAGE, Key, Page, PageRequest, after, decode_cursor, ordering, page_of

LIVE = ("open", "confirmed")  # the statuses that flag a leg
DECISIONS = {"clear": "cleared", "confirm": "confirmed"}
PARTY_BATCH = 200
CLOSED_RMA = "closed"
MATCHES = "screening-matches"
MATCH_KEYS = (Key(ScreeningMatch.created_at, "datetime"), Key(ScreeningMatch.id, "str"))


# --------------------------------------------------------------------------------------------- list versions


@dataclass(frozen=True, slots=True)
class ListRef:
    """A list version as screening results name it."""

    id: str
    source: str
    title: str
    published: date | None
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "published": None if self.published is None else self.published.isoformat(),
            "sha256": self.sha256,
        }


def _ref(row: ScreeningList) -> ListRef:
    return ListRef(row.id, row.source, row.title, row.published, row.sha256)


def list_view(row: ScreeningList) -> dict[str, Any]:
    return {
        **_ref(row).as_json(),
        "format": row.format,
        "entry_count": row.entry_count,
        "current": row.current,
        "imported_at": row.imported_at.isoformat(),
        "imported_by": row.imported_by,
    }


def files_digest(files: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def import_list(
    ctx: Context, actor: Actor, files: Mapping[str, bytes], published: date | None = None
) -> tuple[bool, dict[str, Any]]:
    """Store one publication of a list as the current version of its source: (created, the version's view).

    The same files imported again change nothing (False, the stored version). The publication date comes from the
    file where it states one, else from `published`.
    """
    try:
        parsed = formats.parse(files)
    except ValueError as exc:
        raise InvalidInput({"file": [str(exc)]}) from exc
    when = parsed.published or published
    if when is None:
        raise InvalidInput({"published": ["the file states no publication date: give the date the list was published"]})
    if not parsed.entries:
        raise InvalidInput({"file": ["the list has no entries"]})
    sha = files_digest(files)
    return ctx.run(lambda session: store_list(session, ctx, actor, parsed, when, sha))


def store_list(
    session: Session, ctx: Context, actor: Actor, parsed: ParsedList, published: date, sha: str
) -> tuple[bool, dict[str, Any]]:
    """Store a parsed publication as the current version of its source, in the caller's unit of work."""
    existing = session.scalar(select(ScreeningList).where(ScreeningList.sha256 == sha))
    if existing is not None:
        return False, list_view(existing)
    session.execute(
        update(ScreeningList)
        .where(ScreeningList.source == parsed.source, ScreeningList.current.is_(True))
        .values(current=False)
    )
    row = ScreeningList(
        source=parsed.source,
        title=parsed.title,
        format=parsed.format,
        published=published,
        sha256=sha,
        entry_count=len(parsed.entries),
        current=True,
        imported_at=ctx.now(),
        imported_by=actor.id,
    )
    session.add(row)
    session.flush()
    session.execute(insert(ScreeningEntry), [_entry_row(row.id, e) for e in _unique(parsed.entries)])
    audit_chain.record(
        session,
        ctx.audit_key,
        actor,
        "screening:import-list",
        "screening_list",
        row.id,
        None,
        list_view(row),
        ctx.now(),
    )
    return True, list_view(row)


def _unique(entries: Iterable[ListEntry]) -> list[ListEntry]:
    """One entry per list id (a list that repeats an id keeps its first record)."""
    seen: dict[str, ListEntry] = {}
    for e in entries:
        seen.setdefault(e.entry_id, e)
    return list(seen.values())


def _entry_row(list_id: str, e: ListEntry) -> dict[str, Any]:
    return {
        "list_id": list_id,
        "entry_id": e.entry_id[:64],
        "fingerprint": e.fingerprint(),
        "primary_name": e.primary_name[:512],
        "data": entry_to_json(e),
    }


def list_versions(ctx: Context) -> list[dict[str, Any]]:
    """Every imported version, newest import first (a handful per source: no paging needed)."""

    def work(session: Session) -> list[dict[str, Any]]:
        rows = session.scalars(select(ScreeningList).order_by(ScreeningList.imported_at.desc(), ScreeningList.id))
        return [list_view(r) for r in rows]

    return ctx.run(work, write=False)


# ------------------------------------------------------------------------------------------ the matching index


@dataclass(frozen=True, slots=True)
class LoadedLists:
    lists: tuple[ListRef, ...]
    digest: str
    index: ScreeningIndex | None
    #: index key ("<position>|<entry id>") -> (list version, entry)
    entries: Mapping[str, tuple[ListRef, ListEntry]]

    def versions(self) -> list[dict[str, Any]]:
        return [ref.as_json() for ref in self.lists]


_CACHE: dict[tuple[str, Thresholds], LoadedLists] = {}
_CACHE_LOCK = threading.Lock()


def current_lists(session: Session) -> tuple[ListRef, ...]:
    rows = session.scalars(select(ScreeningList).where(ScreeningList.current.is_(True)).order_by(ScreeningList.source))
    return tuple(_ref(r) for r in rows)


def digest_of(lists: Sequence[ListRef]) -> str:
    """Names the set of list versions (their rows and contents): what a party was screened against."""
    joined = "|".join(f"{r.id}:{r.sha256}" for r in lists)
    return "" if not lists else hashlib.sha256(joined.encode()).hexdigest()[:16]


def loaded_lists(session: Session, thresholds: Thresholds) -> LoadedLists:
    """The current versions and an index over their entries (built once per process and set of versions)."""
    lists = current_lists(session)
    digest = digest_of(lists)
    with _CACHE_LOCK:
        cached = _CACHE.get((digest, thresholds))
    if cached is not None:
        return cached
    entries: dict[str, tuple[ListRef, ListEntry]] = {}
    for position, ref in enumerate(lists):
        for data in session.scalars(select(ScreeningEntry.data).where(ScreeningEntry.list_id == ref.id)):
            entry = entry_from_json(data)
            entries[f"{position}|{entry.entry_id}"] = (ref, entry)
    index = None
    if entries:
        keyed = (_keyed(key, entry) for key, (_, entry) in entries.items())
        index = ScreeningIndex.build(keyed, thresholds)
    built = LoadedLists(lists, digest, index, entries)
    with _CACHE_LOCK:
        _CACHE.clear()  # only the current versions are worth keeping
        _CACHE[(digest, thresholds)] = built
    return built


def _keyed(key: str, entry: ListEntry) -> ListEntry:
    return replace(entry, entry_id=key)


# ------------------------------------------------------------------------------------------ screening parties


def _query(party: Party) -> PartyQuery:
    return PartyQuery(name=party.name, country=party.country)


def hit_json(match: ScreeningMatch, ref: ListRef) -> dict[str, Any]:
    return {
        "match_id": match.id,
        "list_title": ref.title,
        "list_published": None if ref.published is None else ref.published.isoformat(),
        "entry_id": match.entry_id,
        "matched_name": match.matched_name,
        "score": str(match.score),
        "reasons": list(match.reasons),
        "status": match.status,
    }


def _found(loaded: LoadedLists, party: Party) -> dict[tuple[str, str], tuple[ListRef, ListEntry, Match]]:
    if loaded.index is None:
        return {}
    found: dict[tuple[str, str], tuple[ListRef, ListEntry, Match]] = {}
    for m in loaded.index.screen(_query(party)):
        ref, entry = loaded.entries[m.entry_id]
        found[(ref.source, entry.entry_id)] = (ref, entry, m)
    return found


def _score(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


def screen_party(session: Session, ctx: Context, actor: Actor, party: Party, loaded: LoadedLists, trigger: str) -> bool:
    """Screen one party against the loaded lists, record the run and the matches; True when its live matches
    (open or confirmed) changed, so that the legs it is on must be decided again."""
    before = sorted((h["entry_id"], h["status"]) for h in (party.screening or {}).get("hits", []))
    earlier = list(session.scalars(select(ScreeningMatch).where(ScreeningMatch.party_id == party.id)))
    by_entry: dict[tuple[str, str], list[ScreeningMatch]] = {}
    for m in earlier:
        by_entry.setdefault((m.source, m.entry_id), []).append(m)
    refs = {ref.id: ref for ref in loaded.lists}
    live: list[tuple[ScreeningMatch, ListRef]] = []
    for key, (ref, entry, match) in _found(loaded, party).items():
        row = _settled(by_entry.get(key, []), entry.fingerprint())
        if row is None:
            row = _new_match(session, ctx, party, ref, entry, match)
        elif row.status in LIVE:
            row.score, row.reasons, row.list_id = _score(match.score), list(match.reasons), ref.id
        if row.status in LIVE:
            live.append((row, refs.get(row.list_id, ref)))
    kept = {m.id for m, _ in live}
    for m in earlier:
        if m.status == "open" and m.id not in kept:
            m.status = "lapsed"  # the current lists no longer give this match
    hits = [hit_json(m, ref) for m, ref in live]
    party.screening = {"lists": loaded.digest, "at": ctx.now().isoformat(), "hits": hits}
    session.add(
        ScreeningRun(party_id=party.id, screened_at=ctx.now(), trigger=trigger, lists=loaded.versions(), hits=len(hits))
    )
    session.flush()
    audit_chain.record(
        session,
        ctx.audit_key,
        actor,
        "party:screen",
        "party",
        party.id,
        None,
        {"lists": loaded.versions(), "trigger": trigger, "matches": [(h["entry_id"], h["status"]) for h in hits]},
        ctx.now(),
    )
    return sorted((h["entry_id"], h["status"]) for h in hits) != before


def _settled(rows: list[ScreeningMatch], fingerprint: str) -> ScreeningMatch | None:
    """The match already on record for this entry as it stands: a live one, or a cleared one the entry has not
    changed since (the good-guy record); None when the entry is new for the party or changed since it was cleared."""
    for row in sorted(rows, key=lambda r: r.created_at, reverse=True):
        if row.entry_fingerprint == fingerprint and row.status in (*LIVE, "cleared"):
            return row
    return None


def _new_match(
    session: Session, ctx: Context, party: Party, ref: ListRef, entry: ListEntry, match: Match
) -> ScreeningMatch:
    row = ScreeningMatch(
        id=new_id(),  # now, not at flush: the party's hits name it
        party_id=party.id,
        list_id=ref.id,
        source=ref.source,
        entry_id=entry.entry_id,
        entry_fingerprint=entry.fingerprint(),
        matched_name=match.matched_name[:512],
        name_kind=match.name_kind,
        score=_score(match.score),
        reasons=list(match.reasons),
        status="open",
        created_at=ctx.now(),
    )
    session.add(row)
    return row


def legs_of_party(session: Session, party_id: str) -> list[Leg]:
    """The legs of open RMAs the party is on, in any role (a leg's parties, or the RMA's customer, seller, repairer)."""
    rmas = select(Rma.id).where(
        or_(Rma.customer_id == party_id, Rma.seller_id == party_id, Rma.repairer_id == party_id)
    )
    on_leg = or_(
        Leg.exporter_id == party_id,
        Leg.importer_id == party_id,
        Leg.ior_id == party_id,
        Leg.eor_id == party_id,
        Leg.broker_id == party_id,
        Leg.rma_id.in_(rmas),
    )
    query = select(Leg).join(Rma, Rma.id == Leg.rma_id).where(on_leg, Rma.status != CLOSED_RMA)
    return list(session.scalars(query.order_by(Leg.rma_id, Leg.position)))


def _decide_legs_again(session: Session, ctx: Context, party: Party) -> None:
    from tradedesk.services.legs import reclassify_with_dependents

    for leg in legs_of_party(session, party.id):
        reclassify_with_dependents(session, ctx, SYSTEM, leg, f"the screening of {party.name} changed")


def screen_parties(ctx: Context, party_ids: Sequence[str], trigger: str) -> int:
    """Screen the parties against the current lists (one unit of work per batch); the number screened (none
    while no list is imported: there is nothing to screen against, and nothing is recorded)."""
    if not party_ids or not ctx.run(current_lists, write=False):
        return 0
    done = 0
    for start in range(0, len(party_ids), PARTY_BATCH):
        batch = list(party_ids[start : start + PARTY_BATCH])

        def work(session: Session, batch: list[str] = batch) -> int:
            loaded = loaded_lists(session, ctx.screening_thresholds)
            count = 0
            for party in session.scalars(select(Party).where(Party.id.in_(batch)).order_by(Party.id)):
                if screen_party(session, ctx, SYSTEM, party, loaded, trigger):
                    _decide_legs_again(session, ctx, party)
                count += 1
            return count

        done += ctx.run(work)
    return done


def rescreen_all(ctx: Context, trigger: str, progress: Callable[[int, int], None] | None = None) -> int:
    """Every party against the current lists (after a list import), in batches; progress(done, total)."""
    ids = ctx.run(lambda s: list(s.scalars(select(Party.id).order_by(Party.id))), write=False)
    done = 0
    for start in range(0, len(ids), PARTY_BATCH):
        done += screen_parties(ctx, ids[start : start + PARTY_BATCH], trigger)
        if progress is not None:
            progress(done, len(ids))
    return done


def ensure_screened(ctx: Context, party_ids: Iterable[str]) -> None:
    """Screen, now, each of the parties not yet screened against the current list versions (approval needs it)."""
    wanted = sorted(set(party_ids))

    def stale(session: Session) -> list[str]:
        digest = digest_of(current_lists(session))
        if not digest:
            return []
        rows = session.execute(select(Party.id, Party.screening).where(Party.id.in_(wanted)))
        return [pid for pid, state in rows if (state or {}).get("lists") != digest]

    todo = ctx.run(stale, write=False)
    if todo:
        screen_parties(ctx, todo, "before-approval")


def ensure_declaration_screened(ctx: Context, declaration_id: str) -> None:
    """Before a declaration is approved: every party of its leg screened against the current list versions (a
    match found now reclassifies the leg, and the redrafted declaration carries RESTRICTED_PARTY_MATCH)."""

    def parties(session: Session) -> list[str]:
        decl = session.get(Declaration, declaration_id)
        return [] if decl is None else parties_of_leg(decl.leg)

    ids = ctx.run(parties, write=False)
    if ids:
        ensure_screened(ctx, ids)


def parties_of_leg(leg: Leg) -> list[str]:
    """Every party the leg's decision screens: its own and those leg_records.other_roles names."""
    ids = [leg.exporter_id, leg.importer_id, leg.ior_id, leg.eor_id, *(pid for _, pid in other_roles(leg))]
    return list(dict.fromkeys(i for i in ids if i is not None))


# ------------------------------------------------------------------------------------------ the officer's decision


def match_view(m: ScreeningMatch, entry: Mapping[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": m.id,
        "status": m.status,
        "score": str(m.score),
        "matched_name": m.matched_name,
        "name_kind": m.name_kind,
        "reasons": list(m.reasons),
        "created_at": m.created_at.isoformat(),
        "party": {"id": m.party.id, "name": m.party.name, "kind": m.party.kind, "country": m.party.country},
        "list": _ref(m.screening_list).as_json(),
        "entry_id": m.entry_id,
        "decided_by": m.decided_by,
        "decided_at": None if m.decided_at is None else m.decided_at.isoformat(),
        "decision_reason": m.decision_reason,
    }
    if entry is not None:
        out["entry"] = {
            "entity_type": entry.get("entity_type"),
            "names": entry.get("names", []),
            "countries": entry.get("countries", []),
            "addresses": entry.get("addresses", []),
            "programs": entry.get("programs", []),
            "remarks": entry.get("remarks", ""),
        }
    return out


def _entries_for(session: Session, matches: Sequence[ScreeningMatch]) -> dict[tuple[str, str], dict[str, Any]]:
    """The listed entries the matches point at, in one SELECT."""
    wanted = {(m.list_id, m.entry_id) for m in matches}
    if not wanted:
        return {}
    rows = session.execute(
        select(ScreeningEntry.list_id, ScreeningEntry.entry_id, ScreeningEntry.data).where(
            ScreeningEntry.list_id.in_({w[0] for w in wanted}), ScreeningEntry.entry_id.in_({w[1] for w in wanted})
        )
    )
    return {(list_id, entry_id): data for list_id, entry_id, data in rows if (list_id, entry_id) in wanted}


def match_queue(ctx: Context, request: PageRequest = FIRST_PAGE, status: str = "open") -> Page[dict[str, Any]]:
    """Matches to decide, oldest first, each with the listed entry beside the party (two statements a page)."""
    if status not in ("open", "cleared", "confirmed", "lapsed"):
        raise InvalidInput({"status": ["one of: open, cleared, confirmed, lapsed"]})

    def work(session: Session) -> Page[dict[str, Any]]:
        query = select(ScreeningMatch).where(ScreeningMatch.status == status)
        if request.cursor is not None:
            query = query.where(after(MATCH_KEYS, decode_cursor(MATCHES, request.cursor, MATCH_KEYS).values))
        rows = list(
            session.scalars(
                query.options(joinedload(ScreeningMatch.party), joinedload(ScreeningMatch.screening_list))
                .order_by(*ordering(MATCH_KEYS))
                .limit(request.limit + 1)
            )
        )
        entries = _entries_for(session, rows[: request.limit])
        return page_of(
            MATCHES,
            rows,
            request.limit,
            lambda m: (m.created_at, m.id),
            lambda m: match_view(m, entries.get((m.list_id, m.entry_id))),
        )

    return ctx.run(work, write=False)


def get_match(ctx: Context, match_id: str) -> dict[str, Any]:
    def work(session: Session) -> dict[str, Any]:
        m = session.get(ScreeningMatch, match_id)
        if m is None:
            raise NotFound(f"screening match {match_id} not found")
        return match_view(m, _entries_for(session, [m]).get((m.list_id, m.entry_id)))

    return ctx.run(work, write=False)


def decide_match(ctx: Context, actor: Actor, match_id: str, decision: str, reason: str) -> dict[str, Any]:
    """Clear an open match as a false positive, or confirm it (the party's open RMAs are held); with a reason."""
    errors: dict[str, list[str]] = {}
    if decision not in DECISIONS:
        errors["decision"] = ["one of: clear, confirm"]
    if not reason.strip():
        errors["reason"] = ["say why: what tells this party apart from the listed one, or why it is the same"]
    if errors:
        raise InvalidInput(errors)

    def work(session: Session) -> dict[str, Any]:
        m = session.get(ScreeningMatch, match_id)
        if m is None:
            raise NotFound(f"screening match {match_id} not found")
        if m.status != "open":
            raise Conflict(f"this match is {m.status} already")
        m.status, m.decided_by, m.decided_at, m.decision_reason = (
            DECISIONS[decision],
            actor.id,
            ctx.now(),
            reason.strip(),
        )
        party = m.party
        hits = [h for h in (party.screening or {}).get("hits", []) if h["match_id"] != m.id]
        if m.status == "confirmed":
            hits.append(hit_json(m, _ref(m.screening_list)))
            _hold(session, ctx, actor, party, m, reason.strip())
        party.screening = {**(party.screening or {}), "hits": hits}
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            f"screening:{decision}",
            "screening_match",
            m.id,
            {"status": "open"},
            {
                "status": m.status,
                "reason": m.decision_reason,
                "list": _ref(m.screening_list).as_json(),
                "entry_id": m.entry_id,
                "entry_fingerprint": m.entry_fingerprint,
                "party_id": party.id,
            },
            ctx.now(),
        )
        _decide_legs_again(session, ctx, party)
        return match_view(m, _entries_for(session, [m]).get((m.list_id, m.entry_id)))

    return ctx.run(work)


def _hold(session: Session, ctx: Context, actor: Actor, party: Party, m: ScreeningMatch, reason: str) -> None:
    """Hold every open RMA the party is on: a confirmed match on a sanctions list stops the return."""
    rma_ids = {leg.rma_id for leg in legs_of_party(session, party.id)}
    rma_ids |= set(session.scalars(select(Rma.id).where(Rma.customer_id == party.id, Rma.status != CLOSED_RMA)))
    text = f"{party.name} confirmed on {m.screening_list.title} (entry {m.entry_id}): {reason}"
    for rma in session.scalars(select(Rma).where(Rma.id.in_(rma_ids)).order_by(Rma.number)):
        if rma.held_at is not None:
            continue
        rma.held_at, rma.hold_reason = ctx.now(), text
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "rma:hold",
            "rma",
            rma.id,
            {"held": False},
            {"held": True, "reason": text},
            ctx.now(),
            rma_id=rma.id,
        )


def party_screening(ctx: Context, party_id: str) -> dict[str, Any]:
    """A party's screening history: every run (when, which list versions, how many matches) and every match."""

    def work(session: Session) -> dict[str, Any]:
        party = session.get(Party, party_id)
        if party is None:
            raise NotFound(f"party {party_id} not found")
        runs = session.scalars(
            select(ScreeningRun)
            .where(ScreeningRun.party_id == party_id)
            .order_by(ScreeningRun.screened_at.desc(), ScreeningRun.id)
            .limit(100)
        )
        matches = list(
            session.scalars(
                select(ScreeningMatch).where(ScreeningMatch.party_id == party_id).order_by(ScreeningMatch.created_at)
            )
        )
        entries = _entries_for(session, matches)
        return {
            "party": {"id": party.id, "name": party.name, "kind": party.kind, "country": party.country},
            "screened_against": (party.screening or {}).get("lists"),
            "screened_at": (party.screening or {}).get("at"),
            "runs": [
                {"screened_at": r.screened_at.isoformat(), "trigger": r.trigger, "lists": r.lists, "matches": r.hits}
                for r in runs
            ],
            "matches": [match_view(m, entries.get((m.list_id, m.entry_id))) for m in matches],
        }

    return ctx.run(work, write=False)
