"""A sitecustomize that ends the process the moment it opens a socket or imports a network module.

tests/packaging/test_offline.py copies this file as sitecustomize.py into a folder on PYTHONPATH, so
it runs before CountDesk starts. Exit code GUARD_EXIT and a message on stderr say what happened.
"""

from __future__ import annotations

import os
import sys
import traceback

GUARD_EXIT = 86
NETWORK_MODULES = frozenset({
    "http.client", "http.server", "urllib.request", "ssl", "_ssl", "ftplib", "smtplib", "poplib",
    "imaplib", "nntplib", "telnetlib", "xmlrpc.client", "xmlrpc.server", "socketserver",
    "urllib3", "requests", "httpx", "aiohttp",
})


def _stop(what: str) -> None:
    sys.stderr.write(f"OFFLINE GUARD: {what}\n")
    traceback.print_stack(file=sys.stderr)
    sys.stderr.flush()
    os._exit(GUARD_EXIT)


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event.startswith("socket."):
        _stop(f"{event} {args!r}")
    elif event == "import" and args and args[0] in NETWORK_MODULES:
        _stop(f"imported the network module {args[0]}")


def install() -> None:
    already = sorted(NETWORK_MODULES & set(sys.modules))
    if already:
        _stop(f"network modules were imported before CountDesk started: {', '.join(already)}")
    sys.addaudithook(_audit)


# Only as the sitecustomize of a guarded process: imported by the tests, it must do nothing.
if __name__ == "sitecustomize":
    install()
