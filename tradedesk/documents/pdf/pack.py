"""Which papers travel with one side of one leg.

The choice depends only on the filing payload: the regime the engine decided, the movement, the side,
whether anything is charged, and whether a representative or a paired leg exists. The wording of each
paper lives in doc_templates/<kind>.html; this module only picks the set, in the order a broker files it.
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

# regimes under which goods come back after a repair abroad (a repair-cost statement backs the duty base)
REPAIR_REIMPORT_REGIMES = frozenset({"reimport_after_repair", "warranty_relief"})
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
    side = payload["document"]["side"]
    regime = payload["decision"]["regime"]
    kinds = [COMMERCIAL_INVOICE if is_charged(payload) else PROFORMA_INVOICE, PACKING_LIST]
    if side == "export" and regime == "outward_processing":
        kinds.append(OP_INFORMATION_SHEET)
    if side == "import" and leg["movement"] == "return_after_repair" and regime in REPAIR_REIMPORT_REGIMES:
        kinds.append(REPAIR_COST_STATEMENT)
    if regime == "returned_goods_relief":
        kinds.append(RETURNED_GOODS_SHEET)
    if regime == "temporary_admission":
        kinds.append(TEMPORARY_ADMISSION_SHEET)
    if leg["movement"] in DUAL_SHIPMENT_MOVEMENTS and leg["paired_leg"] is not None:
        kinds.append(DUAL_SHIPMENT_CROSSREF)
    if payload["parties"]["representative"] is not None:
        kinds.append(APPOINTMENT_LETTER)
    return kinds
