"""A one-line progress report on a terminal (profiles, rows per second, share done, time left);
nothing at all when stderr is not a terminal, so a log or a pipe gets only the closing line."""

from __future__ import annotations

import sys
import time
from typing import Optional, TextIO

#: Redraw at most this often (seconds): a terminal line per profile would cost more than the work.
INTERVAL = 0.25


class ProgressLine:
    def __init__(self, stream: Optional[TextIO] = None, total: Optional[int] = None, unit: str = "profiles") -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.total = total
        self.unit = unit
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, done: int, rows: Optional[int] = None, fraction: Optional[float] = None,
               force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < INTERVAL:
            return
        self.last = now
        self.stream.write("\r\x1b[K" + self.line(done, rows, fraction, now - self.start))
        self.stream.flush()
        self.shown = True

    def line(self, done: int, rows: Optional[int], fraction: Optional[float], elapsed: float) -> str:
        """'1,234 profiles (2,345 rows), 310 rows/s, 45%, 0:03:12 left'."""
        if fraction is None and self.total:
            fraction = done / self.total
        count = rows if rows is not None else done
        rate = count / elapsed if elapsed > 0 else 0.0
        parts = [f"{done:,} {self.unit}" + (f" ({rows:,} rows)" if rows is not None else "")]
        parts.append(f"{rate:,.0f} {'rows' if rows is not None else self.unit}/s")
        if fraction:
            parts.append(f"{fraction:.0%}")
            left = elapsed * (1 - fraction) / fraction
            parts.append(f"{_clock(left)} left")
        return ", ".join(parts)

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
