"""classify(leg, profiles) -> LegDecision: the customs regime of both sides of one leg, and why.

The order follows the reference's decision order (customs-regimes.md §15): identity and state of the goods,
direction (which side, which movement), warranty, split charges, time limits, thresholds, parties. The
jurisdiction-specific answers (codes, provisions, periods, valuation elements) come from the profiles'
ordered rule lists: the first rule whose `when` holds and whose time limit is met wins; the last rule of
every list is an unconditional fallback, so classification is total. Deterministic: no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

import pycountry

from tradedesk.domain import carnets, checks, plausibility, trade_controls, valuation
from tradedesk.domain.checks import flag
from tradedesk.domain.model import (
    Conversion,
    Deadline,
    DutyBase,
    Flag,
    Leg,
    LegDecision,
    Movement,
    Party,
    Regime,
    Side,
    SideDecision,
)
from tradedesk.domain.papers import PaperRule, papers_for
from tradedesk.domain.periods import Period, PeriodOutOfRange
from tradedesk.domain.profiles import CountryProfile, ProfileSet, Rule, TimeLimit
from tradedesk.domain.uncovered import KIND as UNCOVERED
from tradedesk.domain.uncovered import baseline_notes, uncovered_profile

#: movements whose import side claims relief on the strength of an earlier export
RELIEF_ON_PRIOR_EXPORT = frozenset(
    {Movement.RETURN_AFTER_REPAIR, Movement.DEMO_RETURN, Movement.RETURN_FOR_REFUND, Movement.DEFECTIVE_RETURN}
)
RELIEF_REGIMES = frozenset(
    {
        Regime.OUTWARD_PROCESSING,
        Regime.TEMPORARY_EXPORT,
        Regime.REIMPORT_AFTER_REPAIR,
        Regime.RETURNED_GOODS_RELIEF,
        Regime.WARRANTY_RELIEF,
        Regime.TEMPORARY_ADMISSION,
        Regime.ADVANCE_REPLACEMENT_IMPORT,
        Regime.INWARD_PROCESSING,
    }
)


#: the leg field each kind of time-limit start is read from (for errors naming the input)
START_FIELDS = {"ship_date": "ship_date", "prior_export": "prior_export.date", "paired_leg": "paired_leg.ship_date"}


class DateOutOfRange(ValueError):
    """A date of the leg starts a relief period that would end after 9999-12-31; `field` names the leg field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class UnknownJurisdiction(ValueError):
    """A code that names no ISO 3166-1 country; `field` names the leg field."""

    def __init__(self, field: str, country: str) -> None:
        super().__init__(f"{country!r} is not an ISO 3166-1 alpha-2 country code")
        self.field = field
        self.country = country


@cache
def _generic(side: Side, movement: Movement) -> Rule:
    """Conservative default where a partial profile has no rule: plain export / import at full value."""
    is_import = side is Side.IMPORT
    return Rule(
        id=f"generic-{side}",
        side=side,
        movement=movement,
        when=(),
        regime=Regime.STANDARD_IMPORT if is_import else Regime.STANDARD_EXPORT,
        procedure_code=None,
        additional_procedure_codes=(),
        declaration_required=True,
        duty_base=DutyBase.FULL_VALUE if is_import else None,
        vat=None,
        legal_basis=(
            "no confirmed rule for this movement in the profile: plain "
            f"{'import at full value' if is_import else 'export'} assumed (conservative default)",
        ),
        documents=(),
        time_limit=None,
        guarantee_required=False,
        identification_required=False,
        confirmed=False,
        note="",
        source="TradeDesk conservative default for uncovered movements",
        condition_text="otherwise",
    )


def established(party: Party | None, profile: CountryProfile) -> bool:
    if party is None:
        return False
    return party.country in profile.members or any(c in profile.members for c in party.established_in)


@dataclass(frozen=True, slots=True)
class _Clock:
    deadline: date | None
    compared: date | None
    exceeded: bool
    text: str


def _clock(tl: TimeLimit, leg: Leg) -> _Clock:
    prior = leg.prior_export
    paired = leg.paired_leg
    start: date | None
    if tl.start == "ship_date":
        start = leg.ship_date
    elif tl.start == "prior_export":
        start = None if prior is None else prior.date
    else:
        start = None if paired is None else paired.ship_date
    deadline: date | None = None
    if tl.authorised_deadline and prior is not None and prior.reimport_deadline is not None:
        deadline = prior.reimport_deadline
        basis = f"authorised deadline {deadline.isoformat()}"
    elif start is not None:
        try:
            deadline = tl.period.after(start)
        except PeriodOutOfRange as exc:
            raise DateOutOfRange(START_FIELDS.get(tl.start, tl.start), f"{exc} ({tl.event}; {tl.source})") from exc
        basis = f"{tl.period} from {tl.start.replace('_', ' ')} {start.isoformat()}"
    else:
        return _Clock(
            None, None, False, f"{tl.event}: no {tl.start.replace('_', ' ')} date, period {tl.period} not checked"
        )
    if tl.end == "ship_date":
        compared: date | None = leg.ship_date
    else:
        compared = paired.ship_date if paired is not None and paired.ship_date is not None else leg.as_of
    exceeded = compared is not None and compared > deadline
    if compared is None:
        text = f"{tl.event} by {deadline.isoformat()} ({basis}; {tl.source})"
    else:
        verdict = "AFTER" if exceeded else "within"
        text = f"{tl.event} on {compared.isoformat()} is {verdict} the deadline {deadline.isoformat()} ({basis}; {tl.source})"
    return _Clock(deadline, compared, exceeded, text)


class _SideRun:
    """Evaluates one side of one leg against one profile."""

    __slots__ = (
        "baselines",
        "exceeded",
        "flags",
        "holder",
        "leg",
        "paper_rules",
        "profile",
        "side",
        "trace",
        "transformed",
        "used",
    )

    def __init__(
        self,
        leg: Leg,
        profile: CountryProfile,
        side: Side,
        transformed: bool,
        trace: list[str],
        flags: list[Flag],
        used: dict[tuple[str, str], Conversion],
        baselines: Any = None,
        paper_rules: tuple[PaperRule, ...] = (),
    ) -> None:
        self.baselines = baselines or {}
        self.paper_rules = paper_rules
        self.leg = leg
        self.profile = profile
        self.side = side
        self.transformed = transformed
        self.trace = trace
        self.flags = flags
        self.used = used
        self.exceeded: list[Rule] = []
        self.holder: Party | None = None

    def holds(self, pred: str, expected: Any) -> bool:
        """One `when:` condition of a rule: a fact that is true or false of the leg (`warranty: true`), or a
        value of the leg that must be one of those listed (`to_country: [CH, LI]`)."""
        if pred in _VALUES:
            return _VALUES[pred](self) in expected
        if pred not in _FACTS:  # pragma: no cover - profiles.PREDICATES and the schema keep this closed
            raise ValueError(f"unknown predicate {pred}")
        return _FACTS[pred](self) is expected

    def failing(self, rule: Rule) -> list[str]:
        return [f"{p}={v}" for p, v in rule.when if not self.holds(p, v)]

    def choose(self) -> tuple[Rule, _Clock | None]:
        profile, side, leg = self.profile, self.side, self.leg
        rules = profile.rules.get((side, leg.movement)) or (_generic(side, leg.movement),)
        for rule in rules:
            if not all(self.holds(p, v) for p, v in rule.when):
                continue
            clock = _clock(rule.time_limit, leg) if rule.time_limit is not None else None
            if (
                clock is not None
                and clock.exceeded
                and rule.time_limit is not None
                and rule.time_limit.on_exceed == "fallback"
            ):
                self.exceeded.append(rule)
                self.trace.append(f"{profile.label()}: {side} side: rule '{rule.id}' not applied: {clock.text}")
                self.flags.append(
                    flag(
                        rule.time_limit.flag,
                        f"{side} side ({profile.jurisdiction}): {clock.text}; relief under '{rule.id}' "
                        f"({'; '.join(rule.legal_basis[:1])}) is lost and the next rule applies",
                        side,
                    )
                )
                continue
            return self._held_by_owner(rule) or (rule, clock)
        raise AssertionError("profiles guarantee an unconditional last rule")  # pragma: no cover

    def _held_by_owner(self, chosen: Rule) -> tuple[Rule, _Clock | None] | None:
        """Temporary admission held by the goods' owner when the declared importer cannot hold it.

        A temporary-admission rule whose only unmet condition is `importer_established: false` (the holder must
        be established outside, e.g. UCC Art. 250(2)(b)) still fits the movement when the owner, the leg's
        exporter, is established outside: the owner holds it (through the representation the profile names),
        and TA_HOLDER_INELIGIBLE says so, instead of a silent fall to a full-value import.
        """
        leg, profile = self.leg, self.profile
        owner = leg.exporter
        if (
            self.side is not Side.IMPORT
            or chosen.regime is Regime.TEMPORARY_ADMISSION
            or owner is None
            or established(owner, profile)
        ):
            return None
        for rule in self._rules():
            if rule is chosen:
                return None
            if rule.regime is not Regime.TEMPORARY_ADMISSION or self.failing(rule) != ["importer_established=False"]:
                continue
            clock = _clock(rule.time_limit, leg) if rule.time_limit is not None else None
            if (
                clock is not None
                and clock.exceeded
                and rule.time_limit is not None
                and rule.time_limit.on_exceed == "fallback"
            ):
                return None
            self.holder = owner
            importer = leg.importer.name if leg.importer is not None else "the declared importer"
            rep = profile.importer.representation
            via = f", through an {rep} customs representative" if rep else ""
            self.trace.append(
                f"{profile.jurisdiction} holder: {importer} is established in {profile.name} and cannot "
                f"hold temporary admission under '{rule.id}' ({rule.legal_basis[0] if rule.legal_basis else rule.source}); "
                f"the owner {owner.name} ({owner.country}) holds it{via}"
            )
            if not leg.ata_carnet:
                self.flags.append(
                    flag(
                        "TA_HOLDER_INELIGIBLE",
                        f"import side ({profile.jurisdiction}): temporary admission fits this {leg.movement}, but its holder "
                        f"must be established outside {profile.name} ({rule.source}); {importer} is established there, so "
                        f"the owner {owner.name} must hold and declare it{via}, with {importer} as consignee only; "
                        f"declared by {importer} it would be '{chosen.id}' ({chosen.regime}, full duty and tax)",
                        Side.IMPORT,
                    )
                )
            return rule, clock
        return None  # pragma: no cover - the chosen rule is always in the list

    def decide(self) -> SideDecision | None:
        profile, side, leg = self.profile, self.side, self.leg
        rule, clock = self.choose()
        self.trace.append(
            rule.headline
            or f"{profile.label()}: {side} side, {leg.movement}: rule '{rule.id}' "
            f"({rule.condition_text}) -> {rule.regime} ({rule.source})"
        )
        if rule.note:
            self.trace.append(f"{profile.jurisdiction} note: {rule.note}")
        self._coverage(rule)
        deadline = self._time_limit(rule, clock)
        self._warranty_check(rule)
        carnet = carnets.terms(leg, side, rule, profile.jurisdiction, deadline)
        if carnet is not None:
            deadline = self._carnet(carnet)
        elif (note := carnets.not_covered_note(leg, rule, profile.jurisdiction)) is not None:
            self.trace.append(note)
        if not rule.declaration_required:
            self.trace.append(f"{profile.jurisdiction}: no {side} declaration needed for this movement ({rule.source})")
            return None
        documents = list(rule.documents) if carnet is None else [*carnet.documents, *_beside_carnet(rule.documents)]
        needs_party, representation = self._party_check(rule, documents)
        if self.holder is not None and representation is None:
            representation = profile.importer.representation
        common: dict[str, Any] = {
            "side": side,
            "jurisdiction": profile.jurisdiction,
            "regime": rule.regime,
            "procedure_code": rule.procedure_code,
            "additional_procedure_codes": rule.additional_procedure_codes,
            "legal_basis": rule.legal_basis,
            "documents": tuple(documents),
            "papers": tuple(str(p) for p in papers_for(self.paper_rules, rule.regime, side, leg.movement, rule.papers)),
            "deadline": deadline,
            "rule_id": rule.id,
            "confirmed": rule.confirmed and not profile.partial,
            "guarantee_required": rule.guarantee_required and carnet is None,
            "party_of_record_required": needs_party,
            "representation": representation,
            "holder": None if self.holder is None else self.holder.name,
        }
        if side is Side.EXPORT:
            return SideDecision(**common)
        return SideDecision(**common, **self._value(rule))

    def _coverage(self, rule: Rule) -> None:
        """PROFILE_MISSING for a country without a profile; PROFILE_PARTIAL where the answer is best effort."""
        profile, side = self.profile, self.side
        if profile.kind == UNCOVERED:
            self._uncovered()
        elif profile.partial or not rule.confirmed:
            why = (
                "profile marked partial"
                if profile.partial
                else f"rule '{rule.id}' is not confirmed by a primary source"
            )
            self.flags.append(
                flag(
                    "PROFILE_PARTIAL",
                    f"{side} side ({profile.jurisdiction}): {why}; best-effort answer ({rule.source}) "
                    "to be checked by a compliance officer",
                    side,
                )
            )

    def _time_limit(self, rule: Rule, clock: _Clock | None) -> Deadline | None:
        """The rule's deadline, traced; its flag when the shipment is past it."""
        if clock is None:
            return None
        profile, side = self.profile, self.side
        self.trace.append(f"{profile.jurisdiction} time limit: {clock.text}")
        if rule.time_limit is None:
            return None
        if clock.exceeded:
            self.flags.append(flag(rule.time_limit.flag, f"{side} side ({profile.jurisdiction}): {clock.text}", side))
        return (
            None if clock.deadline is None else Deadline(clock.deadline, rule.time_limit.event, rule.time_limit.source)
        )

    def _carnet(self, carnet: carnets.CarnetTerms) -> Deadline | None:
        """Under an ATA carnet the carnet's own terms hold: its trace, its deadline, its expiry."""
        profile, side, leg = self.profile, self.side, self.leg
        self.trace.extend(carnet.trace)
        if carnet.expires is not None and carnet.expired_by(leg.ship_date):
            code = "TEMPORARY_ADMISSION_OVERDUE" if side is Side.EXPORT else "RELIEF_PERIOD_EXCEEDED"
            self.flags.append(
                flag(
                    code,
                    f"{side} side ({profile.jurisdiction}): the ATA carnet expired on "
                    f"{carnet.expires.isoformat()}, before this shipment on "
                    f"{leg.ship_date.isoformat()} ({carnets.VALIDITY_SOURCE})",
                    side,
                )
            )
        return carnet.deadline

    def _uncovered(self) -> None:
        """PROFILE_MISSING on the leg (every declaration of the leg carries it, to be acknowledged with a reason)."""
        profile, side = self.profile, self.side
        self.flags.append(
            flag(
                "PROFILE_MISSING",
                f"{side} side ({profile.jurisdiction}): {profile.name} has no country profile, so this side "
                f"is not covered; a customs broker in {profile.name} must decide its regime, procedure "
                "and documents",
            )
        )
        if side is Side.IMPORT:
            member = profile.members[profile.jurisdiction]
            self.flags.append(
                flag(
                    "PROFILE_PARTIAL",
                    f"import side ({profile.jurisdiction}): the estimate at full value rests on the world "
                    f"baseline ({member.vat_source}); check it with the broker",
                    side,
                )
            )
        for note in baseline_notes(self.leg_baseline()):
            self.trace.append(f"{profile.jurisdiction} baseline: {note}")

    def leg_baseline(self) -> Any:
        return self.baselines.get(self.profile.jurisdiction)

    def _value(self, rule: Rule) -> dict[str, Any]:
        profile, leg = self.profile, self.leg
        currency = profile.currency_of(leg.to_country) or leg.items[0].value.currency
        amounts = valuation.amounts(leg, currency, self.used)
        v = valuation.value(leg, rule, profile, amounts, self.used)
        self.trace.append(
            f"{profile.jurisdiction} valuation: duty base {v.duty_base}, full customs value {v.full_value.amount} {currency}"
            f" ({profile.valuation_basis.upper()}: {profile.valuation_source})"
        )
        for note in v.notes:
            self.trace.append(f"{profile.jurisdiction} valuation: {note}")
        for d in v.item_duties:
            self.trace.append(
                f"{profile.jurisdiction} duty: items.{d.index} HS {d.hs_code} base {d.base.amount} x {d.rate_text}"
                f" = {'not estimated' if d.duty is None else d.duty.amount} ({d.rate_source})"
            )
        if v.below_de_minimis:
            text = "; ".join(v.below_de_minimis)
            self.trace.append(f"{profile.jurisdiction} de minimis: {text}")
            self.flags.append(flag("BELOW_DE_MINIMIS", f"import side ({profile.jurisdiction}): {text}", Side.IMPORT))
        self._relief_checks(rule)
        return {
            "duty_base": v.duty_base,
            "full_value": v.full_value,
            "customs_value": v.customs_value,
            "duty": v.duty,
            "vat": v.vat,
            "vat_rate_percent": v.vat_rate,
            "vat_base": v.vat_base,
            "item_duties": v.item_duties,
            "vat_name": profile.tax_name,
            "de_minimis": v.below_de_minimis,
        }

    def _rules(self) -> tuple[Rule, ...]:
        return self.profile.rules.get((self.side, self.leg.movement), ())

    def _warranty_check(self, chosen: Rule) -> None:
        w = self.leg.warranty
        if w is None or not w.covered or ("warranty", True) in chosen.when:
            return
        relief = [r for r in self._rules() if ("warranty", True) in r.when]
        if not relief:
            return
        reasons: list[str] = []
        for r in relief:
            if r in self.exceeded:
                reasons.append(f"'{r.id}': relief period exceeded")
            else:
                reasons.append(f"'{r.id}' needs {', '.join(self.failing(r))}")
        if w.paid_service_contract:
            reasons.insert(
                0, "the repair is covered by a paid service contract / extended warranty, which is a paid repair"
            )
        self.flags.append(
            flag(
                "WARRANTY_RELIEF_NOT_APPLIED",
                f"{self.side} side ({self.profile.jurisdiction}): warranty claimed but relief "
                f"({'; '.join(relief[0].legal_basis[:1])}) not applied: {'; '.join(reasons)}",
                self.side,
            )
        )

    def _relief_checks(self, chosen: Rule) -> None:
        leg, profile = self.leg, self.profile
        if leg.movement not in RELIEF_ON_PRIOR_EXPORT:
            return
        relief = [r for r in self._rules() if r.duty_base is not DutyBase.FULL_VALUE]
        if not relief or chosen.duty_base is not DutyBase.FULL_VALUE:
            return
        if leg.prior_export is None:
            self.flags.append(
                flag(
                    "NO_PRIOR_EXPORT_RECORD",
                    f"import side ({profile.jurisdiction}): {leg.movement} claims relief ({'; '.join(relief[0].legal_basis[:1])}) "
                    "but no prior export is on record; declared at full value",
                    Side.IMPORT,
                )
            )
        elif leg.movement is Movement.RETURN_AFTER_REPAIR and not self.transformed and not self.exceeded:
            self.flags.append(
                flag(
                    "FULL_VALUE_ON_REPAIR_REIMPORT",
                    f"import side ({profile.jurisdiction}): repaired goods re-imported at full value because the prior export "
                    f"({leg.prior_export.regime or 'regime unknown'}, {leg.prior_export.reference or 'no reference'}) was not made "
                    f"under a regime that gives repair relief ({'; '.join(relief[0].legal_basis[:1])}); check for a retrospective "
                    "outward-processing authorisation",
                    Side.IMPORT,
                )
            )

    def _party_check(self, rule: Rule, documents: list[str]) -> tuple[bool, str | None]:
        profile, side, leg = self.profile, self.side, self.leg
        is_import = side is Side.IMPORT
        party_rule = profile.importer if is_import else profile.exporter
        party = (self.holder or leg.importer) if is_import else leg.exporter
        role = "importer" if is_import else "exporter"
        assigned = leg.ior if is_import else leg.eor
        if not party_rule.establishment_required or rule.regime in party_rule.exempt_regimes:
            return False, None
        if is_import and leg.ata_carnet and rule.regime is Regime.TEMPORARY_ADMISSION:
            self.trace.append(
                f"{profile.jurisdiction} parties: the ATA carnet holder declares the temporary admission "
                "(ATA Convention 1961 / Istanbul Convention Annex A); no local importer needed"
            )
            return False, None
        if established(party, profile):
            return False, None
        name = party.name if party is not None else f"the {role}"
        for scheme in party_rule.accepted_identifiers:
            if party is not None and party.identifier(scheme):
                self.trace.append(
                    f"{profile.jurisdiction} parties: {name} is not established but may act as {role} "
                    f"with its {scheme} ({party_rule.source})"
                )
                documents.extend(party_rule.documents)
                return False, None
        documents.extend(party_rule.documents)
        rep = party_rule.representation
        if assigned is not None and established(assigned, profile):
            self.trace.append(
                f"{profile.jurisdiction} parties: {name} is not established; {assigned.name} acts as {role} "
                f"of record ({rep} representation; {party_rule.source})"
            )
        else:
            code = "NO_LOCAL_IMPORTER" if is_import else "NO_LOCAL_EXPORTER"
            self.trace.append(
                f"{profile.jurisdiction} parties: {name} is not established and no {role} of record is assigned "
                f"({party_rule.source})"
            )
            self.flags.append(
                flag(
                    code,
                    f"{side} side ({profile.jurisdiction}): {name} is not established in "
                    f"{profile.name} and no {role} of record is assigned; appoint one "
                    f"({rep or 'any'} representation; {party_rule.source})",
                    side,
                )
            )
        return True, rep


#: words of a rule's document that the carnet's voucher replaces (the declaration, its guarantee, the carnet itself)
_CARNET_REPLACES = ("declaration", "guarantee", "carnet", "authorisation", "security", "bond")


def _beside_carnet(documents: tuple[str, ...]) -> list[str]:
    """The rule's documents a carnet does not replace (e.g. a licence for controlled goods)."""
    return [d for d in documents if not any(word in d.casefold() for word in _CARNET_REPLACES)]


def _identity(leg: Leg, trace: list[str], flags: list[Flag]) -> bool:
    """Identity and state of the goods against the prior export (decision order step 1); True = transformed."""
    transformed = False
    changed = checks.reclassified_items(leg)
    prior = leg.prior_export
    if changed and prior is not None:
        transformed = True
        for i, item in changed:
            flags.append(
                flag(
                    "RECLASSIFIED_AFTER_REPAIR",
                    f"items.{i}: HS {item.hs_code} on return differs from HS {prior.hs_code} at export: the goods were"
                    " transformed, so repair / returned-goods relief does not apply (UCC Art. 203(5), 259; 19 CFR 10.8;"
                    " Singapore TCI: HS change => GST on full value)",
                )
            )
        trace.append(
            f"identity: HS changed since export ({prior.hs_code} -> "
            f"{', '.join(item.hs_code for _, item in changed)}): transformed"
        )
    elif prior is not None and prior.hs_code:
        trace.append(f"identity: HS {prior.hs_code} at export matches the goods now")
    if leg.repair is not None and leg.repair.essential_parts_replaced:
        transformed = True
        flags.append(
            flag(
                "NEW_ARTICLE_AFTER_REPAIR",
                "essential parts were replaced abroad: the result is a new or commercially different article, not a "
                "repair (CBP HQ 555443; 19 CFR 10.8; HMRC SPE14030), so it is imported at full value",
            )
        )
        trace.append("identity: essential parts replaced: new article")
    mismatch = checks.serial_mismatch(leg)
    if mismatch is not None and prior is not None:
        missing, unexpected = mismatch
        flags.append(
            flag(
                "SERIAL_MISMATCH",
                f"serial numbers differ from the prior export {prior.reference or ''}: missing "
                f"{sorted(missing) or '-'}, unexpected {sorted(unexpected) or '-'} (swap risk; identification of "
                "goods is a condition of OP/RGR relief, UCC Art. 203, 259; IA Art. 253)",
            )
        )
        trace.append("identity: serial numbers differ from the prior export")
    elif prior is not None and prior.serial_numbers:
        trace.append("identity: serial numbers match the prior export")
    return transformed


def _union(leg: Leg, profile: CountryProfile) -> LegDecision:
    text = (
        f"{leg.from_country} and {leg.to_country} are both in the {profile.name}: no customs formalities "
        f"({profile.union_source})"
    )
    sides = tuple(
        SideDecision(
            side=side,
            jurisdiction=profile.jurisdiction,
            regime=Regime.NO_FORMALITIES,
            procedure_code=None,
            additional_procedure_codes=(),
            legal_basis=(profile.union_source,),
            documents=(),
            deadline=None,
            rule_id="customs-union",
            confirmed=True,
        )
        for side in (Side.EXPORT, Side.IMPORT)
    )
    return LegDecision(export=sides[0], import_=sides[1], flags=(), trace=(text,), profiles=(profile.ref,))


def side_profile(profiles: ProfileSet, country: str, field: str) -> CountryProfile:
    """The country's profile, else its stand-in from the world baseline (a `not_covered` side); a code that
    names no ISO 3166-1 country at all raises UnknownJurisdiction."""
    profile = profiles.for_country(country)
    if profile is not None:
        return profile
    if country not in profiles.baseline and pycountry.countries.get(alpha_2=country) is None:
        raise UnknownJurisdiction(field, country)
    return uncovered_profile(country, profiles.baseline.get(country))


def _warranty_relief(run: _SideRun) -> bool:
    w = run.leg.warranty
    return w is not None and w.covered and not w.paid_service_contract


def _upgrade(run: _SideRun) -> bool:
    r = run.leg.repair
    return r is not None and r.upgrade_value is not None and r.upgrade_value.amount > 0


def _same_person(run: _SideRun) -> bool:
    """The one re-importing is the one who exported (names compared as written, case and spacing aside)."""
    prior, importer = run.leg.prior_export, run.leg.importer
    return (
        prior is not None
        and prior.exporter is not None
        and importer is not None
        and prior.exporter.casefold().strip() == importer.name.casefold().strip()
    )


#: `when:` conditions that are facts of the leg, true or false (profiles.PREDICATES names them all)
_FACTS: dict[str, Callable[[_SideRun], bool]] = {
    "warranty": _warranty_relief,
    "paid_service_contract": lambda run: run.leg.warranty is not None and run.leg.warranty.paid_service_contract,
    "repair_charged": lambda run: run.leg.repair is not None and run.leg.repair.charged,
    "upgrade": _upgrade,
    "transformed": lambda run: run.transformed,
    "prior_export": lambda run: run.leg.prior_export is not None,
    "origin_domestic": lambda run: all(item.origin_country in run.profile.members for item in run.leg.items),
    "ata_carnet": lambda run: run.leg.ata_carnet,
    "same_person": _same_person,
    "importer_established": lambda run: established(run.leg.importer, run.profile),
    "exporter_established": lambda run: established(run.leg.exporter, run.profile),
}

#: `when:` conditions that list the values a leg's field may have
_VALUES: dict[str, Callable[[_SideRun], str | None]] = {
    "prior_regime": lambda run: None if run.leg.prior_export is None else run.leg.prior_export.regime,
    "from_country": lambda run: run.leg.from_country,
    "to_country": lambda run: run.leg.to_country,
    "transport": lambda run: str(run.leg.transport),
}


def classify(leg: Leg, profiles: ProfileSet) -> LegDecision:
    """Decide both sides of `leg`. A side whose country has no profile is `not_covered` (PROFILE_MISSING), with
    an estimate from the world baseline on the import side; the other side is decided in full."""
    exp_profile = side_profile(profiles, leg.from_country, "from_country")
    imp_profile = side_profile(profiles, leg.to_country, "to_country")
    if exp_profile is imp_profile:
        return _with_trade_controls(_union(leg, exp_profile), leg, profiles, crosses_border=False)
    trace: list[str] = []
    flags: list[Flag] = []
    used: dict[tuple[str, str], Conversion] = {}
    transformed = _identity(leg, trace, flags)
    sides = {
        side: _SideRun(leg, profile, side, transformed, trace, flags, used, profiles.baseline, profiles.papers).decide()
        for side, profile in ((Side.EXPORT, exp_profile), (Side.IMPORT, imp_profile))
    }
    export, import_ = sides[Side.EXPORT], sides[Side.IMPORT]
    relies = any(d is not None and d.regime in RELIEF_REGIMES for d in (export, import_))
    flags.extend(checks.identity_flags(leg, relies, profiles.identification))
    flags.extend(plausibility.flags(leg))
    decision = LegDecision(
        export=export,
        import_=import_,
        flags=tuple(flags),
        trace=tuple(trace),
        profiles=(exp_profile.ref, imp_profile.ref),
        conversions=tuple(used[k] for k in sorted(used)),
    )
    return _with_trade_controls(decision, leg, profiles, crosses_border=True)


def _with_trade_controls(decision: LegDecision, leg: Leg, profiles: ProfileSet, crosses_border: bool) -> LegDecision:
    """The decision with the leg's embargo, export-control and screening findings added (domain/trade_controls)."""
    found = trade_controls.check(leg, profiles.trade_controls, crosses_border)
    if not (found.flags or found.trace or found.export_controls):
        return decision
    return replace(
        decision,
        flags=decision.flags + found.flags,
        trace=decision.trace + found.trace,
        export_controls=found.export_controls,
    )


__all__ = ["DateOutOfRange", "Period", "UnknownJurisdiction", "classify", "established"]
