"""No user text can become markup or a fetch: hostile descriptions and party names render as visible text, open no
connection (two real local listeners, one redirecting to the other) and read no file outside doc_templates/;
the fetcher refuses every URL that is not a doc_templates asset or bytes the renderer created."""

from __future__ import annotations

import builtins
import copy
import io
import os
import re
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from tests.documents.pdf_payloads import XML, case
from tradedesk.documents.pdf import BlockedResource, TemplateAssetFetcher, documents_for, render_pdf
from tradedesk.documents.pdf.fetcher import TEMPLATES_DIR

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@dataclass
class Listener:
    """A local HTTP server that records every connection; optionally answers 302 to another URL."""

    redirect_to: str | None = None
    hits: list[str] = field(default_factory=list)

    def start(self) -> None:
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener.hits.append(self.path)
                if listener.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", f"{listener.redirect_to}/after-redirect")
                    self.end_headers()
                else:
                    self.send_response(200)
                    self.send_header("Content-Type", "image/png")
                    self.end_headers()
                    self.wfile.write(PNG_1PX)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture(scope="module")
def listeners() -> Iterator[tuple[Listener, Listener]]:
    """(target, redirector): the redirector answers every request with a 302 to the target."""
    target = Listener()
    target.start()
    redirector = Listener(redirect_to=target.url)
    redirector.start()
    yield target, redirector
    redirector.stop()
    target.stop()


@pytest.fixture(autouse=True)
def fresh_hits(listeners: tuple[Listener, Listener]) -> None:
    for one in listeners:
        one.hits.clear()


def hostile_strings(target: str, redirector: str) -> list[str]:
    return [
        f'<img src="{target}/img">',
        "file:///etc/passwd",
        '<img src="file:///etc/passwd">',
        f'<link rel=stylesheet href="{target}/css">',
        f'<iframe src="{target}/frame"></iframe>',
        f'<img src="{redirector}/img">',
        f'<a href="{redirector}/link">follow</a>',
        '<link rel="attachment" href="file:///etc/hostname">',
        f"<style>@import url({target}/import);</style>",
    ]


def hostile_payload(name: str, target: str, redirector: str) -> dict[str, Any]:
    payload = copy.deepcopy(case(name))
    strings = hostile_strings(target, redirector)
    payload["items"][0]["description"] = "Wristwatch " + " ".join(strings)
    payload["parties"]["exporter"]["name"] = f'Repairer <img src="{target}/party"> AG'
    payload["parties"]["exporter"]["address"] = f'<iframe src="{redirector}/address"></iframe>'
    if payload["parties"]["representative"] is not None:
        payload["parties"]["representative"]["name"] = f'Broker <link rel=stylesheet href="{redirector}/rep"> Ltd'
    return payload


@contextmanager
def spying() -> Iterator[dict[str, list[str]]]:
    """Record every URL the fetcher is asked for and every file Python opens inside the block."""
    seen: dict[str, list[str]] = {"fetched": [], "opened": []}
    real_fetch = TemplateAssetFetcher.fetch

    def fetch(self: TemplateAssetFetcher, url: str, headers: Any = None) -> Any:
        seen["fetched"].append(url)
        return real_fetch(self, url, headers)

    def recording(real: Any) -> Any:
        def opener(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, (str, bytes, os.PathLike)):
                seen["opened"].append(os.fsdecode(file))
            return real(file, *args, **kwargs)

        return opener

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TemplateAssetFetcher, "fetch", fetch)
        patch.setattr(builtins, "open", recording(builtins.open))
        patch.setattr(io, "open", recording(io.open))
        patch.setattr(os, "open", recording(os.open))
        yield seen


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_listeners_do_see_a_fetch_and_the_redirect(listeners: tuple[Listener, Listener]) -> None:
    target, redirector = listeners
    with urllib.request.urlopen(f"{redirector.url}/probe", timeout=5) as response:
        assert response.read() == PNG_1PX
    assert redirector.hits == ["/probe"] and target.hits == ["/after-redirect"]


def test_the_spy_sees_fetches_and_file_reads() -> None:
    with spying() as spies:
        TemplateAssetFetcher().fetch("tradedesk-asset:pack.css").close()
    assert spies["fetched"] == ["tradedesk-asset:pack.css"]
    assert [Path(p).name for p in spies["opened"]] == ["pack.css"]


def test_bare_weasyprint_would_fetch_the_same_markup(listeners: tuple[Listener, Listener]) -> None:
    target, _ = listeners
    HTML(string=f'<img src="{target.url}/bare">').write_pdf()
    assert target.hits == ["/bare"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        *(("repair-reimport-ch-gb", kind) for kind in documents_for(case("repair-reimport-ch-gb"))),
        ("represented-gb", "appointment_letter"),
    ],
)
def test_hostile_text_is_rendered_as_text_and_fetches_nothing(
    listeners: tuple[Listener, Listener], name: str, kind: str
) -> None:
    target, redirector = listeners
    payload = hostile_payload(name, target.url, redirector.url)
    render_pdf(kind, case(name))  # warm-up: templates, locale data and the stylesheet are loaded once per process
    with spying() as spies:
        pdf = render_pdf(kind, payload, [XML])
    reader = PdfReader(io.BytesIO(pdf))
    text = squeezed(" ".join(page.extract_text() for page in reader.pages))
    for shown in [*hostile_strings(target.url, redirector.url), f'<img src="{target.url}/party">']:
        assert squeezed(shown) in text
    assert target.hits == [] and redirector.hits == []
    assert spies["fetched"] == [f"tradedesk-generated:{XML[0]}"]
    assert [p for p in spies["opened"] if not Path(p).resolve().is_relative_to(TEMPLATES_DIR)] == []
    assert list(reader.attachments) == [XML[0]]


def test_hostile_party_names_are_text_in_the_appointment_letter(listeners: tuple[Listener, Listener]) -> None:
    target, redirector = listeners
    pdf = render_pdf("appointment_letter", hostile_payload("represented-gb", target.url, redirector.url))
    text = squeezed(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert squeezed(f'Broker <link rel=stylesheet href="{redirector.url}/rep"> Ltd') in text
    assert redirector.hits == []


def _refused_urls(target: str, redirector: str) -> list[str]:
    return [
        f"{target}/direct",
        f"{redirector}/direct",
        "https://127.0.0.1:9/",
        "ftp://127.0.0.1/x",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        "data:text/plain,hello",
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert(1)",
        "tradedesk-asset:../../../../etc/passwd",
        "tradedesk-asset:/etc/passwd",
        "tradedesk-asset:..%2f..%2fetc%2fpasswd",
        "tradedesk-asset:partials/../../pyproject.toml",
        "tradedesk-asset:base.html",
        "tradedesk-asset:partials",
        "tradedesk-asset:pack.css?x=1",
        "tradedesk-asset:",
        "tradedesk-generated:unknown.xml",
        "pack.css",
    ]


def test_the_fetcher_refuses_everything_else(listeners: tuple[Listener, Listener]) -> None:
    target, redirector = listeners
    fetcher = TemplateAssetFetcher(generated={"mine.xml": (b"<x/>", "application/xml")})
    for url in _refused_urls(target.url, redirector.url):
        for call in (fetcher.fetch, fetcher, fetcher.open):
            with pytest.raises(BlockedResource):
                call(url)
    assert target.hits == [] and redirector.hits == []


def test_the_fetcher_serves_template_assets_and_its_own_bytes() -> None:
    fetcher = TemplateAssetFetcher(generated={"mine.xml": (b"<x/>", "application/xml")})
    css = fetcher.fetch("tradedesk-asset:pack.css")
    assert css.content_type == "text/css" and b"@page" in css.read()
    css.close()
    mine = fetcher.fetch("tradedesk-generated:mine.xml")
    assert mine.read() == b"<x/>" and mine.content_type == "application/xml"
    mine.close()


def test_a_symlink_out_of_the_template_directory_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    root.mkdir()
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    (root / "leak.css").symlink_to(secret)
    (root / "inside.css").write_text("p { margin: 0 }")
    fetcher = TemplateAssetFetcher(root=root)
    with pytest.raises(BlockedResource):
        fetcher.fetch("tradedesk-asset:leak.css")
    inside = fetcher.fetch("tradedesk-asset:inside.css")
    assert inside.read() == b"p { margin: 0 }"
    inside.close()


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="{target}/tpl">',
        '<link rel=stylesheet href="{redirector}/tpl">',
        '<link rel="attachment" href="file:///etc/hostname">',
        '<img src="file:///etc/passwd">',
    ],
)
def test_markup_that_asks_for_a_url_fails_the_render(listeners: tuple[Listener, Listener], markup: str) -> None:
    """Even if a template itself referenced a foreign URL, the render stops instead of fetching it (fail closed)."""
    target, redirector = listeners
    html = markup.format(target=target.url, redirector=redirector.url)
    with pytest.raises(BlockedResource):
        HTML(string=html, base_url=None, url_fetcher=TemplateAssetFetcher()).write_pdf()
    assert target.hits == [] and redirector.hits == []
