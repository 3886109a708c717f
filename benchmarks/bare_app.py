"""The baseline of benchmarks/api.py: a bare Flask endpoint, served by the same gunicorn settings as TradeDesk.

GET /ping answers a small JSON body and does nothing else (no auth, no database), so its throughput is
what the server, the WSGI stack and the load generator cost per request on this machine; the API's
figures are read as a ratio to it.
Run alone: .venv/bin/gunicorn -w 2 --chdir benchmarks bare_app:app
"""

from __future__ import annotations

from flask import Flask, Response, jsonify

app = Flask(__name__)


@app.get("/ping")
def ping() -> Response:
    return jsonify(status="ok")
