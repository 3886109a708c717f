"""Parsing XML that someone else wrote (broker acknowledgements, uploaded filings) without trusting it.

The parser never loads a DTD, never resolves an entity, never touches the network, keeps libxml2's limits
on depth and text size (huge_tree=False), and drops comments and processing instructions. On top of that a
document with any DOCTYPE is refused outright, before parsing when the bytes show one and after parsing
for encodings that hide it (UTF-16), so XXE, billion laughs and external DTDs never get a chance.
See engineering-practices.md B.2.
"""

from __future__ import annotations

from lxml import etree

MAX_XML_BYTES = 4 * 1024 * 1024


def hardened_parser() -> etree.XMLParser:
    """A fresh parser per use: lxml serialises a parser shared between threads, and building one is cheap."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        decompress=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_untrusted(data: bytes, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """The root element of `data`, or ValueError saying why the document is refused."""
    if not isinstance(data, bytes):
        raise TypeError(f"untrusted XML must be given as bytes, not {type(data).__name__}")
    if len(data) > max_bytes:
        raise ValueError(f"XML refused: {len(data)} bytes is more than the limit of {max_bytes} bytes")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError("XML refused: a DOCTYPE or entity declaration is not allowed")
    try:
        root = etree.fromstring(data, parser=hardened_parser())
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"XML refused: not well-formed: {exc}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise ValueError("XML refused: a DOCTYPE or entity declaration is not allowed")
    if next(root.iter(etree.Entity), None) is not None:
        raise ValueError("XML refused: entity references are not allowed")
    return root
