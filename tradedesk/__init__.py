"""TradeDesk: customs-compliance service for cross-border RMA shipments."""
