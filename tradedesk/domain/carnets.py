"""ATA carnets, the same in every jurisdiction: the carnet's validity caps the deadline, it is the guarantee,
and its voucher is the document that takes the place of the declaration.

Why in one place and not in each profile: these rules come from the conventions every carnet country applies
(the Istanbul Convention on temporary admission, Annex A, and the ATA Convention of 1961), not from national
law; the national profile still gives the regime and its own temporary-admission period, and the earlier of
that period and the carnet's expiry is the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tradedesk.domain.model import Deadline, Leg, Movement, Regime, Side
from tradedesk.domain.periods import Period, PeriodOutOfRange
from tradedesk.domain.profiles import Rule

VALIDITY = Period(years=1)
VALIDITY_SOURCE = (
    "Istanbul Convention (1990) Art. 7(1) and Annex A Art. 5: a carnet is valid for at most one year "
    "from its issue (HMRC ATA/CPD Carnets Manual ATACPD04400)"
)
GUARANTEE_SOURCE = (
    "Istanbul Convention (1990) Annex A Art. 8 (ATA Convention 1961 Art. 6): the guaranteeing "
    "association is liable for the duties and taxes, so no other security is asked"
)
#: the movements a carnet covers (demonstration / professional equipment / samples going and coming back)
MOVEMENTS = frozenset({Movement.DEMO_DISPATCH, Movement.DEMO_RETURN})
#: the regimes a carnet's vouchers stand for
REGIMES = frozenset(
    {Regime.TEMPORARY_ADMISSION, Regime.TEMPORARY_EXPORT, Regime.RE_EXPORT, Regime.RETURNED_GOODS_RELIEF}
)
#: (side, movement) -> (the voucher that is the declaration, the event its deadline is for)
VOUCHERS = {
    (Side.EXPORT, Movement.DEMO_DISPATCH): (
        "ATA carnet exportation voucher (it takes the place of the export declaration)",
        "re-import of the goods before the ATA carnet expires",
    ),
    (Side.IMPORT, Movement.DEMO_DISPATCH): (
        "ATA carnet importation voucher (it takes the place of the "
        "temporary-admission declaration and of its guarantee)",
        "re-export of the goods before the ATA carnet expires",
    ),
    (Side.EXPORT, Movement.DEMO_RETURN): (
        "ATA carnet re-exportation voucher (it discharges the temporary admission)",
        "re-export of the goods before the ATA carnet expires",
    ),
    (Side.IMPORT, Movement.DEMO_RETURN): (
        "ATA carnet re-importation voucher (it discharges the temporary export)",
        "re-import of the goods before the ATA carnet expires",
    ),
}
IDENTITY = "the carnet's general list with the goods' serial numbers (identity of the goods)"


@dataclass(frozen=True, slots=True)
class CarnetTerms:
    """What a carnet changes on one side: the deadline, the documents, the guarantee, and why."""

    deadline: Deadline | None
    documents: tuple[str, ...]
    expires: date | None
    trace: tuple[str, ...]

    def expired_by(self, day: date) -> bool:
        """The carnet had expired by `day` (a voucher used after its expiry discharges nothing)."""
        return self.expires is not None and day > self.expires


def first_use(leg: Leg) -> date | None:
    """The day the carnet was first used on this trip: the dispatch (this leg, or the export it relies on)."""
    if leg.movement is Movement.DEMO_DISPATCH:
        return leg.ship_date
    return None if leg.prior_export is None else leg.prior_export.date


def expiry(leg: Leg) -> tuple[date | None, str]:
    """The carnet's last valid day and how it is known."""
    if leg.ata_carnet_expires is not None:
        return leg.ata_carnet_expires, f"carnet expiry {leg.ata_carnet_expires.isoformat()} (given on the leg)"
    used = first_use(leg)
    if used is None:
        return None, "carnet expiry not given and no dispatch date on record"
    try:
        latest = VALIDITY.after(used)
    except PeriodOutOfRange:
        return None, "carnet expiry not given"
    return latest, (
        f"carnet expiry not given: at most {latest.isoformat()}, one year from its first use on "
        f"{used.isoformat()} ({VALIDITY_SOURCE})"
    )


def accepted(rule: Rule) -> bool:
    """The profile accepts a carnet under this rule: the rule is for carnets, or it names the carnet among its
    documents (e.g. "TA authorisation or ATA carnet"); a country that is no party to the conventions, or accepts
    carnets only from some countries, says so by its rules."""
    return ("ata_carnet", True) in rule.when or any("carnet" in d.casefold() for d in rule.documents)


def terms(leg: Leg, side: Side, rule: Rule, jurisdiction: str, deadline: Deadline | None) -> CarnetTerms | None:
    """The carnet's terms on this side, or None where the carnet does not stand for the chosen rule."""
    if not leg.ata_carnet or leg.movement not in MOVEMENTS or rule.regime not in REGIMES or not accepted(rule):
        return None
    voucher, event = VOUCHERS[(side, leg.movement)]
    ends, how = expiry(leg)
    trace = [f"{jurisdiction} ATA carnet: the {voucher.split(' (')[0]} is the declaration; {how}"]
    chosen = deadline
    if ends is not None and (deadline is None or ends < deadline.date):
        chosen = Deadline(ends, event, VALIDITY_SOURCE)
        national = "no national period" if deadline is None else f"the national period ends {deadline.date.isoformat()}"
        trace.append(f"{jurisdiction} ATA carnet: deadline {ends.isoformat()}, the carnet's expiry ({national})")
    elif deadline is not None:
        trace.append(
            f"{jurisdiction} ATA carnet: deadline {deadline.date.isoformat()}, the national period, before "
            "the carnet expires"
        )
    if side is Side.IMPORT and rule.regime is Regime.TEMPORARY_ADMISSION:
        trace.append(f"{jurisdiction} ATA carnet: no separate guarantee ({GUARANTEE_SOURCE})")
    return CarnetTerms(chosen, (voucher, IDENTITY), ends, tuple(trace))


def not_covered_note(leg: Leg, rule: Rule, jurisdiction: str) -> str | None:
    """A trace line when a carnet is on the leg but does not apply on this side (and why), else None."""
    if not leg.ata_carnet:
        return None
    if leg.movement not in MOVEMENTS:
        return (
            f"{jurisdiction} ATA carnet: not used for {leg.movement}: a carnet covers goods that come back "
            "unaltered (professional equipment, exhibitions, samples: Istanbul Convention Annexes B.1-B.3), "
            "not goods sent to be repaired or replaced"
        )
    if rule.regime not in REGIMES:
        return (
            f"{jurisdiction} ATA carnet: not applied: the profile answers {rule.regime} for this movement, which "
            "a carnet does not stand for"
        )
    if not accepted(rule):
        return f"{jurisdiction} ATA carnet: not accepted under '{rule.id}' ({rule.source}): declared as the rule says"
    return None
