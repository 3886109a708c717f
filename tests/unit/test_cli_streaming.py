"""`tradedesk classify` on a list streams: decisions are written as legs are read, in order, one per leg."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradedesk.cli import main
from tradedesk.data.loader import load_profiles
from tradedesk.services.classification import classify_payload
from tradedesk.streaming import ListWriter

EXAMPLE_FILE = Path(__file__).parents[2] / "examples" / "return_after_repair_ch_gb.json"
LEG = json.loads(EXAMPLE_FILE.read_text())


def run(*args: str, stdin: str):
    return CliRunner().invoke(main, list(args), input=stdin)


def bad_leg() -> dict:
    leg = json.loads(json.dumps(LEG))
    leg["items"][0]["hs_code"] = "12"
    return leg


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("values", [[{}], [{"a": [1, {"b": "x\ny"}]}, 2, "ü"]])
def test_the_list_writer_writes_what_json_dumps_writes(values: list, indent: int | None):
    out = io.StringIO()
    writer = ListWriter(out, indent)
    for value in values:
        writer.add(value)
    writer.close()
    assert out.getvalue() == json.dumps(values, indent=indent, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("flags", [[], ["--compact"]])
def test_a_list_prints_the_same_text_as_deciding_the_whole_list_at_once(flags: list[str]):
    result = run("classify", "-", *flags, stdin=json.dumps([LEG, LEG, LEG]))
    assert result.exit_code == 0
    expected = classify_payload([LEG, LEG, LEG], load_profiles())
    assert result.stdout == json.dumps(expected, indent=None if flags else 2, ensure_ascii=False) + "\n"


def test_an_invalid_leg_in_a_list_is_null_in_place_and_its_errors_are_keyed_by_position():
    result = run("classify", "-", "--compact", stdin=json.dumps([LEG, bad_leg(), LEG]))
    assert result.exit_code == 2
    decisions = json.loads(result.stdout)
    assert decisions[1] is None
    assert decisions[0]["import"]["procedure_code"] == "6121" and decisions[2] is not None
    assert list(json.loads(result.stderr)["errors"]) == ["1.items.0.hs_code"]


def test_an_element_that_is_not_an_object_is_keyed_by_its_position():
    result = run("classify", "-", stdin=json.dumps([LEG, 7]))
    assert result.exit_code == 2 and "1" in json.loads(result.stderr)["errors"]


def test_an_empty_list_exits_2_and_prints_nothing():
    result = run("classify", "-", stdin="[]")
    assert result.exit_code == 2 and result.stdout == ""
    assert "empty list" in result.stderr


def test_json_that_breaks_off_inside_a_list_exits_2_after_closing_the_list():
    result = run("classify", "-", "--compact", stdin=json.dumps([LEG])[:-1] + ", {")
    assert result.exit_code == 2 and "not valid JSON" in result.stderr
    assert len(json.loads(result.stdout)) == 1


def test_trailing_text_after_one_leg_is_not_valid_json():
    result = run("classify", "-", stdin=json.dumps(LEG) + " x")
    assert result.exit_code == 2 and "not valid JSON" in result.stderr and result.stdout == ""


def test_the_first_decision_is_written_before_the_input_is_complete():
    command = [sys.executable, "-m", "tradedesk.cli", "classify", "-", "--compact"]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
        assert process.stdin is not None and process.stdout is not None
        stdout = process.stdout
        first: list[bytes] = []
        reader = threading.Thread(target=lambda: first.append(stdout.read(200)), daemon=True)
        try:
            process.stdin.write(b"[" + json.dumps(LEG).encode() + b", ")
            process.stdin.flush()
            reader.start()
            reader.join(timeout=60)  # a safety net against a hang, not a timing assertion
            assert first and first[0].startswith(b'[{"export"'), "no decision before the list was complete"
            process.stdin.write(json.dumps(LEG).encode() + b"]")
            process.stdin.close()
            rest = stdout.read()
            assert process.wait(timeout=60) == 0
            assert len(json.loads(first[0] + rest)) == 2
        finally:
            if process.poll() is None:
                process.kill()
