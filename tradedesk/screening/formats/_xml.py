"""Reading a list's XML safely: the lists are downloaded files, so nothing in them may reach the network or the disk.

The parser resolves no entities, loads no DTD, fetches nothing and keeps libxml2's size limits (`huge_tree=False`);
on top of that a document carrying a DTD at all is refused, since no official list format uses one and a DTD is how
entity-expansion and external-entity attacks arrive.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from tradedesk.screening.formats._common import check_size

#: an lxml element; lxml ships no type information here
Element = Any


def parse_xml(data: bytes, what: str = "XML document") -> Element:
    """The root element of a well-formed, DTD-free document of at most MAX_INPUT_BYTES."""
    check_size(data, what)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"{what} is not well-formed XML: {exc}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise ValueError(
            f"{what} declares a DTD ({docinfo.doctype or '<!DOCTYPE>'}); list documents with a DTD are refused"
        )
    return root


def local_name(element: Element) -> str:
    """The tag without its namespace."""
    return str(etree.QName(element).localname)


def namespace(element: Element) -> str:
    return str(etree.QName(element).namespace or "")


def text_of(element: Element, path: str) -> str:
    """The stripped text at `path` below `element`, '' when absent."""
    found = element.findtext(path)
    return str(found).strip() if found is not None else ""


def texts_of(element: Element, path: str) -> list[str]:
    """The stripped, non-empty texts of every element at `path`."""
    return [str(e.text).strip() for e in element.iterfind(path) if e.text and e.text.strip()]


def attr(element: Element, name: str) -> str:
    return str(element.get(name) or "").strip()
