"""The text rule of every input schema: NUL and lone surrogates are found wherever they are, by field path."""

from __future__ import annotations

from tradedesk.inputs.base import NUL_MESSAGE, SURROGATE_MESSAGE, text_problems


def test_clean_text_has_no_problems():
    assert text_problems({"a": ["ü", {"b": "日本"}], "n": 1, "none": None}) == {}


def test_nul_and_surrogates_are_reported_by_path():
    assert text_problems({"a": [{"b": "x\x00"}], "c": "\ud83d"}) == {"a.0.b": [NUL_MESSAGE], "c": [SURROGATE_MESSAGE]}


def test_a_bad_key_is_reported_with_the_key_made_printable():
    assert list(text_problems({"k\x00": "v"})) == ["k\ufffd"]
