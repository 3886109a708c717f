"""A real SMTP server on loopback for the email tests (aiosmtpd): it keeps every message it receives."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd calls it by this name
        message = message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


def free_port() -> int:
    """A port nothing listens on now (aiosmtpd checks it is up by connecting, so port 0 will not do)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpServer:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self._port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self._port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    @property
    def port(self) -> int:
        return self._port

    def stop(self) -> None:
        self.controller.stop()
