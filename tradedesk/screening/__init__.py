"""Restricted-party screening: the official lists' formats, name matching and the entries they share (issue #14)."""
