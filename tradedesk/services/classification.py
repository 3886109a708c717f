"""Stateless classification of one leg or a list of legs (DESIGN.md §3): nothing is stored."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from tradedesk.domain.contract import decision_dict
from tradedesk.domain.profiles import ProfileSet
from tradedesk.domain.regimes import DateOutOfRange, classify
from tradedesk.inputs.leg import LegInputError, LegSchema, load_legs, load_list_element


class TooManyLegs(LegInputError):
    pass


def classify_payload(payload: Any, profiles: ProfileSet, max_legs: int = 1000) -> Any:
    """JSON leg or list of legs -> the decision or the list of decisions, in the same order.

    Raises LegInputError (field path -> messages) for any invalid input; never for a valid leg.
    """
    if isinstance(payload, list) and len(payload) > max_legs:
        raise TooManyLegs({"_schema": [f"at most {max_legs} legs per request, got {len(payload)}"]})
    legs, many = load_legs(payload, profiles)
    answers = []
    for index, leg in enumerate(legs):
        try:
            answers.append(decision_dict(classify(leg, profiles)))
        except DateOutOfRange as exc:
            raise LegInputError({f"{index}.{exc.field}" if many else exc.field: [str(exc)]}) from exc
    return answers if many else answers[0]


def classify_stream(
    elements: Iterable[Any], profiles: ProfileSet
) -> Iterator[tuple[dict[str, Any] | None, dict[str, list[str]]]]:
    """Each element of a list of legs as it comes: (its decision, {}) or (None, its errors keyed by its
    position, as load_legs keys them), so a long list is never held in memory."""
    schema = LegSchema(profiles)
    for i, element in enumerate(elements):
        try:
            leg = load_list_element(schema, i, element)
        except LegInputError as exc:
            yield None, exc.errors
            continue
        yield decision_dict(classify(leg, profiles)), {}
