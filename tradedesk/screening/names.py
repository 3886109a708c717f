"""Name normalisation for restricted-party screening: turn any spelling of a name into comparable tokens.

Lists and invoices write one name in many ways: other scripts, diacritics, apostrophes for 'ayn or aspiration,
legal forms at either end, Arabic particles, several romanisations of one sound. `normalise` removes what does not
identify the party and gives each remaining token a phonetic `key` (spelling variants collapse to one key) and a
`weight` (how much the token tells parties apart), so the matcher compares keys, not letters. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from anyascii import anyascii

# Legal forms, as lower-case ASCII word sequences (after punctuation folding), and the one code each stands for.
LEGAL_FORMS: dict[str, str] = {
    "ooo": "llc",
    "llc": "llc",
    "limited liability company": "llc",
    "obshchestvo s ogranichennoi otvetstvennostyu": "llc",
    "obshchestvo s ogranichennoy otvetstvennostyu": "llc",
    "obshchestvo s ogranichennoi otvetstvennostiu": "llc",
    "tov": "llc",
    "oao": "ojsc",
    "ojsc": "ojsc",
    "open joint stock company": "ojsc",
    "otkrytoe aktsionernoe obshchestvo": "ojsc",
    "zao": "cjsc",
    "cjsc": "cjsc",
    "closed joint stock company": "cjsc",
    "zakrytoe aktsionernoe obshchestvo": "cjsc",
    "ao": "jsc",
    "jsc": "jsc",
    "joint stock company": "jsc",
    "aktsionernoe obshchestvo": "jsc",
    "pao": "pjsc",
    "pjsc": "pjsc",
    "public joint stock company": "pjsc",
    "publichnoe aktsionernoe obshchestvo": "pjsc",
    "ab": "ab",
    "gmbh": "gmbh",
    "gesellschaft mit beschrankter haftung": "gmbh",
    "ag": "ag",
    "aktiengesellschaft": "ag",
    "kg": "kg",
    "ltd": "ltd",
    "limited": "ltd",
    "private limited": "ltd",
    "pvt": "ltd",
    "plc": "plc",
    "public limited company": "plc",
    "llp": "llp",
    "co": "co",
    "company": "co",
    "kompaniya": "co",
    "corp": "corp",
    "corporation": "corp",
    "inc": "inc",
    "incorporated": "inc",
    "sa": "sa",
    "societe anonyme": "sa",
    "sociedad anonima": "sa",
    "sarl": "sarl",
    "srl": "srl",
    "spa": "spa",
    "bv": "bv",
    "nv": "nv",
    "bvba": "bvba",
    "sprl": "sprl",
    "oy": "oy",
    "oyj": "oy",
    "as": "as",
    "asa": "as",
    "aps": "aps",
    "pte": "pte",
    "pty": "pty",
    "sdn bhd": "sdn bhd",
    "bhd": "bhd",
    "ltda": "ltda",
    "sas": "sas",
    "kabushiki kaisha": "kk",
    "fze": "fze",
    "fzco": "fze",
    "fzc": "fze",
    "fzllc": "fze",
    "free zone establishment": "fze",
    "you xian gong si": "ltd",
    "you xian ze ren gong si": "ltd",
    "gong si": "co",
}
# Legal-form codes that are also ordinary words or name parts: removed only at either end of a comma segment.
AMBIGUOUS_LEGAL_FORMS = frozenset({"ab", "ag", "ao", "as", "bv", "co", "kg", "nv", "oy", "sa", "spa", "sas", "tov"})
# Abbreviations of generic words that lists and invoices write out or shorten at will.
ABBREVIATIONS: dict[str, str] = {
    "shpg": "shipping",
    "intl": "international",
    "natl": "national",
    "mfg": "manufacturing",
    "svcs": "services",
    "assn": "association",
    "und": "and",
    "et": "and",
}
# Words that never identify a party: articles, prepositions, conjunctions of the languages names come in.
STOP_WORDS = frozenset(
    {"the", "of", "and", "for", "in", "on", "at", "to", "by", "with", "de", "del", "della", "des", "du"}
    | {"la", "le", "les", "los", "las", "der", "die", "das", "den", "van", "von", "y", "no", "nr"}
)
# Arabic, Persian and other name particles (article, "son of", "father of", ezafe): optional when comparing.
PARTICLES = frozenset({"al", "el", "ul", "ud", "ad", "ibn", "bin", "ben", "bint", "abu", "abou", "abo", "e", "i", "ye"})
# Spellings of one given name, mapped to one canonical spelling before phonetic folding.
GIVEN_NAME_VARIANTS: dict[str, str] = {
    **dict.fromkeys(
        ("mohammed", "mohammad", "mohamed", "mohamad", "muhammed", "muhamad", "muhamed", "mohamud", "mouhamed"),
        "muhammad",
    ),
    **dict.fromkeys(("mukhammad", "magomed", "mehmet", "mohd"), "muhammad"),
    **dict.fromkeys(("osama", "ossama", "usamah", "oussama"), "usama"),
    **dict.fromkeys(("hussein", "husein", "hussain", "husain", "hossein", "husseyn"), "husayn"),
    **dict.fromkeys(("yousef", "youssef", "yousif", "yusef", "yousuf"), "yusuf"),
    **dict.fromkeys(("abdallah", "abdulla", "abdalla"), "abdullah"),
    **dict.fromkeys(("ahmed", "ahmet"), "ahmad"),
    **dict.fromkeys(("omar", "omer"), "umar"),
    **dict.fromkeys(("osman", "othman", "usman"), "uthman"),
    **dict.fromkeys(("mahmoud", "mahmood"), "mahmud"),
    **dict.fromkeys(("hassan",), "hasan"),
    **dict.fromkeys(("ebrahim", "ibraheem"), "ibrahim"),
    **dict.fromkeys(("alexander", "aleksander", "alexandre", "alexandr"), "aleksandr"),
    **dict.fromkeys(("sergey", "sergiy", "serguei"), "sergei"),
    **dict.fromkeys(("yury", "yuriy", "iurii", "youri"), "yuri"),
    **dict.fromkeys(("gennadi", "gennadiy", "guennadi"), "gennady"),
    **dict.fromkeys(("dmitri", "dmitriy"), "dmitry"),
}
# Given names so common that sharing one says little about being the same person.
COMMON_GIVEN_NAMES = frozenset(
    {"muhammad", "ahmad", "ali", "hasan", "husayn", "ibrahim", "ismail", "yusuf", "umar", "uthman", "abdullah"}
    | {"abdul", "abd", "abdel", "abdal", "aziz", "mahmud", "mustafa", "khalid", "salah", "said", "saeed", "yasir"}
    | {"hamid", "rahman", "karim", "rashid", "nasser", "jamal", "tariq", "jafar", "musa", "isa", "yahya", "amir"}
    | {"sulaiman", "fatima", "aisha", "sami", "mansur", "faisal", "hamza", "walid", "adel", "anwar", "salim"}
    | {"sayyid", "shaykh", "sheikh", "haji", "hajji", "mullah", "mirza", "khan", "abdulaziz", "abdulrahman"}
    | {"john", "james", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles"}
    | {"mary", "maria", "anna", "peter", "paul", "mark", "george", "jose", "juan", "carlos", "luis", "jorge"}
    | {"pedro", "antonio", "manuel", "francisco", "ivan", "aleksandr", "sergei", "vladimir", "dmitry", "andrei"}
    | {"alexei", "nikolai", "mikhail", "yuri", "oleg", "igor", "viktor", "victor", "boris", "pavel", "arkady"}
    | {"gennady", "konstantin", "evgeny", "roman", "anatoly", "olga", "elena", "natalia", "tatiana", "irina"}
    | {"kim", "lee", "li", "park", "choi", "wang", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "nguyen"}
    | {"wei", "jian", "ming", "hua", "jun", "jin", "min", "young", "soo", "hyun", "sung", "yong", "chol", "jean"}
)
# Words common in company names: business activities, organisation kinds, qualifiers.
GENERIC_WORDS = frozenset(
    {"bank", "banco", "banque", "banca", "trading", "trade", "traders", "group", "holding", "holdings"}
    | {"international", "national", "nacional", "state", "enterprise", "enterprises", "industries", "industry"}
    | {"industrial", "service", "services", "technical", "technology", "technologies", "commercial", "general"}
    | {"import", "export", "shipping", "logistics", "sea", "port", "seaport", "air", "airlines", "airways"}
    | {"aviation", "central", "federal", "federation", "republic", "republican", "islamic", "association"}
    | {"development", "investment", "investments", "mining", "oil", "gas", "energy", "petroleum", "products"}
    | {"production", "office", "foundation", "organization", "organisation", "network", "united", "agency"}
    | {"ministry", "institute", "university", "center", "centre", "research", "engineering", "construction"}
    | {"plant", "factory", "zavod", "concern", "trust", "fund", "capital", "finance", "financial", "insurance"}
    | {"credit", "savings", "exchange", "market", "management", "consulting", "partners", "solutions"}
    | {"systems", "world", "global", "new", "first", "transport", "marine", "maritime", "navigation", "line"}
    | {"lines", "express", "cargo", "freight", "supply", "supplies", "equipment", "electronics", "machinery"}
    | {"chemical", "chemicals", "medical", "electric", "power", "resources", "project", "projects", "restaurant"}
    | {"hotel", "store", "shop", "distribution", "manufacturing", "scientific", "commerce", "business", "sons"}
)
# Country, demonym and large-region words: they qualify a name ("of Russia") more than they identify it.
COUNTRY_WORDS = frozenset(
    {"afghanistan", "afghan", "china", "chinese", "cuba", "cuban", "iran", "iranian", "iraq", "iraqi", "korea"}
    | {"korean", "libya", "libyan", "russia", "russian", "syria", "syrian", "ukraine", "ukrainian", "belarus"}
    | {"crimea", "crimean", "america", "american", "usa", "germany", "german", "europe", "european", "asia"}
    | {"africa", "african", "arab", "arabian", "emirates", "india", "indian", "pakistan", "turkey", "turkish"}
    | {"lebanon", "yemen", "sudan", "venezuela", "myanmar", "burma", "canada", "mexico", "spain", "france"}
    | {"britain", "british", "england", "japan", "dprk", "hong", "kong", "singapore", "panama", "cyprus"}
)
# Endings of patronymics (Russian, Ukrainian, Turkic): middle names a document often leaves out.
PATRONYMIC_ENDINGS = ("ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ogly", "kyzy", "uulu")

#: weights: how much sharing a token tells that two names are the same party
DISTINCTIVE, SHORT, COMMON_NAME, GENERIC, MINOR = 1.0, 0.5, 0.4, 0.3, 0.2
#: factor on the weight of a person's middle name
MIDDLE_NAME = 0.5

_TURKISH = str.maketrans({"ı": "i", "İ": "i"})
_APOSTROPHE_LIKE = str.maketrans(dict.fromkeys("'’‘ʼʻʹ′ˈ`´", ""))
_ABBREVIATION_DOTS = re.compile(r"\b(?:[a-z]\.){2,}")
_SEGMENT_BREAK = re.compile(r"[,;:()\[\]{}/|]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_DOUBLED_CONSONANT = re.compile(r"([^aeiou])\1+")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]")
_VOWEL_GROUPS = re.compile(r"[aeiou]+")
# Ordered spelling rules: each maps the ways romanisations write one sound to one spelling (q/k/g, dh/d, x/ks...).
_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("tch", "ch"),
        ("shch|sch", "sh"),
        ("ph", "f"),
        ("ck", "k"),
        ("c(?=[eiy])", "s"),
        ("c(?!h)", "k"),
        ("q", "k"),
        ("gu(?=[eiy])", "g"),
        ("dj", "j"),
        ("gh", "g"),
        ("kh", "h"),
        ("dh", "d"),
        ("th", "t"),
        ("g", "k"),
        ("x", "ks"),
        ("tz", "ts"),
        ("w", "v"),
        ("ou|oo", "u"),
        ("ee", "i"),
        ("iy(?=e)", "i"),
        ("y(?![aeiou])", "i"),
        ("ai|ei", "e"),
    )
)


@dataclass(frozen=True, slots=True)
class NameToken:
    """One identifying word of a name: as written (ASCII), its phonetic key, and how much it identifies."""

    text: str
    key: str
    #: the key without a glued article ("elkaddafi" -> "kadafi"); "" when the word has none
    alt_key: str
    weight: float
    #: between a person's given name and surname (a middle name, a patronymic, a father's name)
    middle: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, self.alt_key) if self.alt_key else (self.key,)

    @property
    def person_weight(self) -> float:
        """The weight when the name is a person's: documents often leave middle names out."""
        return self.weight * MIDDLE_NAME if self.middle else self.weight


@dataclass(frozen=True, slots=True)
class NormalisedName:
    """A name reduced to its identifying tokens, in written order; legal forms are kept aside as codes."""

    source: str
    tokens: tuple[NameToken, ...]
    legal_forms: tuple[str, ...]

    @property
    def text(self) -> str:
        """The comparable form of the whole name: its identifying words, space-separated."""
        return " ".join(t.text for t in self.tokens)


def fold_script(text: str) -> str:
    """Lower-case ASCII of any script: NFKC, Turkish ı/İ (which NFKD leaves alone), case-fold, marks, anyascii."""
    # apostrophes first: NFKC turns the spacing acute (´) into a space and a combining mark
    text = unicodedata.normalize("NFKC", text.translate(_APOSTROPHE_LIKE)).translate(_TURKISH).casefold()
    text = text.translate(_APOSTROPHE_LIKE)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # anyascii writes caseless scripts (Chinese, Korean) as capitalised syllables: split them into words
    return _CAMEL.sub(" ", anyascii(text)).lower()


def fold_punctuation(text: str) -> list[list[str]]:
    """Comma/bracket segments of lower-case ASCII words: apostrophes vanish, & and + become "and", S.A. is "sa"."""
    text = text.replace("'", "").replace("`", "").replace("&", " and ").replace("+", " and ")
    text = _ABBREVIATION_DOTS.sub(lambda m: m.group(0).replace(".", ""), text)
    segments = (_NOT_ALNUM.split(segment) for segment in _SEGMENT_BREAK.split(text))
    words = ([ABBREVIATIONS.get(w, w) for w in segment if w] for segment in segments)
    return [segment for segment in words if segment]


def phonetic_key(word: str) -> str:
    """The spelling-independent form of a word: Usama/Osama, Qadhafi/Gaddafi, Polotzk/Polotsk share one key."""
    word = GIVEN_NAME_VARIANTS.get(word, word)
    if word.isdigit():
        return word
    word = _DOUBLED_CONSONANT.sub(r"\1", word)
    for pattern, replacement in _PHONETIC_RULES:
        word = pattern.sub(replacement, word)
    return _DOUBLED.sub(r"\1", word)


def skeleton(key: str) -> str:
    """The consonants of a phonetic key: romanisations of Arabic and Korean differ mostly in their vowels."""
    return _VOWELS.sub("", key)


def vowel_groups(key: str) -> int:
    """How many syllable nuclei a key has: Muhammad (3) and Mahmud (2) share consonants, not a shape."""
    return len(_VOWEL_GROUPS.findall(key))


def _legal_form_at(words: list[str], start: int) -> int:
    """Length of the longest unambiguous legal form starting at `start` (0 if none)."""
    for length in range(min(6, len(words) - start), 0, -1):
        phrase = " ".join(words[start : start + length])
        if phrase in LEGAL_FORMS and phrase not in AMBIGUOUS_LEGAL_FORMS:
            return length
    return 0


def split_legal_forms(segment: list[str]) -> tuple[list[str], list[str]]:
    """(the words, the legal-form codes) of one comma segment: forms anywhere, ambiguous short codes at its ends."""
    words: list[str] = []
    forms: list[str] = []
    i = 0
    while i < len(segment):
        length = _legal_form_at(segment, i)
        if length:
            forms.append(LEGAL_FORMS[" ".join(segment[i : i + length])])
            i += length
        else:
            words.append(segment[i])
            i += 1
    while words and words[0] in AMBIGUOUS_LEGAL_FORMS:
        forms.append(LEGAL_FORMS[words.pop(0)])
    while words and words[-1] in AMBIGUOUS_LEGAL_FORMS:
        forms.append(LEGAL_FORMS[words.pop()])
    return words, forms


_COMMON_NAME_KEYS = frozenset(map(phonetic_key, COMMON_GIVEN_NAMES))
_GENERIC_KEYS = frozenset(map(phonetic_key, GENERIC_WORDS | COUNTRY_WORDS))


def _consonants(key: str) -> str:
    return skeleton(key).replace("y", "")


# Arabic and Hebrew script transliterate without short vowels ("hsn" for Hasan): such words are looked up by consonants
_COMMON_NAME_CONSONANTS = frozenset(c for c in map(_consonants, _COMMON_NAME_KEYS) if len(c) >= 2)


def word_weight(word: str, key: str | None = None) -> float:
    """How much a word identifies a party: 0 for particles and stop words, less than 1 for common words.

    The tables are looked up by phonetic key, so "Ismaeel" is as common as "Ismail" and "centre" as "center".
    """
    if word in PARTICLES or word in STOP_WORDS:
        return 0.0
    if word.isdigit():
        return DISTINCTIVE
    if len(word) == 1 or word.endswith(PATRONYMIC_ENDINGS):
        return MINOR
    key = phonetic_key(word) if key is None else key
    if key in _COMMON_NAME_KEYS or (not _VOWELS.search(word) and _consonants(key) in _COMMON_NAME_CONSONANTS):
        return COMMON_NAME
    if key in _GENERIC_KEYS:
        return GENERIC
    return SHORT if len(word) == 2 else DISTINCTIVE


def _glued_article(word: str) -> str:
    """The word without a glued Arabic article ("elkaddafi" -> "kaddafi"), or "" if it has none."""
    if len(word) >= 6 and word[:2] in ("al", "el") and word[2] not in "aeiouy":
        return word[2:]
    return ""


def make_token(word: str, weight: float | None = None) -> NameToken:
    """A token of a folded word, with its phonetic key(s) and, unless given, its weight."""
    key = phonetic_key(word)
    alt = _glued_article(word)
    return NameToken(word, key, phonetic_key(alt) if alt else "", word_weight(word, key) if weight is None else weight)


def _mark_middle_names(segments: list[list[NameToken]]) -> tuple[NameToken, ...]:
    """The tokens in order, those between a given name and a surname marked: "SURNAME, Given Middle" or
    "Given Middle Surname"."""
    segments = [segment for segment in segments if segment]
    tokens = [token for segment in segments for token in segment]
    surname_first = len(segments) >= 2
    middle = range(len(segments[0]) + 1, len(tokens)) if surname_first else range(1, len(tokens) - 1)
    return tuple(replace(t, middle=True) if i in middle else t for i, t in enumerate(tokens))


def normalise(name: str) -> NormalisedName:
    """The identifying tokens of a name in any script and spelling, and its legal forms (order-free matching)."""
    segments: list[list[NameToken]] = []
    words: list[str] = []
    forms: list[str] = []
    for segment in fold_punctuation(fold_script(name)):
        segment_words, segment_forms = split_legal_forms(segment)
        segments.append([token for token in map(make_token, segment_words) if token.weight > 0])
        words += segment_words
        forms += segment_forms
    tokens = _mark_middle_names(segments)
    if not tokens:
        # a name made only of generic parts ("The Company"): keep what there is rather than nothing
        tokens = tuple(make_token(w, GENERIC) for w in [w for w in words if w not in STOP_WORDS] or forms or words)
    return NormalisedName(name, tokens, tuple(dict.fromkeys(forms)))
