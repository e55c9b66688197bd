"""What the library's CLI and the API's server share on the command line: a parser whose errors are one
line, and argparse types for where a server may listen (``--host``, ``--port``, ``--workers``).

Checked before anything binds, so ``serve --port 99999`` (no such port) or ``--port 0`` (the system
would pick a random one) is one line on stderr and exit status 2, never a server on a port nobody
asked for. Used by ``internet-plus serve`` and ``internet-plus-api`` alike; no import beyond the stdlib.
"""

from __future__ import annotations

import argparse
import ipaddress
import re
from typing import Any

__all__ = ["OneLineParser", "host", "port", "workers"]

_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOSTNAME = re.compile(rf"{_LABEL}(\.{_LABEL})*\.?")
MAX_WORKERS = 64
EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    """argparse prints usage and exits 2 on errors; keep that, but as one line."""

    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def port(text: str) -> int:
    """A TCP port, 1-65535."""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"port must be a whole number from 1 to 65535, not {text!r}")
    return int(text)


def host(text: str) -> str:
    """An IP address (v4 or v6) or a host name made of RFC 1123 labels."""
    try:
        ipaddress.ip_address(text)
        return text
    except ValueError:
        pass
    if len(text) <= 253 and _HOSTNAME.fullmatch(text):
        return text
    raise argparse.ArgumentTypeError(f"host must be an IP address or a host name, not {text!r}")


def workers(text: str) -> int:
    """A number of worker processes, 1-64."""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"workers must be a whole number from 1 to {MAX_WORKERS}, not {text!r}")
    return int(text)
