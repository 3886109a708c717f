"""Fuzzy screening of parties (a consignee, a broker, a carrier) against restricted-party list entries.

A name matches an entry when its words match the words of one of the entry's names (primary, alias, former name,
original-script name), in any order, word by word on phonetic keys (`tradedesk.screening.names`). The name score
weighs how much of the query and how much of the listed name is matched, each word by how much it identifies a party
(a common given name, "bank", or a word hundreds of listed names carry counts less than "Vekselberg"). Rules then
keep weak evidence from alerting: common words alone, one shared word when either name has other distinctive words,
a one-word alias inside a longer name, a low-quality alias without a second identifier. Country, address and entity
type move the score within bounds.

The index blocks candidates: a query word only meets listed words that share a blocking key with it (the word's
phonetic key, its one-letter deletions, its consonant skeleton), and only names that share enough query weight to
reach the review threshold are scored at all. Pure and deterministic: no I/O, no clock, no environment.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from tradedesk.screening.entries import EntityType, ListedName, ListEntry, NameKind
from tradedesk.screening.names import (
    COMMON_NAME,
    DISTINCTIVE,
    MIDDLE_NAME,
    NameToken,
    normalise,
    skeleton,
    vowel_groups,
)

#: similarity (0-1) from which two words count as one word spelled two ways
TOKEN_MATCH = 0.8
#: similarity given to words of one shape: the same 3+ consonants, vowel groups and start (Ladin/Laden, Kyong/Kyung),
#: when their letters are already this similar (Hasan/Husayn, 0.6, stay apart)
SAME_SHAPE = 0.9
SAME_SHAPE_FROM = 0.75
#: factor on the similarity of words whose consonants differ (Hanna/Haniya, Russia/Russian)
OTHER_CONSONANTS = 0.85
#: share of the name score that measures the query's coverage; the rest measures the listed name's
QUERY_SHARE = 0.65
#: factor when both names carry a word the other lacks (Green Pine Furniture / Green Pine Associated; John / Robert
#: Smith); a missing middle name or patronymic weighs too little to count
DIFFERENT_WORDS = 0.85
#: a matched word lighter than this is a common word (given name, generic business or country word)
COMMON_BELOW = 0.5
COUNTRY_MATCH_BONUS = 5.0
COUNTRY_MISMATCH_PENALTY = 5.0
ADDRESS_BONUS = 3.0
ENTITY_TYPE_PENALTY = 10.0
#: a word carried by this share of the indexed names (and at least FREQUENT_MIN names) identifies little
FREQUENT_SHARE = 0.0025
FREQUENT_MIN = 50
#: the most spelling neighbourhoods one index remembers (a memo: it never changes a result)
_MEMO_SIZE = 100_000

_KIND_LABELS: dict[str, str] = {
    "primary": "primary name",
    "aka": "alias",
    "fka": "former name",
    "nka": "new name",
    "original_script": "original-script name",
}
_QUERY_TYPES: dict[str, EntityType] = {
    "individual": "individual",
    "person": "individual",
    "entity": "entity",
    "company": "entity",
    "organisation": "entity",
    "organization": "entity",
    "vessel": "vessel",
    "aircraft": "aircraft",
}


@dataclass(frozen=True)
class Thresholds:
    """Score cut-offs, 0-100. At or above `alert` a match stops the shipment; at or above `review` an officer looks.

    Defaults: the spelling variants of the reference pairs (one letter or vowel off, another romanisation, word
    order, legal form, a missing middle name) score 86 or more, most 90-100, so alerting at 85 keeps them all; names
    that only share words with a listed name (one distinctive word, common words, different given names) stay under
    70 and out of the queue, while a whole listed name inside a longer one ("Casa de Cuba Restaurant, Miami") is
    held at review.
    """

    alert: float = 85.0
    review: float = 70.0

    def __post_init__(self) -> None:
        if not 0 <= self.review <= self.alert <= 100:
            raise ValueError(
                f"thresholds need 0 <= review <= alert <= 100, got review {self.review}, alert {self.alert}"
            )


@dataclass(frozen=True)
class PartyQuery:
    """A party to screen: its name as written on the document, and what else the document says about it."""

    name: str
    #: ISO 3166-1 alpha-2 of the party's address or nationality
    country: str | None = None
    #: "individual", "entity", "vessel", "aircraft" (or "person", "company"); None: inferred from a legal form
    entity_type: str | None = None
    address: str = ""


@dataclass(frozen=True)
class Match:
    """A listed entry the party may be, with the name that matched and the reasons an officer reads."""

    entry_id: str
    matched_name: str
    name_kind: NameKind
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Name:
    """One indexed name of an entry, its words' keys and weights as compared."""

    entry: int
    order: int
    listed: ListedName
    tokens: tuple[NameToken, ...]
    keys: tuple[tuple[str, ...], ...]
    #: how identifying each word is (common or frequent words less)
    identifying: tuple[float, ...]
    #: the weights compared: `identifying`, a person's middle names discounted
    weights: tuple[float, ...]
    total: float


@dataclass(frozen=True, slots=True)
class _Facts:
    """What an entry says besides its names: the supporting evidence."""

    entity_type: EntityType
    countries: frozenset[str]
    #: distinctive address words by phonetic key, as the list writes them
    address_words: dict[str, str]


@dataclass(frozen=True, slots=True)
class _QueryWord:
    """A query word, the listed keys it matches (key -> similarity), and its weights in this index."""

    token: NameToken
    similar: dict[str, float]
    weight: float
    person_weight: float


class _Weights:
    """A query's words with their similarity maps and weights, worked out once per query."""

    __slots__ = ("person", "plain", "similar", "words")

    def __init__(self, words: Sequence[_QueryWord]) -> None:
        self.words = words
        self.similar = [w.similar for w in words]
        self.plain = [w.weight for w in words]
        self.person = [w.person_weight for w in words]


@dataclass(frozen=True, slots=True)
class _Alignment:
    """How the words of a query and of a listed name pair up."""

    query_cover: float
    listed_cover: float
    matched: int
    #: how identifying the most identifying matched listed word is
    strongest: float
    query_left: tuple[NameToken, ...]
    listed_left: tuple[NameToken, ...]
    query_left_weight: float
    listed_left_weight: float


@dataclass(frozen=True, slots=True)
class _Evidence:
    """The adjustment from country, address and entity type, and whether any of them supports the match."""

    adjustment: float
    reasons: tuple[str, ...]
    supports: bool


def token_similarity(a: str, b: str) -> float:
    """Similarity (0-1) of two phonetic keys: one shape (consonants, syllables) lifts it, other consonants lower it."""
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0
    ratio = fuzz.ratio(a, b) / 100
    consonants = skeleton(a)
    if consonants != skeleton(b):
        return ratio * OTHER_CONSONANTS
    same_start = a[0] == b[0] or (a[0] in "aeiou" and b[0] in "aeiou")
    if ratio >= SAME_SHAPE_FROM and len(consonants) >= 3 and same_start and vowel_groups(a) == vowel_groups(b):
        return max(ratio, SAME_SHAPE)
    return ratio


def neighbourhood(key: str) -> set[str]:
    """Blocking keys of a word: itself, its one-letter deletions (length 4+), its consonant skeleton."""
    keys = {key}
    if len(key) >= 4:
        keys.update(key[:i] + key[i + 1 :] for i in range(len(key)))
    consonants = skeleton(key)
    if len(consonants) >= 2:
        keys.add("#" + consonants)
    return keys


def _pairs(similar: Sequence[dict[str, float]], name: _Name) -> list[tuple[float, int, int]]:
    """(-similarity, query word, listed word) for every pair of words that match."""
    pairs = []
    for j, keys in enumerate(name.keys):
        for i, found in enumerate(similar):
            similarity = found.get(keys[0], 0.0)
            if len(keys) > 1:
                similarity = max(similarity, found.get(keys[1], 0.0))
            if similarity:
                pairs.append((-similarity, i, j))
    return pairs


def _align(
    words: Sequence[_QueryWord], similar: Sequence[dict[str, float]], query_weights: Sequence[float], name: _Name
) -> _Alignment | None:
    """Pair query and listed words greedily, most similar first, each word used once (order-free); None if none."""
    pairs = _pairs(similar, name)
    if not pairs:
        return None
    pairs.sort()
    used_query: dict[int, float] = {}
    used_listed: dict[int, float] = {}
    for negative, i, j in pairs:
        if i not in used_query and j not in used_listed:
            used_query[i] = used_listed[j] = -negative
    left_query = [i for i in range(len(words)) if i not in used_query]
    left_listed = [j for j in range(len(name.keys)) if j not in used_listed]
    return _Alignment(
        query_cover=sum(query_weights[i] * s for i, s in used_query.items()) / sum(query_weights),
        listed_cover=sum(name.weights[j] * s for j, s in used_listed.items()) / name.total,
        matched=len(used_query),
        strongest=max(name.identifying[j] for j in used_listed),
        query_left=tuple(words[i].token for i in left_query),
        listed_left=tuple(name.tokens[j] for j in left_listed),
        query_left_weight=sum(query_weights[i] for i in left_query),
        listed_left_weight=sum(name.weights[j] for j in left_listed),
    )


def _too_weak(alignment: _Alignment, listed_words: int) -> bool:
    """The name match alone is no evidence: it never reaches review, whatever else the query says."""
    whole = not alignment.query_left and not alignment.listed_left
    if alignment.strongest < COMMON_BELOW and not whole:
        return True  # only common words match: "Hasan Ibrahim", "National Bank of ..."
    if listed_words == 1 and alignment.query_left:
        return True  # a one-word name must be the whole query: "The Base" is not "The Base Camp Outfitters"
    distinct_left = max(alignment.query_left_weight, alignment.listed_left_weight) >= DISTINCTIVE
    return alignment.matched == 1 and distinct_left  # one shared word, other distinctive words differ


def _words(tokens: Iterable[NameToken]) -> str:
    return ", ".join(f"'{t.text}'" for t in tokens)


def _differ(alignment: _Alignment) -> bool:
    """Both names carry words the other lacks (more than a middle name or patronymic)."""
    return min(alignment.query_left_weight, alignment.listed_left_weight) >= COMMON_NAME


def _name_score(alignment: _Alignment) -> float:
    """The name score (0-100): coverage of the query and of the listed name, lowered when both have other words."""
    score = 100 * (QUERY_SHARE * alignment.query_cover + (1 - QUERY_SHARE) * alignment.listed_cover)
    return score * DIFFERENT_WORDS if _differ(alignment) else score


def _wording_notes(alignment: _Alignment) -> list[str]:
    """What in the wording lowered the name score, for the officer."""
    notes = []
    if alignment.listed_left:
        notes.append(f"listed words not in the query: {_words(alignment.listed_left)}")
    if alignment.query_left:
        notes.append(f"query words not in the listed name: {_words(alignment.query_left)}")
    if _differ(alignment):
        notes.append("each name has words the other lacks")
    return notes


def _query_type(query: PartyQuery, legal_forms: Sequence[str]) -> EntityType | None:
    """The query's entity type as given, else "entity" when its name carries a legal form."""
    if query.entity_type is not None:
        return _QUERY_TYPES.get(query.entity_type.strip().lower())
    return "entity" if legal_forms else None


def _country_evidence(country: str | None, facts: _Facts) -> tuple[float, list[str], bool]:
    if not country or not facts.countries:
        return 0.0, [], False
    if country in facts.countries:
        return COUNTRY_MATCH_BONUS, [f"country {country} also on the entry"], True
    listed = ", ".join(sorted(facts.countries))
    return -COUNTRY_MISMATCH_PENALTY, [f"country {country} not on the entry ({listed})"], False


def _evidence(facts: _Facts, country: str | None, kind: EntityType | None, address: frozenset[str]) -> _Evidence:
    """Country, address and entity type of the query against the entry's."""
    adjustment, reasons, supports = _country_evidence(country, facts)
    shared = sorted(facts.address_words[key] for key in address & facts.address_words.keys())
    if shared:
        adjustment += ADDRESS_BONUS
        reasons.append(f"address shares {', '.join(repr(w) for w in shared)} with the entry")
        supports = True
    if kind and facts.entity_type != "unknown" and kind != facts.entity_type:
        adjustment -= ENTITY_TYPE_PENALTY
        reasons.append(f"entity type differs (query: {kind}, entry: {facts.entity_type})")
    return _Evidence(adjustment, tuple(reasons), supports)


def _address_words(text: str) -> dict[str, str]:
    """Distinctive words of an address by phonetic key: street and place names, postcodes (no house numbers)."""
    return {t.key: t.text for t in normalise(text).tokens if t.weight >= DISTINCTIVE and len(t.key) >= 4}


def _facts(entry: ListEntry) -> _Facts:
    countries = {c.upper() for c in entry.countries} | {a.country.upper() for a in entry.addresses if a.country}
    addresses = {key: word for a in entry.addresses for key, word in _address_words(a.text).items()}
    return _Facts(entry.entity_type, frozenset(countries), addresses)


def _distinct_names(entry: ListEntry) -> list[tuple[int, ListedName, tuple[NameToken, ...]]]:
    """The entry's names, one per distinct normalised form (lists repeat a name per language or source)."""
    names, seen = [], set()
    for order, listed in enumerate(entry.names):
        tokens = normalise(listed.name).tokens
        signature = (tuple(sorted(t.key for t in tokens)), listed.quality)
        if tokens and signature not in seen:
            seen.add(signature)
            names.append((order, listed, tokens))
    return names


@dataclass(slots=True)
class _QueryContext:
    """The query's supporting facts, and the evidence they give per entry (worked out once per entry)."""

    query: PartyQuery
    country: str | None
    entity_type: EntityType | None
    address: frozenset[str]
    known: dict[int, _Evidence] = field(default_factory=dict)

    def evidence(self, entry: int, facts: _Facts) -> _Evidence:
        found = self.known.get(entry)
        if found is None:
            found = self.known[entry] = _evidence(facts, self.country, self.entity_type, self.address)
        return found


class ScreeningIndex:
    """Restricted-party entries indexed for fuzzy screening. Build once per list publication; screen many times."""

    def __init__(self, entries: Sequence[ListEntry], thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self._entry_ids = [e.entry_id for e in entries]
        self._facts = [_facts(e) for e in entries]
        named = [(i, *name) for i, e in enumerate(entries) for name in _distinct_names(e)]
        self._postings: dict[str, list[int]] = defaultdict(list)
        for position, (_, _, _, tokens) in enumerate(named):
            for key in dict.fromkeys(k for t in tokens for k in t.keys):
                self._postings[key].append(position)
        self._neighbours: dict[str, list[str]] = defaultdict(list)
        for key in self._postings:
            for neighbour in neighbourhood(key):
                self._neighbours[neighbour].append(key)
        self._frequent = max(FREQUENT_MIN, int(len(named) * FREQUENT_SHARE))
        self._names = [self._indexed(i, order, listed, tokens, entries[i]) for i, order, listed, tokens in named]
        #: the most identifying weight a listed word with this key has: keys below COMMON_BELOW are weak evidence
        self._key_weight: dict[str, float] = {}
        for name in self._names:
            for keys, weight in zip(name.keys, name.identifying, strict=True):
                for key in keys:
                    self._key_weight[key] = max(weight, self._key_weight.get(key, 0.0))
        # the least query coverage with which a name can still reach review: full listed coverage, best evidence
        best_case = thresholds.review - COUNTRY_MATCH_BONUS - ADDRESS_BONUS - 100 * (1 - QUERY_SHARE)
        self._min_cover = max(0.0, best_case / (100 * QUERY_SHARE))
        self._memo: dict[str, dict[str, float]] = {}

    @classmethod
    def build(cls, entries: Iterable[ListEntry], thresholds: Thresholds | None = None) -> ScreeningIndex:
        """Index every name of every entry: primary, aliases, former and original-script names."""
        return cls(list(entries), thresholds or Thresholds())

    def __len__(self) -> int:
        return len(self._facts)

    def _capped(self, weight: float, carriers: int) -> float:
        """A word many listed names carry identifies no more than a common given name."""
        return min(weight, COMMON_NAME) if carriers >= self._frequent else weight

    def _indexed(
        self, entry: int, order: int, listed: ListedName, tokens: tuple[NameToken, ...], source: ListEntry
    ) -> _Name:
        identifying = tuple(self._capped(t.weight, len(self._postings[t.key])) for t in tokens)
        person = source.entity_type == "individual"
        weights = tuple(w * MIDDLE_NAME if person and t.middle else w for w, t in zip(identifying, tokens, strict=True))
        keys = tuple(t.keys for t in tokens)
        return _Name(entry, order, listed, tokens, keys, identifying, weights, sum(weights))

    def _similar(self, key: str) -> dict[str, float]:
        """Listed keys spelled like `key` (similarity >= TOKEN_MATCH), found through the blocking keys."""
        found = self._memo.get(key)
        if found is None:
            candidates = {other for n in neighbourhood(key) for other in self._neighbours.get(n, ())}
            found = {}
            for other in sorted(candidates):
                similarity = token_similarity(key, other)
                if similarity >= TOKEN_MATCH:
                    found[other] = similarity
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = found
        return found

    def _query_word(self, token: NameToken) -> _QueryWord:
        similar = dict(self._similar(token.key))
        if token.alt_key:
            for key, similarity in self._similar(token.alt_key).items():
                similar[key] = max(similar.get(key, 0.0), similarity)
        carriers = max((len(self._postings[k]) for k, s in similar.items() if s >= SAME_SHAPE), default=0)
        weight = self._capped(token.weight, carriers)
        return _QueryWord(token, similar, weight, weight * MIDDLE_NAME if token.middle else weight)

    def _weak(self, word: _QueryWord) -> bool:
        """The word only meets common listed words: alone, it never makes a name reach review."""
        return word.weight < COMMON_BELOW and all(self._key_weight[k] < COMMON_BELOW for k in word.similar)

    def _skipped(self, words: Sequence[_QueryWord], lightest_total: float) -> set[int]:
        """Weak query words left out of the candidate look-up, most frequent first: as long as they alone cannot
        cover `min_cover` of the query, every name that can reach review shares another query word."""
        frequency = [sum(len(self._postings[key]) for key in word.similar) for word in words]
        skipped: set[int] = set()
        weight = 0.0
        for i in sorted(range(len(words)), key=lambda i: (-frequency[i], i)):
            if self._weak(words[i]) and (weight + words[i].weight) / lightest_total < self._min_cover:
                skipped.add(i)
                weight += words[i].weight
        return skipped

    def _reach(self, words: Sequence[_QueryWord], skipped: set[int]) -> tuple[dict[int, float], Counter[int], set[int]]:
        """Per name reached: the query weight it shares, how many query words it shares, and whether a
        distinctive listed word is among them."""
        shared: dict[int, float] = {}
        counts: Counter[int] = Counter()
        distinct: set[int] = set()
        for i, word in enumerate(words):
            if i in skipped:
                continue
            reached: set[int] = set()
            for key in word.similar:
                postings = self._postings[key]
                reached.update(postings)
                if self._key_weight[key] >= COMMON_BELOW:
                    distinct.update(postings)
            counts.update(reached)
            for position in reached:
                shared[position] = shared.get(position, 0.0) + word.weight
        return shared, counts, distinct

    def _candidates(self, words: Sequence[_QueryWord]) -> list[int]:
        """The names that can still reach review, by the bounds of `_too_weak` and of the score.

        A name's query coverage is at most (the weight of the query words it shares) / (the query's lighter total,
        a person's middle names discounted): names below `min_cover` are not scored, unless they can be wholly in
        the query. A name meeting only common words must share every query word.
        """
        lightest = min(sum(w.weight for w in words), sum(w.person_weight for w in words))
        skipped = self._skipped(words, lightest)
        shared, counts, distinct = self._reach(words, skipped)
        need = self._min_cover * lightest - sum(words[i].weight for i in skipped)
        found = []
        for position, weight in shared.items():
            words_shared = counts[position] + len(skipped)
            if position not in distinct:
                eligible = words_shared >= len(words) and words_shared >= len(self._names[position].keys)
            else:
                eligible = weight >= need or words_shared >= len(self._names[position].keys) >= 2
            if eligible:
                found.append(position)
        return sorted(found)

    def screen(self, query: PartyQuery) -> list[Match]:
        """The entries the party may be: best name per entry, best first, those at or above the review threshold."""
        normalised = normalise(query.name)
        if not normalised.tokens:
            return []
        words = [self._query_word(t) for t in normalised.tokens]
        context = _QueryContext(
            query,
            (query.country or "").strip().upper() or None,
            _query_type(query, normalised.legal_forms),
            frozenset(_address_words(query.address)) if query.address else frozenset(),
        )
        best: dict[int, tuple[float, int, Match]] = {}
        weights = _Weights(words)
        for position in self._candidates(words):
            name = self._names[position]
            match = self._score(weights, name, context)
            if match is None:
                continue
            kept = best.get(name.entry)
            if kept is None or (match.score, -name.order) > (kept[0], -kept[1]):
                best[name.entry] = (match.score, name.order, match)
        return sorted((m for _, _, m in best.values()), key=lambda m: (-m.score, m.entry_id))

    def screen_many(self, queries: Iterable[PartyQuery]) -> list[list[Match]]:
        """`screen` for each query, in order."""
        return [self.screen(query) for query in queries]

    def _score(self, query: _Weights, name: _Name, context: _QueryContext) -> Match | None:
        """The match of the query with one listed name, or None when it stays below review."""
        person = self._facts[name.entry].entity_type == "individual"
        weights = query.person if person else query.plain
        alignment = _align(query.words, query.similar, weights, name)
        if alignment is None or _too_weak(alignment, len(name.keys)):
            return None
        name_score = _name_score(alignment)
        evidence = context.evidence(name.entry, self._facts[name.entry])
        score = min(100.0, max(0.0, name_score + evidence.adjustment))
        rules = []
        if name.listed.quality == "low" and not evidence.supports:
            score = min(score, self.thresholds.alert - 1)
            rules.append("low-quality alias: needs a second identifier")
        if len(name.keys) >= 2 and not alignment.listed_left and score < self.thresholds.review:
            score = self.thresholds.review
            rules.append("the whole listed name is in the query: held for review")
        if score < self.thresholds.review:
            return None
        label = _KIND_LABELS.get(name.listed.kind, name.listed.kind)
        reasons = [f"name '{context.query.name}' matches {label} '{name.listed.name}' ({name_score:.0f}/100)"]
        reasons += [*_wording_notes(alignment), *evidence.reasons, *rules]
        entry_id = self._entry_ids[name.entry]
        return Match(entry_id, name.listed.name, name.listed.kind, round(score, 1), tuple(reasons))
