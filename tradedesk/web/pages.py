"""Paging of the pages' lists: the same keyset pages as the API (50 rows, a "Next page" link with the cursor)."""

from __future__ import annotations

from flask import request

from tradedesk.services.paging import PageRequest

PAGE_ROWS = 50
#: the short pick lists of a form (brokers, customers ...) and an RMA's legs and history: one page of the maximum
PICK_LIST = PageRequest(200)


def page_request() -> PageRequest:
    """The page the link asked for; a cursor that is not one of the list's is refused by the service (422)."""
    return PageRequest(PAGE_ROWS, request.args.get("cursor") or None)
