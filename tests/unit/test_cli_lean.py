"""The stateless commands start without the web stack or the database layer: none of it is imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE_FILE = Path(__file__).parents[2] / "examples" / "return_after_repair_ch_gb.json"
WEB_AND_DB = ("flask", "flask_smorest", "werkzeug", "sqlalchemy", "alembic")

#: runs the CLI in a fresh interpreter, then prints the top-level packages it imported that it should not have
PROBE = """
import json, sys
from tradedesk.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(json.dumps({"exit": code, "imported": sorted({m.split(".")[0] for m in sys.modules} & set(%r))}),
      file=sys.stderr)
"""


def imported_by(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE % (WEB_AND_DB,), *args], capture_output=True, text=True, check=False
    )
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_classify_imports_neither_flask_nor_the_database_layer():
    assert imported_by("classify", str(EXAMPLE_FILE)) == {"exit": 0, "imported": []}


def test_documents_imports_neither_flask_nor_the_database_layer(tmp_path: Path):
    assert imported_by("documents", str(EXAMPLE_FILE), "--out", str(tmp_path)) == {"exit": 0, "imported": []}


def test_importing_the_package_is_light_and_create_app_still_comes_from_it():
    code = (
        "import sys, tradedesk; light = 'flask' not in sys.modules; "
        "from tradedesk import create_app; from tradedesk.app import create_app as factory; "
        "print(light, create_app is factory, 'flask' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "True", "True"]
