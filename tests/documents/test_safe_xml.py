"""Untrusted XML: real XXE, billion-laughs, external-DTD and oversized payloads are refused, and neither the
filesystem nor the network is touched while refusing them (a FIFO and a TCP listener watch)."""

from __future__ import annotations

import gzip
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from lxml import etree

from tradedesk.documents.xml.safe import MAX_XML_BYTES, hardened_parser, parse_untrusted

SECRET = b"TOPSECRET-7f3a"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>"""


def xxe(target: str) -> bytes:
    return f'<?xml version="1.0"?>\n<!DOCTYPE ack [<!ENTITY xxe SYSTEM "{target}">]>\n<ack>&xxe;</ack>'.encode()


def external_dtd(target: str) -> bytes:
    return f'<?xml version="1.0"?>\n<!DOCTYPE ack SYSTEM "{target}">\n<ack>x</ack>'.encode()


def parameter_entity(target: str) -> bytes:
    return f'<?xml version="1.0"?>\n<!DOCTYPE ack [<!ENTITY % p SYSTEM "{target}"> %p;]>\n<ack>x</ack>'.encode()


ATTACKS = {"xxe": xxe, "external_dtd": external_dtd, "parameter_entity": parameter_entity}


@contextmanager
def watched_fifo(tmp_path: Path) -> Iterator[tuple[Path, threading.Event]]:
    """A FIFO that records any open for reading: a blocked reader is released with SECRET and noted."""
    path = tmp_path / "secret.fifo"
    os.mkfifo(path)
    opened, stop = threading.Event(), threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: nobody holds it open for reading
                time.sleep(0.001)
                continue
            opened.set()
            try:
                os.write(fd, SECRET)
            except BrokenPipeError:  # the reader opened and left before we wrote: it was still an open
                pass
            finally:
                os.close(fd)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield path, opened
    finally:
        time.sleep(0.02)
        stop.set()
        thread.join()


@contextmanager
def listener() -> Iterator[tuple[int, list[socket.socket]]]:
    """A TCP listener on 127.0.0.1; the list holds every connection made to it (checked on exit)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.1)
    connections: list[socket.socket] = []
    try:
        yield server.getsockname()[1], connections
        while True:
            try:
                connections.append(server.accept()[0])
            except TimeoutError:
                break
    finally:
        for c in connections:
            c.close()
        server.close()


def test_a_plain_document_is_parsed():
    root = parse_untrusted(b'<?xml version="1.0" encoding="UTF-8"?><ack><mrn>26GB12345678901234</mrn></ack>')
    assert root.tag == "ack"
    assert root.findtext("mrn") == "26GB12345678901234"


def test_comments_and_processing_instructions_are_dropped():
    root = parse_untrusted(b"<ack><!-- note --><?php echo 1; ?><mrn>X</mrn></ack>")
    assert etree.tostring(root) == b"<ack><mrn>X</mrn></ack>"


def test_text_is_required_as_bytes():
    with pytest.raises(TypeError, match="bytes"):
        parse_untrusted("<ack/>")  # type: ignore[arg-type]


def test_oversized_input_is_refused_before_parsing():
    with pytest.raises(ValueError, match="more than the limit of 1024 bytes"):
        parse_untrusted(b"<ack>" + b"x" * 1024 + b"</ack>", max_bytes=1024)


def test_the_default_limit_applies():
    data = b"<ack>" + b"x" * MAX_XML_BYTES + b"</ack>"
    with pytest.raises(ValueError, match="limit"):
        parse_untrusted(data)


def test_a_doctype_is_refused():
    with pytest.raises(ValueError, match="DOCTYPE"):
        parse_untrusted(b'<!DOCTYPE ack [<!ENTITY x "y">]><ack>&x;</ack>')


def test_billion_laughs_is_refused_quickly():
    started = time.perf_counter()
    with pytest.raises(ValueError, match="DOCTYPE"):
        parse_untrusted(BILLION_LAUGHS)
    assert time.perf_counter() - started < 0.5


def test_billion_laughs_hidden_in_utf16_is_refused_too():
    data = (
        BILLION_LAUGHS.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')
        .decode()
        .encode("utf-16")
    )
    assert b"<!DOCTYPE" not in data
    started = time.perf_counter()
    with pytest.raises(ValueError, match="XML refused"):
        parse_untrusted(data)
    assert time.perf_counter() - started < 0.5


def test_a_doctype_hidden_in_utf16_is_refused_after_a_parse_that_expands_nothing():
    data = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY e "expanded">]><a>&e;</a>'.encode("utf-16")
    with pytest.raises(ValueError, match="DOCTYPE"):
        parse_untrusted(data)
    assert b"expanded</a>" not in etree.tostring(etree.fromstring(data, hardened_parser()))


def test_an_undeclared_entity_is_refused():
    with pytest.raises(ValueError, match="not well-formed"):
        parse_untrusted(b"<ack>&xxe;</ack>")


def test_excessive_depth_is_refused():
    with pytest.raises(ValueError, match="depth"):
        parse_untrusted(b"<a>" * 300 + b"</a>" * 300)


def test_compressed_input_is_not_decompressed():
    with pytest.raises(ValueError, match="not well-formed"):
        parse_untrusted(gzip.compress(b"<ack/>"))


def test_malformed_input_is_a_value_error():
    with pytest.raises(ValueError, match="not well-formed"):
        parse_untrusted(b"<ack><unclosed></ack>")


def test_xinclude_is_not_processed():
    root = parse_untrusted(
        b'<ack xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></ack>'
    )
    assert b"root:" not in etree.tostring(root)


def test_an_entity_pointing_at_etc_passwd_is_refused_and_not_resolved():
    data = xxe("file:///etc/passwd")
    with pytest.raises(ValueError, match="DOCTYPE"):
        parse_untrusted(data)
    assert b"root:" not in etree.tostring(etree.fromstring(data, hardened_parser()))


def test_the_fifo_probe_sees_an_unsafe_parser_read_a_file(tmp_path):
    """Control: the probe does catch a read. Under heavy load the FIFO hand-over can miss one attempt, so the
    control gets three (the refusal tests below need no retry: they assert that nothing opened the file)."""
    unsafe = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=True)
    seen = []
    for attempt in range(3):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        with watched_fifo(folder) as (path, opened):
            root = etree.fromstring(xxe(path.as_uri()), unsafe)
        seen.append(opened.is_set() and SECRET.decode() in (root.text or ""))
        if seen[-1]:
            break
    assert any(seen)


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_file_attacks_are_refused_without_opening_the_file(tmp_path, attack):
    with watched_fifo(tmp_path) as (path, opened), pytest.raises(ValueError, match="DOCTYPE"):
        parse_untrusted(ATTACKS[attack](path.as_uri()))
    assert not opened.is_set()


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_the_hardened_parser_alone_opens_no_file(tmp_path, attack):
    with watched_fifo(tmp_path) as (path, opened):
        root = etree.fromstring(ATTACKS[attack](path.as_uri()), hardened_parser())
    assert not opened.is_set()
    assert SECRET not in etree.tostring(root)


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_network_attacks_are_refused_without_a_connection(attack):
    with listener() as (port, connections), pytest.raises(ValueError, match="DOCTYPE"):
        parse_untrusted(ATTACKS[attack](f"http://127.0.0.1:{port}/evil"))
    assert connections == []


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_the_hardened_parser_alone_makes_no_connection(attack):
    with listener() as (port, connections):
        etree.fromstring(ATTACKS[attack](f"http://127.0.0.1:{port}/evil"), hardened_parser())
    assert connections == []
