"""Which papers travel with one side of one leg.

The supporting papers a regime needs are decided with the regime, from the profiles (the decision's `papers`,
domain/papers.py); the rest depends on facts of the leg in the filing payload: an invoice (commercial when
anything is charged, else pro-forma) and a packing list always, the dual-shipment cross-reference for a paired
leg, the appointment letter when a representative declares. The wording of each paper lives in
doc_templates/<kind>.html; this module only assembles the set, in the order a broker files it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

PROFORMA_INVOICE = "proforma_invoice"
COMMERCIAL_INVOICE = "commercial_invoice"
PACKING_LIST = "packing_list"
APPOINTMENT_LETTER = "appointment_letter"
OP_INFORMATION_SHEET = "op_information_sheet"
REPAIR_COST_STATEMENT = "repair_cost_statement"
RETURNED_GOODS_SHEET = "returned_goods_sheet"
TEMPORARY_ADMISSION_SHEET = "temporary_admission_sheet"
DUAL_SHIPMENT_CROSSREF = "dual_shipment_crossref"

KINDS = (
    PROFORMA_INVOICE,
    COMMERCIAL_INVOICE,
    PACKING_LIST,
    OP_INFORMATION_SHEET,
    REPAIR_COST_STATEMENT,
    RETURNED_GOODS_SHEET,
    TEMPORARY_ADMISSION_SHEET,
    DUAL_SHIPMENT_CROSSREF,
    APPOINTMENT_LETTER,
)

#: payloads drafted before decisions named their papers (payload 1 without `papers`): the same table as shipped
#: in country_profiles/world/papers.yaml on 2026-12-07, so that an earlier version prints as it did
_EARLIER_PAPERS = (
    (OP_INFORMATION_SHEET, "outward_processing", "export", None),
    (REPAIR_COST_STATEMENT, "reimport_after_repair", "import", "return_after_repair"),
    (REPAIR_COST_STATEMENT, "warranty_relief", "import", "return_after_repair"),
    (RETURNED_GOODS_SHEET, "returned_goods_relief", None, None),
    (TEMPORARY_ADMISSION_SHEET, "temporary_admission", None, None),
)
DUAL_SHIPMENT_MOVEMENTS = frozenset({"advance_replacement", "defective_return"})


def _positive(money: dict[str, str] | None) -> bool:
    return money is not None and Decimal(money["amount"]) > 0


def is_charged(payload: dict[str, Any]) -> bool:
    """True when the consignment is paid for: a sale reversed for a refund, or a repair the owner pays.

    Everything else in an RMA (goods sent for repair, free replacements, demo units, defective returns)
    moves without a sale, and the invoice is a pro-forma stating a value for customs purposes only.
    """
    movement = payload["document"]["leg"]["movement"]
    if movement == "return_for_refund":
        return True
    repair = payload["repair"]
    if movement == "return_after_repair" and repair is not None and repair["charged"]:
        return _positive(repair["cost"]) or _positive(repair["upgrade_value"])
    return False


def documents_for(payload: dict[str, Any]) -> list[str]:
    """The document kinds this side of the leg needs, invoice first, appointment letter last."""
    leg = payload["document"]["leg"]
    kinds = [COMMERCIAL_INVOICE if is_charged(payload) else PROFORMA_INVOICE, PACKING_LIST, *papers_of(payload)]
    if leg["movement"] in DUAL_SHIPMENT_MOVEMENTS and leg["paired_leg"] is not None:
        kinds.append(DUAL_SHIPMENT_CROSSREF)
    if payload["parties"]["representative"] is not None:
        kinds.append(APPOINTMENT_LETTER)
    return kinds


def papers_of(payload: dict[str, Any]) -> list[str]:
    """The supporting papers the decision names for this side (for an earlier payload: as they were chosen then)."""
    decision = payload["decision"]
    if "papers" in decision:
        return [kind for kind in KINDS if kind in decision["papers"]]
    side, movement = payload["document"]["side"], payload["document"]["leg"]["movement"]
    return [
        paper
        for paper, regime, on_side, on_movement in _EARLIER_PAPERS
        if decision["regime"] == regime and on_side in (None, side) and on_movement in (None, movement)
    ]
