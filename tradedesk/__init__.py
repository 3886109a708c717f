"""TradeDesk: IOR/EOR trade-compliance desk for cross-border RMA shipments.

Importing the package gives the domain the reader of its HS tables (tradedesk.data) and costs nothing more: `create_app` (Flask, flask-smorest) lives in `tradedesk.app` and is
imported on first use, so `from tradedesk import create_app` keeps working while `tradedesk classify`
starts without the web stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradedesk.data import hs_table_rows
from tradedesk.domain import hs

hs.read_tables_with(hs_table_rows)  # the domain reads no disk: the edge gives it the HS tables' reader

if TYPE_CHECKING:
    from tradedesk.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from tradedesk.app import create_app

        return create_app
    raise AttributeError(f"module 'tradedesk' has no attribute {name!r}")
