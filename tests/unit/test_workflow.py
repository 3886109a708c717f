"""Declaration workflow (domain.workflow): the state machine, immutability, and the approval rules."""

from __future__ import annotations

import pytest

from tradedesk.domain.workflow import (
    AMENDABLE,
    IMMUTABLE,
    TRANSITIONS,
    Action,
    DeclarationStatus,
    WorkflowError,
    check_approval,
    next_status,
)

D = DeclarationStatus
A = Action


def warning(code: str = "PROFILE_PARTIAL") -> dict[str, str]:
    return {"code": code, "severity": "warning", "message": "to be checked by a person"}


def error(code: str = "NO_LOCAL_IMPORTER") -> dict[str, str]:
    return {"code": code, "severity": "error", "message": "no importer of record"}


def info(code: str = "BELOW_DE_MINIMIS") -> dict[str, str]:
    return {"code": code, "severity": "info", "message": "below the threshold"}


# ------------------------------------------------------------------------------------------- transitions


@pytest.mark.parametrize(
    ("current", "action", "target"),
    [
        (D.DRAFT, A.REQUEST_REVIEW, D.IN_REVIEW),
        (D.IN_REVIEW, A.APPROVE, D.APPROVED),
        (D.IN_REVIEW, A.REQUEST_CHANGES, D.CHANGES_REQUESTED),
        (D.APPROVED, A.FILE, D.FILED),
        (D.FILED, A.ACCEPT, D.ACCEPTED),
        (D.FILED, A.REJECT, D.REJECTED_BY_BROKER),
    ],
)
def test_the_review_and_filing_path(current, action, target):
    assert next_status(current, action) is target


@pytest.mark.parametrize("current", [D.DRAFT, D.IN_REVIEW, D.CHANGES_REQUESTED, D.REJECTED_BY_BROKER, D.APPROVED])
def test_an_amendment_supersedes_every_version_not_with_customs(current):
    assert next_status(current, A.SUPERSEDE) is D.SUPERSEDED


@pytest.mark.parametrize("current", [D.ACCEPTED, D.SUPERSEDED])
def test_an_accepted_or_superseded_version_cannot_be_superseded(current):
    with pytest.raises(WorkflowError):
        next_status(current, A.SUPERSEDE)


def test_a_filed_version_is_superseded_when_its_leg_changes_after_filing():
    """The broker holds it, not customs yet: an amendment replaces it and the broker sees it superseded."""
    assert next_status(D.FILED, A.SUPERSEDE) is D.SUPERSEDED


def test_every_pair_not_in_the_table_is_refused():
    for status in D:
        for action in A:
            if (status, action) in TRANSITIONS:
                continue
            with pytest.raises(WorkflowError):
                next_status(status, action)


def test_a_refusal_names_what_is_allowed_instead():
    with pytest.raises(WorkflowError, match="cannot approve a declaration that is draft; allowed: request_review"):
        next_status("draft", A.APPROVE)


def test_final_states_allow_nothing():
    with pytest.raises(WorkflowError, match="allowed: nothing"):
        next_status("accepted", A.FILE)


def test_approval_needs_review_first():
    with pytest.raises(WorkflowError):
        next_status("draft", A.APPROVE)


def test_filing_needs_approval_first():
    for status in (D.DRAFT, D.IN_REVIEW, D.CHANGES_REQUESTED):
        with pytest.raises(WorkflowError):
            next_status(status, A.FILE)


def test_every_state_is_reachable_from_draft():
    reached, frontier = {D.DRAFT}, [D.DRAFT]
    while frontier:
        current = frontier.pop()
        for (src, _), dst in TRANSITIONS.items():
            if src is current and dst not in reached:
                reached.add(dst)
                frontier.append(dst)
    assert reached == set(D)


def test_approved_and_later_versions_are_immutable():
    assert {D.APPROVED, D.FILED, D.ACCEPTED, D.REJECTED_BY_BROKER, D.SUPERSEDED} <= IMMUTABLE
    assert not ({D.DRAFT, D.IN_REVIEW, D.CHANGES_REQUESTED} & IMMUTABLE)


def test_versions_with_customs_cannot_be_amended():
    assert D.FILED not in AMENDABLE
    assert D.ACCEPTED not in AMENDABLE
    assert D.SUPERSEDED not in AMENDABLE


def test_every_amendable_state_can_be_superseded():
    for status in AMENDABLE:
        assert next_status(status, A.SUPERSEDE) is D.SUPERSEDED


# ---------------------------------------------------------------------------------------------- approval


def test_another_person_may_approve_a_clean_declaration():
    check = check_approval("coordinator-1", "officer-1", [], {})
    assert check.ok
    assert check.problems == ()


def test_four_eyes_the_requester_cannot_approve():
    check = check_approval("officer-1", "officer-1", [], {})
    assert not check.ok
    assert "four-eyes" in check.problems[0]


def test_a_version_without_requester_is_not_blocked_by_four_eyes():
    assert check_approval(None, "officer-1", [], {}).ok


def test_an_error_flag_blocks_even_when_acknowledged():
    check = check_approval("coordinator-1", "officer-1", [error()], {"NO_LOCAL_IMPORTER": "we know"})
    assert not check.ok
    assert "NO_LOCAL_IMPORTER is an error" in check.problems[0]


def test_a_warning_needs_an_acknowledgement():
    check = check_approval("coordinator-1", "officer-1", [warning()], {})
    assert not check.ok
    assert "PROFILE_PARTIAL is a warning" in check.problems[0]


def test_a_blank_reason_is_no_acknowledgement():
    assert not check_approval("coordinator-1", "officer-1", [warning()], {"PROFILE_PARTIAL": "   "}).ok


def test_an_acknowledged_warning_with_a_reason_passes():
    assert check_approval("coordinator-1", "officer-1", [warning()], {"PROFILE_PARTIAL": "checked the CH rule"}).ok


def test_an_acknowledgement_covers_only_its_own_code():
    flags = [warning("PROFILE_PARTIAL"), warning("NO_PRIOR_EXPORT_RECORD")]
    check = check_approval("coordinator-1", "officer-1", flags, {"PROFILE_PARTIAL": "checked"})
    assert [p.split()[1] for p in check.problems] == ["NO_PRIOR_EXPORT_RECORD"]


def test_info_flags_need_nothing():
    assert check_approval("coordinator-1", "officer-1", [info()], {}).ok


def test_all_problems_are_reported_together():
    check = check_approval("officer-1", "officer-1", [error(), warning()], {})
    assert len(check.problems) == 3
