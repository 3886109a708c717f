"""Roles and what they may do: deny by default, one table (DESIGN.md §5)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COMPLIANCE_OFFICER = "compliance_officer"
    LOGISTICS_COORDINATOR = "logistics_coordinator"
    BROKER = "broker"
    ADMIN = "admin"


class Permission(StrEnum):
    CLASSIFY = "classify"
    READ_RMA = "rma:read"
    CREATE_RMA = "rma:create"
    UPDATE_RMA = "rma:update"  # lifecycle transitions, inspection, disposition
    DECIDE_RMA = "rma:decide"  # manual eligibility review
    RESOLVE_INSPECTION = "rma:resolve-inspection"  # accept a serial mismatch found at inspection, with a reason
    EDIT_LEG = "leg:edit"
    READ_DECLARATION = "declaration:read"
    REQUEST_PAPERWORK = "declaration:request"
    REVIEW_DECLARATION = "declaration:review"  # approve / request changes
    AMEND_DECLARATION = "declaration:amend"
    FILE_DECLARATION = "declaration:file"
    READ_FILING = "filing:read"  # broker inbox
    ACKNOWLEDGE_FILING = "filing:acknowledge"
    READ_PARTY = "party:read"
    MANAGE_PARTY = "party:manage"
    MANAGE_TOKENS = "token:manage"
    READ_AUDIT = "audit:read"
    READ_REPORTS = "reports:read"  # deadlines, analytics
    READ_SCREENING = "screening:read"  # list versions, matches, a party's screening history
    DECIDE_SCREENING = "screening:decide"  # clear a match as a false positive or confirm it
    IMPORT_SCREENING = "screening:import"  # load a new version of a restricted-party list
    RECORD_EXPORT_AUTHORISATION = "leg:export-authorisation"  # a licence or licence exception on a leg
    MANAGE_ORDERS = "order:manage"  # orders from the ERP, which customers return items of
    MANAGE_WEBHOOKS = "webhook:manage"  # subscriptions of other systems, their delivery logs, replays


_DESK = {
    Permission.CLASSIFY,
    Permission.READ_RMA,
    Permission.READ_DECLARATION,
    Permission.READ_PARTY,
    Permission.READ_AUDIT,
    Permission.READ_REPORTS,
    Permission.READ_SCREENING,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.LOGISTICS_COORDINATOR: frozenset(
        _DESK
        | {
            Permission.CREATE_RMA,
            Permission.UPDATE_RMA,
            Permission.DECIDE_RMA,
            Permission.EDIT_LEG,
            Permission.REQUEST_PAPERWORK,
            Permission.AMEND_DECLARATION,
            Permission.MANAGE_PARTY,
            Permission.MANAGE_ORDERS,
        }
    ),
    Role.COMPLIANCE_OFFICER: frozenset(
        _DESK
        | {
            Permission.REVIEW_DECLARATION,
            Permission.AMEND_DECLARATION,
            Permission.FILE_DECLARATION,
            Permission.DECIDE_RMA,
            Permission.EDIT_LEG,
            Permission.REQUEST_PAPERWORK,
            Permission.RESOLVE_INSPECTION,
            Permission.DECIDE_SCREENING,
            Permission.IMPORT_SCREENING,
            Permission.RECORD_EXPORT_AUTHORISATION,
        }
    ),
    Role.BROKER: frozenset({Permission.CLASSIFY, Permission.READ_FILING, Permission.ACKNOWLEDGE_FILING}),
    Role.ADMIN: frozenset(set(Permission)),
}


def allowed(role: str, permission: Permission) -> bool:
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
