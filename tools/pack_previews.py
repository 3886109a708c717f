"""Render the document pack of the demo repair leg to docs/pack/*.png (first page of each, 120 dpi).

The demo is examples/return_after_repair_ch_gb.json: its GB export for repair (export side, GB -> CH) and the
re-import after repair (import side, CH -> GB, filed by a UK broker). Needs poppler-utils (pdftoppm).
Run from the repository root: .venv/bin/python tools/pack_previews.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from tradedesk.data.loader import load_profiles
from tradedesk.documents.pdf import documents_for, render_pdf
from tradedesk.domain.contract import decision_dict
from tradedesk.domain.filing import FilingMeta, build_payload
from tradedesk.domain.model import Party, Side
from tradedesk.domain.regimes import classify
from tradedesk.inputs.leg import load_legs

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "pack"
DPI = "120"
BROKER = Party("Channel Customs Brokers Ltd", "GB", ("GB",), (("EORI", "GB987654321000"),))


def export_leg(reimport: dict[str, Any]) -> dict[str, Any]:
    """The outward leg of the example: the owner sends the watch from GB to the Swiss repairer."""
    prior = reimport["prior_export"]
    return {
        **reimport,
        "movement": "export_for_repair",
        "from_country": "GB",
        "to_country": "CH",
        "ship_date": prior["date"],
        "exporter": reimport["importer"],
        "importer": reimport["exporter"],
        "costs": {"freight": reimport["costs"]["outbound_freight"], "insurance": None, "outbound_freight": None},
        "prior_export": None,
    }


def payload(request: dict[str, Any], side: Side, meta: FilingMeta) -> dict[str, Any]:
    profiles = load_profiles()
    (one,), _ = load_legs(request, profiles)
    return build_payload(one, decision_dict(classify(one, profiles)), side, meta, profiles)


def main() -> int:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
        return 1
    reimport = json.loads((ROOT / "examples" / "return_after_repair_ch_gb.json").read_text())
    packs = {
        "export": payload(
            export_leg(reimport),
            Side.EXPORT,
            FilingMeta("RMA-2026-000123", "DEC-2026-000123-1", 1, date(2026, 5, 29), leg_id="leg-1", leg_position=1),
        ),
        "import": payload(
            reimport,
            Side.IMPORT,
            FilingMeta(
                "RMA-2026-000123",
                "DEC-2026-000123-2",
                1,
                date(2026, 11, 18),
                leg_id="leg-2",
                leg_position=2,
                representative=BROKER,
            ),
        ),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        for side, p in packs.items():
            for n, kind in enumerate(documents_for(p), start=1):
                pdf = Path(tmp) / f"{side}-{n}-{kind}.pdf"
                pdf.write_bytes(render_pdf(kind, p, [("tradedesk-declaration.xml", b"<demo/>", "application/xml")]))
                command = [
                    pdftoppm,
                    "-png",
                    "-r",
                    DPI,
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(OUT / pdf.stem),
                ]
                subprocess.run(command, check=True)  # noqa: S603 - our own fixed arguments
                print(OUT / f"{pdf.stem}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
