"""Country and customs-union profiles: validate the contents of `country_profiles/*.yaml`, compile them into
lookup tables (the files are read at the edge, by tradedesk.data).

Regulatory facts live in the YAML files, each rule with its `source`; this module only checks that the
files are complete and well-formed (a broken profile fails loudly, naming file and key) and turns them
into immutable objects the classifier can use without further parsing. Results are cached by file hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import babel
import jsonschema_rs
import pycountry
import yaml

from tradedesk.domain.baseline import BaselineError, BaselineRow, parse_baseline
from tradedesk.domain.checks import NO_IDENTIFICATION_RULES, IdentificationRules
from tradedesk.domain.model import DutyBase, Movement, ProfileRef, Regime, Side, Transport
from tradedesk.domain.papers import Paper, PaperRule, PapersError, parse_papers
from tradedesk.domain.periods import Period
from tradedesk.domain.trade_controls import NO_TRADE_CONTROLS, TradeControls, TradeControlsError, parse_trade_controls

PROFILE_SCHEMA_FILE = "profile.schema.json"
#: the world baseline, beside the profiles: one row per ISO 3166-1 country (baseline.py)
BASELINE_FILE = Path("world") / "countries.csv"
#: which supporting papers each regime needs, in every jurisdiction (papers.py)
PAPERS_FILE = Path("world") / "papers.yaml"
#: embargoes and export controls (trade_controls.py)
TRADE_CONTROLS_FILE = Path("world") / "trade_controls.yaml"

#: `when:` predicates the classifier knows how to evaluate (regimes.Facts); the schema lists the same names.
PREDICATES = frozenset(
    {
        "warranty",
        "paid_service_contract",
        "repair_charged",
        "upgrade",
        "transformed",
        "prior_export",
        "prior_regime",
        "from_country",
        "to_country",
        "origin_domestic",
        "ata_carnet",
        "same_person",
        "transport",
        "importer_established",
        "exporter_established",
    }
)


#: libyaml's parser when PyYAML was built with it: ~10x faster, and loading the profiles is most of a CLI run
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringDateLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """YAML loader that leaves dates as ISO strings, so JSON Schema sees what the file says."""


_StringDateLoader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class ProfileError(ValueError):
    """A profile file is malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class MemberState:
    country: str
    currency: str
    locale: str
    vat_rate: Decimal | None
    vat_source: str


@dataclass(frozen=True, slots=True)
class Threshold:
    tax: str  # duty | vat
    amount: Decimal
    currency: str
    measure: str  # goods_value | customs_value | tax_amount
    transports: frozenset[str] | None
    from_countries: frozenset[str] | None
    valid_from: date | None
    valid_until: date | None
    note: str
    source: str

    def applies(self, transport: str, from_country: str, on: date) -> bool:
        return (
            (self.transports is None or transport in self.transports)
            and (self.from_countries is None or from_country in self.from_countries)
            and (self.valid_from is None or on >= self.valid_from)
            and (self.valid_until is None or on <= self.valid_until)
        )


@dataclass(frozen=True, slots=True)
class RateEntry:
    prefix: str
    percent: Decimal
    description: str
    source: str


@dataclass(frozen=True, slots=True)
class PartyRule:
    establishment_required: bool
    accepted_identifiers: tuple[str, ...]
    representation: str | None
    exempt_regimes: frozenset[Regime]
    documents: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class TimeLimit:
    period: Period
    start: str  # ship_date | prior_export | paired_leg
    end: str  # ship_date | paired_leg_or_as_of
    authorised_deadline: bool
    on_exceed: str  # fallback | flag
    flag: str
    event: str
    source: str


@dataclass(frozen=True, slots=True)
class VatTreatment:
    relief: bool
    base: tuple[str, ...] | None
    source: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    side: Side
    movement: Movement
    when: tuple[tuple[str, Any], ...]
    regime: Regime
    procedure_code: str | None
    additional_procedure_codes: tuple[str, ...]
    declaration_required: bool
    duty_base: DutyBase | None
    vat: VatTreatment | None
    legal_basis: tuple[str, ...]
    documents: tuple[str, ...]
    time_limit: TimeLimit | None
    guarantee_required: bool
    identification_required: bool
    confirmed: bool
    note: str
    source: str
    condition_text: str = ""  # for the trace, computed once at load
    headline: str = ""  # the trace line naming profile version, rule, result and source (computed once at load)
    papers: tuple[Paper, ...] | None = None  # the rule's own supporting papers; None: world/papers.yaml decides


def _show(value: Any) -> str:
    if isinstance(value, frozenset):
        return "[" + ",".join(sorted(value)) + "]"
    return str(value).lower() if isinstance(value, bool) else str(value)


@dataclass(frozen=True)
class CountryProfile:
    jurisdiction: str
    name: str
    kind: str
    status: str
    as_of: date
    version: str
    file: str
    members: Mapping[str, MemberState]
    tax_name: str
    default_vat_base: tuple[str, ...]
    tax_source: str
    valuation_basis: str
    valuation_source: str
    repair_cost_adds: tuple[str, ...]
    repair_cost_source: str
    thresholds: tuple[Threshold, ...]
    duty_rates: tuple[RateEntry, ...]  # longest prefix first
    duty_rate_source: str
    us_hts_general: bool
    importer: PartyRule
    exporter: PartyRule
    rules: Mapping[tuple[Side, Movement], tuple[Rule, ...]]
    union_source: str

    @property
    def partial(self) -> bool:
        return self.status == "partial"

    @cached_property
    def ref(self) -> ProfileRef:
        return ProfileRef(self.jurisdiction, self.version, self.as_of)

    def currency_of(self, country: str) -> str:
        return self.members[country].currency

    def label(self) -> str:
        return f"{self.jurisdiction} profile {self.version}"


@dataclass(frozen=True, slots=True)
class ProfileSet:
    profiles: Mapping[str, CountryProfile]
    by_country: Mapping[str, CountryProfile]
    digest: str
    #: world-baseline rows by country, for the side of a leg whose country has no profile
    baseline: Mapping[str, BaselineRow] = field(default_factory=dict)
    #: which goods must be identified by serial number or UDI (hs_data/identification.yaml)
    identification: IdentificationRules = NO_IDENTIFICATION_RULES
    #: which supporting papers each regime needs (world/papers.yaml)
    papers: tuple[PaperRule, ...] = ()
    #: embargoes, export-control regimes and authorisations (world/trade_controls.yaml)
    trade_controls: TradeControls = NO_TRADE_CONTROLS

    def for_country(self, country: str) -> CountryProfile | None:
        return self.by_country.get(country)

    def covers(self, country: str) -> bool:
        return country in self.by_country


# --------------------------------------------------------------------------------------------------- loading


@cache
def compile_profiles(
    schema: bytes,
    contents: tuple[tuple[str, bytes], ...],
    baseline: bytes,
    identification: IdentificationRules,
    papers: bytes = b"",
    trade_controls: bytes = b"",
) -> ProfileSet:
    """Validate and compile the profiles (file name and bytes of each), the world baseline (the CSV's bytes, or
    b"" for none), the identification rules and the papers table (world/papers.yaml's bytes); cached on the
    contents. The set's digest covers everything a decision is taken on."""
    profiles = _with_baseline(_compile_all(schema, contents), baseline)
    try:
        paper_rules = parse_papers(papers)
        controls = parse_trade_controls(trade_controls, _members_of(profiles, "EU"))
    except (PapersError, TradeControlsError) as exc:
        raise ProfileError(str(exc)) from exc
    digest = hashlib.sha256(
        f"{profiles.digest}|{identification!r}|".encode() + papers + b"|" + trade_controls
    ).hexdigest()[:16]
    return replace(profiles, identification=identification, papers=paper_rules, trade_controls=controls, digest=digest)


def _members_of(profiles: ProfileSet, jurisdiction: str) -> frozenset[str]:
    profile = profiles.profiles.get(jurisdiction)
    return frozenset(profile.members) if profile is not None else frozenset()


def _with_baseline(profiles: ProfileSet, raw: bytes) -> ProfileSet:
    if not raw:
        return profiles
    rows, baseline_digest = _baseline(raw)
    return replace(
        profiles, baseline=rows, digest=hashlib.sha256((profiles.digest + baseline_digest).encode()).hexdigest()[:16]
    )


@cache
def _baseline(raw: bytes) -> tuple[Mapping[str, BaselineRow], str]:
    """The parsed baseline and its hash, cached on the file's content."""
    try:
        return parse_baseline(raw), hashlib.sha256(raw).hexdigest()
    except BaselineError as exc:
        raise ProfileError(f"{BASELINE_FILE}: {exc}") from exc


@cache
def _compile_all(schema_bytes: bytes, contents: tuple[tuple[str, bytes], ...]) -> ProfileSet:
    schema = json.loads(schema_bytes)
    validator = _validator(schema)
    profiles: dict[str, CountryProfile] = {}
    by_country: dict[str, CountryProfile] = {}
    overall = hashlib.sha256(schema_bytes)
    for name, raw in contents:
        overall.update(name.encode() + raw)
        profile = _compile_one(name, raw, validator)
        if profile.jurisdiction in profiles:
            raise ProfileError(
                f"{name}: jurisdiction {profile.jurisdiction} already defined by {profiles[profile.jurisdiction].file}"
            )
        profiles[profile.jurisdiction] = profile
        for country in profile.members:
            if country in by_country:
                raise ProfileError(f"{name}: members.{country} is already a member of {by_country[country].file}")
            by_country[country] = profile
    return ProfileSet(profiles=profiles, by_country=by_country, digest=overall.hexdigest()[:16])


def _validator(schema: dict[str, Any]) -> Any:
    """The schema compiled once (jsonschema-rs: ~100x faster than pure-Python jsonschema, which was most of a
    CLI start), checking formats (dates) as the schema declares them."""
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def _compile_one(name: str, raw: bytes, validator: Any) -> CountryProfile:
    try:
        data = yaml.load(raw, Loader=_StringDateLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ProfileError(f"{name}: not valid YAML: {exc}") from exc
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.instance_path])
    if errors:
        first = errors[0]
        where = ".".join(str(p) for p in first.instance_path) or "(top level)"
        raise ProfileError(f"{name}: {where}: {first.message}")
    try:
        return _build(name, raw, data)
    except ProfileError:
        raise
    except (KeyError, ValueError, TypeError) as exc:  # pragma: no cover - schema should catch these first
        raise ProfileError(f"{name}: {exc}") from exc


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _opt_date(value: Any) -> date | None:
    return None if value is None else _date(value)


def _check_country(name: str, key: str, code: str) -> None:
    if pycountry.countries.get(alpha_2=code) is None:
        raise ProfileError(f"{name}: {key}: {code!r} is not an ISO 3166-1 alpha-2 country code")


def _check_currency(name: str, key: str, code: str) -> None:
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ProfileError(f"{name}: {key}: {code!r} is not an ISO 4217 currency code")


def _build(name: str, raw: bytes, data: dict[str, Any]) -> CountryProfile:
    as_of = _date(data["as_of"])
    version = f"{as_of.isoformat()}+{hashlib.sha256(raw).hexdigest()[:8]}"
    members: dict[str, MemberState] = {}
    for i, m in enumerate(data["members"]):
        _check_country(name, f"members.{i}.country", m["country"])
        _check_currency(name, f"members.{i}.currency", m["currency"])
        try:
            babel.Locale.parse(m["locale"])
        except (ValueError, babel.UnknownLocaleError) as exc:
            raise ProfileError(f"{name}: members.{i}.locale: {m['locale']!r} is not a known locale") from exc
        rate = m["vat_rate"]
        members[m["country"]] = MemberState(
            m["country"], m["currency"], m["locale"], None if rate is None else Decimal(rate), m["vat_source"]
        )
    if data["kind"] == "customs_union" and not data.get("union_source"):
        raise ProfileError(f"{name}: union_source: required for a customs union")
    if data["kind"] == "country" and list(members) != [data["jurisdiction"]]:
        raise ProfileError(f"{name}: members: a country profile has exactly itself ({data['jurisdiction']}) as member")

    thresholds = []
    for i, t in enumerate(data["thresholds"]):
        _check_currency(name, f"thresholds.{i}.currency", t["currency"])
        thresholds.append(
            Threshold(
                tax=t["tax"],
                amount=Decimal(t["amount"]),
                currency=t["currency"],
                measure=t["measure"],
                transports=frozenset(t["transports"]) if "transports" in t else None,
                from_countries=frozenset(t["from_countries"]) if "from_countries" in t else None,
                valid_from=_opt_date(t.get("valid_from")),
                valid_until=_opt_date(t.get("valid_until")),
                note=t.get("note", ""),
                source=t["source"],
            )
        )
    rates_data = data["duty_rates"]
    rates = sorted(
        (
            RateEntry(r["prefix"], Decimal(r["percent"]), r.get("description", ""), r["source"])
            for r in rates_data.get("table", [])
        ),
        key=lambda r: -len(r.prefix),
    )
    rules: dict[tuple[Side, Movement], tuple[Rule, ...]] = {}
    for side_name, by_movement in data["rules"].items():
        side = Side(side_name)
        for movement_name, rule_list in by_movement.items():
            movement = Movement(movement_name)
            compiled = tuple(
                _rule(
                    name,
                    f"rules.{side_name}.{movement_name}.{i}",
                    side,
                    movement,
                    r,
                    f"{data['jurisdiction']} profile {version}",
                )
                for i, r in enumerate(rule_list)
            )
            if compiled[-1].when:
                raise ProfileError(
                    f"{name}: rules.{side_name}.{movement_name}: the last rule must have no 'when' (the fallback), "
                    "so that every leg gets a decision"
                )
            ids = [r.id for r in compiled]
            if len(set(ids)) != len(ids):
                raise ProfileError(f"{name}: rules.{side_name}.{movement_name}: rule ids must be unique")
            rules[(side, movement)] = compiled
    if data["status"] == "confirmed":
        missing = [f"{s}.{m}" for s in Side for m in Movement if (s, m) not in rules]
        if missing:
            raise ProfileError(
                f"{name}: rules: a confirmed profile covers every movement on both sides; missing {missing}"
            )
    tax = data["tax"]
    valuation = data["valuation"]
    return CountryProfile(
        jurisdiction=data["jurisdiction"],
        name=data["name"],
        kind=data["kind"],
        status=data["status"],
        as_of=as_of,
        version=version,
        file=name,
        members=members,
        tax_name=tax["name"],
        default_vat_base=tuple(tax["default_base"]),
        tax_source=tax["source"],
        valuation_basis=valuation["basis"],
        valuation_source=valuation["source"],
        repair_cost_adds=tuple(valuation["repair_cost_adds"]),
        repair_cost_source=valuation["repair_cost_source"],
        thresholds=tuple(thresholds),
        duty_rates=tuple(rates),
        duty_rate_source=rates_data["source"],
        us_hts_general=bool(rates_data.get("us_hts_general", False)),
        importer=_party_rule(data["parties"]["importer"]),
        exporter=_party_rule(data["parties"]["exporter"]),
        rules=rules,
        union_source=data.get("union_source", ""),
    )


def _party_rule(p: dict[str, Any]) -> PartyRule:
    return PartyRule(
        establishment_required=p["establishment_required"],
        accepted_identifiers=tuple(p.get("accepted_identifiers", ())),
        representation=p.get("representation"),
        exempt_regimes=frozenset(Regime(r) for r in p.get("exempt_regimes", ())),
        documents=tuple(p.get("documents", ())),
        source=p["source"],
    )


def _rule(name: str, key: str, side: Side, movement: Movement, r: dict[str, Any], label: str) -> Rule:
    when: list[tuple[str, Any]] = []
    for pred, value in (r.get("when") or {}).items():
        if pred in ("from_country", "to_country"):
            for j, cc in enumerate(value):
                _check_country(name, f"{key}.when.{pred}.{j}", cc)
        when.append((pred, frozenset(value) if isinstance(value, list) else value))
    regime = Regime(r["regime"])
    duty_base = DutyBase(r["duty_base"]) if "duty_base" in r else None
    if side is Side.IMPORT and duty_base is None:
        raise ProfileError(f"{name}: {key}.duty_base: required on import rules")
    if side is Side.EXPORT and (duty_base is not None or "vat" in r):
        raise ProfileError(f"{name}: {key}: duty_base and vat belong to import rules only")
    tl = r.get("time_limit")
    time_limit = None
    if tl is not None:
        if tl["on_exceed"] == "flag" and "flag" not in tl:
            raise ProfileError(f"{name}: {key}.time_limit.flag: required when on_exceed is 'flag'")
        time_limit = TimeLimit(
            period=Period(**tl["period"]),
            start=tl["start"],
            end=tl["end"],
            authorised_deadline=tl.get("authorised_deadline", False),
            on_exceed=tl["on_exceed"],
            flag=tl.get("flag", "RELIEF_PERIOD_EXCEEDED"),
            event=tl["event"],
            source=tl["source"],
        )
    vat = r.get("vat")
    condition_text = ", ".join(f"{k}={_show(v)}" for k, v in when) or "otherwise"
    codes = "/".join(
        ([r["procedure_code"]] if r.get("procedure_code") else []) + list(r.get("additional_procedure_codes", ()))
    )
    headline = (
        f"{label}: {side} side, {movement}: rule '{r['id']}' ({condition_text}) -> {regime}"
        f"{' ' + codes if codes else ''} ({r['source']})"
    )
    return Rule(
        id=r["id"],
        side=side,
        movement=movement,
        when=tuple(when),
        regime=regime,
        procedure_code=r.get("procedure_code"),
        additional_procedure_codes=tuple(r.get("additional_procedure_codes", ())),
        declaration_required=r.get("declaration_required", True),
        duty_base=duty_base,
        vat=None
        if vat is None
        else VatTreatment(bool(vat.get("relief", False)), tuple(vat["base"]) if "base" in vat else None, vat["source"]),
        legal_basis=tuple(r["legal_basis"]),
        documents=tuple(r.get("documents", ())),
        time_limit=time_limit,
        guarantee_required=r.get("guarantee_required", False),
        identification_required=r.get("identification_required", False),
        confirmed=r.get("confirmed", True),
        note=r.get("note", ""),
        source=r["source"],
        condition_text=condition_text,
        headline=headline,
        papers=None if "papers" not in r else tuple(Paper(p) for p in r["papers"]),
    )


def validate_each(schema: bytes, contents: Iterable[tuple[str, bytes]]) -> list[str]:
    """Check each profile (file name and bytes) on its own, for `tradedesk profiles-validate`: one message per
    broken file."""
    validator = _validator(json.loads(schema))
    problems = []
    for name, raw in contents:
        try:
            _compile_one(name, raw, validator)
        except ProfileError as exc:
            problems.append(str(exc))
    return problems


__all__ = ["PREDICATES", "CountryProfile", "ProfileError", "ProfileSet", "Rule", "Transport", "compile_profiles"]
