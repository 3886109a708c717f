"""TradeDesk installed from its wheel, away from the checkout, finds its own data: the country profiles, HS tables,
templates and policies ship inside the package (setup.py, tradedesk/data) and are read from there.

The wheel is built from a copy of what a source distribution holds, installed without dependencies into a fresh
virtual environment, and run from another directory; the dependencies are those of the environment running the
tests (a .pth line), so the test needs no network and checks only what the wheel itself must carry."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "README.md",
    "tradedesk",
    "country_profiles",
    "hs_data",
    "doc_templates",
    "policies",
)
EXAMPLE = ROOT / "examples" / "return_after_repair_ch_gb.json"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ directory of a fresh virtual environment holding only the TradeDesk wheel."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(origin, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(work / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (work / "dist").glob("tradedesk-*.whl")
    environment = work / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    dependencies = {sysconfig.get_path("purelib"), *site.getsitepackages()}
    Path(purelib, "tradedesk-test-dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n")
    return environment / "bin"


def _run(bin_dir: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TRADEDESK_") and k not in ("PYTHONPATH", "DATABASE_URL", "VIRTUAL_ENV")
    }
    return subprocess.run(
        [str(bin_dir / argv[0]), *argv[1:]], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    found = _run(
        installed,
        tmp_path,
        "python",
        "-c",
        "import tradedesk, tradedesk.data as d; print(tradedesk.__file__); print(d.directory('hs_data'))",
    )
    assert found.returncode == 0, found.stderr
    module, hs_data = found.stdout.split()
    assert Path(module).is_relative_to(installed.parent) and not Path(module).is_relative_to(ROOT)
    assert Path(hs_data).is_relative_to(installed.parent) and (Path(hs_data) / "hs2022.csv").is_file()


def test_a_leg_is_classified_from_another_directory(installed, tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "leg.json")
    result = _run(installed, tmp_path, "tradedesk", "classify", "leg.json")
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert (decision["export"]["regime"], decision["import"]["regime"]) == ("re_export", "reimport_after_repair")
    assert decision["import"]["legal_basis"]
    from_checkout = subprocess.run(
        [str(Path(sys.executable).parent / "tradedesk"), "classify", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert decision == json.loads(from_checkout.stdout)


def test_its_documents_are_rendered_from_the_shipped_templates(installed, tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "leg.json")
    result = _run(installed, tmp_path, "tradedesk", "documents", "leg.json", "--out", "files")
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "files").iterdir())
    assert any(name.endswith(".pdf") for name in written) and any(name.endswith(".xml") for name in written)
