"""The domain core stays pure (DESIGN.md §1): no web framework, database, XML or PDF library."""

from __future__ import annotations

import ast
from pathlib import Path

import tradedesk.domain

BANNED = {"flask", "flask_smorest", "sqlalchemy", "marshmallow", "lxml", "weasyprint", "werkzeug", "requests"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_modules_import_no_framework_database_xml_or_pdf_library():
    folder = Path(tradedesk.domain.__file__).parent
    offenders = {p.name: sorted(imported_roots(p) & BANNED) for p in folder.glob("*.py")}
    assert {name: bad for name, bad in offenders.items() if bad} == {}


def test_domain_does_not_import_the_outer_layers():
    folder = Path(tradedesk.domain.__file__).parent
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tradedesk."):
                assert node.module.startswith("tradedesk.domain"), f"{path.name} imports {node.module}"


#: calls that read the environment or the disk; the data reaches the domain from tradedesk/data (issue #11)
READS = {"open", "read_text", "read_bytes", "getenv", "glob", "iterdir"}


def test_domain_reads_no_environment_and_no_file():
    folder = Path(tradedesk.domain.__file__).parent
    found = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "environ":
                found.add((path.name, "environ"))
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name in READS:
                    found.add((path.name, name))
    assert found == set()
