"""Every shipped profile and every classification cites public sources only (DESIGN.md §5; issue point 8).

The flags, traces, PDFs and OpenAPI document reach users verbatim: a citation naming one of our research notes
("customs-regimes.md §8") tells a user nothing they can look up.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from tests.support import decide, leg, money
from tests.unit.profiles.public_sources import REPOSITORY_FILE, repository_citations
from tradedesk.data import directory
from tradedesk.domain.model import Movement

PROFILES = sorted(Path(directory("country_profiles")).glob("*.yaml"))
WORLD = sorted(Path(directory("country_profiles"), "world").glob("*.csv"))

#: what names a research note or a file of ours in text a user reads
INTERNAL = ("customs-regimes", "DESIGN.md", "../shared", "reference/")

#: origin and destination pairs spanning full, partial and world-baseline jurisdictions, both directions
PAIRS = [
    ("DE", "US"),
    ("US", "DE"),
    ("GB", "JP"),
    ("JP", "GB"),
    ("CA", "AU"),
    ("AU", "CA"),
    ("CH", "SG"),
    ("SG", "CH"),
    ("CN", "IN"),
    ("IN", "MX"),
    ("MX", "CN"),
    ("FR", "GB"),
    ("KR", "NO"),
    ("BR", "DE"),
]


def test_the_profiles_are_found() -> None:
    """The parametrisation below would pass vacuously if the profile folder moved."""
    assert len(PROFILES) >= 21


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_no_string_of_a_shipped_profile_names_a_repository_file(profile: Path) -> None:
    assert repository_citations(profile) == []


@pytest.mark.parametrize("table", WORLD, ids=[p.name for p in WORLD])
def test_no_cell_of_the_world_baseline_names_a_repository_file(table: Path) -> None:
    with table.open(encoding="utf-8", newline="") as handle:
        cells = [
            f"{row_no}.{key}: {value}"
            for row_no, row in enumerate(csv.DictReader(handle))
            for key, value in row.items()
            if isinstance(value, str) and REPOSITORY_FILE.search(value)
        ]
    assert cells == []


def _extra(movement: Movement, from_country: str) -> dict[str, Any]:
    """The blocks a movement requires: a repair for the repaired unit's return."""
    if movement is Movement.RETURN_AFTER_REPAIR:
        return {
            "repair": {
                "cost": money("400.00", "EUR"),
                "charged": True,
                "upgrade_value": None,
                "essential_parts_replaced": False,
            }
        }
    return {}


def _internal_names(node: Any) -> list[str]:
    text = json.dumps(node, ensure_ascii=False)
    return [name for name in INTERNAL if name in text]


def _history(from_country: str, to_country: str) -> dict[str, Any]:
    """A prior export years ago, a warranty and a carnet: the relief, deadline and overdue branches fire."""
    return {
        "prior_export": {
            "date": "2022-01-10",
            "regime": "outward_processing",
            "procedure_code": "2100",
            "reference": "22XX00000000000001",
            "exporter": "Importer Co",
            "hs_code": "847130",
            "serial_numbers": ["SN-0001"],
            "reimport_deadline": None,
        },
        "warranty": {"covered": True, "paid_service_contract": False, "expires": "2027-06-30"},
        "ata_carnet": True,
        "as_of": "2026-12-01",
    }


@pytest.mark.parametrize("history", [False, True], ids=["plain", "with-history"])
@pytest.mark.parametrize("movement", list(Movement), ids=[str(m) for m in Movement])
def test_no_decision_shows_a_user_an_internal_file(movement: Movement, history: bool) -> None:
    """Trace, flags, legal_basis, documents and deadline sources of every side, for each movement."""
    leaks = {}
    for from_country, to_country in PAIRS:
        extra = _extra(movement, from_country) | (_history(from_country, to_country) if history else {})
        decision = decide(leg(str(movement), from_country, to_country, **extra))
        found = _internal_names(decision)
        if found:
            leaks[f"{from_country}->{to_country}"] = found
    assert leaks == {}
