"""Compliance flags: the known ways cross-border returns lose money or break the law (DESIGN.md §4).

The codes and severities are a contract relied on outside this repository: extend, never rename.
`error` blocks approval, `warning` needs an acknowledgement with a reason, `info` informs.
"""

from __future__ import annotations

from dataclasses import dataclass

from tradedesk.domain import hs, serials
from tradedesk.domain.model import Flag, Item, Leg, Severity, Side


@dataclass(frozen=True, slots=True)
class FlagKind:
    code: str
    severity: Severity
    rule: str


CATALOGUE: dict[str, FlagKind] = {
    k.code: k
    for k in (
        FlagKind(
            "FULL_VALUE_ON_REPAIR_REIMPORT",
            Severity.WARNING,
            "re-import after repair qualifies for repair-cost valuation but is declared at full value",
        ),
        FlagKind("NO_PRIOR_EXPORT_RECORD", Severity.WARNING, "relief on re-import needs the prior export on record"),
        FlagKind(
            "WARRANTY_RELIEF_NOT_APPLIED",
            Severity.WARNING,
            "warranty case where the destination grants relief but the decision does not apply it",
        ),
        FlagKind(
            "NO_LOCAL_IMPORTER",
            Severity.ERROR,
            "importer not established where it must be and no importer of record assigned",
        ),
        FlagKind(
            "NO_LOCAL_EXPORTER",
            Severity.ERROR,
            "exporter not established where it must be and no exporter of record assigned",
        ),
        FlagKind(
            "RECLASSIFIED_AFTER_REPAIR",
            Severity.ERROR,
            "HS code on return differs from the export: goods transformed, repair relief lost",
        ),
        FlagKind(
            "NEW_ARTICLE_AFTER_REPAIR", Severity.ERROR, "essential parts replaced: a new article, no longer a repair"
        ),
        FlagKind("SERIAL_MISMATCH", Severity.ERROR, "serial numbers on return differ from the export (swap risk)"),
        FlagKind(
            "RELIEF_PERIOD_EXCEEDED",
            Severity.WARNING,
            "movement after the relief period: relief lost, normal treatment applies",
        ),
        FlagKind(
            "REPLACEMENT_DEFECTIVE_OVERDUE",
            Severity.ERROR,
            "defective unit of an advance replacement not returned in time: duty on the replacement due",
        ),
        FlagKind(
            "TEMPORARY_ADMISSION_OVERDUE", Severity.ERROR, "temporarily admitted goods past their re-export deadline"
        ),
        FlagKind("MISSING_SERIAL", Severity.WARNING, "serialised goods without serial numbers"),
        FlagKind("MISSING_UDI", Severity.WARNING, "medical device without a UDI"),
        FlagKind("BELOW_DE_MINIMIS", Severity.INFO, "value below the destination's duty and/or tax threshold"),
        FlagKind(
            "PROFILE_PARTIAL",
            Severity.WARNING,
            "the jurisdiction's profile does not cover this movement with confirmed rules",
        ),
        FlagKind(
            "PROFILE_MISSING",
            Severity.WARNING,
            "one side's country has no profile: that side is not_covered and a broker there must decide it",
        ),
        FlagKind(
            "TA_HOLDER_INELIGIBLE",
            Severity.WARNING,
            "temporary admission fits, but the declared importer cannot hold it; the answer names who must",
        ),
        FlagKind(
            "PRIOR_EXPORT_REFERENCE_MISSING",
            Severity.ERROR,
            "a return relies on a prior export that has no customs reference (MRN) yet",
        ),
        FlagKind(
            "SERIAL_COUNT_MISMATCH",
            Severity.WARNING,
            "a serialised item whose quantity differs from the number of its serial numbers",
        ),
        FlagKind(
            "IMPLAUSIBLE_VALUE",
            Severity.WARNING,
            "a value or quantity far outside what the goods and the RMA make plausible",
        ),
        FlagKind(
            "RESTRICTED_PARTY_MATCH",
            Severity.ERROR,
            "a party on the leg matches an entry of a sanctions / restricted-party list",
        ),
        FlagKind("EMBARGOED_DESTINATION", Severity.ERROR, "the leg goes to an embargoed destination"),
        FlagKind(
            "EXPORT_CONTROL_REVIEW",
            Severity.ERROR,
            "a controlled item leaves without a recorded licence or licence exception",
        ),
    )
}


def flag(code: str, message: str, side: Side | None = None, severity: Severity | None = None) -> Flag:
    kind = CATALOGUE[code]
    return Flag(code, severity or kind.severity, message, side)


@dataclass(frozen=True, slots=True)
class IdentificationRules:
    serial_prefixes: tuple[str, ...]
    serial_source: str
    udi_prefixes: tuple[str, ...]
    udi_source: str


#: no HS code needs identifying: for profile sets compiled without hs_data/identification.yaml
NO_IDENTIFICATION_RULES = IdentificationRules((), "", (), "")


def identity_flags(leg: Leg, relies_on_identity: bool, rules: IdentificationRules) -> list[Flag]:
    """MISSING_SERIAL / MISSING_UDI; an error where the chosen regime's relief depends on identifying the goods."""
    out: list[Flag] = []
    severity_override = Severity.ERROR if relies_on_identity else None
    for i, item in enumerate(leg.items):
        if not item.serial_numbers and item.hs_code.startswith(rules.serial_prefixes):
            out.append(
                flag(
                    "MISSING_SERIAL",
                    f"items.{i} ({item.description}, HS {item.hs_code}) is serialised equipment without serial numbers;"
                    f" relief depends on identifying the goods ({rules.serial_source})",
                    severity=severity_override,
                )
            )
        if not item.udi and item.hs_code.startswith(rules.udi_prefixes):
            out.append(
                flag(
                    "MISSING_UDI",
                    f"items.{i} ({item.description}, HS {item.hs_code}) is a medical device without a UDI ({rules.udi_source})",
                    severity=severity_override,
                )
            )
    return out


def reclassified_items(leg: Leg) -> list[tuple[int, Item]]:
    """Items whose HS subheading differs from the one declared on the prior export."""
    prior = leg.prior_export
    if prior is None or not prior.hs_code:
        return []
    return [(i, item) for i, item in enumerate(leg.items) if not hs.same_classification(item.hs_code, prior.hs_code)]


def serial_mismatch(leg: Leg) -> tuple[frozenset[str], frozenset[str]] | None:
    """(missing, unexpected) serial numbers against the prior export, or None when they agree or are unknown
    (none on the export, or none given now); compared as serials.compare does."""
    prior = leg.prior_export
    now = [s for item in leg.items for s in item.serial_numbers]
    if prior is None or not now:
        return None
    difference = serials.compare(prior.serial_numbers, now)
    return None if difference is None else (frozenset(difference.missing), frozenset(difference.unexpected))
