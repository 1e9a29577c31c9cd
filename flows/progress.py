"""Progress of a long run, per stage (fetch, extract, load): sources done of total, documents a second, time left.

Three ways to show it, chosen by ``DOSSIER_PROGRESS`` (the CLI sets it;
``--quiet`` means ``off``):

- ``live``: a rich progress display on the terminal, one line per stage,
  redrawn in place (rich comes with Prefect; Prefect's own log lines scroll
  above it);
- ``log``: a plain line every ``DOSSIER_PROGRESS_EVERY`` seconds (default 10)
  and one when a stage ends, for output that is a file or a pipe (CI, cron,
  ``| tee``), where a redrawn line would be a screenful of escape codes;
- ``off``: nothing.

``auto`` (the default) is ``live`` when standard output is a terminal, else
``log``. In ``log`` mode a stage's end is always one line, so a small run that
ends before the first line is due still says what each stage did and how fast.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any

STAGES = ("fetch", "extract", "load")


def mode() -> str:
    """``live``, ``log`` or ``off``, from ``DOSSIER_PROGRESS`` (auto: live on a terminal, else log)."""
    from core.settings import Settings

    chosen = Settings.from_env().progress  # refused there, in one line, if it is none of these
    if chosen == "auto":
        return "live" if sys.stdout.isatty() else "log"
    return chosen


@dataclass
class Stage:
    """One stage's counts: what the line shows, computed the same way in both modes."""

    name: str
    total: int = 0
    done: int = 0
    documents: int = 0
    started: float | None = None
    finished: float | None = None

    def rate(self, now: float) -> float:
        """Documents a second (sources a second while fetching: documents are known after extraction)."""
        if self.started is None:
            return 0.0
        elapsed = (self.finished if self.finished is not None else now) - self.started
        count = self.done if self.name == "fetch" else self.documents
        return count / elapsed if elapsed > 0 else 0.0

    def left(self, now: float) -> float | None:
        """Seconds until the stage is done at its pace so far; None before the first source is done."""
        if self.started is None or not self.done or self.done >= self.total:
            return None
        return (now - self.started) / self.done * (self.total - self.done)

    def line(self, now: float) -> str:
        unit = "sources/s" if self.name == "fetch" else "docs/s"
        left = self.left(now)
        eta = (
            f", {_duration(left)} left"
            if left is not None
            else (", done" if self.finished is not None else "")
        )
        return f"{self.name} {self.done}/{self.total} sources, {self.rate(now):.1f} {unit}{eta}"


@dataclass
class Progress:
    """What the flow calls as it goes; shows nothing itself in ``off`` mode."""

    how: str = "off"
    every: float = 10.0
    stages: dict[str, Stage] = field(default_factory=lambda: {name: Stage(name) for name in STAGES})
    out: Any = None  # a text stream; sys.stdout by default
    _last: float = 0.0
    _live: Any = None  # a rich Progress while live
    _tasks: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> Progress:
        from core.settings import Settings

        return cls(how=mode(), every=Settings.from_env().progress_every)

    def __enter__(self) -> Progress:
        self.out = self.out or sys.stdout
        self._last = time.monotonic()
        if self.how == "live":
            self._start_live()
        return self

    def __exit__(self, *exc_info) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def expect(self, stage: str, total: int) -> None:
        """``stage`` has ``total`` sources to do (more may be added: a feed's items once it is read)."""
        s = self.stages[stage]
        s.total = total
        if s.started is None:
            s.started = time.monotonic()
        if s.done < s.total:
            s.finished = None  # a feed's items arrived after the files were done
        elif s.finished is None:
            s.finished = time.monotonic()
        self._show(stage)

    def advance(self, stage: str, sources: int = 1, documents: int = 0) -> None:
        s = self.stages[stage]
        if s.started is None:
            s.started = time.monotonic()
        s.done += sources
        s.documents += documents
        if s.done >= s.total:
            s.finished = time.monotonic()
        self._show(stage, ended=s.done >= s.total)

    # -- the two displays -------------------------------------------------------------------

    def _show(self, stage: str, ended: bool = False) -> None:
        if not self.stages[stage].total:
            return
        if self.how == "live":
            self._update_live(stage)
        elif self.how == "log":
            now = time.monotonic()
            if ended or now - self._last >= self.every:
                self._last = now
                self.out.write(self.summary(now) + "\n")
                self.out.flush()

    def summary(self, now: float | None = None) -> str:
        """One plain line: every stage started so far."""
        now = time.monotonic() if now is None else now
        return "progress: " + "; ".join(
            s.line(now) for s in self.stages.values() if s.started is not None and s.total
        )

    def _start_live(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import (
            Progress as Bars,
        )

        self._live = Bars(
            TextColumn("{task.description:<8}"),
            BarColumn(bar_width=30),
            MofNCompleteColumn(),
            TextColumn("sources"),
            TextColumn("{task.fields[rate]}"),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=Console(file=self.out),
            transient=False,
        )
        self._live.start()

    def _update_live(self, stage: str) -> None:
        s = self.stages[stage]
        if stage not in self._tasks:
            self._tasks[stage] = self._live.add_task(stage, total=max(s.total, 1), rate="")
        unit = "sources/s" if stage == "fetch" else "docs/s"
        self._live.update(
            self._tasks[stage],
            total=max(s.total, s.done, 1),
            completed=s.done,
            rate=f"{s.rate(time.monotonic()):6.1f} {unit}",
        )


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
