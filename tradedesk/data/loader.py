"""Reading the reference data from where `tradedesk.data` finds it, into what the domain works with."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from tradedesk.data import directory
from tradedesk.domain.checks import IdentificationRules
from tradedesk.domain.profiles import (
    BASELINE_FILE,
    PAPERS_FILE,
    PROFILE_SCHEMA_FILE,
    TRADE_CONTROLS_FILE,
    ProfileError,
    ProfileSet,
    compile_profiles,
    validate_each,
)
from tradedesk.domain.rma import checked_policy


def _profile_files(folder: Path) -> tuple[tuple[str, bytes], ...]:
    found = sorted(folder.glob("*.yaml"))
    if not found:
        raise ProfileError(f"{folder}: no country profiles (*.yaml) found")
    return tuple((f.name, f.read_bytes()) for f in found)


def profile_problems(folder: Path | str) -> list[str]:
    """One message per broken profile file in `folder`, each checked on its own (`tradedesk profiles-validate`)."""
    folder = Path(folder)
    return validate_each((folder / PROFILE_SCHEMA_FILE).read_bytes(), _profile_files(folder))


def load_profiles(folder: Path | str | None = None) -> ProfileSet:
    """Every profile in `folder` (default: the shipped country_profiles/), validated and compiled; the
    identification rules of hs_data/ come with them, since the classifier needs both."""
    folder = Path(folder) if folder is not None else directory("country_profiles")
    baseline, papers, controls = folder / BASELINE_FILE, folder / PAPERS_FILE, folder / TRADE_CONTROLS_FILE
    return compile_profiles(
        (folder / PROFILE_SCHEMA_FILE).read_bytes(),
        _profile_files(folder),
        baseline.read_bytes() if baseline.exists() else b"",
        identification_rules(),
        papers.read_bytes() if papers.exists() else b"",
        controls.read_bytes() if controls.exists() else b"",
    )


@cache
def identification_rules() -> IdentificationRules:
    """Which HS codes need serial numbers or a UDI to be identified at re-import (hs_data/identification.yaml)."""
    data = yaml.safe_load((directory("hs_data") / "identification.yaml").read_text(encoding="utf-8"))
    return IdentificationRules(
        tuple(data["serial_required"]["prefixes"]),
        data["serial_required"]["source"],
        tuple(data["udi_required"]["prefixes"]),
        data["udi_required"]["source"],
    )


@cache
def eligibility_policy(path: Path | None = None) -> dict[str, Any]:
    """The RMA eligibility policy (policies/eligibility.yaml), checked."""
    source = path or directory("policies") / "eligibility.yaml"
    return checked_policy(yaml.safe_load(source.read_text(encoding="utf-8")))


@cache
def engine_digest() -> str:
    """A digest of the domain's source (tradedesk/domain/*.py): part of every stored decision's key, so that a
    deployment whose rules changed in code decides again, not only one whose profiles changed."""
    digest = hashlib.sha256()
    for module in sorted(
        (m for m in files("tradedesk.domain").iterdir() if m.name.endswith(".py")), key=lambda m: m.name
    ):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:16]
