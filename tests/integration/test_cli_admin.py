"""The operator's CLI: its version, the token list, a busy port refused before anything is printed."""

from __future__ import annotations

import socket
from importlib.metadata import version

from click.testing import CliRunner

from tradedesk.cli import main

AUDIT_KEY_HEX = "c3" * 32


def cli(url: str, *args: str):
    return CliRunner().invoke(main, list(args), env={"DATABASE_URL": url, "TRADEDESK_AUDIT_KEY": AUDIT_KEY_HEX})


def test_the_cli_says_its_version():
    result = CliRunner().invoke(main, ["--version"])
    assert (result.exit_code, result.output.strip()) == (0, f"tradedesk {version('tradedesk')}")


def test_token_list_shows_live_tokens_without_their_secret_and_revoked_ones_on_request(tmp_path):
    url = f"sqlite:///{tmp_path / 'tradedesk.sqlite'}"
    assert cli(url, "init-db").exit_code == 0
    kept = cli(url, "token", "create", "--role", "compliance_officer", "--name", "Olivia")
    gone = cli(url, "token", "create", "--role", "admin", "--name", "Old admin")
    gone_id = gone.stderr.split()[2]
    assert cli(url, "token", "revoke", gone_id).exit_code == 0
    live = cli(url, "token", "list")
    assert live.exit_code == 0
    assert "Olivia" in live.output and "compliance_officer" in live.output and "Old admin" not in live.output
    assert kept.stdout.strip() not in live.output  # the token itself is never shown again
    every = cli(url, "token", "list", "--all").output
    assert "Old admin" in every and gone_id in every


def test_serve_refuses_a_busy_port_before_saying_it_runs():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert "cannot listen on 127.0.0.1" in result.stderr and "running at" not in result.output


def test_a_token_expires_after_the_days_it_was_created_for(tmp_path):
    url = f"sqlite:///{tmp_path / 'tradedesk.sqlite'}"
    assert cli(url, "init-db").exit_code == 0
    assert cli(url, "token", "create", "--role", "admin", "--name", "Year", "--expires-in", "30").exit_code == 0
    assert cli(url, "token", "create", "--role", "admin", "--name", "Forever", "--expires-in", "0").exit_code == 0
    listed = cli(url, "token", "list").output
    year = next(line for line in listed.splitlines() if "Year" in line)
    forever = next(line for line in listed.splitlines() if "Forever" in line)
    assert "never" in forever and "never" not in year
