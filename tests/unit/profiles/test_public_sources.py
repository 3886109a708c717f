"""The public-citation check of the jurisdiction specs (public_sources.py) finds what it must find."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.profiles.public_sources import repository_citations


@pytest.mark.parametrize(
    "text",
    [
        "customs-regimes-more.md §3",
        "../shared/reference/customs-regimes.md",
        "see DESIGN.md §5",
        "country_profiles/eu.yaml",
        "tradedesk/domain/regimes.py",
    ],
    ids=["reference", "shared-path", "design", "profile-file", "module"],
)
def test_a_string_naming_a_repository_file_is_reported_with_its_key(tmp_path: Path, text: str) -> None:
    """DESIGN.md §5: what users read cites public sources, never a file of this repository or of ../shared."""
    profile = tmp_path / "xx.yaml"
    profile.write_text(
        f'# comment: customs-regimes.md is fine here\nrules:\n  export:\n    - source: "{text}"\n', encoding="utf-8"
    )
    assert repository_citations(profile) == [f"rules.export.0.source: {text}"]


def test_public_addresses_and_statutes_pass(tmp_path: Path) -> None:
    """Official pages and statute citations are what a source should be."""
    profile = tmp_path / "xx.yaml"
    profile.write_text(
        'source: "tollavgiftsloven § 3-4 (https://www.toll.no/no/verktoy/regelverk/handboker/'
        'tollavgiftshandboken/3/3-4/)"\nnote: "Cap. 60E reg. 4"\n',
        encoding="utf-8",
    )
    assert repository_citations(profile) == []


@pytest.mark.parametrize(
    "text",
    [
        "§15 step 2 (replacement unit: normal movement)",
        "the by-law conditions are open, §17 q.13",
        "open (q.5)",
        "Art. 86(5) [K]",
        "UCC Art. 262 [S/K]",
        "the period is not in the reference",
    ],
    ids=["decision-step", "open-question", "bare-question", "confidence-tag", "mixed-tag", "the-reference"],
)
def test_a_pointer_into_the_research_notes_is_reported_even_without_a_file_name(tmp_path: Path, text: str) -> None:
    """A step number, question number or confidence tag of the notes means nothing to a user either."""
    profile = tmp_path / "xx.yaml"
    profile.write_text(f'note: "{text}"\n', encoding="utf-8")
    assert repository_citations(profile) == [f"note: {text}"]


def test_a_statute_paragraph_is_not_a_pointer(tmp_path: Path) -> None:
    """German and Norwegian statutes cite paragraphs with a space: "UStG § 15(1)", "tolloven § 3-4"."""
    profile = tmp_path / "xx.yaml"
    profile.write_text(
        'source: "UStG § 15(1); tollavgiftsloven § 3-4; Art. 14 item 10; dual-shipment cross-reference"\n',
        encoding="utf-8",
    )
    assert repository_citations(profile) == []
