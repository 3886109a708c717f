"""Embargoes, export controls and restricted-party matches on a leg: the checks a trade-compliance suite runs
before a shipment leaves (issue #14).

The facts are data (country_profiles/world/trade_controls.yaml, each with its source); this module decides which of
them bind a leg and says why, as flags and trace lines:

- EMBARGOED_DESTINATION: the leg goes to a destination (or region) a binding authority embargoes, and no licence of
  that authority is recorded on the leg;
- EXPORT_CONTROL_REVIEW: a controlled item (an ECCN other than EAR99, a dual-use entry) leaves under a regime that
  binds the leg, with no licence or licence exception recorded; the authorisation that fits the movement is proposed;
- RESTRICTED_PARTY_MATCH: a party on the leg has an open or confirmed match from the last screening.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from tradedesk.domain.checks import flag
from tradedesk.domain.model import (
    ExportControlCheck,
    Flag,
    Item,
    Leg,
    Movement,
    Party,
    ProposedAuthorisation,
    ScreeningHit,
    Severity,
)

#: an ECCN or a dual-use entry: category digit, product group A-E, three digits, optional sub-paragraphs
CONTROL_ENTRY = re.compile(r"[0-9][A-E][0-9]{3}(\.[a-z0-9]+)*")


class TradeControlsError(ValueError):
    """trade_controls.yaml is malformed; the message names the entry and the key."""


@dataclass(frozen=True, slots=True)
class Authority:
    code: str
    name: str
    everyone: bool
    binds_from: frozenset[str]
    binds_origin: frozenset[str]

    def binds(self, leg: Leg) -> bool:
        return (
            self.everyone
            or leg.from_country in self.binds_from
            or any(i.origin_country in self.binds_origin for i in leg.items)
        )


@dataclass(frozen=True, slots=True)
class Embargo:
    authority: str
    destination: str
    regions: frozenset[str]  # ISO 3166-2; empty: the whole country
    scope: str  # comprehensive | sectoral
    summary: str
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class ControlRegime:
    code: str
    field: str  # the Item attribute holding this regime's classification
    uncontrolled: frozenset[str]
    regulation: str
    binds_from: frozenset[str]
    binds_origin: frozenset[str]
    licence: str

    def binds(self, leg: Leg, item: Item) -> bool:
        return leg.from_country in self.binds_from or item.origin_country in self.binds_origin


@dataclass(frozen=True, slots=True)
class Authorisation:
    code: str
    regime: str
    title: str
    movements: frozenset[Movement] | None
    to: frozenset[str] | None
    not_to: frozenset[str]
    not_to_regions: frozenset[str]
    not_categories: frozenset[str]
    conditions: tuple[str, ...]
    declaration: str
    source: str

    def fits(self, leg: Leg, classification: str) -> bool:
        region = leg.importer.subdivision if leg.importer is not None else None
        return (
            (self.movements is None or leg.movement in self.movements)
            and (self.to is None or leg.to_country in self.to)
            and leg.to_country not in self.not_to
            and region not in self.not_to_regions
            and classification[1:2] not in self.not_categories
        )

    def proposal(self) -> ProposedAuthorisation:
        return ProposedAuthorisation(self.code, self.title, self.conditions, self.declaration, self.source)


@dataclass(frozen=True, slots=True)
class TradeControls:
    version: str
    authorities: Mapping[str, Authority]
    embargoes: tuple[Embargo, ...]
    regimes: tuple[ControlRegime, ...]
    authorisations: tuple[Authorisation, ...]


NO_TRADE_CONTROLS = TradeControls("", {}, (), (), ())


# --------------------------------------------------------------------------------------------------- reading


def parse_trade_controls(raw: bytes, eu_members: Iterable[str]) -> TradeControls:
    """trade_controls.yaml's bytes (b"" for none); `eu_members`: the EU customs territory, which "EU" binds."""
    if not raw:
        return NO_TRADE_CONTROLS
    data = yaml.safe_load(raw) or {}
    members = frozenset(eu_members)
    try:
        authorities = {code: _authority(code, a, members) for code, a in (data.get("authorities") or {}).items()}
        embargoes = tuple(_embargo(e, authorities) for e in data.get("embargoes") or [])
        regimes = tuple(_regime(code, r, members) for code, r in (data.get("export_controls") or {}).items())
        authorisations = tuple(_authorisation(a, regimes) for a in data.get("authorisations") or [])
    except (KeyError, ValueError, TypeError) as exc:
        raise TradeControlsError(f"trade_controls.yaml: {exc}") from exc
    return TradeControls(str(data.get("version", "")), authorities, embargoes, regimes, authorisations)


def _countries(value: Any, members: frozenset[str]) -> frozenset[str]:
    if value is None:
        return frozenset()
    if value == "EU":
        return members
    return frozenset(str(c) for c in value)


def _authority(code: str, a: Mapping[str, Any], members: frozenset[str]) -> Authority:
    everyone = a.get("binds") == "everyone"
    binds_from = frozenset() if everyone else _countries(a["binds"], members)
    return Authority(code, str(a["name"]), everyone, binds_from, _countries(a.get("origin"), members))


def _sourced(entry: Mapping[str, Any], what: str) -> str:
    source = str(entry.get("source") or "").strip()
    if not source:
        raise ValueError(f"{what}: source is required (the provision and where to read it)")
    return source


def _embargo(e: Mapping[str, Any], authorities: Mapping[str, Authority]) -> Embargo:
    what = f"embargo {e.get('authority')}/{e.get('destination')}"
    if e["authority"] not in authorities:
        raise ValueError(f"{what}: unknown authority")
    if e["scope"] not in ("comprehensive", "sectoral"):
        raise ValueError(f"{what}: scope must be comprehensive or sectoral")
    return Embargo(
        authority=str(e["authority"]),
        destination=str(e["destination"]),
        regions=frozenset(str(r) for r in e.get("regions") or ()),
        scope=str(e["scope"]),
        summary=str(e["summary"]),
        source=_sourced(e, what),
        confirmed=bool(e.get("confirmed", False)),
    )


def _regime(code: str, r: Mapping[str, Any], members: frozenset[str]) -> ControlRegime:
    if r["field"] not in ("eccn", "dual_use"):
        raise ValueError(f"export_controls {code}: field must be eccn or dual_use")
    binds = r.get("binds") or {}
    return ControlRegime(
        code=code,
        field=str(r["field"]),
        uncontrolled=frozenset(str(u) for u in r.get("uncontrolled") or ()),
        regulation=str(r["regulation"]),
        binds_from=_countries(binds.get("from"), members),
        binds_origin=_countries(binds.get("origin"), members),
        licence=str(r["licence"]),
    )


def _authorisation(a: Mapping[str, Any], regimes: tuple[ControlRegime, ...]) -> Authorisation:
    what = f"authorisation {a.get('code')}"
    if a["regime"] not in {r.code for r in regimes}:
        raise ValueError(f"{what}: unknown regime {a['regime']}")
    movements = a.get("movements")
    return Authorisation(
        code=str(a["code"]),
        regime=str(a["regime"]),
        title=str(a["title"]),
        movements=None if movements is None else frozenset(Movement(m) for m in movements),
        to=None if a.get("to") is None else frozenset(str(c) for c in a["to"]),
        not_to=frozenset(str(c) for c in a.get("not_to") or ()),
        not_to_regions=frozenset(str(c) for c in a.get("not_to_regions") or ()),
        not_categories=frozenset(str(c) for c in a.get("not_categories") or ()),
        conditions=tuple(str(c) for c in a.get("conditions") or ()),
        declaration=str(a.get("declaration") or ""),
        source=_sourced(a, what),
    )


# --------------------------------------------------------------------------------------------------- checking


@dataclass(frozen=True, slots=True)
class Findings:
    flags: tuple[Flag, ...]
    trace: tuple[str, ...]
    export_controls: tuple[ExportControlCheck, ...]


def check(leg: Leg, controls: TradeControls, crosses_border: bool) -> Findings:
    """Every trade control on the leg; embargoes and export controls only where the goods leave a customs
    territory (`crosses_border`), restricted-party matches always."""
    flags: list[Flag] = []
    trace: list[str] = []
    checks: list[ExportControlCheck] = []
    if crosses_border:
        _embargoes(leg, controls, flags, trace)
        checks = _export_controls(leg, controls, flags, trace)
    _screening(leg, flags, trace)
    return Findings(tuple(flags), tuple(trace), tuple(checks))


def _licensed(leg: Leg, authority: str) -> str | None:
    """A licence recorded on the leg that the authority's embargo yields to (a UN measure: any licence)."""
    for a in leg.export_authorisations:
        if a.kind == "licence" and (a.regime == authority or authority == "UN"):
            return a.code
    return None


def _embargoes(leg: Leg, controls: TradeControls, flags: list[Flag], trace: list[str]) -> None:
    region = leg.importer.subdivision if leg.importer is not None else None
    for e in controls.embargoes:
        authority = controls.authorities[e.authority]
        if e.destination != leg.to_country or not authority.binds(leg):
            continue
        if e.regions and region is None:
            flags.append(
                flag(
                    "EMBARGOED_DESTINATION",
                    f"{leg.to_country}: the importer's region is not given, and {e.summary} ({authority.name}; "
                    f"{e.source}); record the importer's ISO 3166-2 region to settle it",
                    severity=Severity.WARNING,  # may go there: to acknowledge, not a block
                )
            )
            continue
        if e.regions and region not in e.regions:
            trace.append(f"embargo: {region} is outside the regions {authority.name} embargoes in {leg.to_country}")
            continue
        licence = _licensed(leg, e.authority)
        where = region or leg.to_country
        if licence is not None:
            trace.append(f"embargo: {where} — {e.summary}; licence {licence} of {authority.name} recorded ({e.source})")
            continue
        unconfirmed = "" if e.confirmed else " (check the current text: this entry is not confirmed)"
        flags.append(
            flag(
                "EMBARGOED_DESTINATION",
                f"{where}: {e.scope} embargo — {e.summary} ({authority.name}; {e.source}){unconfirmed}; the shipment "
                f"needs a licence of {authority.name}, recorded on the leg",
            )
        )
        trace.append(f"embargo: {where} is under a {e.scope} embargo of {authority.name} ({e.source})")


def _recorded(leg: Leg, regime: str) -> str | None:
    for a in leg.export_authorisations:
        if a.regime == regime:
            return a.code
    return None


def _export_controls(
    leg: Leg, controls: TradeControls, flags: list[Flag], trace: list[str]
) -> list[ExportControlCheck]:
    checks: list[ExportControlCheck] = []
    for regime in controls.regimes:
        for index, item in enumerate(leg.items):
            if not regime.binds(leg, item):
                continue
            found = _item_check(leg, controls, regime, index, item, trace)
            if found is None:
                continue
            checks.append(found)
            if found.recorded is None:
                flags.append(flag("EXPORT_CONTROL_REVIEW", _review_message(found, item)))
    return checks


def _item_check(
    leg: Leg, controls: TradeControls, regime: ControlRegime, index: int, item: Item, trace: list[str]
) -> ExportControlCheck | None:
    classification = getattr(item, regime.field)
    label = f"item {index + 1} ({item.description})"
    if classification is None:
        trace.append(f"export controls {regime.code}: {label} has no {regime.field} recorded; {regime.regulation}")
        return None
    if classification in regime.uncontrolled:
        trace.append(f"export controls {regime.code}: {label} is {classification}: not a listed item")
        return None
    recorded = _recorded(leg, regime.code)
    proposed = next(
        (a for a in controls.authorisations if a.regime == regime.code and a.fits(leg, classification)), None
    )
    if recorded is not None:
        trace.append(f"export controls {regime.code}: {label} {classification} leaves under {recorded} (recorded)")
    else:
        offer = f"proposed: {proposed.code} ({proposed.source})" if proposed else f"needs {regime.licence}"
        trace.append(f"export controls {regime.code}: {label} {classification} is controlled; {offer}")
    return ExportControlCheck(
        regime=regime.code,
        item=index,
        classification=classification,
        regulation=regime.regulation,
        recorded=recorded,
        proposed=None if proposed is None else proposed.proposal(),
        otherwise=regime.licence,
    )


def _review_message(found: ExportControlCheck, item: Item) -> str:
    head = (
        f"item {found.item + 1} ({item.description}) is controlled ({found.regime} {found.classification}; "
        f"{found.regulation}) and no licence or licence exception is recorded on the leg"
    )
    if found.proposed is None:
        return f"{head}: it needs {found.otherwise}"
    p = found.proposed
    return f"{head}; proposed: {p.title} ({p.source}), if its conditions hold: " + "; ".join(p.conditions)


def _parties(leg: Leg) -> list[tuple[str, Party]]:
    named = [("exporter", leg.exporter), ("importer", leg.importer), ("importer of record", leg.ior)]
    named.append(("exporter of record", leg.eor))
    return [(role, p) for role, p in named if p is not None] + list(leg.other_parties)


def _screening(leg: Leg, flags: list[Flag], trace: list[str]) -> None:
    """One flag per party and list entry, naming every role the party has on the leg."""
    roles: dict[tuple[str, str], list[str]] = {}
    hits: dict[tuple[str, str], tuple[Party, ScreeningHit]] = {}
    for role, party in _parties(leg):
        for hit in party.screening:
            key = (party.name, f"{hit.list_title}|{hit.entry_id}")
            roles.setdefault(key, []).append(role)
            hits[key] = (party, hit)
    for key, (party, hit) in hits.items():
        state = (
            "confirmed by a compliance officer: the RMA is held"
            if hit.status == "confirmed"
            else "an officer must clear it as a false positive or confirm it"
        )
        published = f" of {hit.list_published.isoformat()}" if hit.list_published else ""
        flags.append(
            flag(
                "RESTRICTED_PARTY_MATCH",
                f"{' and '.join(roles[key])} '{party.name}' matches {hit.list_title}{published}, entry {hit.entry_id} "
                f"'{hit.matched_name}' (score {hit.score}/100: {'; '.join(hit.reasons)}); {state}",
            )
        )
        trace.append(f"screening: '{party.name}' -> {hit.list_title} entry {hit.entry_id} ({hit.status})")
