"""A throwaway Redis server for the test session (like tests/pg.py for PostgreSQL).

- Binary: $TRADEDESK_REDIS_SERVER, else `redis-server` on PATH or /usr/bin/redis-server (Debian's
  package, installed by scripts/install-system-deps.sh). Without it `find_redis_server()` returns None
  and the fixture skips the Redis parameter with the reason.
- Server: 127.0.0.1 on a free port, no persistence (no RDB snapshots, no AOF), protected mode on, its
  working directory a fresh temp dir removed at the end; a per-run password so other local users cannot
  use it while it runs. `flush()` empties it between tests.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis


def find_redis_server() -> str | None:
    configured = os.environ.get("TRADEDESK_REDIS_SERVER")
    if configured:
        return configured if Path(configured).is_file() else None
    found = shutil.which("redis-server")
    if found:
        return found
    return "/usr/bin/redis-server" if Path("/usr/bin/redis-server").is_file() else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.base = Path(tempfile.mkdtemp(prefix="tradedesk-redis-"))
        self.password = secrets.token_urlsafe(24)
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        try:
            for attempt in range(3):  # a free port can be taken between probing and binding
                self.port = _free_port()
                self.process = subprocess.Popen(
                    [
                        self.binary,
                        "--port",
                        str(self.port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        str(self.base),
                        "--requirepass",
                        self.password,
                        "--protected-mode",
                        "yes",
                        "--logfile",
                        str(self.base / "redis.log"),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                if self._ready():
                    break
                self._kill()
                if attempt == 2:
                    log = (
                        (self.base / "redis.log").read_text(errors="replace")[-2000:]
                        if (self.base / "redis.log").exists()
                        else ""
                    )
                    raise RuntimeError(f"redis-server did not start:\n{log}")
        except BaseException:
            self.stop()
            raise
        atexit.register(self.stop)
        return self

    def _ready(self) -> bool:
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        try:
            for _ in range(100):
                if self.process is not None and self.process.poll() is not None:
                    return False
                try:
                    if client.ping():
                        return True
                except redis.exceptions.ConnectionError:
                    time.sleep(0.05)
            return False
        finally:
            client.close()

    def flush(self) -> None:
        client = redis.Redis.from_url(self.url)
        try:
            client.flushall()
        finally:
            client.close()

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def stop(self) -> None:
        self._kill()
        shutil.rmtree(self.base, ignore_errors=True)
