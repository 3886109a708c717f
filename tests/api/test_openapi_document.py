"""The served OpenAPI document is valid OpenAPI 3.1 and tells clients what errors look like."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def document(shared_app):
    response = shared_app.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _resolve(document, response):
    if "$ref" in response:
        return document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response


def _responses(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            for status, response in item.get(method, {}).get("responses", {}).items():
                yield f"{method.upper()} {path} {status}", status, _resolve(document, response)


def test_the_document_passes_openapi_spec_validator(document):
    errors = [f"{list(e.path)}: {e.message}" for e in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []


def test_every_error_response_is_problem_json_with_the_shared_schema(document):
    wrong = [
        label
        for label, status, response in _responses(document)
        if (status == "default" or int(status) >= 400)
        and response.get("content")
        != {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    ]
    assert wrong == []


def test_every_operation_documents_the_missing_token_and_the_missing_right(document):
    missing = [
        f"{method} {path}"
        for path, item in document["paths"].items()
        for method in METHODS
        if method in item and not {"401", "403"} <= set(item[method]["responses"])
    ]
    assert missing == []


def test_decimal_fields_are_typed_as_they_are_accepted(document):
    item = document["components"]["schemas"]["Item"]["properties"]
    for name in ("quantity", "unit_value"):
        assert item[name]["type"] == ["string", "integer"]
        assert item[name]["pattern"]


def test_the_docs_page_shows_the_description_of_shared_responses(shared_app):
    page = shared_app.test_client().get("/api/docs").get_data(as_text=True)
    assert "<code>404</code> Not Found" in page


def test_no_description_points_at_a_file_outside_the_repository(document):
    """Clients read the descriptions: they point at docs/contract.md, not at design notes they cannot open."""
    text = json.dumps(document, ensure_ascii=False)
    assert [name for name in ("DESIGN.md", "customs-regimes", "../shared", "reference/") if name in text] == []


def test_the_contract_is_pointed_at_where_the_leg_is_described(document):
    assert "docs/contract.md" in json.dumps(document, ensure_ascii=False)
