"""Element paths of a CDS declaration, ignoring values: the shape HMRC's samples and our output are compared by.

`MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem/Commodity/Classification/ID` for an element,
`.../InvoiceLine/ItemChargeAmount/@currencyID` for an attribute (xsi:* attributes are left out); namespaces and
comments are ignored, repeated elements give one path.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from lxml import etree

SAMPLES = Path(__file__).with_name("cds_samples")
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)


def element_paths(document: bytes | etree._Element) -> set[str]:
    """Every element (and non-xsi attribute) path of `document`, from its root."""
    root = etree.fromstring(document, _parser()) if isinstance(document, bytes) else document
    found: set[str] = set()

    def walk(element: etree._Element, prefix: str) -> None:
        path = f"{prefix}/{etree.QName(element).localname}" if prefix else etree.QName(element).localname
        found.add(path)
        for attribute in element.attrib:
            name = etree.QName(attribute)
            if name.namespace != _XSI:
                found.add(f"{path}/@{name.localname}")
        for child in element:
            if isinstance(child.tag, str):
                walk(child, path)

    walk(root, "")
    return found


def sample_paths(filename: str) -> set[str]:
    """The element paths of one of HMRC's annotated samples in cds_samples/."""
    return element_paths((SAMPLES / filename).read_bytes())


def uncovered(expected: set[str], actual: set[str], allowed: dict[str, str]) -> set[str]:
    """Paths of `expected` missing from `actual`, except those at or under an allowed pattern (pattern -> reason;
    `*` matches any run of characters, as in fnmatch)."""
    return {
        p
        for p in expected - actual
        if not any(fnmatch.fnmatchcase(p, pattern) or fnmatch.fnmatchcase(p, pattern + "/*") for pattern in allowed)
    }
