"""A publish caught in the middle: every row written, its transaction still
open, until the test lets it go. For tests of what readers, backups and
other publishers see meanwhile."""

from __future__ import annotations

import threading

import resolutions.importing


def hold_publishes_open(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """Make the importer's write wait once it has written everything:
    `written` is set then, and the transaction commits when `release` is."""
    written, release = threading.Event(), threading.Event()
    write = resolutions.importing._write

    def write_then_wait(*args, **kwargs):
        edition = write(*args, **kwargs)
        written.set()
        release.wait()
        return edition

    monkeypatch.setattr(resolutions.importing, "_write", write_then_wait)
    return written, release
