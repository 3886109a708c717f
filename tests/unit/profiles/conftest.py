"""Fixtures of the jurisdiction specifications."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tradedesk.data import directory
from tradedesk.data.loader import load_profiles
from tradedesk.domain.contract import decision_dict
from tradedesk.domain.regimes import classify
from tradedesk.inputs.leg import load_legs

#: A partner country without a profile of its own (US/CA repair relief for FTA partners such as Chile)
CHILE_STUB = """
jurisdiction: CL
name: Chile (test stub)
kind: country
status: partial
as_of: 2026-11-01
members: [{country: CL, currency: CLP, locale: es_CL, vat_rate: "19", vat_source: "test stub"}]
tax: {name: IVA, default_base: [customs_value], source: "test stub"}
valuation: {basis: cif, source: "test stub", repair_cost_adds: [], repair_cost_source: "test stub"}
thresholds: []
duty_rates: {source: "test stub"}
parties:
  importer: {establishment_required: false, source: "test stub"}
  exporter: {establishment_required: false, source: "test stub"}
rules: {}
"""


@pytest.fixture
def decide_with_chile(tmp_path: Path) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """decide() over the real profiles plus a partial stub for Chile when no real profile covers it."""
    real = directory("country_profiles")
    for f in [*real.glob("*.yaml"), real / "profile.schema.json"]:
        shutil.copy(f, tmp_path)
    profiles = load_profiles(tmp_path)
    if not profiles.covers("CL"):
        (tmp_path / "zz-cl-stub.yaml").write_text(CHILE_STUB, encoding="utf-8")
        profiles = load_profiles(tmp_path)

    def run(payload: dict[str, Any]) -> dict[str, Any]:
        legs, _ = load_legs(payload, profiles)
        return decision_dict(classify(legs[0], profiles))

    return run
