"""The layers point one way: the use cases (tradedesk/services) import neither the HTTP API, nor the pages,
nor Flask (issue #11); the edges call them, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "tradedesk" / "services"
FORBIDDEN = ("tradedesk.api", "tradedesk.web", "flask", "werkzeug", "flask_smorest")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("module", sorted(SERVICES.glob("*.py")), ids=lambda p: p.name)
def test_a_use_case_module_imports_no_edge(module):
    assert [n for n in _imports(module) if any(n == f or n.startswith(f"{f}.") for f in FORBIDDEN)] == []


EDGES = sorted([*(SERVICES.parent / "api").rglob("*.py"), *(SERVICES.parent / "web").rglob("*.py")])


@pytest.mark.parametrize("module", EDGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_api_and_the_pages_import_no_database_library(module):
    """The use cases translate database errors (a stale version: services.errors.Stale), so the edges never
    need SQLAlchemy."""
    assert [n for n in _imports(module) if n.split(".")[0] == "sqlalchemy"] == []
