"""Declaration and filing states, allowed transitions, and the approval rules (four eyes, flags).

draft -> in_review -> approved | changes_requested;  approved -> filed -> accepted | rejected_by_broker.
An amendment creates a new version (draft); approved versions are never changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class DeclarationStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    FILED = "filed"
    ACCEPTED = "accepted"
    REJECTED_BY_BROKER = "rejected_by_broker"
    SUPERSEDED = "superseded"


D = DeclarationStatus


class Action(StrEnum):
    REQUEST_REVIEW = "request_review"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    FILE = "file"
    ACCEPT = "accept"
    REJECT = "reject"
    SUPERSEDE = "supersede"


TRANSITIONS: dict[tuple[DeclarationStatus, Action], DeclarationStatus] = {
    (D.DRAFT, Action.REQUEST_REVIEW): D.IN_REVIEW,
    (D.IN_REVIEW, Action.APPROVE): D.APPROVED,
    (D.IN_REVIEW, Action.REQUEST_CHANGES): D.CHANGES_REQUESTED,
    (D.APPROVED, Action.FILE): D.FILED,
    (D.FILED, Action.ACCEPT): D.ACCEPTED,
    (D.FILED, Action.REJECT): D.REJECTED_BY_BROKER,
    (D.DRAFT, Action.SUPERSEDE): D.SUPERSEDED,
    (D.IN_REVIEW, Action.SUPERSEDE): D.SUPERSEDED,
    (D.CHANGES_REQUESTED, Action.SUPERSEDE): D.SUPERSEDED,
    (D.REJECTED_BY_BROKER, Action.SUPERSEDE): D.SUPERSEDED,
    (D.APPROVED, Action.SUPERSEDE): D.SUPERSEDED,
    (D.FILED, Action.SUPERSEDE): D.SUPERSEDED,  # the leg changed after filing: an amendment replaces it
}

#: versions whose content may never change again
IMMUTABLE = frozenset({D.APPROVED, D.FILED, D.ACCEPTED, D.REJECTED_BY_BROKER, D.SUPERSEDED})
#: states from which a new version (amendment) may be started
AMENDABLE = frozenset({D.DRAFT, D.IN_REVIEW, D.CHANGES_REQUESTED, D.REJECTED_BY_BROKER, D.APPROVED})


class WorkflowError(ValueError):
    """A transition that the state machine or the approval rules do not allow (HTTP 409 / 422)."""


def next_status(current: str, action: Action) -> DeclarationStatus:
    key = (DeclarationStatus(current), action)
    if key not in TRANSITIONS:
        allowed = sorted(a for (s, a) in TRANSITIONS if s == key[0])
        raise WorkflowError(
            f"cannot {action} a declaration that is {current}; allowed: {', '.join(allowed) or 'nothing'}"
        )
    return TRANSITIONS[key]


@dataclass(frozen=True, slots=True)
class ApprovalCheck:
    ok: bool
    problems: tuple[str, ...]


def check_approval(
    requested_by: str | None, approver_id: str, flags: Iterable[Mapping[str, Any]], acknowledgements: Mapping[str, str]
) -> ApprovalCheck:
    """Four eyes; `error` flags block; each `warning` needs an acknowledgement with a reason."""
    problems: list[str] = []
    if requested_by is not None and requested_by == approver_id:
        problems.append("four-eyes rule: the person who requested the paperwork cannot approve it")
    for f in flags:
        code, severity = f["code"], f["severity"]
        if severity == "error":
            problems.append(f"flag {code} is an error and blocks approval: {f['message']}")
        elif severity == "warning" and not (acknowledgements.get(code) or "").strip():
            problems.append(f"flag {code} is a warning: acknowledge it with a reason before approving")
    return ApprovalCheck(not problems, tuple(problems))
