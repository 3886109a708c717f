"""Singapore profile (country_profiles/sg.yaml): each RMA movement on the Singapore export and import side.

Facts: customs-regimes.md §1 (Singapore), §2, §10, §14. Counterpart: the United Kingdom (GB profile), once
Switzerland; amounts are in SGD so that the Singapore figures are exact (no conversion).
"""

from __future__ import annotations

from typing import Any

from tests.support import codes, decide, item, leg, money, party, severity

SG_OWNER = party("Owner Pte Ltd", "SG")
UK_REPAIRER = party("Repair Ltd", "GB")
UK_SELLER = party("Seller Ltd", "GB")
FREIGHT = {"freight": money("45.00", "SGD"), "insurance": money("10.00", "SGD")}


def laptop(value: str = "2500.00", **overrides: Any) -> dict[str, Any]:
    base = {"unit_value": value, "currency": "SGD", "serial_numbers": ["SN-0001"]}
    base.update(overrides)
    return item(**base)


def prior(date: str, regime: str | None, exporter: str = "Owner Pte Ltd", **extra: Any) -> dict[str, Any]:
    base = {"date": date, "regime": regime, "exporter": exporter, "hs_code": "847130", "serial_numbers": ["SN-0001"]}
    base.update(extra)
    return base


def import_flags(d: dict[str, Any]) -> set[str]:
    return {f["code"] for f in d["flags"] if f["side"] == "import"}


# ------------------------------------------------------------------------------------------ export side (SG -> GB)


def test_export_for_repair_needs_an_out_tci_permit_and_3_month_return() -> None:
    """Singapore Customs: OUT (TCI) permit before export; re-import within 3 months (customs-regimes.md §10)."""
    d = decide(leg("export_for_repair", "SG", "GB", items=[laptop()], exporter=SG_OWNER, importer=UK_REPAIRER))
    exp = d["export"]
    assert exp["jurisdiction"] == "SG"
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == (
        "outward_processing",
        "OUT (TCI)",
        [],
    )
    assert exp["deadline"]["date"] == "2027-02-20"
    assert exp["eor_required"] is False
    assert exp["confirmed"] is True
    assert codes(d) == set()


def test_goods_still_abroad_after_the_tci_period_are_flagged() -> None:
    """Singapore Customs TCI: re-import within 3 months; a repair still abroad after that is flagged."""
    d = decide(
        leg(
            "export_for_repair",
            "SG",
            "GB",
            items=[laptop()],
            exporter=SG_OWNER,
            importer=UK_REPAIRER,
            as_of="2027-03-01",
        )
    )
    assert d["export"]["procedure_code"] == "OUT (TCI)"
    assert "RELIEF_PERIOD_EXCEEDED" in codes(d)


def test_repaired_foreign_goods_are_re_exported_within_the_tis_period() -> None:
    """Temporary Import Scheme (repairs): re-export within 6 months under an outward permit."""
    d = decide(
        leg(
            "return_after_repair",
            "SG",
            "GB",
            items=[laptop(currency="GBP")],
            exporter=party("Repair Pte Ltd", "SG"),
            importer=party("Owner Ltd", "GB"),
            repair={"cost": money("300.00", "GBP"), "charged": True},
            prior_export=prior("2026-09-01", "outward_processing", "Owner Ltd"),
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("re_export", "OUT", [])
    assert exp["deadline"]["date"] == "2027-03-01"
    assert exp["eor_required"] is False
    assert "TEMPORARY_ADMISSION_OVERDUE" not in codes(d)


def test_repaired_foreign_goods_re_exported_after_6_months_are_overdue() -> None:
    """Temporary Import Scheme: 6 months; later re-export is flagged (GST due on goods not re-exported)."""
    d = decide(
        leg(
            "return_after_repair",
            "SG",
            "GB",
            items=[laptop(currency="GBP")],
            exporter=party("Repair Pte Ltd", "SG"),
            importer=party("Owner Ltd", "GB"),
            repair={"cost": money("300.00", "GBP"), "charged": True},
            prior_export=prior("2026-03-01", "outward_processing", "Owner Ltd"),
        )
    )
    assert d["export"]["regime"] == "re_export"
    assert "TEMPORARY_ADMISSION_OVERDUE" in codes(d)
    assert severity(d, "TEMPORARY_ADMISSION_OVERDUE") == "error"


def test_warranty_replacement_from_singapore_uses_an_outward_permit() -> None:
    """Regulation of Imports and Exports Regulations: outward permit for the replacement unit."""
    d = decide(leg("warranty_replacement", "SG", "GB", items=[laptop(currency="GBP")], exporter=SG_OWNER))
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("standard_export", "OUT", [])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None


def test_advance_replacement_from_singapore_uses_an_outward_permit() -> None:
    """Regulation of Imports and Exports Regulations: outward permit."""
    d = decide(
        leg(
            "advance_replacement",
            "SG",
            "GB",
            items=[laptop(currency="GBP")],
            exporter=SG_OWNER,
            warranty={"covered": True},
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("standard_export", "OUT", [])
    assert exp["deadline"] is None


def test_defective_unit_leaving_singapore_uses_an_outward_permit() -> None:
    """Regulation of Imports and Exports Regulations: outward permit for the defective unit."""
    d = decide(
        leg(
            "defective_return",
            "SG",
            "GB",
            items=[laptop(currency="GBP")],
            exporter=party("Customer Pte Ltd", "SG"),
            importer=UK_SELLER,
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("standard_export", "OUT", [])
    assert exp["eor_required"] is False
    assert exp["deadline"] is None


def test_return_for_refund_leaving_singapore_uses_an_outward_permit() -> None:
    """Regulation of Imports and Exports Regulations: outward permit for goods sent back to the seller."""
    d = decide(
        leg(
            "return_for_refund",
            "SG",
            "GB",
            items=[laptop(currency="GBP")],
            exporter=party("Customer Pte Ltd", "SG"),
            importer=UK_SELLER,
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == ("standard_export", "OUT", [])
    assert exp["deadline"] is None


def test_demo_dispatch_from_singapore_is_a_tci_temporary_export() -> None:
    """Singapore Customs: temporary export of trade samples under OUT (TCI), re-import within 3 months."""
    d = decide(
        leg("demo_dispatch", "SG", "GB", items=[laptop()], exporter=SG_OWNER, importer=party("Prospect Ltd", "GB"))
    )
    exp = d["export"]
    assert (exp["regime"], exp["procedure_code"], exp["additional_procedure_codes"]) == (
        "temporary_export",
        "OUT (TCI)",
        [],
    )
    assert exp["deadline"]["date"] == "2027-02-20"
    assert exp["confirmed"] is True


def test_demo_dispatch_from_singapore_on_an_ata_carnet_is_not_confirmed() -> None:
    """customs-regimes.md §10 confirms carnets for imports only: carnet exports from Singapore are best effort."""
    d = decide(
        leg(
            "demo_dispatch",
            "SG",
            "GB",
            items=[laptop()],
            exporter=SG_OWNER,
            importer=party("Prospect Ltd", "GB"),
            ata_carnet=True,
        )
    )
    assert (d["export"]["regime"], d["export"]["procedure_code"]) == ("temporary_export", None)
    assert "PROFILE_PARTIAL" in codes(d)


def test_foreign_demo_re_exported_within_6_months_under_tis() -> None:
    """Temporary Import Scheme: re-export within 6 months."""
    d = decide(
        leg(
            "demo_return",
            "SG",
            "GB",
            items=[laptop(currency="GBP")],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Owner Ltd", "GB"),
            eor=party("Forwarder Pte Ltd", "SG"),
            prior_export=prior("2026-07-01", "temporary_export", "Owner Ltd"),
        )
    )
    exp = d["export"]
    assert (exp["regime"], exp["rule"], exp["procedure_code"]) == ("re_export", "tis-reexport", "OUT")
    assert exp["additional_procedure_codes"] == []
    assert exp["deadline"]["date"] == "2027-01-01"
    assert "TEMPORARY_ADMISSION_OVERDUE" not in codes(d)


def test_foreign_demo_re_exported_after_6_months_is_overdue() -> None:
    """Temporary Import Scheme: 6 months; afterwards GST is due (In-Payment permit): flagged."""
    d = decide(
        leg(
            "demo_return",
            "SG",
            "GB",
            items=[laptop(currency="GBP")],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Owner Ltd", "GB"),
            eor=party("Forwarder Pte Ltd", "SG"),
            prior_export=prior("2026-04-01", "temporary_export", "Owner Ltd"),
        )
    )
    assert d["export"]["rule"] == "tis-reexport"
    assert "TEMPORARY_ADMISSION_OVERDUE" in codes(d)


def test_foreign_demo_on_an_ata_carnet_is_re_exported_on_the_carnet() -> None:
    """ATA Convention: the carnet's own deadline applies, not the TIS 6 months."""
    d = decide(
        leg(
            "demo_return",
            "SG",
            "GB",
            items=[laptop(currency="GBP")],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Owner Ltd", "GB"),
            eor=party("Forwarder Pte Ltd", "SG"),
            ata_carnet=True,
            prior_export=prior("2026-04-01", "temporary_export", "Owner Ltd"),
        )
    )
    assert (d["export"]["rule"], d["export"]["deadline"]["date"]) == ("reexport-ata", "2027-04-01")
    assert "TEMPORARY_ADMISSION_OVERDUE" not in codes(d)


def test_foreign_exporter_without_uen_needs_an_exporter_of_record() -> None:
    """Singapore Customs: only UEN holders with a Customs account operate as traders."""
    d = decide(
        leg("warranty_replacement", "SG", "GB", items=[laptop(currency="GBP")], exporter=party("Brand Ltd", "GB"))
    )
    assert d["export"]["eor_required"] is True
    assert d["export"]["representation"] == "indirect"
    assert "NO_LOCAL_EXPORTER" in codes(d)


# ------------------------------------------------------------------------------------------ import side (GB -> SG)


def test_goods_entering_singapore_for_repair_use_tis_with_a_guarantee() -> None:
    """Temporary Import Scheme (repairs): GST suspended, banker's guarantee or insurance bond, 6 months."""
    d = decide(
        leg(
            "export_for_repair",
            "GB",
            "SG",
            items=[laptop()],
            costs=FREIGHT,
            exporter=party("Owner Ltd", "GB"),
            importer=party("Repair Pte Ltd", "SG"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "temporary_admission",
        None,
        [],
    )
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == {"amount": "2555.00", "currency": "SGD"}
    assert imp["duty"] == {"amount": "0.00", "currency": "SGD"}
    assert imp["vat"] == {"amount": "0.00", "currency": "SGD"}
    assert imp["guarantee_required"] is True
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2027-05-20"
    assert import_flags(d) == set()


def _repair_return(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "items": [laptop()],
        "exporter": UK_REPAIRER,
        "importer": SG_OWNER,
        "costs": FREIGHT,
        "repair": {"cost": money("400.00", "SGD"), "charged": True},
        "prior_export": prior("2026-09-01", "outward_processing"),
    }
    base.update(overrides)
    return decide(leg("return_after_repair", "GB", "SG", **base))


def test_return_after_repair_within_3_months_pays_gst_only_on_the_repair() -> None:
    """Singapore Customs TCI: In-Non-Payment (TCI) permit, relief on the original goods, GST on the added parts' CIF."""
    d = _repair_return()
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "reimport_after_repair",
        "In-Non-Payment (TCI)",
        [],
    )
    assert imp["duty_base"] == "repair_cost"
    assert imp["customs_value"] == {"amount": "455.00", "currency": "SGD"}
    assert imp["duty"] == {"amount": "0.00", "currency": "SGD"}
    assert imp["vat"] == {"amount": "40.95", "currency": "SGD"}
    assert any("In-Payment (GST)" in doc for doc in imp["documents"])
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2026-12-01"
    assert codes(d) == set()


def test_return_after_repair_with_hs_change_pays_gst_on_the_full_value() -> None:
    """customs-regimes.md §2/§10: goods must not change form or function; HS code change => GST on the full value."""
    d = _repair_return(prior_export=prior("2026-09-01", "outward_processing", hs_code="847150"))
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == (
        "standard_import",
        "In-Payment (GST)",
        "full_value",
    )
    assert imp["customs_value"] == {"amount": "2555.00", "currency": "SGD"}
    assert imp["vat"] == {"amount": "229.95", "currency": "SGD"}
    assert "RECLASSIFIED_AFTER_REPAIR" in codes(d)
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" not in codes(d)


def test_return_after_repair_after_3_months_pays_gst_on_the_full_value() -> None:
    """Singapore Customs TCI: re-import within 3 months; later, no relief (GST on CIF) and flagged."""
    d = _repair_return(prior_export=prior("2026-06-01", "outward_processing"))
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == (
        "standard_import",
        "In-Payment (GST)",
        "full_value",
    )
    assert imp["vat"] == {"amount": "229.95", "currency": "SGD"}
    assert imp["deadline"] is None
    assert import_flags(d) == {"RELIEF_PERIOD_EXCEEDED"}


def test_return_after_repair_within_an_extended_tci_period_keeps_the_relief() -> None:
    """Singapore Customs TCI: the 3 months are extendable for repair goods (the extension is the authorised deadline)."""
    d = _repair_return(prior_export=prior("2026-06-01", "outward_processing", reimport_deadline="2026-12-31"))
    assert d["import"]["procedure_code"] == "In-Non-Payment (TCI)"
    assert d["import"]["deadline"]["date"] == "2026-12-31"
    assert "RELIEF_PERIOD_EXCEEDED" not in codes(d)


def test_return_after_repair_without_export_record_is_flagged() -> None:
    """Singapore Customs TCI: relief needs the OUT (TCI) export on record."""
    d = _repair_return(prior_export=None)
    assert d["import"]["duty_base"] == "full_value"
    assert "NO_PRIOR_EXPORT_RECORD" in codes(d)


def test_return_after_repair_exported_without_tci_is_full_value() -> None:
    """Singapore Customs TCI: relief only if re-importation was declared at export (OUT (TCI))."""
    d = _repair_return(prior_export=prior("2026-09-01", "standard_export"))
    assert d["import"]["duty_base"] == "full_value"
    assert "FULL_VALUE_ON_REPAIR_REIMPORT" in codes(d)


def test_warranty_replacement_into_singapore_pays_gst_on_cif() -> None:
    """Singapore Customs: free replacements bear GST on CIF, no relief; value per Customs Circular 09/2012."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "SG",
            items=[laptop()],
            costs=FREIGHT,
            exporter=UK_SELLER,
            importer=SG_OWNER,
            warranty={"covered": True},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "standard_import",
        "In-Payment (GST)",
        [],
    )
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == {"amount": "2555.00", "currency": "SGD"}
    assert imp["duty"] == {"amount": "0.00", "currency": "SGD"}
    assert imp["vat"] == {"amount": "229.95", "currency": "SGD"}
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert codes(d) == set()


def test_advance_replacement_into_singapore_pays_gst_on_cif() -> None:
    """Singapore Customs: no GST relief for replacement goods, also when sent in advance."""
    d = decide(
        leg(
            "advance_replacement",
            "GB",
            "SG",
            items=[laptop()],
            costs=FREIGHT,
            exporter=UK_SELLER,
            importer=SG_OWNER,
            warranty={"covered": True},
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "standard_import",
        "In-Payment (GST)",
        [],
    )
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == {"amount": "2555.00", "currency": "SGD"}
    assert imp["vat"] == {"amount": "229.95", "currency": "SGD"}
    assert imp["ior_required"] is False
    assert imp["deadline"] is None


def test_defective_unit_returned_to_singapore_pays_gst_as_rejected_goods() -> None:
    """Singapore Customs: rejected goods re-imported under In-Payment (GST) at 9 % of CIF; input tax claimed."""
    d = decide(
        leg(
            "defective_return",
            "GB",
            "SG",
            items=[laptop()],
            costs=FREIGHT,
            exporter=party("Customer Ltd", "GB"),
            importer=SG_OWNER,
            prior_export=prior("2026-05-01", "standard_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "standard_import",
        "In-Payment (GST)",
        [],
    )
    assert imp["duty_base"] == "full_value"
    assert imp["customs_value"] == {"amount": "2555.00", "currency": "SGD"}
    assert imp["vat"] == {"amount": "229.95", "currency": "SGD"}
    assert imp["ior_required"] is False
    assert imp["deadline"] is None
    assert codes(d) == set()


def test_return_for_refund_into_singapore_pays_gst_as_rejected_goods() -> None:
    """Singapore Customs: rejected goods returned to Singapore: In-Payment (GST) permit, 9 % of CIF."""
    d = decide(
        leg(
            "return_for_refund",
            "GB",
            "SG",
            items=[laptop()],
            exporter=party("Customer Ltd", "GB"),
            importer=SG_OWNER,
            prior_export=prior("2026-10-01", "standard_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == (
        "standard_import",
        "In-Payment (GST)",
        "full_value",
    )
    assert imp["additional_procedure_codes"] == []
    assert imp["customs_value"] == {"amount": "2500.00", "currency": "SGD"}
    assert imp["vat"] == {"amount": "225.00", "currency": "SGD"}
    assert imp["ior_required"] is False
    assert imp["deadline"] is None


def test_foreign_demo_enters_singapore_under_tis_for_6_months() -> None:
    """Temporary Import Scheme (demonstration): 6 months, banker's guarantee or insurance bond, GST suspended."""
    d = decide(
        leg(
            "demo_dispatch",
            "GB",
            "SG",
            items=[laptop()],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Distributor Pte Ltd", "SG"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"], imp["procedure_code"]) == ("temporary_admission", "tis-demo", None)
    assert imp["additional_procedure_codes"] == []
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == {"amount": "2500.00", "currency": "SGD"}
    assert imp["vat"] == {"amount": "0.00", "currency": "SGD"}
    assert imp["guarantee_required"] is True
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2027-05-20"
    assert import_flags(d) == set()


def test_foreign_demo_still_in_singapore_after_6_months_is_overdue() -> None:
    """Temporary Import Scheme: GST due (In-Payment permit) if not re-exported within 6 months."""
    d = decide(
        leg(
            "demo_dispatch",
            "GB",
            "SG",
            items=[laptop()],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Distributor Pte Ltd", "SG"),
            as_of="2027-06-01",
        )
    )
    assert d["import"]["rule"] == "tis-demo"
    assert "TEMPORARY_ADMISSION_OVERDUE" in import_flags(d)


def test_foreign_demo_on_an_ata_carnet_by_courier_enters_on_the_carnet() -> None:
    """ATA carnet accepted in Singapore for commercial samples / professional equipment."""
    d = decide(
        leg(
            "demo_dispatch",
            "GB",
            "SG",
            items=[laptop()],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Distributor Pte Ltd", "SG"),
            ata_carnet=True,
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["rule"]) == ("temporary_admission", "ata-carnet")
    assert imp["vat"] == {"amount": "0.00", "currency": "SGD"}
    assert imp["deadline"]["date"] == "2027-11-20"  # the carnet's validity, at most one year


def test_ata_carnet_is_not_accepted_for_postal_traffic() -> None:
    """customs-regimes.md §10: ATA carnets are not accepted for postal traffic in Singapore: TIS instead."""
    d = decide(
        leg(
            "demo_dispatch",
            "GB",
            "SG",
            items=[laptop()],
            exporter=party("Owner Ltd", "GB"),
            importer=party("Distributor Pte Ltd", "SG"),
            ata_carnet=True,
            transport="post",
        )
    )
    assert (d["import"]["regime"], d["import"]["rule"]) == ("temporary_admission", "tis-demo")


def test_singapore_demo_back_within_3_months_is_relieved() -> None:
    """Singapore Customs TCI: re-import of a temporarily exported demo under In-Non-Payment (TCI) within 3 months."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "SG",
            items=[laptop()],
            exporter=party("Prospect Ltd", "GB"),
            importer=SG_OWNER,
            prior_export=prior("2026-09-15", "temporary_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["additional_procedure_codes"]) == (
        "returned_goods_relief",
        "In-Non-Payment (TCI)",
        [],
    )
    assert imp["duty_base"] == "none"
    assert imp["customs_value"] == {"amount": "2500.00", "currency": "SGD"}
    assert imp["vat"] == {"amount": "0.00", "currency": "SGD"}
    assert imp["ior_required"] is False
    assert imp["deadline"]["date"] == "2026-12-15"
    assert import_flags(d) == set()


def test_singapore_demo_back_after_3_months_pays_gst() -> None:
    """Singapore Customs TCI period exceeded: In-Payment (GST) at 9 % of CIF, flagged."""
    d = decide(
        leg(
            "demo_return",
            "GB",
            "SG",
            items=[laptop()],
            exporter=party("Prospect Ltd", "GB"),
            importer=SG_OWNER,
            prior_export=prior("2026-07-01", "temporary_export"),
        )
    )
    imp = d["import"]
    assert (imp["regime"], imp["procedure_code"], imp["duty_base"]) == (
        "standard_import",
        "In-Payment (GST)",
        "full_value",
    )
    assert imp["vat"] == {"amount": "225.00", "currency": "SGD"}
    assert import_flags(d) == {"RELIEF_PERIOD_EXCEEDED"}


# ------------------------------------------------------------------------------------------ thresholds, duty, parties


def test_gst_relief_for_low_value_goods_by_air() -> None:
    """customs-regimes.md §10: import GST relief for goods <= SGD 400 imported by air or post."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "SG",
            items=[laptop("300.00")],
            exporter=UK_SELLER,
            importer=SG_OWNER,
            transport="air",
        )
    )
    imp = d["import"]
    assert imp["vat"] == {"amount": "0.00", "currency": "SGD"}
    assert imp["duty"] == {"amount": "0.00", "currency": "SGD"}
    assert "BELOW_DE_MINIMIS" in codes(d)


def test_gst_relief_for_low_value_goods_by_courier() -> None:
    """customs-regimes.md §10: express courier consignments arrive by air, so the SGD 400 relief applies."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "SG",
            items=[laptop("400.00")],
            exporter=UK_SELLER,
            importer=SG_OWNER,
            transport="courier",
        )
    )
    assert d["import"]["vat"] == {"amount": "0.00", "currency": "SGD"}
    assert "BELOW_DE_MINIMIS" in codes(d)


def test_no_gst_relief_for_low_value_goods_by_sea() -> None:
    """customs-regimes.md §10: the SGD 400 relief is for air / post only; by sea GST is due."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "SG",
            items=[laptop("300.00")],
            exporter=UK_SELLER,
            importer=SG_OWNER,
            transport="sea",
        )
    )
    assert d["import"]["vat"] == {"amount": "27.00", "currency": "SGD"}
    assert "BELOW_DE_MINIMIS" not in codes(d)


def test_no_gst_relief_above_sgd_400_by_air() -> None:
    """customs-regimes.md §10: goods above SGD 400 bear GST also by air."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "SG",
            items=[laptop("400.01")],
            exporter=UK_SELLER,
            importer=SG_OWNER,
            transport="air",
        )
    )
    assert d["import"]["vat"] == {"amount": "36.00", "currency": "SGD"}
    assert "BELOW_DE_MINIMIS" not in codes(d)


def test_liquor_duty_is_not_estimated() -> None:
    """customs-regimes.md §10: duty on intoxicating liquors is not in the profile's table: not estimated."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "SG",
            exporter=UK_SELLER,
            importer=SG_OWNER,
            items=[
                item(description="Whisky", hs_code="220830", unit_value="500.00", currency="SGD", serial_numbers=[])
            ],
        )
    )
    assert d["import"]["duty"] is None
    assert d["import"]["duty_detail"][0]["rate_source"].startswith("not estimated")


def test_foreign_seller_without_uen_needs_a_local_importer_of_record() -> None:
    """Singapore Customs: 'individuals or entities that do not have a UEN cannot operate as traders'."""
    d = decide(
        leg(
            "warranty_replacement", "GB", "SG", items=[laptop()], exporter=UK_SELLER, importer=party("Seller Ltd", "GB")
        )
    )
    imp = d["import"]
    assert imp["ior_required"] is True
    assert imp["representation"] == "indirect"
    assert "NO_LOCAL_IMPORTER" in codes(d)
    assert severity(d, "NO_LOCAL_IMPORTER") == "error"


def test_foreign_seller_with_a_uen_imports_in_its_own_name() -> None:
    """Singapore Customs: a UEN holder with an activated Customs account may import."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "SG",
            items=[laptop()],
            exporter=UK_SELLER,
            importer=party("Seller Ltd", "GB", identifiers={"UEN": "T26FC1234A"}),
        )
    )
    assert d["import"]["ior_required"] is False
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_foreign_seller_with_an_assigned_local_importer_of_record_is_not_flagged() -> None:
    """customs-regimes.md §10: a local IOR (distributor / 3PL) imports for the foreign seller (indirect)."""
    d = decide(
        leg(
            "warranty_replacement",
            "GB",
            "SG",
            items=[laptop()],
            exporter=UK_SELLER,
            importer=party("Seller Ltd", "GB"),
            ior=party("3PL Pte Ltd", "SG"),
        )
    )
    assert d["import"]["ior_required"] is True
    assert d["import"]["representation"] == "indirect"
    assert "NO_LOCAL_IMPORTER" not in codes(d)


def test_singapore_goods_repaired_in_switzerland_come_back_under_tci() -> None:
    """Singapore Customs TCI on a leg from Switzerland (counterpart side not asserted)."""
    d = decide(
        leg(
            "return_after_repair",
            "CH",
            "SG",
            items=[laptop()],
            exporter=party("Swiss Repair SA", "CH"),
            importer=SG_OWNER,
            costs=FREIGHT,
            repair={"cost": money("400.00", "SGD"), "charged": True},
            prior_export=prior("2026-10-01", "outward_processing"),
        )
    )
    imp = d["import"]
    assert (imp["jurisdiction"], imp["procedure_code"]) == ("SG", "In-Non-Payment (TCI)")
    assert imp["customs_value"] == {"amount": "455.00", "currency": "SGD"}
    assert imp["vat"] == {"amount": "40.95", "currency": "SGD"}
