"""Value objects of a cross-border RMA leg and of the decision about it.

Frozen dataclasses so that a leg can be shared between threads and cached; enums carry the contract's
string values (DESIGN.md §2-3), so `str(Movement.DEMO_RETURN)` is what goes over the wire.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Movement(StrEnum):
    EXPORT_FOR_REPAIR = "export_for_repair"
    RETURN_AFTER_REPAIR = "return_after_repair"
    WARRANTY_REPLACEMENT = "warranty_replacement"
    ADVANCE_REPLACEMENT = "advance_replacement"
    DEFECTIVE_RETURN = "defective_return"
    DEMO_DISPATCH = "demo_dispatch"
    DEMO_RETURN = "demo_return"
    RETURN_FOR_REFUND = "return_for_refund"


class Transport(StrEnum):
    COURIER = "courier"
    POST = "post"
    AIR = "air"
    SEA = "sea"
    ROAD = "road"
    RAIL = "rail"


class Regime(StrEnum):
    STANDARD_EXPORT = "standard_export"
    TEMPORARY_EXPORT = "temporary_export"
    OUTWARD_PROCESSING = "outward_processing"
    RE_EXPORT = "re_export"
    STANDARD_IMPORT = "standard_import"
    REIMPORT_AFTER_REPAIR = "reimport_after_repair"
    RETURNED_GOODS_RELIEF = "returned_goods_relief"
    WARRANTY_RELIEF = "warranty_relief"
    TEMPORARY_ADMISSION = "temporary_admission"
    ADVANCE_REPLACEMENT_IMPORT = "advance_replacement_import"
    NO_FORMALITIES = "no_formalities"
    NOT_COVERED = "not_covered"  # the country has no profile: stated, never guessed
    # extension (DESIGN.md lists no regime for goods entering to be repaired): EU/UK inward processing
    INWARD_PROCESSING = "inward_processing"

    @property
    def needs_declaration(self) -> bool:
        """False where nothing is filed here: no formalities, or a country TradeDesk does not cover."""
        return self not in (Regime.NO_FORMALITIES, Regime.NOT_COVERED)


class DutyBase(StrEnum):
    FULL_VALUE = "full_value"
    REPAIR_COST = "repair_cost"
    UPGRADE_VALUE = "upgrade_value"
    NONE = "none"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Side(StrEnum):
    EXPORT = "export"
    IMPORT = "import"


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    country: str
    established_in: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    #: ISO 3166-2 region of the address, where it matters (an embargoed region of a country that is not embargoed)
    subdivision: str | None = None
    #: the party's open or confirmed restricted-party matches, as the last screening found them (issue #14)
    screening: tuple[ScreeningHit, ...] = ()

    def identifier(self, scheme: str) -> str | None:
        for key, value in self.identifiers:
            if key.upper() == scheme.upper():
                return value
        return None


@dataclass(frozen=True, slots=True)
class ScreeningHit:
    """A party's potential match on a restricted-party list, as the officer must see it to decide it."""

    list_title: str
    list_published: date | None
    entry_id: str
    matched_name: str
    score: Decimal
    reasons: tuple[str, ...]
    #: "open": not decided yet; "confirmed": the officer confirmed the match, and the RMA is held
    status: str = "open"


@dataclass(frozen=True, slots=True)
class ExportAuthorisation:
    """A licence, licence exception or general authorisation recorded on a leg for one export-control regime."""

    regime: str  # US, EU, GB (trade_controls.yaml `export_controls`)
    code: str  # "RPL", "EU003", or a licence number
    kind: str = "licence"  # licence | exception | general


@dataclass(frozen=True, slots=True)
class Item:
    description: str
    hs_code: str
    origin_country: str
    quantity: Decimal
    unit_value: Money
    serial_numbers: tuple[str, ...] = ()
    udi: str | None = None
    duty_rate: Decimal | None = None  # percent, overrides the profile's rate table
    #: US export-control classification: an ECCN (e.g. "5A002") or "EAR99"; None: not classified
    eccn: str | None = None
    #: EU/UK dual-use classification: an Annex I entry (e.g. "5A002.a") or "not_listed"; None: not classified
    dual_use: str | None = None

    @property
    def value(self) -> Money:
        return Money(self.unit_value.amount * self.quantity, self.unit_value.currency)


@dataclass(frozen=True, slots=True)
class Repair:
    cost: Money | None
    charged: bool
    upgrade_value: Money | None = None
    essential_parts_replaced: bool = False


@dataclass(frozen=True, slots=True)
class Costs:
    freight: Money | None = None
    insurance: Money | None = None
    outbound_freight: Money | None = None


@dataclass(frozen=True, slots=True)
class Warranty:
    covered: bool
    paid_service_contract: bool = False
    expires: date | None = None


@dataclass(frozen=True, slots=True)
class PriorExport:
    date: dt.date
    regime: str | None = None
    procedure_code: str | None = None
    reference: str | None = None
    exporter: str | None = None
    hs_code: str | None = None
    serial_numbers: tuple[str, ...] = ()
    reimport_deadline: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PairedLeg:
    """The other half of a dual shipment (advance replacement <-> defective return); extension of §3."""

    movement: str
    ship_date: date | None = None
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class Leg:
    movement: Movement
    from_country: str
    to_country: str
    ship_date: date
    transport: Transport
    items: tuple[Item, ...]
    exporter: Party | None = None
    importer: Party | None = None
    repair: Repair | None = None
    costs: Costs = field(default_factory=Costs)
    warranty: Warranty | None = None
    prior_export: PriorExport | None = None
    ata_carnet: bool = False
    #: the carnet's expiry (its box G); unknown: at most one year from issue, which is on or before first use
    ata_carnet_expires: date | None = None
    ior: Party | None = None  # an importer of record already assigned (extension)
    eor: Party | None = None  # an exporter of record already assigned (extension)
    paired_leg: PairedLeg | None = None
    as_of: date | None = None  # the day the decision is taken for (overdue checks); never "today" implicitly
    export_authorisations: tuple[ExportAuthorisation, ...] = ()
    #: parties screened beside exporter, importer, IOR and EOR: (role, party), e.g. the customer, the broker
    other_parties: tuple[tuple[str, Party], ...] = ()


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    severity: Severity
    message: str
    side: Side | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    date: date
    event: str
    source: str


@dataclass(frozen=True, slots=True)
class Conversion:
    """One currency conversion behind an estimate, with the rate's date and source (DESIGN.md §5)."""

    from_currency: str
    to_currency: str
    rate: Decimal
    rate_date: date
    source: str


@dataclass(frozen=True, slots=True)
class ItemDuty:
    index: int
    hs_code: str
    base: Money
    rate_percent: Decimal | None
    rate_text: str
    rate_source: str
    duty: Money | None


@dataclass(frozen=True, slots=True)
class SideDecision:
    side: Side
    jurisdiction: str
    regime: Regime
    procedure_code: str | None
    additional_procedure_codes: tuple[str, ...]
    legal_basis: tuple[str, ...]
    documents: tuple[str, ...]
    deadline: Deadline | None
    rule_id: str
    confirmed: bool
    guarantee_required: bool = False
    party_of_record_required: bool = False  # ior_required / eor_required
    representation: str | None = None
    #: who holds the procedure when it is not the declared importer (e.g. the foreign owner of a demo unit)
    holder: str | None = None
    # import side only
    duty_base: DutyBase | None = None
    full_value: Money | None = None
    customs_value: Money | None = None
    duty: Money | None = None
    vat: Money | None = None
    vat_rate_percent: Decimal | None = None
    vat_base: Money | None = None
    #: the import tax as the jurisdiction names it (VAT, GST, consumption tax, IVA ...)
    vat_name: str | None = None
    item_duties: tuple[ItemDuty, ...] = ()
    de_minimis: tuple[str, ...] = ()
    #: TradeDesk's supporting papers for this side, beside the invoice and the packing list (domain/papers)
    papers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProfileRef:
    jurisdiction: str
    version: str
    as_of: date


@dataclass(frozen=True, slots=True)
class ProposedAuthorisation:
    code: str
    title: str
    conditions: tuple[str, ...]
    declaration: str
    source: str


@dataclass(frozen=True, slots=True)
class ExportControlCheck:
    """What one export-control regime asks of one item on this leg."""

    regime: str
    item: int
    classification: str
    regulation: str
    #: the authorisation recorded on the leg for this regime, if any
    recorded: str | None
    proposed: ProposedAuthorisation | None
    #: what is needed where nothing general applies (an individual licence and who grants it)
    otherwise: str


@dataclass(frozen=True, slots=True)
class LegDecision:
    export: SideDecision | None
    import_: SideDecision | None
    flags: tuple[Flag, ...]
    trace: tuple[str, ...]
    profiles: tuple[ProfileRef, ...]
    conversions: tuple[Conversion, ...] = ()
    #: one line per controlled item and export-control regime binding the leg (domain/trade_controls)
    export_controls: tuple[ExportControlCheck, ...] = ()
