"""The classification contract's JSON shape (DESIGN.md §3): decision -> plain dict, field names fixed.

Other programs rely on these names: add fields, never rename or reshape them.
"""

from __future__ import annotations

from typing import Any

from tradedesk.domain.model import Deadline, ExportControlCheck, Flag, LegDecision, Money, Side, SideDecision


def money(m: Money | None) -> dict[str, str] | None:
    return None if m is None else {"amount": str(m.amount), "currency": m.currency}


def _deadline(d: Deadline | None) -> dict[str, str] | None:
    return None if d is None else {"date": d.date.isoformat(), "event": d.event, "source": d.source}


def side_dict(d: SideDecision | None) -> dict[str, Any] | None:
    if d is None:
        return None
    out: dict[str, Any] = {
        "jurisdiction": d.jurisdiction,
        "regime": str(d.regime),
        "procedure_code": d.procedure_code,
        "additional_procedure_codes": list(d.additional_procedure_codes),
        "legal_basis": list(d.legal_basis),
        "documents": list(d.documents),
        "papers": list(d.papers),
    }
    if d.side is Side.EXPORT:
        out["eor_required"] = d.party_of_record_required
    else:
        out.update(
            {
                "duty_base": None if d.duty_base is None else str(d.duty_base),
                "customs_value": money(d.customs_value),
                "duty": money(d.duty),
                "vat": money(d.vat),
                "ior_required": d.party_of_record_required,
                "full_value": money(d.full_value),
                "vat_rate": None if d.vat_rate_percent is None else str(d.vat_rate_percent),
                "vat_base": money(d.vat_base),
                "vat_name": d.vat_name,
                "duty_detail": [
                    {
                        "item": i.index,
                        "hs_code": i.hs_code,
                        "base": money(i.base),
                        "rate": None if i.rate_percent is None else str(i.rate_percent),
                        "rate_text": i.rate_text,
                        "rate_source": i.rate_source,
                        "duty": money(i.duty),
                    }
                    for i in d.item_duties
                ],
                "de_minimis": list(d.de_minimis),
            }
        )
    out.update(
        {
            "representation": d.representation,
            "holder": d.holder,
            "guarantee_required": d.guarantee_required,
            "deadline": _deadline(d.deadline),
            "rule": d.rule_id,
            "confirmed": d.confirmed,
        }
    )
    return out


def flag_dict(f: Flag) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": str(f.severity),
        "message": f.message,
        "side": None if f.side is None else str(f.side),
    }


def export_control_dict(c: ExportControlCheck) -> dict[str, Any]:
    p = c.proposed
    return {
        "regime": c.regime,
        "item": c.item,
        "classification": c.classification,
        "regulation": c.regulation,
        "recorded": c.recorded,
        "proposed": None
        if p is None
        else {
            "code": p.code,
            "title": p.title,
            "conditions": list(p.conditions),
            "declaration": p.declaration,
            "source": p.source,
        },
        "otherwise": c.otherwise,
    }


def decision_dict(d: LegDecision) -> dict[str, Any]:
    return {
        "export": side_dict(d.export),
        "import": side_dict(d.import_),
        "flags": [flag_dict(f) for f in d.flags],
        "trace": list(d.trace),
        "profiles": [
            {"jurisdiction": p.jurisdiction, "version": p.version, "as_of": p.as_of.isoformat()} for p in d.profiles
        ],
        "conversions": [
            {
                "from": c.from_currency,
                "to": c.to_currency,
                "rate": str(c.rate),
                "rate_date": c.rate_date.isoformat(),
                "source": c.source,
            }
            for c in d.conversions
        ],
        "export_controls": [export_control_dict(c) for c in d.export_controls],
    }
