"""TradeDesk's reference data, found and read at the edge: country profiles, HS tables, document templates and
eligibility policies.

The four directories keep their place at the top of the repository and ship inside the wheel as
`tradedesk/data/<directory>/` (setup.py), so an installed TradeDesk finds them wherever it runs. This is the
one place that knows where they are (this module) and reads them (`tradedesk.data.loader`); the domain
receives what is read there:

- `TRADEDESK_DATA_DIR`, when set, names a directory holding a deployment's own copy of all four;
- else the data installed with the package (`importlib.resources`);
- else the source checkout the package is imported from (an editable install).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Mapping
from importlib.resources import files
from pathlib import Path

DIRECTORIES = ("country_profiles", "hs_data", "doc_templates", "policies")
CHECKOUT = Path(__file__).resolve().parents[2]


def directory(name: str, environ: Mapping[str, str] | None = None) -> Path:
    """Where the data directory `name` (one of DIRECTORIES) is, by the order in the module's docstring;
    `environ` stands for os.environ (settings read from another mapping)."""
    if name not in DIRECTORIES:
        raise ValueError(f"unknown data directory {name!r}; one of {', '.join(DIRECTORIES)}")
    override = (os.environ if environ is None else environ).get("TRADEDESK_DATA_DIR")
    if override:
        return Path(override) / name
    installed = Path(str(files(__name__) / name))
    return installed if installed.is_dir() else CHECKOUT / name


def hs_table_rows(table: str) -> Iterator[dict[str, str]]:
    """The rows of one CSV table of hs_data/ (the domain's reader of HS data, tradedesk.domain.hs)."""
    with (directory("hs_data") / table).open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)
