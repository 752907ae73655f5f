"""Seed time and database size of the demo datasets.

    python benchmarks/seed.py                      # small (median of 3) and demo on SQLite
    python benchmarks/seed.py --runs 5 --skip-demo
    python benchmarks/seed.py --pg postgresql://postgres@127.0.0.1:5432/ --scale large

Targets (issue 2): small < 3 s and demo <= 30 s on SQLite, large <= 15 min on PostgreSQL.
Each line also shows the process CPU time (the seeder's own work, SQLite included; for a
local PostgreSQL server its processes' CPU time is printed as well) and a baseline measured in
the same run: a plain SQLite insert of one million narrow rows, so that figures from machines of
different speed or load can be compared (`x baseline`). The load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

TARGETS = {("small", "sqlite"): 3.0, ("demo", "sqlite"): 30.0, ("large", "postgresql"): 900.0}


def baseline_seconds() -> float:
    """Insert 1M rows (id, int, float, text) into an unindexed SQLite table in memory."""
    rows = [(i, i % 97, i * 0.5, "completed") for i in range(1_000_000)]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b REAL, c TEXT)")
    started = time.perf_counter()
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    conn.commit()
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def progress_printer(label: str):
    """A progress callback that prints every 10% with the elapsed time (for long runs)."""
    started = time.perf_counter()
    shown = {"step": -1}

    def report(done: int, total: int, what: str) -> None:
        step = 10 * done // max(total, 1)
        if step != shown["step"]:
            shown["step"] = step
            print(
                f"  {label}: {10 * step:3d}% after {time.perf_counter() - started:7.1f} s ({what})",
                file=sys.stderr,
                flush=True,
            )

    return report


def seed_sqlite(scale: str, seed: int, verbose: bool) -> tuple[float, float, int, int]:
    """Seconds, CPU seconds, rows and file bytes of one seed into a new SQLite file."""
    from console.db.demo import seed_demo
    from console.db.engine import make_engine
    from console.db.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="hq-seed-bench-") as folder:
        path = Path(folder) / f"{scale}.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        progress = progress_printer(scale) if verbose else None
        wall, cpu = time.perf_counter(), time.process_time()
        summary = seed_demo(engine, scale=scale, seed=seed, progress=progress)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        engine.dispose()
        return wall, cpu, summary.total_rows, path.stat().st_size


class ServerCpu:
    """CPU seconds used by the PostgreSQL processes serving one database (a local server).

    Samples /proc every half second: the backends carry the database name in their process
    title, parallel workers name their leader's PID. None when /proc shows no such process.
    """

    def __init__(self, database: str) -> None:
        self.database = database
        self.used: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self._sample()

    def _sample(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            leader = title.rsplit("PID", 1)[-1].strip() if "parallel worker" in title else ""
            if f" {self.database} " in title or (leader.isdigit() and int(leader) in self.used):
                self.used[int(entry.name)] = (int(stat[11]) + int(stat[12])) / tick

    def stop(self) -> float | None:
        self._stop.set()
        self._thread.join()
        return sum(self.used.values()) if self.used else None


def seed_postgres(server: str, scale: str, seed: int, keep: bool) -> tuple[float, float, int, int]:
    """The same into a new database hq_bench_<hex> on the server (dropped afterwards)."""
    from sqlalchemy import text

    from console.db.demo import seed_demo
    from console.db.engine import make_engine, parse_url
    from console.db.migrate import upgrade

    server_url = parse_url(server)
    name = f"hq_bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server_url.set(database=server_url.database or "postgres"))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        engine = make_engine(server_url.set(database=name))
        upgrade(engine)
        server = ServerCpu(name)
        wall, cpu = time.perf_counter(), time.process_time()
        summary = seed_demo(engine, scale=scale, seed=seed, progress=progress_printer(scale))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        server_cpu = server.stop()
        if server_cpu is not None:
            print(
                f"  server CPU {server_cpu:.1f} s (PostgreSQL processes of {name})", file=sys.stderr
            )
        with engine.connect() as conn:
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        engine.dispose()
        return wall, cpu, summary.total_rows, int(size)
    finally:
        if keep:
            print(f"kept database {name}", file=sys.stderr)
        else:
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def line(
    scale: str, backend: str, runs: list[tuple[float, float, int, int]], baseline: float
) -> str:
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rows, size = runs[0][2], runs[0][3]
    target = TARGETS.get((scale, backend))
    verdict = "no target for this pair"
    if target:
        met = "meets" if wall <= target else "MISSES"
        verdict = f"target {target:g} s: {met} ({wall / target:.2f} of it)"
    return (
        f"{scale:6s} {backend:10s} {len(runs)} run(s)  median {wall:8.2f} s  "
        f"(cpu {cpu:7.2f} s)  {rows:>11,} rows  {size / 1e6:9.1f} MB  "
        f"{rows / wall:>9,.0f} rows/s  {wall / baseline:6.1f} x baseline  {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the small scale (median)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-demo", action="store_true", help="only the small scale")
    parser.add_argument(
        "--pg",
        metavar="URL",
        help="PostgreSQL server for --scale (a new "
        "database is created there and dropped afterwards)",
    )
    parser.add_argument(
        "--scale",
        choices=["small", "demo", "large"],
        default="large",
        help="scale for --pg (default large)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()

    baseline = baseline_seconds()
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; baseline (1M-row "
        f"SQLite insert) {baseline:.2f} s"
    )
    if args.pg:
        runs = [seed_postgres(args.pg, args.scale, args.seed, args.keep)]
        print(line(args.scale, "postgresql", runs, baseline))
        return 0
    small = [seed_sqlite("small", args.seed, False) for _ in range(args.runs)]
    print(line("small", "sqlite", small, baseline))
    if not args.skip_demo:
        print(line("demo", "sqlite", [seed_sqlite("demo", args.seed, True)], baseline))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
