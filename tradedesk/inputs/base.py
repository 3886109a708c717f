"""The base of every input schema: unknown fields are refused, and so is text no database can store.

A lone surrogate ("\\ud800" in JSON) cannot be encoded as UTF-8 and NUL cannot be stored in a PostgreSQL
text column; both used to surface as a 500 on insert. Checking every string of the raw input once, at the
outermost load, refuses them with 422 by field path whichever field (or dict key) carries them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from marshmallow import RAISE, Schema, ValidationError

#: NUL and the UTF-16 surrogate range (never valid on its own in a Python str decoded from JSON)
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
NUL_MESSAGE = "must not contain NUL characters (U+0000)"
SURROGATE_MESSAGE = "must not contain unpaired surrogates (U+D800 to U+DFFF): send valid UTF-8 text"

_loading: ContextVar[bool] = ContextVar("tradedesk_schema_loading", default=False)


def _message(text: str, subject: str = "") -> str:
    message = NUL_MESSAGE if "\x00" in text else SURROGATE_MESSAGE
    return f"{subject} {message}" if subject else message


def _safe(key: str) -> str:
    return UNSTORABLE.sub("\ufffd", key)


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        if UNSTORABLE.search(value):
            yield path or "_schema", _message(value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            name = str(key)
            child = f"{path}.{_safe(name)}" if path else _safe(name)
            if UNSTORABLE.search(name):
                yield child, _message(name, "the key")
            yield from _walk(item, child)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}.{index}" if path else str(index))


UNKNOWN = "Unknown field."


def _closest(name: str, known: list[str]) -> str | None:
    """The known field `name` most likely stands for: a close spelling, or one that contains it as a word."""
    words = [k for k in known if name in k.split("_")]
    if len(words) == 1:
        return words[0]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return close[0] if close else None


def text_problems(data: Any) -> dict[str, list[str]]:
    """Field path -> messages for every string (or mapping key) holding NUL or a lone surrogate."""
    problems: dict[str, list[str]] = {}
    for path, message in _walk(data, ""):
        problems.setdefault(path, []).append(message)
    return problems


class InputSchema(Schema):
    """Every input schema derives from this one (the web forms use the same check, see web.blueprint)."""

    class Meta:
        unknown = RAISE

    def handle_error(self, error: ValidationError, data: Any, *, many: bool, **kwargs: Any) -> None:
        """An unknown field names the field it was probably meant to be (`days` -> `within_days`)."""
        if isinstance(error.messages, dict) and isinstance(data, Mapping):
            known = [name for name, f in self.fields.items() if not f.dump_only]
            for key, messages in error.messages.items():
                if messages == [UNKNOWN] and (close := _closest(str(key), known)) is not None:
                    error.messages[key] = [f"Unknown field; did you mean {close!r}?"]
        raise error

    def load(self, data: Any, *args: Any, **kwargs: Any) -> Any:
        """Check the raw input's text once, at the outermost load (nested schemas load inside it)."""
        if _loading.get():
            return super().load(data, *args, **kwargs)
        problems = text_problems(data)
        if problems:
            raise ValidationError(problems)
        token = _loading.set(True)
        try:
            return super().load(data, *args, **kwargs)
        finally:
            _loading.reset(token)
