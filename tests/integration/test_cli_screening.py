"""`tradedesk screening import FILE|DIR`: every official list format loads from its genuine excerpt, versioned by
its publication date and hash; bad input is refused naming the option, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tradedesk.cli import main

AUDIT_KEY_HEX = "c4" * 32
DATA = Path(__file__).parent.parent / "data" / "screening"


def cli(url: str, *args: str):
    return CliRunner().invoke(main, list(args), env={"DATABASE_URL": url, "TRADEDESK_AUDIT_KEY": AUDIT_KEY_HEX})


@pytest.fixture
def url(tmp_path):
    database = f"sqlite:///{tmp_path / 'tradedesk.sqlite'}"
    assert cli(database, "init-db").exit_code == 0
    return database


@pytest.mark.parametrize(
    ("path", "published", "entries"),
    [
        ("ofac-sdn-legacy-csv", "2019-01-15", 36),
        ("ofac-consolidated-non-sdn-csv", "2025-12-01", 41),
        ("eu-fsf-xml/xmlFullSanctionsList_1_1.sample-2018-12-21.xml", None, 2),
        ("eu-fsf-xml/legacy_v1_0_WHOLE.sample-2016-02-11.xml", None, 34),
        ("un-sc-consolidated-xml/consolidated.xml", None, 42),
        ("us-trade-csl/consolidated.csv", "2026-01-05", 13),
    ],
    ids=["ofac-sdn", "ofac-consolidated", "eu-1.1", "eu-1.0", "un", "us-csl"],
)
def test_each_list_format_imports_from_its_genuine_excerpt(url, path, published, entries):
    args = ["screening", "import", str(DATA / path)] + (["--published", published] if published else [])
    result = cli(url, *args)
    assert result.exit_code == 0, result.output
    assert f"({entries} entries" in result.output and "imported:" in result.output


def test_the_same_publication_imported_twice_is_stored_once(url):
    first = cli(url, "screening", "import", str(DATA / "un-sc-consolidated-xml" / "consolidated.xml"))
    again = cli(url, "screening", "import", str(DATA / "un-sc-consolidated-xml" / "consolidated.xml"))
    assert first.exit_code == again.exit_code == 0 and "already imported" in again.output


def test_a_list_without_a_publication_date_needs_published(url):
    result = cli(url, "screening", "import", str(DATA / "ofac-sdn-legacy-csv"))
    assert result.exit_code == 2 and "--published" in result.stderr


def test_a_file_of_no_known_format_is_refused_naming_it(url, tmp_path):
    odd = tmp_path / "parties.txt"
    odd.write_text("name,country\nACME,DE\n")
    result = cli(url, "screening", "import", str(odd))
    assert result.exit_code == 2 and "--file" in result.stderr and "parties.txt" in result.stderr
    assert (
        "already"
        not in cli(url, "screening", "import", str(DATA / "un-sc-consolidated-xml" / "consolidated.xml")).output
    )


def test_screening_run_screens_every_party(url):
    assert cli(url, "screening", "import", str(DATA / "un-sc-consolidated-xml" / "consolidated.xml")).exit_code == 0
    result = cli(url, "screening", "run")
    assert result.exit_code == 0 and "parties against the current lists" in result.stderr
