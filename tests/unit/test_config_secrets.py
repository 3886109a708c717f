"""Secrets that every process must share: the session-signing key and the audit key live in the instance
directory (created once, atomically, mode 0600) unless the environment sets them."""

from __future__ import annotations

import stat
from concurrent.futures import ProcessPoolExecutor

from tradedesk.config import from_env, secret_key


def _key_of(instance: str) -> str:
    return secret_key(from_env({"TRADEDESK_INSTANCE_DIR": instance}))


def test_without_secret_key_every_process_reads_the_same_instance_file(tmp_path):
    with ProcessPoolExecutor(max_workers=4) as pool:
        keys = set(pool.map(_key_of, [str(tmp_path)] * 8))
    assert len(keys) == 1
    assert len(keys.pop()) == 64


def test_the_instance_secret_file_is_private(tmp_path):
    _key_of(str(tmp_path))
    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600


def test_secret_key_from_the_environment_wins_and_writes_no_file(tmp_path):
    settings = from_env({"TRADEDESK_INSTANCE_DIR": str(tmp_path), "SECRET_KEY": "from-the-environment"})
    assert secret_key(settings) == "from-the-environment"
    assert not (tmp_path / "secret.key").exists()
