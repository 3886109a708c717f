"""Where uploaded files live: outside the database, behind one small interface.

`FileStore` keeps them under the instance directory (the embedded default); an S3-compatible object store is the
scale path for several machines (the same two operations over an S3 client). Keys are made by TradeDesk (random ids),
never by the uploader, so no path the customer chose reaches the file system.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

KEY = re.compile(r"[a-z0-9][a-z0-9/_.-]{0,254}")


class Store(Protocol):
    def put(self, key: str, content: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...


def store_from_settings(settings: Mapping[str, Any]) -> Store:
    """The photo store of this deployment: TRADEDESK_UPLOADS_DIR, else instance/uploads."""
    root = settings.get("TRADEDESK_UPLOADS_DIR") or Path(settings["TRADEDESK_INSTANCE_DIR"]) / "uploads"
    return FileStore(root)


class FileStore:
    """Files under `root` (instance/uploads by default), written atomically, mode 0600."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not KEY.fullmatch(key) or ".." in key:
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key

    def put(self, key: str, content: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(content)
        os.replace(partial, path)

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()
