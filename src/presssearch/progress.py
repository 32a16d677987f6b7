"""Progress where no progress bar can be drawn: a log file, a pipe, a service's journal."""

from __future__ import annotations

import threading
import time

import click

__all__ = ["Heartbeat"]


class Heartbeat:
    """One progress line on stderr every few seconds, where no progress bar can be drawn.

    A log file or a pipe gets ``indexing: 1,200 files read, 240 per second,
    5 s``; it comes on time even while one large file holds the run up.
    """

    def __init__(self, *, enabled: bool, every: float = 5.0) -> None:
        self.enabled = enabled
        self.every = every
        self.done = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = 0.0

    def __enter__(self) -> Heartbeat:
        if self.enabled:
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            elapsed = time.monotonic() - self._started
            rate = self.done / elapsed if elapsed else 0.0
            click.echo(
                f"indexing: {self.done:,} files read, {rate:,.0f} per second, {elapsed:.0f} s",
                err=True,
            )
