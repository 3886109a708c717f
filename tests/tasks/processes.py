"""Real processes for the multi-process tests: gunicorn web servers, task workers and `tradedesk serve`,
all on one SQLite database and queue in a test's own instance directory, with one SECRET_KEY."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from tests.conftest import AUDIT_KEY
from tradedesk.config import PROJECT_ROOT

START_SECONDS = 60  # a guard against a hang only
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(database_url: str, instance: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRADEDESK_", "DATABASE_URL", "SECRET_KEY"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "TRADEDESK_INSTANCE_DIR": str(instance),
            "TRADEDESK_AUDIT_KEY": AUDIT_KEY,
            "SECRET_KEY": "one-secret-for-every-process",
            "TRADEDESK_SECURE_COOKIES": "0",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return env


class Process:
    """A child process whose output is collected by a thread (so its pipe never fills)."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.popen = subprocess.Popen(
            argv, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, pattern: str) -> re.Match[str]:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            for line in list(self.lines):
                match = re.search(pattern, line)
                if match:
                    return match
            if self.popen.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r}; output:\n{self.output[-3000:]}")

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._reader.join(5)
        if self.popen.stdout is not None:
            self.popen.stdout.close()


def gunicorn(port: int, env: dict[str, str]) -> Process:
    return Process(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(PROJECT_ROOT),
            "wsgi:app",
        ],
        env,
    )


def worker(env: dict[str, str]) -> Process:
    return Process([sys.executable, "-m", "tradedesk.tasks.worker", "--workers", "1"], env)


def wait_until_serving(base: str, process: Process) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise AssertionError(f"the server exited ({process.popen.returncode}):\n{process.output[-3000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.1)
    raise AssertionError(f"{base} did not answer:\n{process.output[-3000:]}")


@contextlib.contextmanager
def running(*processes: Process) -> Iterator[None]:
    try:
        yield
    finally:
        for process in processes:
            process.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """Cookies shared across servers (a cookie belongs to the host, not the port), no automatic redirects."""

    def __init__(self) -> None:
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, url: str, data: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        body = None if data is None else urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=60) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode()

    def csrf(self, url: str) -> str:
        status, _, body = self.request(url)
        match = CSRF.search(body)
        assert status == 200 and match, (url, status)
        return match.group(1)

    def sign_in(self, base: str, token: str) -> None:
        status, _, _ = self.request(f"{base}/login", {"csrf_token": self.csrf(f"{base}/login"), "token": token})
        assert status in (302, 303), status

    def json(self, url: str) -> tuple[int, Any]:
        status, _, body = self.request(url)
        return status, (json.loads(body) if status == 200 else None)
