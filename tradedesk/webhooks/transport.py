"""Sending one webhook POST without letting a subscription reach inside the network (SSRF).

The URL's host is resolved once; every address it resolves to must be a public one (not loopback, private,
link-local, shared, multicast or reserved) unless the operator allows private addresses
(TRADEDESK_WEBHOOKS_ALLOW_PRIVATE=1). The connection then goes to the address that was checked, so a name that
resolves differently a moment later (DNS rebinding) cannot redirect it; TLS still verifies the certificate for the
host name. Redirects are not followed.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 10.0
MAX_URL = 2048
#: how much of a receiver's answer is kept in the delivery log
KEPT_RESPONSE = 500


class RefusedUrl(ValueError):
    """A URL a webhook may not be sent to; the message says why."""


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


@dataclass(frozen=True, slots=True)
class Outcome:
    status: int | None
    error: str | None
    response: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, allow_private: bool = False) -> Target:
    """The address a webhook to `url` goes to, or RefusedUrl naming the problem."""
    if len(url) > MAX_URL:
        raise RefusedUrl(f"is longer than {MAX_URL} characters")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise RefusedUrl("must be an http:// or https:// URL")
    if parts.username or parts.password:
        raise RefusedUrl("must not carry a user name or password (the signature authenticates the sender)")
    if not parts.hostname:
        raise RefusedUrl("has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise RefusedUrl(f"has an invalid port: {exc}") from exc
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise RefusedUrl(f"its host {parts.hostname!r} does not resolve ({exc.strerror})") from exc
    addresses = sorted({str(info[4][0]) for info in found})
    internal = [a for a in addresses if not _public(a)]
    if internal and not allow_private:
        raise RefusedUrl(
            f"its host {parts.hostname!r} resolves to an internal address ({', '.join(internal)}): webhooks go to "
            "public addresses only, unless the operator allows private ones (TRADEDESK_WEBHOOKS_ALLOW_PRIVATE)"
        )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, parts.hostname, port, path, addresses[0])


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str], allow_private: bool = False) -> Outcome:
    """POST `body` to `url` (checked first); what came back, or why nothing did."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = check_url(url, allow_private)
    except RefusedUrl as exc:
        return Outcome(None, f"refused: the URL {exc}", "", took())
    connection = (_PinnedHTTPS if target.scheme == "https" else _PinnedHTTP)(target, TIMEOUT_SECONDS)
    try:
        connection.request("POST", target.path, body=body, headers={**headers, "Host": target.host})
        response = connection.getresponse()
        text = response.read(KEPT_RESPONSE).decode("utf-8", errors="replace")
        error = None
        if 300 <= response.status < 400:
            error = f"answered {response.status}: redirects are not followed"
        elif not 200 <= response.status < 300:
            error = f"answered {response.status}"
        return Outcome(response.status, error, text, took())
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(None, f"{type(exc).__name__}: {exc}", "", took())
    finally:
        connection.close()
