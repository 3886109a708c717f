"""Filings: customs declaration XML (our XSD and UK CDS DEC-DMS) and the PDF document pack."""
