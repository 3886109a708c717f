"""Classification throughput: legs/second for 10,000 mixed legs, against validating the same input alone.

Run: .venv/bin/python benchmarks/classify.py [--legs N] [--repeats R]
Both figures are measured in the same run, on one core, and reported as medians of R repeats, so the
ratio is meaningful on a noisy machine. Aim (issue #2): >= 20,000 legs/s for classification.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tradedesk.data.loader import load_profiles
from tradedesk.domain.contract import decision_dict
from tradedesk.domain.model import Movement
from tradedesk.domain.regimes import classify
from tradedesk.inputs.leg import load_legs

COUNTRIES = ["GB", "DE", "FR", "NL", "US", "CA", "JP", "AU", "CH", "SG", "MX", "CN", "IN", "SE", "IT"]
GOODS = [
    ("Laptop computer", "8471300100", "CN"),
    ("Smartphone", "851713", "CN"),
    ("Wristwatch", "910211", "CH"),
    ("Monitor", "852852", "KR"),
    ("Infusion pump", "901890", "US"),
    ("Headphones", "851830", "CN"),
]
CURRENCIES = {
    "GB": "GBP",
    "US": "USD",
    "CA": "CAD",
    "JP": "JPY",
    "AU": "AUD",
    "CH": "CHF",
    "SG": "SGD",
    "MX": "MXN",
    "CN": "CNY",
    "IN": "INR",
    "SE": "SEK",
}


def mixed_legs(n: int, seed: int = 20261126) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    movements = [str(m) for m in Movement]
    legs = []
    for i in range(n):
        a, b = rng.sample(COUNTRIES, 2)
        movement = movements[i % len(movements)]
        currency = CURRENCIES.get(b, "EUR") if rng.random() < 0.7 else rng.choice(["EUR", "USD", "GBP"])
        desc, hs, origin = rng.choice(GOODS)
        items = [
            {
                "description": desc,
                "hs_code": hs,
                "origin_country": origin,
                "quantity": rng.randint(1, 3),
                "unit_value": f"{rng.randint(50, 5000)}.{rng.randint(0, 99):02d}",
                "currency": currency,
                "serial_numbers": [f"SN{i}"] if rng.random() < 0.8 else [],
            }
        ]
        leg: dict[str, Any] = {
            "movement": movement,
            "from_country": a,
            "to_country": b,
            "ship_date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            "transport": rng.choice(["courier", "post", "air", "sea", "road"]),
            "items": items,
            "exporter": {"name": "Seller Ltd", "country": a, "established_in": [a], "identifiers": {}},
            "importer": {
                "name": "Buyer Ltd",
                "country": b if rng.random() < 0.8 else "US",
                "established_in": [b] if rng.random() < 0.8 else [],
                "identifiers": {},
            },
            "costs": {
                "freight": {"amount": "45.00", "currency": currency},
                "insurance": {"amount": "5.00", "currency": currency},
            },
            "warranty": {"covered": rng.random() < 0.5, "paid_service_contract": rng.random() < 0.1},
        }
        if movement in ("return_after_repair", "export_for_repair") or rng.random() < 0.2:
            leg["repair"] = {
                "cost": {"amount": f"{rng.randint(20, 800)}.00", "currency": currency},
                "charged": rng.random() < 0.6,
                "essential_parts_replaced": rng.random() < 0.05,
                "upgrade_value": {"amount": "80.00", "currency": currency} if rng.random() < 0.1 else None,
            }
        relies = movement in (
            "return_after_repair",
            "demo_return",
            "return_for_refund",
            "defective_return",
            "warranty_replacement",
        )
        if relies and rng.random() < 0.9:
            leg["prior_export"] = {
                "date": f"20{rng.choice(['22', '25', '26'])}-0{rng.randint(1, 9)}-15",
                "regime": rng.choice(["outward_processing", "temporary_export", "standard_export"]),
                "exporter": "Buyer Ltd",
                "hs_code": hs,
                "serial_numbers": [f"SN{i}"],
            }
        if movement in ("advance_replacement", "defective_return"):
            leg["paired_leg"] = {"movement": "defective_return", "ship_date": None}
            leg["as_of"] = "2026-11-26"
        legs.append(leg)
    return legs


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process): CPU time is what one core spent, whatever else runs."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--legs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    profiles = load_profiles()
    payloads = mixed_legs(args.legs)
    legs, _ = load_legs(payloads, profiles)
    for leg in legs[:200]:  # warm caches (HS lookups, FX rates) as a running service would have them
        classify(leg, profiles)
    # The 10,000 input payloads and legs are long-lived test data: keep the cyclic GC from rescanning them
    # on every collection (a service holds one request's leg at a time, not 20,000 objects).
    gc.freeze()

    validate_s, classify_s, full_s = [], [], []
    for _ in range(args.repeats):
        validate_s.append(timed(lambda: load_legs(payloads, profiles)))
        classify_s.append(timed(lambda: [classify(leg, profiles) for leg in legs]))
        full_s.append(
            timed(lambda: [decision_dict(classify(leg, profiles)) for leg in load_legs(payloads, profiles)[0]])
        )
    n = len(legs)
    print(
        f"legs: {n} mixed ({len(Movement)} movement kinds, {len(COUNTRIES)} countries), repeats: {args.repeats}, "
        f"python {sys.version.split()[0]}, one process on one core; medians"
    )
    print(f"{'':42} {'wall legs/s':>12} {'us/leg':>8} {'CPU legs/s':>12} {'us/leg':>8}")
    medians = {}
    for label, runs in (
        ("validate only (marshmallow input schema)", validate_s),
        ("classify only (pre-validated legs)", classify_s),
        ("validate + classify + contract JSON dict", full_s),
    ):
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        medians[label] = (wall, cpu)
        print(f"{label:42} {n / wall:12,.0f} {wall * 1e6 / n:8.1f} {n / cpu:12,.0f} {cpu * 1e6 / n:8.1f}")
    v = medians["validate only (marshmallow input schema)"]
    c = medians["classify only (pre-validated legs)"]
    print(
        f"ratio classify / validate, time per leg    : wall {c[0] / v[0]:.2f}x, CPU {c[1] / v[1]:.2f}x "
        f"(classifying a leg costs {c[1] / v[1]:.0%} of validating it)"
    )
    print(f"aim >= 20,000 legs/s for classify (CPU)    : {'met' if n / c[1] >= 20_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
