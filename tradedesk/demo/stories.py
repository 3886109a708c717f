"""The demo's stories: one RMA each, told step by step as the desk would live it.

Each story yields the time of its next step (days before the load) and then takes that step; the load day
is "today", and ship dates, deadlines and ages are relative to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tradedesk.demo.cast import SECOND_COORDINATOR, item
from tradedesk.demo.desk import Desk, Story

WATCH = "Quartz chronograph wristwatch, steel case"
DIVER = "Automatic diver's wristwatch, steel case"
LENS = "Camera lens 24-70 mm f/2.8, mounted"


def _money(amount: str, currency: str) -> dict[str, str]:
    return {"amount": amount, "currency": currency}


def _repair(cost: str, currency: str) -> dict[str, Any]:
    return {
        "repair": {
            "cost": _money(cost, currency),
            "charged": True,
            "upgrade_value": None,
            "essential_parts_replaced": False,
        },
        "costs": {
            "freight": _money("38.00", currency),
            "insurance": _money("12.50", currency),
            "outbound_freight": _money("38.00", currency),
        },
    }


def _warranty(rma: Mapping[str, Any]) -> dict[str, Any]:
    return {"warranty": {"covered": True, "paid_service_contract": False, "expires": rma["warranty_expires"]}}


def refund_closed_gb_nl(d: Desk) -> Story:
    """A UK retailer returns an unopened lens to the Dutch hub: both declarations accepted, refunded, closed."""
    yield d.at(76)
    rma = d.open_rma(
        "gb_customer",
        "nl_hub",
        "return_for_refund",
        "no_longer_needed",
        "new",
        (item(LENS, "9002.11", "JP", "1290.00", "EUR", ("LZ2470-88213",), sku="LZ-2470"),),
        bought=95,
        order="LH-40117",
        notes="unopened; the customer changed camera system",
    )
    yield d.at(75.8)
    d.decide(rma, "approved", "unused and unopened: refund on receipt")
    yield d.at(75)
    (leg,) = d.plan(rma, ship_in=-72)
    leg = d.sold_from(leg, rma, "Lowlands Returns Hub B.V.")
    yield d.at(74.5)
    leg = d.change(leg, exporter_id=d.parties["nl_hub"])  # the hub collects and exports: an EOR acts for it in the UK
    yield d.at(74)
    d.clear(leg)
    yield d.at(72)
    d.shipped(leg, -72)
    d.move(rma, "in_transit")
    yield d.at(69)
    d.move(rma, "received")
    yield d.at(68.9)
    d.inspect(rma, ("LZ2470-88213",), condition="new")
    yield d.at(67)
    d.dispose(rma, "refund")
    yield d.at(66)
    d.move(rma, "closed", "EUR 1,290.00 refunded")


def exchange_closed_fr_nl(d: Desk) -> Story:
    """A French customer's defective headphones are exchanged by the Dutch hub: inside the EU, no formalities."""
    yield d.at(61)
    rma = d.open_rma(
        "fr_customer",
        "nl_hub",
        "warranty_replacement",
        "defective",
        "used",
        (
            item(
                "Studio monitor headphones, closed-back",
                "8518.30",
                "CN",
                "349.00",
                "EUR",
                ("HP9-771204",),
                sku="HP-900",
            ),
        ),
        bought=18,
        order="LH-41562",
    )
    yield d.at(60)
    defective, replacement = d.plan(rma, ship_in=-58, details=_warranty(rma))
    yield d.at(58)
    d.shipped(defective, -58)
    d.move(rma, "in_transit")
    yield d.at(56)
    d.move(rma, "received")
    yield d.at(55.9)
    d.inspect(rma, ("HP9-771204",), notes="left driver dead; warranty fault confirmed")
    yield d.at(55)
    d.dispose(rma, "exchange")
    d.shipped(replacement, -55)
    yield d.at(52)
    d.move(rma, "closed", "replacement delivered")


def refund_closed_au_gb(d: Desk) -> Story:
    """An Australian reseller returns unsold in-ear monitors to the UK seller: returned goods relief in the UK."""
    d = d.led_by(SECOND_COORDINATOR)
    yield d.at(49)
    rma = d.open_rma(
        "au_customer",
        "gb_seller",
        "return_for_refund",
        "not_as_described",
        "new",
        (
            item(
                "Wireless in-ear monitor system",
                "8518.30",
                "GB",
                "410.00",
                "GBP",
                tuple(f"IEM-30{n:03d}" for n in range(12)),
                sku="IEM-3",
                quantity=12,
            ),
        ),
        bought=70,
        order="BW-2026-1177",
        notes="wrong frequency band for Australia (ACMA)",
    )
    yield d.at(48.7)
    d.decide(rma, "approved", "wrong variant shipped by us: full credit")
    yield d.at(48)
    (leg,) = d.plan(rma, ship_in=-45, transport="air")
    leg = d.sold_from(leg, rma, "Brightwater Electronics Ltd")
    yield d.at(46)
    d.clear(leg)
    yield d.at(45)
    d.shipped(leg, -45)
    d.move(rma, "in_transit")
    yield d.at(40)
    d.move(rma, "received")
    yield d.at(39.8)
    d.inspect(rma, tuple(f"IEM-30{n:03d}" for n in range(12)), condition="new")
    yield d.at(39)
    d.dispose(rma, "restock")
    yield d.at(38)
    d.move(rma, "closed", "credit note BW-CN-0412 issued")


def repair_accepted_gb_ch(d: Desk) -> Story:
    """A UK jeweller sends a watch to the Swiss repair hub under outward processing: export MRN received."""
    yield d.at(24)
    rma = d.open_rma(
        "gb_customer",
        "ch_repairer",
        "repair",
        "defective",
        "used",
        (item(WATCH, "9102.11", "CH", "2450.00", "GBP", ("AW7731-0458",), sku="AW-7731"),),
        bought=210,
        order="HF-REP-2291",
        notes="chronograph pusher stuck; water ingress suspected",
    )
    yield d.at(23)
    outward, back = d.plan(rma, ship_in=-21, details=_repair("420.00", "GBP"))
    yield d.at(22)
    d.clear(outward)
    yield d.at(21)
    d.shipped(outward, -21)
    d.change(back, ship_date=d.day(9))
    d.move(rma, "in_transit")


def repair_due_soon_de_ch(d: Desk) -> Story:
    """A watch in Swiss repair for almost a year, waiting for a part: its re-import deadline comes due soon."""
    yield d.at(352)
    rma = d.open_rma(
        "de_customer",
        "ch_repairer",
        "repair",
        "defective",
        "used",
        (
            item(
                "Automatic chronograph wristwatch, titanium case",
                "9102.21",
                "CH",
                "5200.00",
                "EUR",
                ("AW9020-0093",),
                sku="AW-9020",
            ),
        ),
        bought=420,
        order="MM-SERV-0031",
        notes="long-service award watch; stops after 10 hours",
    )
    yield d.at(351)
    outward, back = d.plan(rma, ship_in=-350, details=_repair("780.00", "EUR"))
    yield d.at(350.5)
    d.clear(outward)
    yield d.at(350)
    d.shipped(outward, -350)
    d.move(rma, "in_transit")
    yield d.at(200)
    d.change(back, ship_date=d.day(12))  # the balance wheel comes from the manufacturer


def refund_filed_de_gb(d: Desk) -> Story:
    """A German lab returns an oscilloscope it did not order: both declarations filed, awaiting the brokers."""
    yield d.at(9)
    rma = d.open_rma(
        "de_customer",
        "gb_seller",
        "return_for_refund",
        "wrong_item",
        "new",
        (
            item(
                "Digital oscilloscope, 4 channels, 350 MHz",
                "9030.20",
                "MY",
                "3180.00",
                "GBP",
                ("DSO4-35-20917",),
                sku="DSO-4350",
            ),
        ),
        bought=26,
        order="BW-2026-1304",
        photo=True,
        notes="ordered the 200 MHz model",
    )
    yield d.at(8.8)
    d.decide(rma, "approved", "picking error confirmed by the warehouse")
    yield d.at(8)
    (leg,) = d.plan(rma, ship_in=2)
    leg = d.sold_from(leg, rma, "Brightwater Electronics Ltd")
    leg = d.change(leg, exporter_id=d.parties["gb_seller"])  # the seller collects and exports: an EU EOR acts for it
    yield d.at(7)
    d.clear(leg, upto="filed")


def demo_approved_gb_us(d: Desk) -> Story:
    """A demonstration scanner for a US clinic network: paperwork approved, ready to file."""
    udi = "(01)07612345000015(17)281130(10)LOT2406(21)US18500"
    yield d.at(5)
    rma = d.open_rma(
        "us_customer",
        "gb_seller",
        "demo",
        "demo_end",
        "new",
        (
            item(
                "Portable ultrasound scanner with linear probe",
                "9018.12",
                "GB",
                "18500.00",
                "GBP",
                ("US18500",),
                sku="PUS-2",
                udi=udi,
            ),
        ),
        bought=2,
        order="BW-DEMO-0061",
        notes="60-day evaluation at the Portland clinic",
    )
    yield d.at(4)
    dispatch, _ = d.plan(rma, ship_in=3, transport="air")
    dispatch = d.change(
        dispatch, importer_id=d.parties["gb_seller"]
    )  # the unit stays the seller's: a US IOR imports it
    yield d.at(3)
    d.clear(dispatch, upto="approved")


def replacement_in_review_jp_gb(d: Desk) -> Story:
    """A Japanese distributor's defective handset and cradle: paperwork in review, warnings to acknowledge."""
    d = d.led_by(SECOND_COORDINATOR)
    yield d.at(3)
    rma = d.open_rma(
        "jp_customer",
        "gb_seller",
        "warranty_replacement",
        "dead_on_arrival",
        "new",
        (
            item("Rugged smartphone 6.1 in", "8517.13", "CN", "520.00", "GBP", ("RS61-0038842",), sku="RS-61"),
            item("Charging cradle for RS-61", "8504.40", "CN", "45.00", "GBP", sku="RS-61-CR"),
        ),
        bought=12,
        order="BW-2026-1322",
    )
    yield d.at(2)
    defective, replacement = d.plan(rma, ship_in=4, details=_warranty(rma))
    d.change(replacement, importer_id=d.parties["gb_seller"])  # delivered duty paid: a Japanese IOR imports it
    yield d.at(1.5)
    d.clear(defective, upto="in_review")


def replacement_planned_ca_gb(d: Desk) -> Story:
    """A Canadian robotics firm's servo drive under warranty: legs planned and classified, no paperwork yet."""
    yield d.at(1.2)
    rma = d.open_rma(
        "ca_customer",
        "gb_seller",
        "warranty_replacement",
        "defective",
        "used",
        (item("Servo drive 2 kW, 400 V", "8504.40", "DE", "1890.00", "GBP", ("SD2-400-55102",), sku="SD-2400"),),
        bought=300,
        order="BW-2026-0871",
    )
    yield d.at(1)
    d.plan(rma, ship_in=5, details=_warranty(rma), transport="air")


def refund_under_review_sg_gb(d: Desk) -> Story:
    """An open-box oximeter from Singapore: the policy wants a photo, the request waits for review."""
    d = d.led_by(SECOND_COORDINATOR)
    yield d.at(2)
    udi = "(01)07612345000015(17)281130(10)LOT2406(21)OX55012"
    d.open_rma(
        "sg_customer",
        "gb_seller",
        "return_for_refund",
        "no_longer_needed",
        "open_box",
        (
            item(
                "Fingertip pulse oximeter",
                "9018.19",
                "GB",
                "95.00",
                "GBP",
                ("OX55012",),
                sku="OX-5",
                udi=udi,
                quantity=1,
            ),
        ),
        bought=40,
        order="BW-2026-1288",
    )


def rejected_au_gb(d: Desk) -> Story:
    """A speaker out of warranty: the policy offers a paid repair, the quote waits for the customer's answer;
    a second request, for a speaker damaged by the customer's own courier, is rejected on review."""
    d = d.led_by(SECOND_COORDINATOR)
    yield d.at(6)
    rma = d.open_rma(
        "au_customer",
        "gb_seller",
        "repair",
        "defective",
        "used",
        (item("Active studio monitor speaker", "8518.22", "GB", "680.00", "GBP", ("ASM8-10442",), sku="ASM-8"),),
        bought=800,
        order="BW-2024-0412",
    )
    yield d.at(5.5)
    d.quote(rma, "145.00", "GBP")
    yield d.at(5)
    other = d.open_rma(
        "au_customer",
        "gb_seller",
        "return_for_refund",
        "damaged_in_transit",
        "damaged",
        (item("Active studio monitor speaker", "8518.22", "GB", "680.00", "GBP", ("ASM8-10977",), sku="ASM-8"),),
        bought=120,
        order="BW-2026-0611",
        notes="dropped by the customer's own courier on the way to a gig",
    )
    yield d.at(4.5)
    d.decide(other, "rejected", "damage caused after delivery by the customer's courier: claim with the courier")


def demo_overdue_gb_sg(d: Desk) -> Story:
    """A demonstration spectrometer in Singapore kept past its temporary admission: overdue."""
    yield d.at(236)
    rma = d.open_rma(
        "sg_customer",
        "gb_seller",
        "demo",
        "demo_end",
        "new",
        (item("Handheld Raman spectrometer", "9027.50", "GB", "24000.00", "GBP", ("HRS-2210-0017",), sku="HRS-2210"),),
        bought=3,
        order="BW-DEMO-0044",
        notes="three-month evaluation by the hospital pharmacy",
    )
    yield d.at(234)
    dispatch, back = d.plan(rma, ship_in=-230, transport="air")
    dispatch = d.change(dispatch, importer_id=d.parties["gb_seller"])  # the seller's unit: a Singapore IOR imports it
    yield d.at(232)
    d.clear(dispatch)
    yield d.at(230)
    d.shipped(dispatch, -230)
    d.change(back, ship_date=d.day(-140))
    d.move(rma, "in_transit")
    yield d.at(0.2)
    d.change(back, ship_date=d.day(21))
    d.change(dispatch, details={"as_of": d.day(0).isoformat()})


def advance_overdue_gb_de(d: Desk) -> Story:
    """An advance replacement sent to Germany whose defective unit has not come back in time."""
    yield d.at(83)
    rma = d.open_rma(
        "de_customer",
        "gb_seller",
        "advance_replacement",
        "defective",
        "used",
        (
            item(
                "Thermal imaging camera 640 x 480", "8525.89", "GB", "4600.00", "GBP", ("TIC640-30051",), sku="TIC-640"
            ),
        ),
        bought=100,
        order="BW-2026-0655",
        notes="production line monitoring: the customer cannot wait for the repair",
    )
    yield d.at(82)
    replacement, defective = d.plan(rma, ship_in=-80, details=_warranty(rma))
    replacement = d.change(replacement, importer_id=d.parties["gb_seller"])  # delivered duty paid: an EU IOR imports it
    defective = d.change(defective, ship_date=d.day(-66))
    yield d.at(81)
    d.clear(replacement)
    yield d.at(80)
    d.shipped(replacement, -80)
    d.move(rma, "in_transit")
    yield d.at(0.3)
    d.change(defective, ship_date=d.day(5))


def refund_serial_mismatch_ch_gb(d: Desk) -> Story:
    """A Swiss dealer returns a watch whose serial number is not the one sold: flagged at inspection."""
    yield d.at(18)
    rma = d.open_rma(
        "ch_customer",
        "gb_seller",
        "return_for_refund",
        "not_as_described",
        "used",
        (item(DIVER, "9102.21", "CH", "3900.00", "GBP", ("BW5520-1187",), sku="BW-5520"),),
        bought=60,
        order="BW-2026-0990",
        notes="bezel misaligned according to the dealer",
    )
    yield d.at(17.8)
    d.decide(rma, "approved", "dealer return within the agreed 90 days")
    yield d.at(17)
    (leg,) = d.plan(rma, ship_in=-15)
    leg = d.sold_from(leg, rma, "Brightwater Electronics Ltd")
    yield d.at(16)
    d.clear(leg)
    yield d.at(15)
    d.shipped(leg, -15)
    d.move(rma, "in_transit")
    yield d.at(11)
    d.move(rma, "received")
    yield d.at(10)
    d.inspect(rma, ("BW5520-1781",), notes="case back engraving differs from our sales record; held for investigation")


def repair_changes_requested_fr_ch(d: Desk) -> Story:
    """A French watch repair whose export paperwork goes back to the coordinator with a comment."""
    yield d.at(7)
    rma = d.open_rma(
        "fr_customer",
        "ch_repairer",
        "repair",
        "defective",
        "used",
        (item(DIVER, "9102.21", "CH", "3650.00", "EUR", ("AW8810-2231",), sku="AW-8810"),),
        bought=400,
        order="AL-SAV-118",
        notes="loses 40 s a day after a fall",
    )
    yield d.at(6)
    outward, _ = d.plan(rma, ship_in=6, details=_repair("510.00", "EUR"))
    yield d.at(5)
    export = d.clear(outward, upto="in_review")["export"]
    yield d.at(4)
    d.request_changes(
        export,
        "attach the repairer's quotation and a photo of the case-back serial "
        "(identification of the goods for outward processing)",
    )


def refund_rejected_and_amended_gb_nl(d: Desk) -> Story:
    """The Dutch broker sends back an import declaration; the coordinator amends it (version 2 in review)."""
    yield d.at(14)
    rma = d.open_rma(
        "gb_customer",
        "nl_hub",
        "return_for_refund",
        "damaged_in_transit",
        "damaged",
        (item("Mirrorless camera body, full frame", "8525.89", "JP", "2190.00", "EUR", ("MC7-804412",), sku="MC-7"),),
        bought=16,
        order="LH-42208",
        photo=True,
        notes="carrier damage on delivery; carrier claim opened",
    )
    yield d.at(13.5)
    d.decide(rma, "approved", "carrier damage documented with photos")
    yield d.at(13)
    (leg,) = d.plan(rma, ship_in=-10, transport="road")
    leg = d.sold_from(leg, rma, "Lowlands Returns Hub B.V.")
    yield d.at(12)
    cleared = d.clear(leg, upto="filed")
    yield d.at(11)
    d.acknowledge(cleared["export"], leg["from_country"])
    rejected = d.reject(
        cleared["import"],
        "describe the goods precisely for 8525.89: sensor type and whether the "
        "camera records video; the damage report is missing",
    )
    yield d.at(10.5)
    d.amend(rejected, "goods description completed; damage report attached")
    d.shipped(leg, -10)
    d.move(rma, "in_transit")


def cancelled_us_gb(d: Desk) -> Story:
    """An advance replacement the customer no longer needs: cancelled before anything moved."""
    yield d.at(12)
    rma = d.open_rma(
        "us_customer",
        "gb_seller",
        "advance_replacement",
        "defective",
        "used",
        (
            item(
                "Programmable DC power supply 30 V / 5 A",
                "8504.40",
                "CN",
                "640.00",
                "GBP",
                ("PSU305-77120",),
                sku="PSU-305",
            ),
        ),
        bought=20,
        order="BW-2026-1190",
    )
    yield d.at(11)
    d.move(rma, "cancelled", "fault cleared by a firmware update")


#: every story, in the order they are introduced (they play interleaved, by time)
STORIES: tuple[Callable[[Desk], Story], ...] = (
    refund_closed_gb_nl,
    exchange_closed_fr_nl,
    refund_closed_au_gb,
    repair_accepted_gb_ch,
    repair_due_soon_de_ch,
    refund_filed_de_gb,
    demo_approved_gb_us,
    replacement_in_review_jp_gb,
    replacement_planned_ca_gb,
    refund_under_review_sg_gb,
    rejected_au_gb,
    demo_overdue_gb_sg,
    advance_overdue_gb_de,
    refund_serial_mismatch_ch_gb,
    repair_changes_requested_fr_ch,
    refund_rejected_and_amended_gb_nl,
    cancelled_us_gb,
)
