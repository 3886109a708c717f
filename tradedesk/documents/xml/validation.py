"""XSD validation with readable errors, shared by every XML we publish.

A compiled XMLSchema is reused for every document (compiling costs milliseconds, validating microseconds).
Validation runs under a lock because lxml keeps one error log per schema object: without it, a concurrent
validation could clear or mix the errors we are about to report.
"""

from __future__ import annotations

import threading
from pathlib import Path

from lxml import etree

from tradedesk.documents.xml.safe import parse_untrusted

MAX_OWN_XML_BYTES = 64 * 1024 * 1024  # our own declarations: up to 500 items with their serial numbers


class InvalidXML(ValueError):
    """A document that does not validate against its schema; `errors` holds one line per schema error."""

    def __init__(self, schema_name: str, errors: list[str]) -> None:
        super().__init__(f"not a valid {schema_name} document: " + "; ".join(errors))
        self.schema_name = schema_name
        self.errors = errors


class Schema:
    """One published XSD, compiled once, named in error messages."""

    def __init__(self, name: str, path: Path) -> None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        self.name = name
        self._schema = etree.XMLSchema(etree.parse(str(path), parser))
        self._lock = threading.Lock()

    def check(self, root: etree._Element) -> None:
        """Raise InvalidXML listing every schema error of the tree (element paths without namespaces)."""
        with self._lock:
            if self._schema.validate(root):
                return
            entries = list(self._schema.error_log)
        raise InvalidXML(self.name, [_describe(root, e) for e in entries])

    def check_bytes(self, data: bytes) -> None:
        """Parse (hardened) and check a serialised document, as stored or served."""
        self.check(parse_untrusted(data, max_bytes=MAX_OWN_XML_BYTES))


def _describe(root: etree._Element, entry: etree._LogEntry) -> str:
    message = entry.message
    for namespace in {v for v in root.nsmap.values() if v}:
        message = message.replace("{" + namespace + "}", "")
    where = _readable_path(root, entry.path) if entry.path else ""
    line = f"line {entry.line}, " if entry.line else ""
    return f"{line}{where}: {message}" if where else f"{line}{message}"


def _readable_path(root: etree._Element, xpath: str) -> str:
    """libxml2 reports `/*/*[4]/*[1]`; show `/Declaration/Items/Item[1]/UnitValue` instead."""
    try:
        found = root.getroottree().xpath(xpath)
    except etree.XPathError:
        return xpath
    if not found or not isinstance(found[0], etree._Element):
        return xpath
    steps = []
    node: etree._Element | None = found[0]
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        same = [] if parent is None else [c for c in parent if isinstance(c.tag, str) and c.tag == node.tag]
        steps.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 else name)
        node = parent
    return "/" + "/".join(reversed(steps))
