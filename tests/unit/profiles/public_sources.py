"""What users read cites public sources (DESIGN.md §5): no string of a profile may point at a repository file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tradedesk.data import directory

#: names of files of this repository or of the shared research folder that must never reach a user
REPOSITORY_FILE = re.compile(
    r"customs-regimes[\w.-]*|DESIGN\.md|\.\./shared|\breference/|\.ya?ml\b|\.py\b", re.IGNORECASE
)

#: pointers into the research notes without their file name: a decision step ("§15 step 2"), an open-question number
#: ("§17 q.13", "q.5"), a confidence tag ("[K]", "[S/K]") or "the reference" itself; statutes are cited
#: "§ 12(1)", with a space
REFERENCE_POINTER = re.compile(
    r"\bthe reference(?:'s)?\b|§\d+(?:\.\d+)?,? step \d|§17 (?:q|item)|\bq\.\s?\d+\b|\[(?:S|K|\?)(?:/[SK?])?\]"
)


def _strings(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}.{i}")


def repository_citations(profile_file: str | Path) -> list[str]:
    """`key: text` for every string of the profile (comments excluded) that names a repository file or points into
    the research notes; a bare file name is looked up among the shipped profiles."""
    path = Path(profile_file) if Path(profile_file).is_absolute() else Path(directory("country_profiles"), profile_file)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        f"{key}: {text}"
        for key, text in _strings(data, "")
        if REPOSITORY_FILE.search(text) or REFERENCE_POINTER.search(text)
    ]
