"""`tradedesk classify` and `tradedesk profiles-validate` as a coordinator uses them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from tradedesk.cli import main
from tradedesk.data import directory

EXAMPLE_FILE = Path(__file__).parents[2] / "examples" / "return_after_repair_ch_gb.json"


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def test_classify_a_file_prints_the_decision_json():
    result = run("classify", str(EXAMPLE_FILE))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["import"]["procedure_code"] == "6121"


def test_classify_reads_stdin_with_a_dash():
    result = run("classify", "-", stdin=EXAMPLE_FILE.read_text())
    assert result.exit_code == 0 and json.loads(result.stdout)["import"]["regime"] == "reimport_after_repair"


def test_classify_a_list_answers_a_list():
    payload = json.loads(EXAMPLE_FILE.read_text())
    result = run("classify", "-", "--compact", stdin=json.dumps([payload, payload]))
    assert len(json.loads(result.stdout)) == 2


def test_invalid_leg_prints_field_errors_and_exits_2():
    payload = json.loads(EXAMPLE_FILE.read_text())
    payload["items"][0]["hs_code"] = "12"
    result = run("classify", "-", stdin=json.dumps(payload))
    assert result.exit_code == 2
    assert "items.0.hs_code" in json.loads(result.stderr)["errors"]


def test_text_that_is_not_json_exits_2():
    result = run("classify", "-", stdin="[1,")
    assert result.exit_code == 2 and "not valid JSON" in result.stderr


def test_profiles_validate_lists_every_profile():
    result = run("profiles-validate")
    assert result.exit_code == 0
    assert "EU customs_union" not in result.stdout  # status column, not kind
    assert {line.split()[2] for line in result.stdout.splitlines()} >= {"EU", "GB", "US", "MX"}


def test_profiles_validate_names_the_broken_file_and_key(tmp_path: Path):
    shutil.copy(directory("country_profiles") / "profile.schema.json", tmp_path)
    text = (directory("country_profiles") / "gb.yaml").read_text().replace("as_of: 2026-11-01", "as_of: yesterday", 1)
    (tmp_path / "gb.yaml").write_text(text)
    result = run("profiles-validate", str(tmp_path))
    assert result.exit_code == 1
    assert "gb.yaml: as_of" in result.stderr


def test_documents_writes_every_xml_and_pdf_of_a_leg_without_a_database(tmp_path: Path):
    result = run("documents", str(EXAMPLE_FILE), "--out", str(tmp_path), "--rma-number", "RMA-2026-000123")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "RMA-2026-000123_leg1_import_v1.cds.xml" in names
    assert "RMA-2026-000123_leg1_import_v1.tradedesk.xml" in names
    assert "RMA-2026-000123_leg1_import_v1.repair_cost_statement.pdf" in names
    assert all((tmp_path / n).read_bytes().startswith(b"%PDF") for n in names if n.endswith(".pdf"))


def test_documents_refuses_an_invalid_leg_with_exit_2(tmp_path: Path):
    payload = json.loads(EXAMPLE_FILE.read_text())
    payload["to_country"] = "XX"
    result = run("documents", "-", "--out", str(tmp_path), stdin=json.dumps(payload))
    assert result.exit_code == 2 and "to_country" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_documents_writes_the_covered_side_and_names_the_uncovered_one(tmp_path: Path):
    payload = json.loads(EXAMPLE_FILE.read_text())
    payload["to_country"] = "BR"
    result = run("documents", "-", "--out", str(tmp_path), stdin=json.dumps(payload))
    assert result.exit_code == 0, result.stderr
    assert "import: no profile covers this country" in result.stdout
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names and all("_export_" in n for n in names)
