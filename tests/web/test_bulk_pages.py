"""The import and export page (issue #12, point 5): a file uploaded as a job, its report of refused rows by field,
CSV extracts; for the roles that open RMAs."""

from __future__ import annotations

import io
import re

from tests.api.test_bulk_api import csv_file
from tests.web.helpers import page_text


def test_an_uploaded_file_runs_as_a_job_and_reports_its_refused_rows(web, desk):
    coordinator = web("logistics_coordinator")
    upload = {"file": (io.BytesIO(csv_file(desk.swiss_repairer).encode()), "returns.csv")}
    r = coordinator.submit("/imports", upload, "/imports", content_type="multipart/form-data")
    assert r.status_code == 302 and "/jobs/" in r.headers["Location"]
    job_page = coordinator.client.get(r.headers["Location"]).get_data(as_text=True)
    report = re.search(r'href="(/imports/[^"]+)"', job_page).group(1)  # the finished job's "Continue"
    text = coordinator.text(report)
    assert "3 RMA(s) in the file: 2 opened, 1 refused" in text and "items.0.hs_code" in text


def test_an_upload_without_a_file_is_refused_naming_it(web, desk):
    r = web("logistics_coordinator").submit("/imports", {}, "/imports", content_type="multipart/form-data")
    assert r.status_code == 422 and "choose a CSV or JSON file" in page_text(r)


def test_an_export_downloads_csv(web, desk):
    r = web("compliance_officer").get("/exports/rmas.csv?from=2026-01-01&to=2026-12-31")
    assert r.status_code == 200 and r.mimetype == "text/csv" and r.get_data(as_text=True).startswith("id,number")


def test_a_broker_has_no_import_page(web, desk):
    assert web("broker").get("/imports").status_code == 403
