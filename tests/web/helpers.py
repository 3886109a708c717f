"""A thin browser over Flask's test client: forms are sent as a browser sends them, with the CSRF token
read from the page the form is on."""

from __future__ import annotations

import html
import re
from typing import Any

from tests import factories as f
from tradedesk.services import declarations, legs

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
REPAIR = {"repair": {"cost": {"amount": "400.00", "currency": "GBP"}, "charged": True}}
MRN = "26GB12345678901234"


class Web:
    def __init__(self, client: Any) -> None:
        self.client = client

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)

    def text(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return page_text(response)

    def csrf(self, url: str = "/login") -> str:
        match = CSRF.search(self.client.get(url, follow_redirects=True).get_data(as_text=True))
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def sign_in(self, token: str) -> Any:
        return self.client.post("/login", data={"csrf_token": self.csrf(), "token": token})

    def submit(self, url: str, data: dict[str, Any], page: str, **kwargs: Any) -> Any:
        """POST `data` to `url` as the form on `page` does, with that page's CSRF token; a `version` of "page"
        is the version the page's form for `url` carries (what a person's browser sends)."""
        body = self.client.get(page, follow_redirects=True).get_data(as_text=True)
        match = CSRF.search(body)
        assert match, f"no CSRF token on {page}"
        if data.get("version") == "page":
            form = re.search(rf'action="{re.escape(url)}".*?name="version" value="(\d+)"', body, flags=re.S)
            assert form, f"no form for {url} on {page}"
            data = {**data, "version": form.group(1)}
        return self.client.post(url, data={"csrf_token": match.group(1), **data}, **kwargs)


def page_text(response: Any) -> str:
    """The page's text with tags removed and entities decoded, whitespace collapsed (what a person reads)."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


# ------------------------------------------------------------------------------------------ desk set-up


def planned(context: Any, desk: Any) -> tuple[str, list[dict[str, Any]]]:
    """A repair RMA (UK customer, Swiss repairer) with its two legs planned and classified."""
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    outcome = legs.plan_legs(
        context,
        f.COORDINATOR,
        rma_id,
        legs.PlanRequest(ship_date=f.SHIP, transport="courier", broker_id=desk.uk_broker, details=REPAIR),
        legs.IdempotentRequest(None, "/test", None),
    )
    return rma_id, outcome.body["items"]


def requested(context: Any, desk: Any) -> tuple[str, list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """... and the paperwork of the export for repair requested by the coordinator: {side: declaration}."""
    rma_id, leg_rows = planned(context, desk)
    _, drafted = declarations.request_paperwork(context, f.COORDINATOR, leg_rows[0]["id"])
    return rma_id, leg_rows, {d["side"]: d for d in drafted}


def approved(context: Any, declaration: dict[str, Any]) -> dict[str, Any]:
    acks = {x["code"]: "checked by a person" for x in declaration["flags"] if x["severity"] == "warning"}
    return declarations.approve(context, f.OFFICER, declaration["id"], None, acks, None)


def filed(context: Any, declaration: dict[str, Any], broker_id: str) -> dict[str, Any]:
    return declarations.file_declaration(context, f.OFFICER, approved(context, declaration)["id"], None, broker_id)
