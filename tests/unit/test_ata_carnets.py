"""ATA carnets the same everywhere (issue #9 point 4), one row per jurisdiction.

Istanbul Convention (1990) Art. 7(1) and Annex A Art. 5: a carnet is valid for at most one year from its issue;
Annex A Art. 8: the guaranteeing association answers for the duties, so no other security is asked; the carnet's
vouchers take the place of the declarations. The deadline of each side is the earlier of the carnet's expiry and
the jurisdiction's own temporary-admission period.
"""

from __future__ import annotations

import pytest

from tests.support import codes, decide, leg, party
from tradedesk.data.loader import load_profiles
from tradedesk.inputs.leg import LegInputError, load_legs

SHIPPED = "2026-11-20"
EXPIRES = "2027-06-30"

#: jurisdiction (country used), import-side deadline with a carnet expiring EXPIRES (None: no national period
#: shorter than the carnet), export-side deadline
CARNET_COUNTRIES = [
    ("AE", "AE", EXPIRES, EXPIRES),
    ("AU", "AU", EXPIRES, EXPIRES),
    ("CA", "CA", EXPIRES, EXPIRES),
    ("CH", "CH", EXPIRES, EXPIRES),
    ("EU", "DE", EXPIRES, EXPIRES),
    ("EU", "IT", EXPIRES, EXPIRES),
    ("GB", "GB", EXPIRES, EXPIRES),
    ("HK", "HK", EXPIRES, EXPIRES),
    ("IL", "IL", EXPIRES, EXPIRES),
    ("JP", "JP", EXPIRES, EXPIRES),
    ("KR", "KR", "2027-05-20", EXPIRES),
    ("MY", "MY", "2027-02-20", EXPIRES),
    ("NO", "NO", EXPIRES, EXPIRES),
    ("SG", "SG", EXPIRES, EXPIRES),
    ("TH", "TH", "2027-05-20", EXPIRES),
    ("TR", "TR", EXPIRES, EXPIRES),
    ("TW", "TW", EXPIRES, EXPIRES),
    ("US", "US", EXPIRES, EXPIRES),
    ("VN", "VN", EXPIRES, EXPIRES),
]
IDS = [f"{j}-{c}" if j == "EU" else j for j, c, _, _ in CARNET_COUNTRIES]


def _counterpart(country: str) -> str:
    return "GB" if country == "US" else "US"


def _dispatch(origin: str, destination: str, **extra) -> dict:
    owner = party("Demo Owner", origin)
    return decide(leg("demo_dispatch", origin, destination, exporter=owner, importer=owner, ata_carnet=True, **extra))


@pytest.mark.parametrize(("jurisdiction", "country", "import_deadline", "export_deadline"), CARNET_COUNTRIES, ids=IDS)
def test_a_carnet_demo_enters_until_the_earlier_of_the_carnet_expiry_and_the_national_period_without_a_guarantee(
    jurisdiction, country, import_deadline, export_deadline
):
    """Annex A Arts. 5 and 8: the carnet caps the stay and is the guarantee; its importation voucher is the document."""
    imp = _dispatch(_counterpart(country), country, ata_carnet_expires=EXPIRES)["import"]
    assert (imp["jurisdiction"], imp["regime"]) == (jurisdiction, "temporary_admission")
    assert imp["deadline"]["date"] == import_deadline
    assert imp["guarantee_required"] is False
    assert imp["documents"][0].startswith("ATA carnet importation voucher")
    assert not any("guarantee" in d.casefold() for d in imp["documents"][1:])


@pytest.mark.parametrize(("jurisdiction", "country", "import_deadline", "export_deadline"), CARNET_COUNTRIES, ids=IDS)
def test_a_carnet_demo_leaves_on_the_exportation_voucher_instead_of_an_export_declaration(
    jurisdiction, country, import_deadline, export_deadline
):
    """Annex A: the exportation voucher takes the place of the export declaration; re-import before the carnet expires."""
    exp = _dispatch(country, _counterpart(country), ata_carnet_expires=EXPIRES)["export"]
    assert (exp["jurisdiction"], exp["regime"]) == (jurisdiction, "temporary_export")
    assert exp["deadline"]["date"] == export_deadline
    assert exp["documents"][0].startswith("ATA carnet exportation voucher")
    assert not any("declaration" in d.casefold() for d in exp["documents"][1:])


def test_without_its_expiry_a_carnet_counts_as_valid_one_year_from_its_first_use():
    """Annex A Art. 5: at most one year from issue, and it was issued on or before the dispatch."""
    imp = _dispatch("US", "DE")["import"]
    assert imp["deadline"]["date"] == "2027-11-20"
    assert "carnet" in imp["deadline"]["event"]


def test_the_national_period_wins_when_it_ends_before_the_carnet():
    """Korea's customs practice of 6 months for carnet goods ends before a one-year carnet."""
    assert _dispatch("US", "KR")["import"]["deadline"]["date"] == "2027-05-20"


def test_a_re_export_after_the_carnet_expired_is_overdue():
    """Annex A Art. 5: once the carnet has expired its re-exportation voucher cannot discharge the admission."""
    owner = party("Demo Owner", "US")
    d = decide(
        leg(
            "demo_return",
            "DE",
            "US",
            exporter=owner,
            importer=owner,
            ata_carnet=True,
            ata_carnet_expires="2026-10-31",
            prior_export={"date": "2026-01-10", "regime": "temporary_export", "exporter": "Demo Owner"},
        )
    )
    assert d["export"]["deadline"]["date"] == "2026-10-31"
    assert "TEMPORARY_ADMISSION_OVERDUE" in codes(d)


def test_a_carnet_does_not_cover_goods_sent_for_repair():
    """Istanbul Convention Annexes B.1-B.3 (exhibitions, professional equipment, samples): not goods to be repaired."""
    d = decide(leg("export_for_repair", "DE", "US", ata_carnet=True))
    assert not any(doc.startswith("ATA carnet") for doc in d["export"]["documents"])
    assert any("carnet: not used for export_for_repair" in line for line in d["trace"])


def test_a_carnet_expiry_without_a_carnet_is_refused_naming_the_field():
    with pytest.raises(LegInputError) as refused:
        load_legs(leg("demo_dispatch", "US", "DE", ata_carnet_expires=EXPIRES), load_profiles())
    assert "ata_carnet_expires" in refused.value.errors
