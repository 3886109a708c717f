"""Build the compact HS / US HTS data files shipped in ``hs_data/``.

The reference files are large and awkward to read at run time (a BOM, un-numbered grouping rows, rates that
live on the 8-digit line only, HTML fragments in rate texts).  This script turns them into two small,
sorted, deterministic CSVs that ``tradedesk.domain.hs`` loads with plain dict lookups:

* ``hs_data/hs2022.csv``: ``code,description`` for every HS 2022 chapter, heading and subheading;
* ``hs_data/us_hts_general.csv``: ``hts,general_rate_text,ad_valorem_percent,kind`` for every US HTS
  8/10-digit line that has, or inherits, a general (column 1) rate of duty.

Usage (from the repository root)::

    python tools/build_hs_data.py
    python tools/build_hs_data.py --hs-csv PATH --hts-csv PATH --out-dir PATH

Running it twice on the same inputs produces byte-identical output.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference"
DEFAULT_HS_CSV = REFERENCE_DIR / "hs-nomenclature" / "harmonized-system.csv"
DEFAULT_HTS_CSV = REFERENCE_DIR / "us-hts" / "hts_2024_basic_edition_csv.csv"
DEFAULT_OUT_DIR = REPO_ROOT / "hs_data"

HS_OUT_NAME = "hs2022.csv"
HTS_OUT_NAME = "us_hts_general.csv"

HTS_HEADER = ("hts", "general_rate_text", "ad_valorem_percent", "kind")
KINDS = ("free", "ad_valorem", "specific", "compound", "other")

# --- rate-text parsing -------------------------------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUP_RE = re.compile(r"<sup>\s*(\d+)(\s*)</sup>")
_TAG_RE = re.compile(r"</?[a-z]+>")
_SPACE_RE = re.compile(r"\s+")

_NUMBER = r"\d+(?:\.\d+)?"
_PURE_PERCENT_RE = re.compile(rf"({_NUMBER})%")
# A percent of some value, possibly of a part only ("4.2% on the case").
_AD_VALOREM_TERM_RE = re.compile(rf"{_NUMBER}%(?: on .+)?")
# A money amount per unit ("1.8¢/kg", "$1.055/kg", "0.9¢ each", "12¢/doz.", "5¢/kg on drained weight").
_SPECIFIC_TERM_RE = re.compile(rf"(?:\${_NUMBER}|{_NUMBER}¢)(?:\s*/\s*\S.*| each(?: .+)?)")
# Rates with a formula, a floor/cap or a reference to another rate are never reduced to a number.
_FORMULA_RE = re.compile(r"\b(?:less|but|minus|exceed|if|percent|subheading|applicable)\b", re.IGNORECASE)


def clean_rate_text(raw: str) -> str:
    """Return the published rate text without HTML markup and with single spaces.

    ``<sup>3</sup>`` becomes a superscript digit (``m³``); empty formatting tags such as ``<u></u>`` and
    ``<il></il>`` are dropped.  Nothing else is changed, so the text stays as USITC published it.
    """
    text = _SUP_RE.sub(lambda m: m.group(1).translate(_SUPERSCRIPT) + m.group(2), raw)
    text = _TAG_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip()


def classify_rate(text: str) -> tuple[str, str]:
    """Return ``(kind, ad_valorem_percent)`` for a cleaned general-rate text.

    Only an unconditional ``Free`` (percent ``0``) and a bare ``N%`` (percent ``N``) yield a percent.
    Specific rates (money per unit), compound rates (specific + ad valorem terms) and anything else
    (conditional free entry, formulas, percents of part of the goods, references to other provisions)
    carry no percent, because no single ad valorem figure would be correct for them.
    """
    if text == "Free":
        return "free", "0"
    pure = _PURE_PERCENT_RE.fullmatch(text)
    if pure:
        return "ad_valorem", pure.group(1)
    if _FORMULA_RE.search(text):
        return "other", ""
    terms = [term.strip() for term in text.split("+")]
    specific = sum(1 for term in terms if _SPECIFIC_TERM_RE.fullmatch(term))
    ad_valorem = sum(1 for term in terms if _AD_VALOREM_TERM_RE.fullmatch(term))
    if specific + ad_valorem != len(terms) or specific == 0:
        return "other", ""
    return ("compound" if ad_valorem else "specific"), ""


# --- HS 2022 -----------------------------------------------------------------------------------------------


def build_hs_rows(hs_csv: Path) -> list[tuple[str, str]]:
    """Read the HS nomenclature and keep the chapters, headings and subheadings, sorted by code.

    The UN Comtrade rows filed under section ``TOTAL`` (the ``TOTAL`` root and ``99``/``9999``/``999999``
    "Commodities not specified according to kind") are statistical artefacts, not HS 2022 codes, and are
    left out so that ``999999`` is rejected as an unknown subheading.
    """
    rows: dict[str, str] = {}
    with hs_csv.open(encoding="utf-8-sig", newline="") as fh:
        for record in csv.DictReader(fh):
            if record["section"] == "TOTAL":
                continue
            code = record["hscode"]
            if not (code.isascii() and code.isdigit() and len(code) in (2, 4, 6)):
                raise ValueError(f"{hs_csv}: unexpected HS code {code!r}")
            if len(code) != int(record["level"]):
                raise ValueError(f"{hs_csv}: level {record['level']} does not match code {code!r}")
            if code in rows:
                raise ValueError(f"{hs_csv}: duplicate HS code {code!r}")
            rows[code] = _SPACE_RE.sub(" ", record["description"]).strip()
    return sorted(rows.items())


# --- US HTS ------------------------------------------------------------------------------------------------


def build_hts_rows(hts_csv: Path) -> list[tuple[str, str, str, str]]:
    """Return one ``(hts, text, percent, kind)`` row per 8/10-digit line with an own or inherited rate.

    The published schedule is a tree given by the ``Indent`` column; a line without a general rate takes
    the rate of its nearest ancestor line that has one (in practice: a 10-digit statistical suffix takes
    the rate of its 8-digit tariff line).  Un-numbered grouping rows only shape the tree.
    """
    out: dict[str, tuple[str, str, str, str]] = {}
    # (indent, digits, cleaned rate text or "") for the current path from the root.
    stack: list[tuple[int, str, str]] = []
    with hts_csv.open(encoding="utf-8-sig", newline="") as fh:
        for record in csv.DictReader(fh):
            indent = int(record["Indent"])
            digits = record["HTS Number"].replace(".", "")
            rate = clean_rate_text(record["General Rate of Duty"])
            if digits and not (digits.isascii() and digits.isdigit() and len(digits) in (4, 6, 8, 10)):
                raise ValueError(f"{hts_csv}: unexpected HTS number {record['HTS Number']!r}")
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if len(digits) in (8, 10):
                text = rate
                if not text:
                    ancestor = next(((num, r) for _, num, r in reversed(stack) if r), None)
                    if ancestor is not None:
                        if not digits.startswith(ancestor[0]):
                            raise ValueError(f"{hts_csv}: {digits} would inherit from {ancestor[0]}")
                        text = ancestor[1]
                if text:
                    if digits in out:
                        raise ValueError(f"{hts_csv}: duplicate HTS line {digits}")
                    kind, percent = classify_rate(text)
                    out[digits] = (digits, text, percent, kind)
            elif rate:
                raise ValueError(f"{hts_csv}: rate {rate!r} on a row that is not an 8/10-digit line")
            stack.append((indent, digits, rate))
    return [out[key] for key in sorted(out)]


# --- output ------------------------------------------------------------------------------------------------


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write UTF-8 (no BOM), ``\\n`` line endings, minimal quoting: the same bytes on every run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    tmp.replace(path)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hs-csv", type=Path, default=DEFAULT_HS_CSV, help="harmonized-system.csv (HS 2022)")
    parser.add_argument("--hts-csv", type=Path, default=DEFAULT_HTS_CSV, help="USITC HTS basic edition CSV")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR, help="where to write the two CSVs")
    args = parser.parse_args(argv)

    hs_rows = build_hs_rows(args.hs_csv)
    hts_rows = build_hts_rows(args.hts_csv)
    write_csv(args.out_dir / HS_OUT_NAME, ("code", "description"), hs_rows)
    write_csv(args.out_dir / HTS_OUT_NAME, HTS_HEADER, hts_rows)

    levels = Counter(len(code) for code, _ in hs_rows)
    kinds = Counter(row[3] for row in hts_rows)
    print(f"input  {args.hs_csv} sha256={sha256(args.hs_csv)}")
    print(f"input  {args.hts_csv} sha256={sha256(args.hts_csv)}")
    print(
        f"output {args.out_dir / HS_OUT_NAME}: {len(hs_rows)} rows "
        f"({levels[2]} chapters, {levels[4]} headings, {levels[6]} subheadings)"
    )
    print(
        f"output {args.out_dir / HTS_OUT_NAME}: {len(hts_rows)} rows ("
        + ", ".join(f"{kind} {kinds[kind]}" for kind in KINDS)
        + ")"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
