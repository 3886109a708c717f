"""HTTP steps of the leg -> declaration -> filing flow, for the API and journey tests of that area."""

from __future__ import annotations

from typing import Any

REPAIR = {"repair": {"cost": {"amount": "400.00", "currency": "GBP"}, "charged": True}}


def problem(response: Any) -> dict[str, Any]:
    assert response.content_type == "application/problem+json", response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json(force=True)
    return body


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def plan(client: Any, headers: dict[str, str], rma_id: str, **body: Any) -> list[dict[str, Any]]:
    payload = {"ship_date": "2026-11-23", "transport": "courier", **body}
    items: list[dict[str, Any]] = ok(
        client.post(f"/api/v1/rmas/{rma_id}/legs/plan", json=payload, headers=headers), 201
    )["items"]
    return items


def paperwork(client: Any, headers: dict[str, str], leg_id: str) -> list[dict[str, Any]]:
    response = client.post(f"/api/v1/legs/{leg_id}/paperwork", headers=headers)
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    items: list[dict[str, Any]] = response.get_json()["items"]
    return items


def side(declarations: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(d for d in declarations if d["side"] == name)


def warnings_acknowledged(declaration: dict[str, Any]) -> dict[str, str]:
    return {
        x["code"]: "reviewed: acceptable for this shipment" for x in declaration["flags"] if x["severity"] == "warning"
    }


def approve(client: Any, headers: dict[str, str], declaration: dict[str, Any]) -> dict[str, Any]:
    body = {"acknowledgements": warnings_acknowledged(declaration)}
    result: dict[str, Any] = ok(
        client.post(
            f"/api/v1/declarations/{declaration['id']}/approve",
            json=body,
            headers={**headers, "If-Match": f'"{declaration["version"]}"'},
        )
    )
    return result


def file(
    client: Any, headers: dict[str, str], declaration: dict[str, Any], broker_id: str | None = None
) -> dict[str, Any]:
    result: dict[str, Any] = ok(
        client.post(
            f"/api/v1/declarations/{declaration['id']}/file",
            json={"broker_id": broker_id},
            headers={**headers, "If-Match": f'"{declaration["version"]}"'},
        )
    )
    return result


def fetch(client: Any, headers: dict[str, str], declaration_id: str) -> dict[str, Any]:
    result: dict[str, Any] = ok(client.get(f"/api/v1/filings/{declaration_id}", headers=headers))
    return result


def acknowledge(client: Any, headers: dict[str, str], filing: dict[str, Any], reference: str) -> dict[str, Any]:
    result: dict[str, Any] = ok(
        client.post(
            f"/api/v1/filings/{filing['id']}/acknowledge",
            json={"customs_reference": reference},
            headers={**headers, "If-Match": f'"{filing["version"]}"'},
        )
    )
    return result
