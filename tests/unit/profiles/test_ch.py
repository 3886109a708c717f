"""Switzerland profile (country_profiles/ch.yaml): each RMA movement on the Swiss export and import side.

Facts: customs-regimes.md §1 (Switzerland), §9, §14, §17 q.14. Counterpart: the United Kingdom (GB profile);
amounts are in CHF so that the Swiss figures are exact (no conversion).
"""

from __future__ import annotations

from typing import Any

from tests.support import codes, decide, item, leg, money, party

SWISS_OWNER = party("Uhren AG", "CH")
UK_REPAIRER = party("Repair Ltd", "GB")
UK_SELLER = party("Seller Ltd", "GB")


def watch(**overrides: Any) -> dict[str, Any]:
    base = {
        "description": "Wristwatch",
        "hs_code": "910211",
        "origin_country": "CH",
        "unit_value": "2500.00",
        "currency": "CHF",
        "serial_numbers": ["W-1"],
    }
    base.update(overrides)
    return item(**base)


def laptop(value: str = "1000.00") -> dict[str, Any]:
    return item(unit_value=value, currency="CHF")


FREIGHT = {"freight": money("45.00", "CHF"), "insurance": money("10.00", "CHF")}


def prior(date: str, regime: str | None, exporter: str = "Uhren AG", **extra: Any) -> dict[str, Any]:
    base = {"date": date, "regime": regime, "exporter": exporter, "hs_code": "910211", "serial_numbers": ["W-1"]}
    base.update(extra)
    return base


# ------------------------------------------------------------------------------------------ export side (CH -> GB)


def test_export_for_repair_is_passive_processing_with_form_4787() -> None:
    """ZG Art. 13/60; BAZG: simplified passive-processing authorisation on form 47.87 for repairs."""
    d = decide(leg("export_for_repair", "CH", "GB", items=[watch()], exporter=SWISS_OWNER, importer=UK_REPAIRER))
    exp = d["export"]
    assert exp["jurisdiction"] == "CH"
    assert exp["regime"] == "outward_processing"
    assert exp["procedure_code"] is None
    assert exp["additional_procedure_codes"] == []
    assert any("47.87" in doc for doc in exp["documents"])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert exp["confirmed"] is True
    assert codes(d) == set()


def test_repaired_foreign_goods_are_re_exported_from_switzerland() -> None:
    """ZG Art. 61 (and Art. 12/59 discharge): the repaired goods of a foreign owner are re-exported."""
    d = decide(
        leg(
            "return_after_repair",
            "CH",
            "GB",
            items=[watch(currency="GBP")],
            exporter=party("Swiss Repair SA", "CH"),
            importer=party("Owner Ltd", "GB"),
            repair={"cost": money("400.00", "GBP"), "charged": True},
            prior_export={
                "date": "2026-09-01",
                "regime": "outward_processing",
                "exporter": "Owner Ltd",
                "hs_code": "910211",
                "serial_numbers": ["W-1"],
            },
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("re_export", None, [])
    assert exp["rule"] == "reexport-repaired-goods"
    assert exp["eor_required"] is False
    assert exp["deadline"] is None
    assert exp["confirmed"] is True


def test_warranty_replacement_sent_from_switzerland_is_a_plain_export() -> None:
    """ZG Art. 61: a replacement unit leaves Switzerland under the export procedure."""
    d = decide(leg("warranty_replacement", "CH", "GB", items=[watch(currency="GBP")], exporter=SWISS_OWNER))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("standard_export", None, [])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None


def test_advance_replacement_sent_from_switzerland_is_a_plain_export() -> None:
    """ZG Art. 61: the advance replacement leaves under the export procedure."""
    d = decide(
        leg(
            "advance_replacement",
            "CH",
            "GB",
            items=[watch(currency="GBP")],
            exporter=SWISS_OWNER,
            warranty={"covered": True},
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("standard_export", None, [])
    assert exp["eor_required"] is False


def test_defective_foreign_goods_returned_within_3_years_get_the_art_11_refund() -> None:
    """ZG Art. 11: import duties refunded when foreign goods go back unaltered to the consignor within 3 years."""
    d = decide(
        leg(
            "defective_return",
            "CH",
            "GB",
            items=[laptop()],
            exporter=party("Kunde AG", "CH"),
            importer=UK_SELLER,
            prior_export=prior(
                "2025-03-01", "standard_export", "Seller Ltd", hs_code="847130", serial_numbers=["SN-0001"]
            ),
        )
    )
    exp = d["export"]
    assert exp["regime"] == "standard_export"
    assert exp["rule"] == "art11-refund"
    assert exp["procedure_code"] is None
    assert exp["additional_procedure_codes"] == []
    assert any("Art. 11" in basis for basis in exp["legal_basis"])
    assert exp["deadline"]["date"] == "2028-03-01"
    assert exp["eor_required"] is False
    assert codes(d) == set()


def test_defective_return_after_3_years_loses_the_art_11_refund() -> None:
    """ZG Art. 11: the refund is limited to 3 years; after that a plain export, flagged."""
    d = decide(
        leg(
            "defective_return",
            "CH",
            "GB",
            items=[laptop()],
            exporter=party("Kunde AG", "CH"),
            importer=UK_SELLER,
            prior_export=prior(
                "2023-01-10", "standard_export", "Seller Ltd", hs_code="847130", serial_numbers=["SN-0001"]
            ),
        )
    )
    assert d["export"]["rule"] == "export"
    assert d["export"]["regime"] == "standard_export"
    assert d["export"]["deadline"] is None
    assert "RELIEF_PERIOD_EXCEEDED" in codes(d)


def test_return_for_refund_from_switzerland_claims_the_art_11_refund() -> None:
    """ZG Art. 11: goods refused / contract cancelled, sent back to the foreign consignor within 3 years."""
    d = decide(
        leg(
            "return_for_refund",
            "CH",
            "GB",
            items=[laptop()],
            exporter=party("Kunde AG", "CH"),
            importer=UK_SELLER,
            prior_export=prior(
                "2026-10-01", "standard_export", "Seller Ltd", hs_code="847130", serial_numbers=["SN-0001"]
            ),
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["rule"], exp["procedure_code"]) == ("standard_export", "art11-refund", None)
    assert exp["deadline"]["date"] == "2029-10-01"


def test_return_for_refund_without_the_import_on_record_is_a_plain_export() -> None:
    """ZG Art. 11 needs the original import: without it, a plain export (ZG Art. 61)."""
    d = decide(
        leg("return_for_refund", "CH", "GB", items=[laptop()], exporter=party("Kunde AG", "CH"), importer=UK_SELLER)
    )
    assert (d["export"]["regime"], d["export"]["rule"]) == ("standard_export", "export")
    assert d["export"]["deadline"] is None


def test_demo_dispatch_from_switzerland_is_temporary_use_abroad_for_2_years() -> None:
    """ZV Art. 31: duty-free re-import if the goods come back unaltered within 2 years."""
    d = decide(
        leg("demo_dispatch", "CH", "GB", items=[watch()], exporter=SWISS_OWNER, importer=party("Prospect Ltd", "GB"))
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("temporary_export", None, [])
    assert exp["deadline"]["date"] == "2028-11-20"
    assert exp["eor_required"] is False
    assert "RELIEF_PERIOD_EXCEEDED" not in codes(d)


def test_demo_abroad_past_2_years_is_flagged() -> None:
    """ZV Art. 31: use abroad of at most 2 years (extendable): a demo still out after that is flagged."""
    d = decide(
        leg(
            "demo_dispatch",
            "CH",
            "GB",
            items=[watch()],
            exporter=SWISS_OWNER,
            importer=party("Prospect Ltd", "GB"),
            as_of="2029-01-15",
        )
    )
    assert d["export"]["regime"] == "temporary_export"
    assert "RELIEF_PERIOD_EXCEEDED" in codes(d)


def test_foreign_demo_leaves_switzerland_by_re_export_ending_the_zavv() -> None:
    """ZG Art. 9/58; BAZG: temporary admission (ZAVV) terminated on form 11.87; the foreign owner re-exports."""
    d = decide(
        leg(
            "demo_return",
            "CH",
            "GB",
            items=[watch(currency="GBP")],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Owner Ltd", "GB"),
            prior_export={"date": "2026-06-01", "regime": "temporary_export", "exporter": "Owner Ltd"},
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["rule"], exp["procedure_code"]) == ("re_export", "reexport-zavv", None)
    assert any("11.87" in doc for doc in exp["documents"])
    assert exp["eor_required"] is False
    assert "NO_LOCAL_EXPORTER" not in codes(d)


def test_foreign_demo_under_ata_carnet_is_re_exported_on_the_carnet() -> None:
    """ATA Convention; ZG Art. 9/58: the carnet re-export voucher discharges the temporary use."""
    d = decide(
        leg(
            "demo_return",
            "CH",
            "GB",
            items=[watch(currency="GBP")],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Owner Ltd", "GB"),
            ata_carnet=True,
        )
    )
    assert (d["export"]["regime"], d["export"]["rule"]) == ("re_export", "reexport-ata")


def test_foreign_exporter_without_uid_needs_an_exporter_of_record() -> None:
    """customs-regimes.md §14, §17 q.14 (conservative): a non-Swiss exporter needs a Swiss party or a UID."""
    d = decide(
        leg("warranty_replacement", "CH", "GB", items=[watch(currency="GBP")], exporter=party("Brand Ltd", "GB"))
    )
    assert d["export"]["eor_required"] is True
    assert d["export"]["representation"] == "direct"
    assert "NO_LOCAL_EXPORTER" in codes(d)


# ------------------------------------------------------------------------------------------ import side (GB -> CH)


def test_goods_entering_switzerland_for_repair_are_imported_at_full_value_pending_confirmation() -> None:
    """ZG Art. 12/59 active processing not confirmed in the reference: conservative full-value import."""
    d = decide(
        leg(
            "export_for_repair",
            "GB",
            "CH",
            items=[watch(origin_country="GB")],
            costs=FREIGHT,
            exporter=party("Owner Ltd", "GB"),
            importer=party("Swiss Repair SA", "CH"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == ("standard_import", None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == {"amount": "2555.00", "currency": "CHF"}
    assert imp["duty"] == {"amount": "0.00", "currency": "CHF"}
    assert imp["vat"] == {"amount": "206.96", "currency": "CHF"}
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert imp["confirmed"] is False
    assert "PROFILE_PARTIAL" in codes(d)


def _repair_return(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "items": [watch()],
        "exporter": UK_REPAIRER,
        "importer": SWISS_OWNER,
        "costs": FREIGHT,
        "repair": {"cost": money("400.00", "CHF"), "charged": True},
        "prior_export": prior("2026-06-01", "outward_processing"),
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "GB", "CH", **base))


def test_return_after_repair_pays_vat_on_the_work_abroad_and_no_duty() -> None:
    """MWSTG Art. 54(1)(e), 54(3): VAT on the repair consideration plus transport to the destination; industrial duty 0."""
    d = _repair_return()
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "reimport_after_repair",
        None,
        [],
    )
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == {"amount": "455.00", "currency": "CHF"}
    assert imp["duty"] == {"amount": "0.00", "currency": "CHF"}
    assert imp["vat_base"] == {"amount": "455.00", "currency": "CHF"}
    assert imp["vat"] == {"amount": "36.86", "currency": "CHF"}
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert codes(d) == set()


def test_return_after_repair_with_hs_change_is_imported_at_full_value() -> None:
    """ZG Art. 13 covers repair, not transformation (customs-regimes.md §15 step 1): full value, flagged."""
    d = _repair_return(prior_export=prior("2026-06-01", "outward_processing", hs_code="910221"))
    imp = d["import"]
    assert (imp["regime"], imp["duty_base"]) == ("standard_import", "full_value")
    assert imp["customs_value"] == {"amount": "2555.00", "currency": "CHF"}
    assert "RECLASSIFIED_AFTER_REPAIR" in codes(d)


def test_return_after_repair_without_passive_processing_export_is_full_value() -> None:
    """ZG Art. 13 relief needs the passive-processing export (form 47.87): a plain export gives full value."""
    d = _repair_return(prior_export=prior("2026-06-01", "standard_export"))
    assert d["import"]["duty_base"] == "full_value"
    assert d["import"]["vat"] == {"amount": "206.96", "currency": "CHF"}
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" in codes(d)


def test_return_after_repair_without_export_record_is_flagged() -> None:
    """ZG Art. 13: relief on re-import needs the prior passive-processing export on record."""
    d = _repair_return(prior_export=None)
    assert d["import"]["duty_base"] == "full_value"
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_warranty_replacement_into_switzerland_is_a_full_value_import() -> None:
    """customs-regimes.md §1 scenario 3 ([?] for CH): no relief claimed; VAT on the replacement's value (MWSTG Art. 54)."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "CH",
            items=[watch(origin_country="GB")],
            costs=FREIGHT,
            exporter=UK_SELLER,
            importer=SWISS_OWNER,
            warranty={"covered": True},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == ("standard_import", None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == {"amount": "2555.00", "currency": "CHF"}
    assert imp["duty"] == {"amount": "0.00", "currency": "CHF"}
    assert imp["vat"] == {"amount": "206.96", "currency": "CHF"}
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert codes(d) == {"PROFILE_PARTIAL"}


def test_advance_replacement_into_switzerland_is_a_full_value_import() -> None:
    """customs-regimes.md §1 scenario 4 ([?] for CH): no relief claimed, full value."""
    d = decide(
        leg(
            "advance_replacement",
            "GB",
            "CH",
            items=[watch(origin_country="GB")],
            exporter=UK_SELLER,
            importer=SWISS_OWNER,
            warranty={"covered": True},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == ("standard_import", None, [])
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == {"amount": "2500.00", "currency": "CHF"}
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert codes(d) == {"PROFILE_PARTIAL"}


def test_defective_unit_back_to_the_original_sender_is_duty_free_without_time_limit() -> None:
    """ZG Art. 10: domestic returned goods back to the original sender: duty-free, no time limit (VAT charged: [K])."""
    d = decide(
        leg(
            "defective_return",
            "GB",
            "CH",
            items=[watch()],
            costs=FREIGHT,
            exporter=party("Customer Ltd", "GB"),
            importer=SWISS_OWNER,
            prior_export=prior("2019-05-01", "standard_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["procedure_code"]) == (
        "returned_goods_relief",
        "art10-original-sender",
        None,
    )
    assert imp["additional_procedure_codes"] == []
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == {"amount": "2555.00", "currency": "CHF"}
    assert imp["duty"] == {"amount": "0.00", "currency": "CHF"}
    assert imp["vat"] == {"amount": "206.96", "currency": "CHF"}
    assert imp["deadline"] is None
    assert imp["ior_required"] is False
    assert codes(d) == {"PROFILE_PARTIAL"}


def test_defective_unit_to_another_swiss_importer_within_5_years_is_duty_free() -> None:
    """ZG Art. 10: domestic returned goods not back to the original sender: duty-free within 5 years of the export."""
    d = decide(
        leg(
            "defective_return",
            "GB",
            "CH",
            items=[watch()],
            exporter=party("Customer Ltd", "GB"),
            importer=party("Service Center AG", "CH"),
            prior_export=prior("2022-01-15", "standard_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("returned_goods_relief", "art10-5-years", "none")
    assert imp["deadline"]["date"] == "2027-01-15"
    assert codes(d) == set()


def test_defective_unit_to_another_swiss_importer_after_5_years_is_full_value() -> None:
    """ZG Art. 10: after 5 years the relief ends unless the goods go back to the original sender."""
    d = decide(
        leg(
            "defective_return",
            "GB",
            "CH",
            items=[watch()],
            exporter=party("Customer Ltd", "GB"),
            importer=party("Service Center AG", "CH"),
            prior_export=prior("2020-06-01", "standard_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("standard_import", "full-value", "full_value")
    assert imp["deadline"] is None
    assert codes(d) == {"RELIEF_PERIOD_EXCEEDED"}


def test_return_for_refund_to_the_swiss_seller_is_art_10_returned_goods() -> None:
    """ZG Art. 10: the Swiss seller re-imports its own goods: duty-free, no time limit (original sender)."""
    d = decide(
        leg(
            "return_for_refund",
            "GB",
            "CH",
            items=[watch()],
            exporter=party("Customer Ltd", "GB"),
            importer=SWISS_OWNER,
            prior_export=prior("2026-10-01", "standard_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["procedure_code"]) == (
        "returned_goods_relief",
        "art10-original-sender",
        None,
    )
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == {"amount": "2500.00", "currency": "CHF"}
    assert imp["vat"] == {"amount": "202.50", "currency": "CHF"}
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert codes(d) == {"PROFILE_PARTIAL"}


def test_return_for_refund_without_export_record_is_full_value() -> None:
    """ZG Art. 10 needs the export on record: otherwise full value, flagged."""
    d = decide(
        leg(
            "return_for_refund", "GB", "CH", items=[watch()], exporter=party("Customer Ltd", "GB"), importer=SWISS_OWNER
        )
    )
    assert (d["import"]["regime"], d["import"]["duty_base"]) == ("standard_import", "full_value")
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_foreign_demo_enters_switzerland_under_zavv_with_security() -> None:
    """ZG Art. 9/58; ZAVV with security on form 11.73 / 11.74; VAT exempt (MWSTG Art. 53(1)(i))."""
    d = decide(
        leg(
            "demo_dispatch",
            "GB",
            "CH",
            items=[watch(origin_country="GB")],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Owner Ltd", "GB"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["procedure_code"]) == (
        "temporary_admission",
        "temporary-admission-zavv",
        None,
    )
    assert imp["additional_procedure_codes"] == []
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == {"amount": "2500.00", "currency": "CHF"}
    assert imp["duty"] == {"amount": "0.00", "currency": "CHF"}
    assert imp["vat"] == {"amount": "0.00", "currency": "CHF"}
    assert imp["guarantee_required"] is True
    assert any("11.73" in doc for doc in imp["documents"])
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_foreign_demo_with_ata_carnet_enters_on_the_carnet() -> None:
    """ZG Art. 9/58 and ATA Convention: the carnet is declaration and security."""
    d = decide(
        leg(
            "demo_dispatch",
            "GB",
            "CH",
            items=[watch(origin_country="GB")],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Owner Ltd", "GB"),
            ata_carnet=True,
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"]) == ("temporary_admission", "temporary-admission-ata")
    assert imp["vat"] == {"amount": "0.00", "currency": "CHF"}
    assert imp["guarantee_required"] is False  # the carnet is the guarantee (Istanbul Convention Annex A Art. 8)


def test_demo_owned_by_a_swiss_company_is_full_value_pending_confirmation() -> None:
    """ZAVV holder conditions are not in the reference: with a Swiss owner and importer, the conservative full value."""
    d = decide(
        leg(
            "demo_dispatch",
            "GB",
            "CH",
            items=[watch(origin_country="GB")],
            exporter=party("Distributor AG", "CH"),
            importer=party("Distributor AG", "CH"),
        )
    )
    assert (d["import"]["regime"], d["import"]["duty_base"]) == ("standard_import", "full_value")
    assert "PROFILE_PARTIAL" in codes(d)


def test_swiss_demo_back_within_2_years_is_duty_and_vat_free() -> None:
    """ZV Art. 31 (duty-free within 2 years); MWSTG Art. 54(1)(e): VAT only on work abroad, none for a demo."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "CH",
            items=[watch()],
            exporter=party("Prospect Ltd", "GB"),
            importer=SWISS_OWNER,
            prior_export=prior("2026-03-01", "temporary_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["procedure_code"]) == (
        "returned_goods_relief",
        "temporary-use-abroad",
        None,
    )
    assert imp["additional_procedure_codes"] == []
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == {"amount": "2500.00", "currency": "CHF"}
    assert imp["vat"] == {"amount": "0.00", "currency": "CHF"}
    assert imp["deadline"]["date"] == "2028-03-01"
    assert imp["ior_required"] is False
    assert codes(d) == set()


def test_swiss_demo_back_within_an_extended_period_keeps_the_relief() -> None:
    """ZV Art. 31: the 2 years can be extended by up to 3 years (the extension is the authorised deadline)."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "CH",
            items=[watch()],
            exporter=party("Prospect Ltd", "GB"),
            importer=SWISS_OWNER,
            prior_export=prior("2024-03-01", "temporary_export", reimport_deadline="2027-03-01"),
        )
    )
    assert d["import"]["rule"] == "temporary-use-abroad"
    assert d["import"]["deadline"]["date"] == "2027-03-01"
    assert "RELIEF_PERIOD_EXCEEDED" not in codes(d)


def test_swiss_demo_back_after_2_years_falls_back_to_art_10() -> None:
    """ZV Art. 31 period exceeded: ZG Art. 10 (original sender, no limit) keeps the goods duty-free, VAT charged."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "CH",
            items=[watch()],
            exporter=party("Prospect Ltd", "GB"),
            importer=SWISS_OWNER,
            prior_export=prior("2024-03-01", "temporary_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["duty_base"]) == ("returned_goods_relief", "art10-original-sender", "none")
    assert imp["vat"] == {"amount": "202.50", "currency": "CHF"}
    import_flags = {f["code"] for f in d["flags"] if f["side"] == "import"}
    assert import_flags == {"RELIEF_PERIOD_EXCEEDED", "PROFILE_PARTIAL"}


# ------------------------------------------------------------------------------------------ thresholds, duty, parties


def test_import_vat_of_chf_5_or_less_is_not_levied() -> None:
    """MWSTG Art. 53(1)(a); BAZG: import VAT amounts of CHF 5 or less are not levied (CHF 61.70 x 8.1 % = 4.9977)."""
    d = decide(
        leg("warranty_replacement", "GB", "CH", items=[laptop("61.70")], exporter=UK_SELLER, importer=SWISS_OWNER)
    )
    imp = d["import"]
    assert imp["vat"] == {"amount": "0.00", "currency": "CHF"}
    assert imp["duty"] == {"amount": "0.00", "currency": "CHF"}
    assert "BELOW_DE_MINIMIS" in codes(d)


def test_import_vat_above_chf_5_is_levied() -> None:
    """MWSTG Art. 53(1)(a): CHF 62.00 x 8.1 % = CHF 5.02 is levied."""
    d = decide(
        leg("warranty_replacement", "GB", "CH", items=[laptop("62.00")], exporter=UK_SELLER, importer=SWISS_OWNER)
    )
    assert d["import"]["vat"] == {"amount": "5.02", "currency": "CHF"}
    assert "BELOW_DE_MINIMIS" not in codes(d)


def test_industrial_goods_bear_no_swiss_duty() -> None:
    """BAZG 'Abolition of industrial tariffs': HS chapters 25-97 duty-free since 1 Jan 2024."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "CH",
            exporter=UK_SELLER,
            importer=SWISS_OWNER,
            items=[
                item(
                    description="Mobile phone",
                    hs_code="851713",
                    unit_value="800.00",
                    currency="CHF",
                    serial_numbers=["P-1"],
                )
            ],
        )
    )
    detail = d["import"]["duty_detail"][0]
    assert detail["rate"] == "0"
    assert "industrial duty abolished" in detail["rate_source"]
    assert d["import"]["duty"] == {"amount": "0.00", "currency": "CHF"}


def test_agricultural_goods_duty_is_not_estimated() -> None:
    """ZTG Art. 2: agricultural duties are per gross kg, so a value-based estimate is not given (chapters 01-24)."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "CH",
            exporter=UK_SELLER,
            importer=SWISS_OWNER,
            items=[
                item(
                    description="Roasted coffee",
                    hs_code="090121",
                    unit_value="80.00",
                    currency="CHF",
                    serial_numbers=[],
                )
            ],
        )
    )
    assert d["import"]["duty"] is None
    assert d["import"]["duty_detail"][0]["rate"] is None
    assert d["import"]["duty_detail"][0]["rate_source"].startswith("not estimated")


def test_foreign_seller_without_uid_needs_a_swiss_importer_of_record() -> None:
    """MWSTG: a foreign company needs a Swiss fiscal representative (direct representation); §17 q.14 conservative."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "CH",
            items=[watch(origin_country="GB")],
            exporter=UK_SELLER,
            importer=party("Seller Ltd", "GB"),
        )
    )
    imp = d["import"]
    assert imp["ior_required"] is True
    assert imp["representation"] == "direct"
    assert "NO_LOCAL_IMPORTER" in codes(d)


def test_foreign_seller_with_a_swiss_uid_imports_in_its_own_name() -> None:
    """customs-regimes.md §9: a UID (CHE...) issued with the Swiss VAT registration lets the foreign company import."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "CH",
            items=[watch(origin_country="GB")],
            exporter=UK_SELLER,
            importer=party("Seller Ltd", "GB", identifiers={"UID": "CHE-123.456.789"}),
        )
    )
    assert d["import"]["ior_required"] is False
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_foreign_seller_with_an_assigned_swiss_importer_of_record_is_not_flagged() -> None:
    """MWSTG fiscal representative: an assigned Swiss party of record clears the flag but is still required."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "CH",
            items=[watch(origin_country="GB")],
            exporter=UK_SELLER,
            importer=party("Seller Ltd", "GB"),
            ior=party("Fiscal Rep AG", "CH"),
        )
    )
    assert d["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_switzerland_to_singapore_return_after_repair_is_a_swiss_re_export() -> None:
    """ZG Art. 61 on the Swiss side of a leg to Singapore (counterpart not asserted)."""
    d = decide(
        leg(
            "return_after_repair",
            "CH",
            "SG",
            items=[watch(currency="SGD")],
            exporter=party("Swiss Repair SA", "CH"),
            importer=party("Owner Pte Ltd", "SG"),
            repair={"cost": money("400.00", "SGD"), "charged": True},
            prior_export={
                "date": "2026-10-01",
                "regime": "outward_processing",
                "exporter": "Owner Pte Ltd",
                "hs_code": "910211",
                "serial_numbers": ["W-1"],
            },
        )
    )
    assert (d["export"]["jurisdiction"], d["export"]["regime"]) == ("CH", "re_export")
    assert d["export"]["eor_required"] is False
