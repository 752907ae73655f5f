"""What every generation step shares: the scale, named random streams, the sink, progress."""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Mapping

import numpy as np

from console.db.demo.scales import DATA_END, Scale
from console.db.demo.summary import SeedCancelled
from console.db.demo.timeline import SECONDS_PER_DAY, Timeline, build_timeline

Progress = Callable[[int, int, str], None]
Sink = Callable[[str, Mapping[str, np.ndarray]], None]


class SeedContext:
    def __init__(
        self,
        scale: Scale,
        seed: int,
        sink: Sink,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
        planned_rows: int,
    ) -> None:
        self.scale = scale
        self.seed = seed
        self.timeline: Timeline = build_timeline(scale.data_start, DATA_END)
        self.rows: Counter[str] = Counter()
        self._sink = sink
        self._progress = progress
        self._cancelled = cancelled
        self._planned = max(planned_rows, 1)
        self._done = 0

    def rng(self, name: str) -> np.random.Generator:
        """An independent stream per step: changing one step leaves the others' data alone."""
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])

    def emit(self, table: str, columns: Mapping[str, np.ndarray]) -> None:
        count = len(next(iter(columns.values())))
        self._sink(table, columns)
        self.rows[table] += count
        self._done += count
        self.report(table)

    def report(self, label: str) -> None:
        if self._progress is not None:
            self._progress(min(self._done, self._planned - 1), self._planned, label)

    def finished(self) -> None:
        if self._progress is not None:
            self._progress(self._planned, self._planned, "done")

    def check(self) -> None:
        """Called between steps: stop (and roll back) when the user asked to cancel."""
        if self._cancelled is not None and self._cancelled():
            raise SeedCancelled

    # time helpers shared by the steps
    @property
    def start_second(self) -> int:
        return self.timeline.start_second

    @property
    def end_second(self) -> int:
        return self.timeline.end_second

    def seconds(self, day: np.ndarray | int) -> np.ndarray:
        """Epoch seconds of midnight of the given timeline day indexes."""
        return self.start_second + np.asarray(day, dtype=np.int64) * SECONDS_PER_DAY


def as_datetime(seconds: np.ndarray, null: np.ndarray | None = None) -> np.ndarray:
    """Epoch seconds as datetime64[s]; `null` marks NaT."""
    values = np.asarray(seconds, dtype=np.int64).astype("datetime64[s]")
    if null is not None:
        values = np.where(null, np.datetime64("NaT"), values)
    return values


def as_date(seconds: np.ndarray) -> np.ndarray:
    return np.asarray(seconds, dtype=np.int64).astype("datetime64[s]").astype("datetime64[D]")


def date_seconds(day: str) -> int:
    return int(np.datetime64(day, "s").astype(np.int64))


def weighted_pick(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Indexes drawn with probability proportional to `weights` (fast for big sizes)."""
    cumulative = np.cumsum(weights, dtype=np.float64)
    return np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right").clip(
        0, len(weights) - 1
    )


def zfill(values: np.ndarray, width: int) -> np.ndarray:
    return np.char.zfill(np.asarray(values).astype(str), width).astype(object)
