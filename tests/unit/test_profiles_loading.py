"""Profiles are data validated at load: a broken profile fails loudly, naming file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tradedesk.data import directory
from tradedesk.data.loader import load_profiles
from tradedesk.domain.model import Movement, Side
from tradedesk.domain.profiles import ProfileError

SHIPPED = directory("country_profiles")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SHIPPED / "profile.schema.json", tmp_path)
    shutil.copy(SHIPPED / "gb.yaml", tmp_path)
    return tmp_path


def edit(folder: Path, change) -> None:
    path = folder / "gb.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_every_shipped_profile_loads():
    profiles = load_profiles()
    assert {
        "EU",
        "GB",
        "US",
        "CA",
        "JP",
        "AU",
        "CH",
        "SG",
        "MX",
        "CN",
        "IN",
        "NO",
        "TR",
        "HK",
        "IL",
        "AE",
        "KR",
        "TW",
        "MY",
        "TH",
        "VN",
    } <= set(profiles.profiles)


def test_the_eu_has_its_27_member_states():
    eu = load_profiles().profiles["EU"]
    assert len(eu.members) == 27 and eu.kind == "customs_union"


def test_confirmed_and_partial_jurisdictions_are_as_the_reference_says():
    status = {j: p.status for j, p in load_profiles().profiles.items()}
    assert {j for j, s in status.items() if s == "partial"} == {"MX", "CN", "IN", "TR", "IL", "MY", "VN"}


def test_every_rule_cites_a_source_and_a_legal_basis():
    for profile in load_profiles().profiles.values():
        for rules in profile.rules.values():
            for rule in rules:
                assert rule.source and rule.legal_basis, f"{profile.file}: {rule.id}"


def test_confirmed_profiles_cover_every_movement_on_both_sides():
    for profile in load_profiles().profiles.values():
        if profile.status == "confirmed":
            assert {(s, m) for s in Side for m in Movement} <= set(profile.rules), profile.file


def test_invalid_yaml_names_the_file(folder: Path):
    (folder / "gb.yaml").write_text("jurisdiction: [unclosed\n")
    with pytest.raises(ProfileError, match=r"gb\.yaml: not valid YAML"):
        load_profiles(folder)


def test_a_rule_without_source_names_file_and_key(folder: Path):
    edit(folder, lambda d: d["rules"]["import"]["return_after_repair"][0].pop("source"))
    with pytest.raises(
        ProfileError, match=r"gb\.yaml: rules\.import\.return_after_repair\.0: [\"']source[\"'] is a required property"
    ):
        load_profiles(folder)


def test_an_unknown_predicate_is_refused(folder: Path):
    edit(folder, lambda d: d["rules"]["import"]["return_after_repair"][0]["when"].update(moon_phase="full"))
    with pytest.raises(ProfileError, match=r"rules\.import\.return_after_repair\.0\.when"):
        load_profiles(folder)


def test_the_last_rule_of_a_list_must_be_unconditional(folder: Path):
    edit(folder, lambda d: d["rules"]["import"]["return_after_repair"][-1].update(when={"warranty": True}))
    with pytest.raises(ProfileError, match="the last rule must have no 'when'"):
        load_profiles(folder)


def test_a_confirmed_profile_must_cover_every_movement(folder: Path):
    edit(folder, lambda d: d["rules"]["import"].pop("demo_dispatch"))
    with pytest.raises(ProfileError, match=r"missing \['import\.demo_dispatch'\]"):
        load_profiles(folder)


def test_a_member_must_be_an_iso_country(folder: Path):
    edit(folder, lambda d: d["members"][0].update(country="ZZ"))
    with pytest.raises(ProfileError, match=r"members\.0\.country: 'ZZ' is not an ISO 3166-1"):
        load_profiles(folder)


def test_a_country_cannot_belong_to_two_profiles(folder: Path):
    data = yaml.safe_load((folder / "gb.yaml").read_text())
    data.update(jurisdiction="XU", kind="customs_union", union_source="a test union")
    (folder / "union.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ProfileError, match="already a member"):
        load_profiles(folder)


def test_loading_is_cached_by_content_and_versions_change_with_it(folder: Path):
    first = load_profiles(folder)
    assert load_profiles(folder) is first
    edit(folder, lambda d: d.update(note="changed"))
    second = load_profiles(folder)
    assert second is not first
    assert second.profiles["GB"].version != first.profiles["GB"].version
    assert second.profiles["GB"].version.startswith("2026-11-01+")


def test_every_field_and_condition_of_the_profile_schema_says_what_it_means():
    """A compliance expert reads what a rule means from the schema, without opening Python (issue #11)."""
    import json

    from tradedesk.data import directory

    schema = json.loads((Path(directory("country_profiles")) / "profile.schema.json").read_text(encoding="utf-8"))
    missing = []

    def walk(node, path):
        if isinstance(node, dict):
            for name, child in (node.get("properties") or {}).items():
                if isinstance(child, dict) and "description" not in child and "$ref" not in child:
                    missing.append(f"{path}.{name}")
                walk(child, f"{path}.{name}")
            for key in ("items", "additionalProperties"):
                if isinstance(node.get(key), dict):
                    walk(node[key], f"{path}[]")
            for name, child in (node.get("$defs") or {}).items():
                walk(child, f"#{name}")

    walk(schema, "")
    assert missing == []
