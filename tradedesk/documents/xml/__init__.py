"""Declaration XML: our own tradedesk-declaration schema (tradedesk.py), the UK CDS DEC-DMS declaration (cds.py),
hardened parsing of XML we receive (safe.py) and schema validation shared by both (validation.py)."""
