"""Outbound webhooks: where a delivery may go (no internal address unless an operator allows it) and how it is
sent (one POST to the address that was checked, no redirect followed)."""
