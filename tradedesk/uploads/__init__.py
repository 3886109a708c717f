"""Files customers upload (photos of returned goods): checked, re-encoded and kept outside the database."""
