"""Restricted-party screening: 1,000 parties against 20,000 list entries, fuzzy, against exact normalised lookup.

Run: .venv/bin/python benchmarks/screening.py [--entries N] [--queries Q] [--repeats R]
The entries are generated deterministically (seeded `random`) from name parts: surnames and given names of the
excerpts in shared/reference/screening plus common names of the regions the lists cover, company words and legal
forms; persons get spelling-variant aliases, companies legal-form and short-name aliases, some aliases are of low
quality. About 5 % of the queries are near-variants of listed names (a typo, another romanisation, word order, a
legal form, a missing middle name); the rest are ordinary names drawn from the same pools, so they share words with
many entries. Each repeat builds a fresh index (nothing remembered from the previous repeat); medians of R repeats.
Aim (issue #14): screening 1,000 parties takes < 1 s in all.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tradedesk.screening.entries import EntityType, ListedName, ListEntry
from tradedesk.screening.matching import Match, PartyQuery, ScreeningIndex, Thresholds
from tradedesk.screening.names import normalise

T = TypeVar("T")


def split_words(text: str) -> list[str]:
    return text.split()


# surnames from the excerpts' records, then common surnames of the regions the lists cover
SURNAMES = split_words(
    "Ladin Qadhafi Timchenko Rotenberg Kovalchuk Vekselberg Deripaska Haniya Teir Umarov Haqqani Guchaev Tikriti "
    "Baazaoui Mugabe Choe Ra Ivanov Petrov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov Novikov Morozov Volkov "
    "Solovyov Vasiliev Zaitsev Pavlov Semenov Golubev Vinogradov Bogdanov Vorobyov Fedorov Mikhailov Belyaev "
    "Tarasov Belov Komarov Orlov Kiselev Makarov Andreev Kovalev Ilyin Gusev Titov Kuzmin Kudryavtsev Baranov "
    "Kulikov Alekseev Stepanov Yakovlev Sorokin Sergeev Romanov Zakharov Borisov Korolev Gerasimov Ponomarev "
    "Grigoriev Lazarev Medvedev Ershov Nikitin Sobolev Ryabov Polyakov Tsvetkov Danilov Zhukov Frolov Zhuravlev "
    "Haddad Khoury Nasser Saleh Mansour Hamdan Khalil Farouk Qureshi Siddiqui Rahman Hussaini Jaber Darwish "
    "Bakri Sabbagh Najjar Hakim Tamimi Masri Shami Halabi Zahrani Ghamdi Otaibi Qahtani Harbi Dosari Shehri "
    "Ahmadi Hosseini Karimi Rezaei Moradi Mohammadi Jafari Rahimi Sadeghi Ghorbani Hashemi Mousavi Kazemi "
    "Rostami Ebrahimi Akbari Safari Asadi Bagheri Nouri Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun "
    "Ma Zhu Hu Guo He Lin Luo Gao Kim Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song "
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
    "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
    "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall "
    "Mueller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Dubois Bernard Moreau Laurent "
    "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Yilmaz Kaya Demir Sahin Celik "
    "Yildiz Yildirim Ozturk Aydin Ozdemir Arslan Dogan Kilic Aslan Cetin Kara Koc Kurt Ozkan Simsek"
)
GIVEN_NAMES = split_words(
    "Usama Muammar Gennady Arkady Yuri Viktor Oleg Ismail Mohammed Doku Siraj Zaurbek Yasir Qusay Mondher Robert "
    "Alexander Sergei Vladimir Dmitry Andrei Alexei Nikolai Mikhail Igor Boris Pavel Konstantin Evgeny Roman "
    "Anatoly Olga Elena Natalia Tatiana Irina Svetlana Ivan Maxim Artem Denis Ali Hasan Hussein Ibrahim Yusuf "
    "Omar Ahmad Khalid Abdullah Mahmoud Mustafa Salah Hamid Karim Rashid Nasser Jamal Tariq Faisal Hamza Walid "
    "Fatima Aisha Maryam Zainab Reza Mehdi Hossein Amir Saeed Javad Majid Wei Jian Ming Hua Jun Min Young Soo "
    "Hyun Jin Sung Ho John James Michael William David Richard Joseph Thomas Charles Mary Maria Anna Peter Paul "
    "Mark George Jose Juan Carlos Luis Jorge Pedro Antonio Manuel Francisco Hans Klaus Jurgen Pierre Jean "
    "Giuseppe Marco Luca Mehmet Mustafa Emre Burak Ayse"
)
MIDDLE_NAMES = split_words(
    "Valentinovich Feliksovich Nikolayevich Vladimirovich Khamatovich Salimovich Abdul Salah Mahmud"
)
SYLLABLES = split_words(
    "ar bel tek zar mon vol sib neft gaz prom ros avia trans kom stroy energo tex lin nova star med fin mash "
    "metal khim agro bur sev kar tor vest ural alt mir zol neva volga azov krym dal ost pars sina kish tabr "
    "ex im on ta ri ko ven dor lux gal mer pol sar tim bor ken dex fal gor hel jur lam nor pir rad sol tur"
)
PLACES = split_words(
    "Moscow Tehran Dubai Pyongyang Minsk Caracas Damascus Kerch Sevastopol Baghdad Kabul Havana Harbin"
)
ACTIVITIES = split_words(
    "Trading Shipping Steel Petroleum Engineering Industrial Logistics Machinery Electronics Chemical Mining "
    "Construction Import Export Aviation Marine Energy Technology Investment Holding Group Bank Insurance"
)
LEGAL_FORMS = split_words("LLC OOO GmbH Ltd JSC PJSC OAO ZAO Co. S.A. FZE Corporation Limited AO Inc")
COUNTRIES = split_words("RU IR KP SY CU BY IQ AF LY VE CN AE TR DE GB US UA LB PK SD")


SURNAME_SYLLABLES = split_words(
    "ba ka ra sa ma na ta za ha da ga la va ko ro so mo no to zo bu ku ru su mu nu tu zu be ke re se me ne te "
    "ze bi ki ri si mi ni ti zi ab ak al am an ar as az ib ik il im in ir is iz ob ok ol om on or os oz"
)
SURNAME_ENDINGS = split_words(
    "ov ova enko ev in ani i ian yan zadeh oglu er mann son sen ez es o a uk chuk ski ko idi avi"
)


def surname(rng: random.Random) -> str:
    """A surname: from the pool half the time, else made up (lists hold many more surnames than any pool)."""
    if rng.random() < 0.5:
        return rng.choice(SURNAMES)
    return ("".join(rng.choices(SURNAME_SYLLABLES, k=rng.choice((1, 2, 2)))) + rng.choice(SURNAME_ENDINGS)).capitalize()


def brand(rng: random.Random) -> str:
    return "".join(rng.sample(SYLLABLES, rng.choice((2, 3, 3)))).capitalize()


def respell(rng: random.Random, word: str) -> str:
    """Another romanisation or a typo of one word."""
    swaps = [("ou", "u"), ("u", "ou"), ("o", "u"), ("e", "i"), ("i", "y"), ("y", "i"), ("ks", "x"), ("x", "ks")]
    swaps += [("k", "q"), ("q", "k"), ("kh", "h"), ("ts", "tz"), ("v", "w"), ("ss", "s"), ("a", "e")]
    rng.shuffle(swaps)
    for old, new in swaps:
        if old in word.lower():
            return word.lower().replace(old, new, 1).capitalize()
    i = rng.randrange(1, len(word)) if len(word) > 1 else 0
    return word[:i] + rng.choice("aeiou") + word[i + 1 :]


def person(rng: random.Random) -> list[ListedName]:
    given, family = rng.choice(GIVEN_NAMES), surname(rng)
    middle = rng.choice(MIDDLE_NAMES) if rng.random() < 0.5 else ""
    primary = f"{family.upper()}, {given} {middle}".strip()
    names = [ListedName(primary)]
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        names.append(ListedName(f"{respell(rng, family).upper()}, {respell(rng, given)}", "aka"))
    if rng.random() < 0.15:
        names.append(ListedName(rng.choice(GIVEN_NAMES), "aka", "low"))
    return names


def company(rng: random.Random) -> list[ListedName]:
    words = [brand(rng)]
    if rng.random() < 0.4:
        words.append(rng.choice(PLACES))
    words.append(rng.choice(ACTIVITIES))
    name = " ".join(words).upper()
    names = [ListedName(f"{name} {rng.choice(LEGAL_FORMS).upper()}")]
    if rng.random() < 0.6:
        names.append(ListedName(f"{rng.choice(LEGAL_FORMS).upper()} {name}", "aka"))
    if rng.random() < 0.3:
        names.append(ListedName(f"{words[0].upper()} {rng.choice(ACTIVITIES).upper()}", "fka"))
    return names


def list_entries(n: int, seed: int = 20260301) -> list[ListEntry]:
    rng = random.Random(seed)
    entries = []
    for i in range(n):
        draw = rng.random()
        kind: EntityType = "individual" if draw < 0.6 else "entity" if draw < 0.95 else "vessel"
        names = person(rng) if kind == "individual" else company(rng) if kind == "entity" else [ListedName(brand(rng))]
        countries = tuple(rng.sample(COUNTRIES, rng.choice((0, 1, 1, 2))))
        entries.append(ListEntry(f"GEN-{i:05d}", kind, tuple(names), countries=countries))
    return entries


def near_variant(rng: random.Random, entry: ListEntry) -> str:
    """A listed name as an invoice might write it."""
    words = rng.choice(entry.names).name.replace(",", "").split()
    action = rng.randrange(3)
    if action == 0:
        i = rng.choice([i for i, w in enumerate(words) if w not in LEGAL_FORMS] or [0])  # a name word, no legal form
        words[i] = respell(rng, words[i])
    elif action == 1:
        words.reverse()
    elif entry.entity_type == "entity":
        words[-1] = rng.choice(LEGAL_FORMS)
    elif len(words) > 2:
        del words[-1]
    return " ".join(words)


def party_queries(entries: list[ListEntry], n: int, seed: int = 20260302) -> list[tuple[PartyQuery, str | None]]:
    """(query, the entry it is a variant of or None): ~5 % near-variants, the rest ordinary names."""
    rng = random.Random(seed)
    queries: list[tuple[PartyQuery, str | None]] = []
    for _ in range(n):
        country = rng.choice(COUNTRIES) if rng.random() < 0.7 else None
        if rng.random() < 0.05:
            listed = rng.choice(entries)
            if listed.countries and rng.random() < 0.7:  # the document mostly gives the listed party's country
                country = rng.choice(listed.countries)
            queries.append((PartyQuery(near_variant(rng, listed), country), listed.entry_id))
        elif rng.random() < 0.5:
            queries.append((PartyQuery(f"{rng.choice(GIVEN_NAMES)} {surname(rng)}", country), None))
        else:
            name = f"{brand(rng)} {rng.choice(ACTIVITIES)} {rng.choice(LEGAL_FORMS)}"
            queries.append((PartyQuery(name, country, "entity"), None))
    return queries


def timed(fn: Callable[[], T]) -> tuple[float, float, T]:
    """(wall seconds, CPU seconds of this process, result)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def exact_form(name: str) -> str:
    """The baseline's comparable form: the normalised words, sorted (so "SURNAME, Given" is "Given Surname")."""
    return " ".join(sorted(t.text for t in normalise(name).tokens))


def exact_index(entries: list[ListEntry]) -> dict[str, list[str]]:
    """The baseline: exact form -> entry ids."""
    found: dict[str, list[str]] = {}
    for e in entries:
        for listed in e.names:
            found.setdefault(exact_form(listed.name), []).append(e.entry_id)
    return found


def exact_lookup(exact: dict[str, list[str]], queries: list[PartyQuery]) -> list[list[str]]:
    return [exact.get(exact_form(q.name), []) for q in queries]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    entries = list_entries(args.entries)
    labelled = party_queries(entries, args.queries)
    queries = [q for q, _ in labelled]
    thresholds = Thresholds()

    runs: dict[str, list[tuple[float, float]]] = {label: [] for label in LABELS}
    results: list[list[Match]] = []
    exact_hits: list[list[str]] = []
    for _ in range(args.repeats):
        wall, cpu, index = timed(partial(ScreeningIndex.build, entries, thresholds))
        runs[LABELS[0]].append((wall, cpu))
        wall, cpu, results = timed(partial(index.screen_many, queries))
        runs[LABELS[1]].append((wall, cpu))
        wall, cpu, exact = timed(partial(exact_index, entries))
        runs[LABELS[2]].append((wall, cpu))
        wall, cpu, exact_hits = timed(partial(exact_lookup, exact, queries))
        runs[LABELS[3]].append((wall, cpu))

    names = sum(len(e.names) for e in entries)
    print(
        f"entries: {len(entries):,} ({names:,} names), queries: {len(queries):,} "
        f"({sum(1 for _, v in labelled if v)} near-variants), repeats: {args.repeats}, "
        f"python {sys.version.split()[0]}, one process; medians (a fresh index each repeat)"
    )
    print(f"{'':46} {'wall s':>8} {'CPU s':>8} {'us/query':>9}")
    medians = {}
    for label, timings in runs.items():
        wall = statistics.median(r[0] for r in timings)
        cpu = statistics.median(r[1] for r in timings)
        medians[label] = (wall, cpu)
        each = f"{wall * 1e6 / len(queries):9.0f}" if "build" not in label else ""
        print(f"{label:46} {wall:8.3f} {cpu:8.3f} {each}")
    fuzzy, exact_time = medians[LABELS[1]], medians[LABELS[3]]
    print(
        f"ratio fuzzy / exact lookup                   : wall {fuzzy[0] / exact_time[0]:.1f}x, "
        f"CPU {fuzzy[1] / exact_time[1]:.1f}x"
    )
    report_hits(labelled, results, exact_hits, thresholds)
    met = "met" if fuzzy[0] < 1.0 else "NOT met"
    print(f"aim: screening {len(queries):,} parties < 1 s in all : {met} ({fuzzy[0]:.3f} s wall, {fuzzy[1]:.3f} s CPU)")


LABELS = (
    "build the fuzzy index",
    "screen the queries, fuzzy (screen_many)",
    "baseline: build the exact dict",
    "baseline: exact lookup, normalised words",
)


def report_hits(
    labelled: list[tuple[PartyQuery, str | None]],
    results: list[list[Match]],
    exact_hits: list[list[str]],
    thresholds: Thresholds,
) -> None:
    """How many near-variants alert on their entry (and how many of them the exact lookup finds), how often
    ordinary names are held."""
    rows = list(zip(labelled, results, exact_hits, strict=True))
    variants = [(v, r, x) for (_, v), r, x in rows if v]
    fuzzy_found = sum(1 for v, r, _ in variants if any(m.entry_id == v and m.score >= thresholds.alert for m in r))
    exact_found = sum(1 for v, _, x in variants if v in x)
    print(
        f"near-variants alerting on their own entry     : {fuzzy_found} of {len(variants)} "
        f"(exact lookup: {exact_found})"
    )
    ordinary = [(r, x) for (_, v), r, x in rows if not v]
    alerts = [(r, x) for r, x in ordinary if r and r[0].score >= thresholds.alert]
    reviews = sum(1 for r, _ in ordinary if r and r[0].score < thresholds.alert)
    print(
        f"ordinary names alerting / only for review     : {len(alerts)} / {reviews} of {len(ordinary)}; "
        f"{sum(1 for _, x in alerts if x)} of the alerts are listed names exactly (the name pools are shared)"
    )


if __name__ == "__main__":
    main()
