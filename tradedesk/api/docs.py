"""GET /api/docs: the OpenAPI document as a readable page, rendered on the server (no CDN, no script)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_docs", __name__, template_folder="templates", static_folder="static", static_url_path="/api/assets")

METHODS = ("get", "post", "put", "patch", "delete")


def _resolved(spec: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    """A shared response ({"$ref": "#/components/responses/NOT_FOUND"}) as the component it names."""
    ref = response.get("$ref", "")
    if not ref.startswith("#/components/responses/"):
        return response
    return dict(spec.get("components", {}).get("responses", {}).get(ref.rsplit("/", 1)[1], {}))


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [*item.get("parameters", []), *op.get("parameters", [])]
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "tag": (op.get("tags") or ["other"])[0],
                    "parameters": [
                        {
                            "name": p.get("name"),
                            "in": p.get("in"),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in params
                    ],
                    "body": "requestBody" in op,
                    "responses": sorted((code, _resolved(spec, r)) for code, r in op.get("responses", {}).items()),
                }
            )
    return out


@bp.get("/api/docs")
def api_docs() -> str:
    spec = current_app.extensions["tradedesk.api"].spec.to_dict()
    return render_template("api_docs.html", spec=spec, operations=_operations(spec))
