"""The service as `make run` serves it (gunicorn, two worker processes): one sign-in works on every worker,
and signing out ends the session everywhere. No SECRET_KEY is set, so the workers must share the key that
the first of them wrote to the instance directory.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

BIN = Path(sys.executable).parent
AUDIT_KEY = "c3" * 32
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Service:
    port: int
    token: str
    access_log: Path

    def request(
        self, method: str, path: str, cookie: str | None = None, form: dict[str, str] | None = None
    ) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": cookie} if cookie else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        connection.close()
        return response


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cookie(response: http.client.HTTPResponse) -> str:
    header = response.getheader("Set-Cookie") or ""
    return header.split(";", 1)[0]


def _wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start within 60 s")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    where = tmp_path_factory.mktemp("service")
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env.update(
        TRADEDESK_INSTANCE_DIR=str(where / "instance"),
        TRADEDESK_AUDIT_KEY=AUDIT_KEY,
        DATABASE_URL=f"sqlite:///{where / 'tradedesk.sqlite'}",
    )
    subprocess.run([BIN / "tradedesk", "init-db"], env=env, check=True, capture_output=True)
    created = subprocess.run(
        [BIN / "tradedesk", "token", "create", "--role", "compliance_officer"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    port, log = _free_port(), where / "access.log"
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(p)s %(s)s %(U)s",
            "--chdir",
            str(Path(__file__).resolve().parents[2]),
            "wsgi:app",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_until_up(port, server)
        yield Service(port=port, token=created.stdout.strip(), access_log=log)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _sign_in(service: Service) -> str:
    login = service.request("GET", "/login")
    csrf = CSRF.search(login.body.decode()).group(1)  # type: ignore[attr-defined, union-attr]
    signed = service.request("POST", "/login", cookie=_cookie(login), form={"csrf_token": csrf, "token": service.token})
    assert signed.status == 302 and signed.getheader("Location") == "/queue"
    return _cookie(signed)


def _workers_that_served(service: Service, path: str) -> set[str]:
    lines = service.access_log.read_text().splitlines()
    return {line.split()[0] for line in lines if line.endswith(f" {path}")}


def test_one_cookie_opens_pages_on_every_worker_then_logout_ends_it_everywhere(service):
    cookie = _sign_in(service)
    served: set[str] = set()
    for _burst in range(5):  # the kernel may hand a whole burst to one worker on a busy machine: send another
        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(lambda _: service.request("GET", "/rmas", cookie=cookie).status, range(20)))
        assert statuses == [200] * 20
        time.sleep(0.5)  # the access log is written after each response
        served = _workers_that_served(service, "/rmas")
        if len(served) == 2:
            break
    assert len(served) == 2, "both workers must have served the cookie"

    page = service.request("GET", "/rmas", cookie=cookie)
    csrf = CSRF.search(page.body.decode()).group(1)  # type: ignore[attr-defined, union-attr]
    with_csrf = _cookie(page) or cookie  # the page's form token is kept in the (re-signed) cookie
    assert service.request("POST", "/logout", cookie=with_csrf, form={"csrf_token": csrf}).status == 302

    with ThreadPoolExecutor(max_workers=4) as pool:
        after = list(pool.map(lambda _: service.request("GET", "/rmas", cookie=cookie), range(8)))
    assert {(r.status, r.getheader("Location", "").split("?")[0]) for r in after} == {(302, "/login")}
