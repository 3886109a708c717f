"""Use cases, one function each; they own their transaction and write the audit event in it."""
