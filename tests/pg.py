"""A throwaway PostgreSQL cluster for the test session (indico-style): initdb, start, template, clone per test.

How it runs:
- Binaries: $TRADEDESK_PG_BINDIR (only that folder), else the newest /usr/lib/postgresql/*/bin, else
  `initdb` on PATH.
  Without them `find_bindir()` returns None and the fixtures skip the PostgreSQL parameter with a reason.
- PostgreSQL refuses to run as root. When the tests run as root (CI does, in the same image), the server
  runs as the OS user `postgres` (created by the Debian package) via `runuser -u postgres --`; if that
  user does not exist, an unprivileged system user `tradedesk-pg` is created with `useradd` once.
  As a normal user the server simply runs as that user.
- The cluster lives in a fresh `tempfile.mkdtemp()` directory owned by the server's user (pytest's own
  tmp dirs are root-only 0700, which the server user could not enter), on /dev/shm when it has room
  (cloning the template is ~15x faster on tmpfs) or in $TRADEDESK_PG_TMPDIR; it is removed at the end.
- Server: 127.0.0.1 on a free port, unix socket in the cluster directory, fsync/synchronous_commit/
  full_page_writes off (durability is worthless for throwaway data, speed is not). Local socket
  connections are trusted; TCP needs a random per-run password (SCRAM), so other local users cannot
  walk in while it runs.
- Per test: `CREATE DATABASE ... TEMPLATE tradedesk_template` (the template is migrated once with
  tradedesk.db.migrate.upgrade), dropped WITH (FORCE) afterwards.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql

TEMPLATE = "tradedesk_template"
FALLBACK_USER = "tradedesk-pg"
SHM_MIN_FREE = 1 << 30  # tmpfs is used only with room for the cluster and a few hundred test databases
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "64MB",
    "log_min_messages": "warning",
}


def find_bindir() -> Path | None:
    """Where initdb/pg_ctl live, or None when PostgreSQL is not installed here."""
    configured = os.environ.get("TRADEDESK_PG_BINDIR")
    if configured:  # explicit: that folder or nothing
        candidates = [Path(configured)]
    else:
        candidates = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version(p.parent.name), reverse=True
        )
        on_path = shutil.which("initdb")
        if on_path:
            candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in name.split(".") if p.isdigit())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _parent_dir() -> str | None:
    """Where to put the cluster: $TRADEDESK_PG_TMPDIR, else /dev/shm when it has room, else the temp dir.

    On a disk, CREATE DATABASE from the template costs ~250 ms even with fsync off; on tmpfs ~15 ms.
    """
    configured = os.environ.get("TRADEDESK_PG_TMPDIR")
    if configured:
        return configured
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free >= SHM_MIN_FREE:
        return str(shm)
    return None


def _server_user() -> str | None:
    """The OS user to run the server as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", FALLBACK_USER):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FALLBACK_USER],
        check=True,
        capture_output=True,
    )
    return FALLBACK_USER


class Cluster:
    """One initdb'd, running server; `create_database()` clones the migrated template."""

    def __init__(self, bindir: Path, audit_key: bytes = b"") -> None:
        self.bindir = bindir
        self.audit_key = audit_key  # seals the template's audit head (tradedesk.services.database.prepare)
        self.user = _server_user()
        self.base = Path(tempfile.mkdtemp(prefix="tradedesk-pg-", dir=_parent_dir()))
        self.data = self.base / "data"
        self.socket_dir = self.base / "sock"
        self.password = secrets.token_urlsafe(24)
        self.port = 0
        self._names = itertools.count(1)

    # -- lifecycle

    def start(self) -> Cluster:
        try:
            self._initdb()
            for attempt in range(3):  # a free port can be taken between probing and binding
                self.port = _free_port()
                self._configure()
                started = self._run(
                    "pg_ctl",
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.base / "server.log"),
                    "-w",
                    "-t",
                    "30",
                    "start",
                    check=False,
                )
                if started.returncode == 0:
                    break
                if attempt == 2:
                    log = (self.base / "server.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"PostgreSQL did not start: {started.stderr.strip()}\n{log}")
            self._create_template()
        except BaseException:
            self.stop()
            raise
        atexit.register(self.stop)  # also when the session ends without its fixture finalizers (Ctrl+C twice)
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.base, ignore_errors=True)

    def _initdb(self) -> None:
        self.socket_dir.mkdir()
        pwfile = self.base / "pwfile"
        pwfile.write_text(self.password)
        pwfile.chmod(0o600)
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            for path in (self.base, self.socket_dir, pwfile):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )
        pwfile.unlink()

    def _configure(self) -> None:
        settings = {**SETTINGS, "port": str(self.port), "unix_socket_directories": f"'{self.socket_dir}'"}
        text = "".join(f"{k} = {v}\n" for k, v in settings.items())
        (self.data / "postgresql.auto.conf").write_text(text)

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / tool), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.base, check=False)
        if check and result.returncode != 0:
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")
        return result

    # -- databases

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres:{self.password}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        """A superuser connection over the private socket, autocommit (CREATE/DROP DATABASE)."""
        return psycopg.connect(
            host=str(self.socket_dir), port=self.port, user="postgres", dbname="postgres", autocommit=True
        )

    def _create_template(self) -> None:
        from tradedesk.db.engine import make_engine
        from tradedesk.services.database import prepare

        with self.admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(TEMPLATE)))
        engine = make_engine(self.url(TEMPLATE))
        try:
            prepare(engine, self.audit_key)
        finally:
            engine.dispose()

    def create_database(self, template: str = TEMPLATE) -> str:
        """A fresh database cloned from `template` (default: the migrated one; "template0": empty); its URL."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        with self.admin() as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
            )
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with self.admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
