"""The public-citation check of the jurisdiction specs (public_sources.py) finds what it must find."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.profiles.public_sources import repository_citations


@pytest.mark.parametrize(
    "text",
    ["customs-regimes-more.md §3", "../shared/reference/customs-regimes.md", "see DESIGN.md §5", "country_profiles/eu.yaml",
     "tradedesk/domain/regimes.py"],
    ids=["reference", "shared-path", "design", "profile-file", "module"],
)
def test_a_string_naming_a_repository_file_is_reported_with_its_key(tmp_path: Path, text: str) -> None:
    """DESIGN.md §5: what users read cites public sources, never a file of this repository or of ../shared."""
    profile = tmp_path / "xx.yaml"
    profile.write_text(f"# comment: customs-regimes.md is fine here\nrules:\n  export:\n    - source: \"{text}\"\n",
                       encoding="utf-8")
    assert repository_citations(profile) == [f"rules.export.0.source: {text}"]


def test_public_addresses_and_statutes_pass(tmp_path: Path) -> None:
    """Official pages and statute citations are what a source should be."""
    profile = tmp_path / "xx.yaml"
    profile.write_text('source: "tollavgiftsloven § 3-4 (https://www.toll.no/no/verktoy/regelverk/handboker/'
                       'tollavgiftshandboken/3/3-4/)"\nnote: "Cap. 60E reg. 4"\n', encoding="utf-8")
    assert repository_citations(profile) == []
