"""Downloads of a declaration version's files: rendered once when final, served from storage, scoped."""

from __future__ import annotations

import hashlib

import pytest
from lxml import etree
from sqlalchemy import func, select

from tests import factories as f
from tests.api.legs_http import REPAIR, approve, file, ok, paperwork, plan, side
from tradedesk.db.models import AuditEvent, Document


@pytest.fixture
def desk(context, broker_party):
    f.freeze(context)
    return f.cast(context, broker_party)


@pytest.fixture
def in_review(client, auth, context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    legs = plan(client, auth("logistics_coordinator"), rma_id, broker_id=desk.uk_broker, details=REPAIR)
    return side(paperwork(client, auth("logistics_coordinator"), legs[0]["id"]), "export")


@pytest.fixture
def approved(client, auth, in_review):
    return approve(client, auth("compliance_officer"), in_review)


@pytest.fixture
def filed(client, auth, approved):
    return file(client, auth("compliance_officer"), approved)


def stored_documents(context) -> int:
    return context.run(lambda s: s.scalar(select(func.count()).select_from(Document)), write=False)


def test_an_approved_version_lists_its_xml_and_pdfs(client, auth, approved):
    body = ok(client.get(f"/api/v1/declarations/{approved['id']}/documents", headers=auth("compliance_officer")))
    kinds = {d["kind"] for d in body["items"]}
    assert {"tradedesk-xml", "cds-xml", "packing_list", "op_information_sheet"} <= kinds
    assert all(d["stored"] for d in body["items"])


def test_the_files_are_stored_once_and_a_second_download_is_served_from_storage(
    client, auth, context, approved, monkeypatch
):
    url = f"/api/v1/declarations/{approved['id']}/documents/cds-xml"
    first = client.get(url, headers=auth("compliance_officer"))
    assert first.status_code == 200 and first.mimetype == "application/xml"
    count = stored_documents(context)

    def no_rendering(*_args, **_kwargs):
        raise AssertionError("a stored file must not be rendered again")

    monkeypatch.setattr("tradedesk.services.documents.render_bundle", no_rendering)
    second = client.get(url, headers=auth("compliance_officer"))
    assert second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert stored_documents(context) == count


def test_the_etag_is_the_sha256_and_if_none_match_gives_304(client, auth, approved):
    url = f"/api/v1/declarations/{approved['id']}/documents/tradedesk-xml"
    first = client.get(url, headers=auth("compliance_officer"))
    assert first.headers["ETag"] == f'"{hashlib.sha256(first.data).hexdigest()}"'
    again = client.get(url, headers=auth("compliance_officer", **{"If-None-Match": first.headers["ETag"]}))
    assert again.status_code == 304


def test_the_downloaded_xml_is_the_validated_cds_declaration(client, auth, approved):
    data = client.get(
        f"/api/v1/declarations/{approved['id']}/documents/cds-xml", headers=auth("compliance_officer")
    ).data
    root = etree.fromstring(data)
    assert "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2" in root.tag
    assert b"<CurrentCode>21</CurrentCode><PreviousCode>00</PreviousCode>" in data  # DE 1/10 2100 (outward processing)


def test_rendering_is_audited_with_the_file_hashes(client, auth, context, approved):
    client.get(f"/api/v1/declarations/{approved['id']}/documents", headers=auth("compliance_officer"))
    actions = context.run(lambda s: list(s.scalars(select(AuditEvent.action))), write=False)
    assert "declaration:render" in actions


def test_a_version_still_in_review_is_previewed_but_not_stored(client, auth, context, in_review):
    body = ok(client.get(f"/api/v1/declarations/{in_review['id']}/documents", headers=auth("compliance_officer")))
    assert body["items"] and not any(d["stored"] for d in body["items"])
    assert stored_documents(context) == 0


def test_the_broker_downloads_its_filing_through_the_inbox(client, auth, filed):
    body = ok(client.get(f"/api/v1/filings/{filed['id']}/documents", headers=auth("broker")))
    pdf = next(d for d in body["items"] if d["media_type"] == "application/pdf")
    response = client.get(pdf["url"], headers=auth("broker"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_a_broker_cannot_reach_documents_through_the_desk_routes(client, auth, filed):
    assert client.get(f"/api/v1/declarations/{filed['id']}/documents", headers=auth("broker")).status_code == 404


def test_another_broker_gets_404_for_the_files(client, context, filed):
    party_id = f.party(context, "broker", "Other Customs Services Ltd", "GB")
    plain, _ = f.token(context, "broker", "other broker", party_id)
    assert client.get(f"/api/v1/filings/{filed['id']}/documents/cds-xml", headers=f.bearer(plain)).status_code == 404


def test_an_unfiled_declaration_is_invisible_to_the_broker(client, auth, approved):
    assert client.get(f"/api/v1/filings/{approved['id']}/documents", headers=auth("broker")).status_code == 404


def test_an_unknown_document_kind_is_404(client, auth, approved):
    r = client.get(f"/api/v1/declarations/{approved['id']}/documents/no-such-kind", headers=auth("compliance_officer"))
    assert r.status_code == 404


def test_listing_the_files_of_a_stored_version_again_serves_the_stored_set(client, auth, approved):
    url = f"/api/v1/declarations/{approved['id']}/documents"
    first = ok(client.get(url, headers=auth("compliance_officer")))
    again = ok(client.get(url, headers=auth("compliance_officer")))
    assert [(d["kind"], d["sha256"]) for d in again["items"]] == [(d["kind"], d["sha256"]) for d in first["items"]]
