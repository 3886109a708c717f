"""Restricted-party list publications, from their official file formats to `ParsedList`s.

`parse(files)` takes the raw bytes of one publication, keyed by file name, recognises the format from the content
(and, for OFAC's legacy CSV files, which have no header, from the file names) and hands it to that format's parser.
Parsers are pure functions of the bytes: the caller downloads or reads the files.
"""

from __future__ import annotations

from collections.abc import Mapping

from tradedesk.screening.entries import ParsedList
from tradedesk.screening.formats import eu_fsf, ofac_csv, uk_sanctions, un_sc, us_csl
from tradedesk.screening.formats._common import check_size
from tradedesk.screening.formats._xml import Element, local_name, namespace, parse_xml

__all__ = ["FORMATS", "UnknownFormat", "detect", "parse"]

#: every format id `detect` returns, which is also the `format` of the list `parse` returns
FORMATS = (
    ofac_csv.FORMAT,
    eu_fsf.FORMAT_1_1,
    eu_fsf.FORMAT_1_0,
    un_sc.FORMAT,
    uk_sanctions.FORMAT_FCDO,
    uk_sanctions.FORMAT_OFSI,
    us_csl.FORMAT,
)
EXPECTED = (
    "OFAC legacy CSV (sdn.csv or cons_prim.csv, with optional alt/add/comments files), EU FSF XML 1.1 or 1.0, "
    "UN Security Council consolidated XML, FCDO UK Sanctions List CSV, OFSI ConList.csv, or trade.gov CSL CSV"
)
#: how much of an unrecognised file the error message shows
SHOWN = 60


class UnknownFormat(ValueError):
    """The files are none of the list formats this package reads; the message says what was seen instead."""


def detect(files: Mapping[str, bytes]) -> str:
    """The format id of a publication (one of FORMATS), or UnknownFormat."""
    return _recognise(files)[0]


def parse(files: Mapping[str, bytes]) -> ParsedList:
    """The publication's entries, read by the parser of its format."""
    format_id, root = _recognise(files)
    if format_id == ofac_csv.FORMAT:
        return ofac_csv.parse(files)
    if root is not None:
        return un_sc.parse_root(root) if format_id == un_sc.FORMAT else eu_fsf.parse_root(root)
    (data,) = files.values()
    return uk_sanctions.parse(data) if format_id.startswith("uk-") else us_csl.parse(data)


def _recognise(files: Mapping[str, bytes]) -> tuple[str, Element | None]:
    """The format id, and the parsed root for XML so that a large document is parsed once."""
    if not files:
        raise UnknownFormat(f"no files given; expected {EXPECTED}")
    source = ofac_csv.source_of(files)
    if source is not None:
        _check_ofac(files, ofac_csv.FILES[source])
        return ofac_csv.FORMAT, None
    if len(files) != 1:
        raise UnknownFormat(
            f"{len(files)} files {sorted(files)} that are not an OFAC legacy CSV set; expected {EXPECTED}"
        )
    ((name, data),) = files.items()
    check_size(data, name)
    start = _start(data)
    if not start:
        raise UnknownFormat(f"{name!r} is empty; expected {EXPECTED}")
    if start.startswith(b"<"):
        return _recognise_xml(name, data)
    return _recognise_csv(name, start), None


def _check_ofac(files: Mapping[str, bytes], known: tuple[str, ...]) -> None:
    """Every file is one of the list's files and starts with a numeric ent_num: anything else is not an OFAC file."""
    for name, data in files.items():
        if ofac_csv.file_name(name) not in known:
            raise UnknownFormat(f"{name!r} is not one of the OFAC legacy CSV files {', '.join(known)}")
        start = _start(data)
        if start and not start[:1].isdigit():
            raise UnknownFormat(f"{name!r} is named like an OFAC legacy CSV file but starts {_shown(start)}")


def _recognise_xml(name: str, data: bytes) -> tuple[str, Element]:
    try:
        root = parse_xml(data, repr(name))
    except ValueError as exc:
        if "not well-formed" in str(exc):
            raise UnknownFormat(f"{exc}; expected {EXPECTED}") from exc
        raise
    if local_name(root) == un_sc.ROOT:
        return un_sc.FORMAT, root
    found = eu_fsf.layout(root)
    if found is not None:
        return found, root
    seen = f"{{{namespace(root)}}}{local_name(root)}" if namespace(root) else local_name(root)
    raise UnknownFormat(f"{name!r} is XML with root element <{seen}>; expected {EXPECTED}")


def _recognise_csv(name: str, start: bytes) -> str:
    text = start[:8192].decode("utf-8", errors="replace")
    layout = uk_sanctions.layout_of(text)
    if layout is not None:
        return layout.format
    if us_csl.looks_like(text):
        return us_csl.FORMAT
    if start[:1].isdigit() and b"-0-" in start[:4096]:
        raise UnknownFormat(
            f"{name!r} looks like an OFAC legacy CSV file; name it sdn.csv or cons_prim.csv (with alt.csv/add.csv "
            "or cons_alt.csv/cons_add.csv) so the list it belongs to is known"
        )
    raise UnknownFormat(f"{name!r} starts {_shown(start)}; expected {EXPECTED}")


def _start(data: bytes) -> bytes:
    """The content without a UTF-8 BOM and leading blank space, which say nothing about the format."""
    return data.removeprefix(b"\xef\xbb\xbf").lstrip()


def _shown(data: bytes) -> str:
    """The start of an unrecognised file, safe to print."""
    return repr(data[:SHOWN]) + ("..." if len(data) > SHOWN else "")
