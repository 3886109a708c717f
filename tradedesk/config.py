"""Settings from environment variables, with safe defaults for the embedded (SQLite) mode."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradedesk.data import directory

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SMTP_KEYS = (
    "TRADEDESK_SMTP_HOST",
    "TRADEDESK_SMTP_PORT",
    "TRADEDESK_SMTP_USERNAME",
    "TRADEDESK_SMTP_PASSWORD",
    "TRADEDESK_SMTP_STARTTLS",
    "TRADEDESK_SMTP_FROM",
    "TRADEDESK_NOTIFY_STAFF",
)


def default_instance_dir() -> Path:
    """instance/ of the source checkout TradeDesk runs from; installed from a wheel, instance/ of the working
    directory (never inside site-packages)."""
    return PROJECT_ROOT / "instance" if (PROJECT_ROOT / "pyproject.toml").exists() else Path.cwd() / "instance"


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """The SMTP server notifications go through (TRADEDESK_SMTP_*), and the desk's addresses."""

    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    sender: str = "TradeDesk <tradedesk@localhost>"
    staff: tuple[str, ...] = ()


def smtp_settings(settings: Mapping[str, Any]) -> SmtpSettings | None:
    """The SMTP server the settings name; None (no email is sent) without TRADEDESK_SMTP_HOST."""
    host = str(settings.get("TRADEDESK_SMTP_HOST") or "")
    if not host:
        return None
    staff = tuple(a.strip() for a in str(settings.get("TRADEDESK_NOTIFY_STAFF") or "").split(",") if a.strip())
    return SmtpSettings(
        host=host,
        port=int(settings.get("TRADEDESK_SMTP_PORT") or 587),
        username=settings.get("TRADEDESK_SMTP_USERNAME") or None,
        password=settings.get("TRADEDESK_SMTP_PASSWORD") or None,
        starttls=str(settings.get("TRADEDESK_SMTP_STARTTLS", "true")).lower() in ("1", "true", "yes"),
        sender=str(settings.get("TRADEDESK_SMTP_FROM") or "TradeDesk <tradedesk@localhost>"),
        staff=staff,
    )


def screening_thresholds(settings: dict[str, Any]) -> Any:
    """The screening score cut-offs the settings give; a bad pair fails at start-up, naming both."""
    from tradedesk.screening.matching import Thresholds

    return Thresholds(
        alert=float(settings.get("TRADEDESK_SCREENING_ALERT", 85)),
        review=float(settings.get("TRADEDESK_SCREENING_REVIEW", 70)),
    )


def from_env(environ: dict[str, str] | None = None) -> dict[str, Any]:
    env = dict(os.environ if environ is None else environ)
    instance = Path(env.get("TRADEDESK_INSTANCE_DIR") or default_instance_dir())
    return {
        # No secret in code: without SECRET_KEY the app reads (or creates once) instance/secret.key, so that
        # every worker of every process signs cookies with the same key (see `secret_key`).
        "SECRET_KEY": env.get("SECRET_KEY", ""),
        "DATABASE_URL": env.get("DATABASE_URL", f"sqlite:///{instance / 'tradedesk.sqlite'}"),
        "TRADEDESK_INSTANCE_DIR": str(instance),
        "TRADEDESK_AUDIT_KEY": env.get("TRADEDESK_AUDIT_KEY", ""),
        "TRADEDESK_PROFILES_DIR": env.get("TRADEDESK_PROFILES_DIR") or str(directory("country_profiles", env)),
        "TRADEDESK_MAX_LEGS_PER_REQUEST": int(env.get("TRADEDESK_MAX_LEGS_PER_REQUEST", "1000")),
        # The task queue (tradedesk/tasks, huey): unset -> the embedded SQLite queue file instance/tasks.sqlite,
        # shared by the web workers and `tradedesk worker` on this machine; redis://host:port/db -> Redis, for
        # web and task workers on several machines. The job rows themselves are in the database either way.
        "TRADEDESK_QUEUE_URL": env.get("TRADEDESK_QUEUE_URL", ""),
        # Run tasks inside the request that starts them (tests, `tradedesk serve --dev`): no worker needed.
        "TRADEDESK_QUEUE_IMMEDIATE": env.get("TRADEDESK_QUEUE_IMMEDIATE", "").lower() in ("1", "true", "yes"),
        # A failing task runs at most this many times, waiting RETRY_DELAY s, then twice as long each time.
        "TRADEDESK_QUEUE_ATTEMPTS": int(env.get("TRADEDESK_QUEUE_ATTEMPTS", "4")),
        # Restricted-party screening: a match scoring at least REVIEW (0-100) goes to the officer's queue and
        # blocks the leg until decided; at least ALERT it is shown as a strong match (tradedesk.screening.matching)
        "TRADEDESK_SCREENING_REVIEW": float(env.get("TRADEDESK_SCREENING_REVIEW", "70")),
        "TRADEDESK_SCREENING_ALERT": float(env.get("TRADEDESK_SCREENING_ALERT", "85")),
        # Outbound webhooks: attempts per delivery, the first retry's delay in seconds (doubling after each), and
        # whether deliveries may go to loopback / private / link-local addresses (off: SSRF protection)
        # Email notifications through SMTP: unset TRADEDESK_SMTP_HOST, none are sent
        **{k: env[k] for k in SMTP_KEYS if k in env},
        # the Standard Webhooks secret carriers (or an aggregator) sign tracking events with; unset: endpoint off
        "TRADEDESK_TRACKING_WEBHOOK_SECRET": env.get("TRADEDESK_TRACKING_WEBHOOK_SECRET") or None,
        # the address customers reach TradeDesk at: the one-time return links point there (never the request's Host)
        "TRADEDESK_PUBLIC_URL": env.get("TRADEDESK_PUBLIC_URL") or "http://127.0.0.1:8000",
        # Carrier labels: `easypost` or unset (TradeDesk's own label only), and its API key
        "TRADEDESK_CARRIER": env.get("TRADEDESK_CARRIER", ""),
        "TRADEDESK_EASYPOST_API_KEY": env.get("TRADEDESK_EASYPOST_API_KEY") or None,
        # days before a relief deadline that deadline.approaching is announced
        "TRADEDESK_DEADLINE_NOTICE_DAYS": int(env.get("TRADEDESK_DEADLINE_NOTICE_DAYS", "7")),
        "TRADEDESK_WEBHOOK_ATTEMPTS": int(env.get("TRADEDESK_WEBHOOK_ATTEMPTS", "8")),
        "TRADEDESK_WEBHOOK_RETRY_DELAY": float(env.get("TRADEDESK_WEBHOOK_RETRY_DELAY", "5")),
        "TRADEDESK_WEBHOOKS_ALLOW_PRIVATE": env.get("TRADEDESK_WEBHOOKS_ALLOW_PRIVATE", "").lower()
        in ("1", "true", "yes"),
        "TRADEDESK_QUEUE_RETRY_DELAY": float(env.get("TRADEDESK_QUEUE_RETRY_DELAY", "2")),
        # Threads of one `tradedesk worker` process (each runs one task at a time).
        "TRADEDESK_QUEUE_WORKERS": int(env.get("TRADEDESK_QUEUE_WORKERS", "2")),
        "MAX_CONTENT_LENGTH": int(env.get("TRADEDESK_MAX_BODY_BYTES", str(4 * 1024 * 1024))),
        "API_TITLE": "TradeDesk",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "JSON_SORT_KEYS": False,
    }


def instance_secret(instance_dir: str | Path, name: str) -> str:
    """A random hex secret kept in the instance directory: read it, or create it once with mode 0600.

    Several workers may start at once: each writes a complete file under a private name, then links it into
    place; the link fails if another process got there first, and then that process's secret is the one used.
    """
    path = Path(instance_dir) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def secret_key(settings: dict[str, Any]) -> str:
    """The key that signs session cookies: SECRET_KEY, else instance/secret.key (shared by every process using
    that instance directory; on several machines set SECRET_KEY, the same everywhere)."""
    configured = settings.get("SECRET_KEY") or ""
    return str(configured) if configured else instance_secret(settings["TRADEDESK_INSTANCE_DIR"], "secret.key")


def audit_key(settings: dict[str, Any]) -> bytes:
    """The audit HMAC key: TRADEDESK_AUDIT_KEY (hex), else instance/audit.key, created once with mode 0600.

    It is kept outside the database so that database access alone cannot rewrite the audit chain.
    """
    configured = settings.get("TRADEDESK_AUDIT_KEY") or ""
    if configured:
        return (
            bytes.fromhex(configured) if all(c in "0123456789abcdefABCDEF" for c in configured) else configured.encode()
        )
    return bytes.fromhex(instance_secret(settings["TRADEDESK_INSTANCE_DIR"], "audit.key"))
