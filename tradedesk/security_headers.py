"""Security headers on every response of the app: pages, the JSON API, /api/docs, /healthz, static files.

Pages get a same-origin Content-Security-Policy with no inline script or style (PDF previews are shown in a
same-origin frame); JSON, XML and other data get one that allows nothing to load or run. PDFs get none, so
that the browser's own PDF viewer can show them (the documents are our own renderings, with no script). HSTS is sent when session cookies are
Secure, i.e. when the service is meant to be reached over HTTPS only.
"""

from __future__ import annotations

from flask import Flask, Response

PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'self'; "
    "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
)
#: JSON, XML and other data: nothing in them may load or run anything; same-origin pages may frame them
DATA_CSP = "default-src 'none'; frame-ancestors 'self'"
HSTS = "max-age=31536000; includeSubDomains"


def register(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        mimetype = response.mimetype or ""
        headers = response.headers
        if mimetype != "application/pdf":
            headers.setdefault("Content-Security-Policy", PAGE_CSP if mimetype == "text/html" else DATA_CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
