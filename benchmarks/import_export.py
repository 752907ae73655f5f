"""Import/export speed: `python benchmarks/import_export.py [--rows 100000] [--repeat 3]`.

Prints medians (wall and CPU seconds) for checking, inserting, re-importing and updating a
CSV of stock levels, exporting it, an XLSX round, and — as the baseline measured in the same
run — the row-by-row ORM upsert (one query and one object per row) the importer replaces.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import delete, select

from console.db.models import Category, City, InventoryLevel, Location, Sku
from console.io.export import export_file
from console.io.importer import import_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo, for tests.io.helpers
from tests.io.helpers import ADMIN, make_database

STOCK = ("on_hand", "reserved", "online_hold", "safety_stock", "target_stock")


def measure(
    action: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        if before:
            before()
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def build(folder: Path, rows: int):
    db = make_database(folder / "bench.sqlite")
    locations, skus = 400, max(1, rows // 400)
    with db.session() as session:
        city = session.scalars(select(City)).first()
        category = session.scalars(select(Category)).first()
        session.add_all(
            Location(
                code=f"L{i:04d}",
                name=f"Store {i}",
                name_zh=f"门店{i}",
                kind="direct",
                city_id=city.id,
                lat=31.0,
                lon=121.0,
                opened_on=date(2020, 1, 1),
            )
            for i in range(locations)
        )
        session.add_all(
            Sku(
                code=f"K{j:05d}",
                name=f"SKU {j}",
                name_zh=f"商品{j}",
                category_id=category.id,
                price=100,
                cost=50,
                volume_m3=0.5,
            )
            for j in range(skus)
        )
        session.commit()
    frame = pd.DataFrame(
        {
            "location_code": [f"L{i:04d}" for i in range(locations) for _ in range(skus)],
            "sku_code": [f"K{j:05d}" for _ in range(locations) for j in range(skus)],
        }
    )
    for n, column in enumerate(STOCK):
        frame[column] = (frame.index * (n + 3)) % 40
    return db, frame


def naive_upsert(db, frame: pd.DataFrame) -> None:
    """The baseline: look every row up through the ORM and create or change an object."""
    with db.session() as session:
        locations = dict(session.execute(select(Location.code, Location.id)).all())
        skus = dict(session.execute(select(Sku.code, Sku.id)).all())
        for row in frame.itertuples(index=False):
            key = (locations[row.location_code], skus[row.sku_code])
            level = session.get(InventoryLevel, key)
            if level is None:
                level = InventoryLevel(location_id=key[0], sku_id=key[1])
                session.add(level)
            for column in STOCK:
                setattr(level, column, int(getattr(row, column)))
        session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=20_000)
    parser.add_argument("--baseline-rows", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hq-io-bench-") as folder:
        run_all(Path(folder), args)


def run_all(folder: Path, args: argparse.Namespace) -> None:
    db, frame = build(folder, args.rows)
    rows = len(frame)
    csv, changed = folder / "levels.csv", folder / "changed.csv"
    frame.to_csv(csv, index=False)
    frame.assign(on_hand=frame["on_hand"] + 1).to_csv(changed, index=False)

    def wipe() -> None:
        with db.engine.begin() as conn:
            conn.execute(delete(InventoryLevel))

    def run(path: Path, dry_run: bool = False):
        return lambda: import_file(db.sessions, ADMIN, "inventory", path, dry_run=dry_run)

    results = [("check only (dry run), CSV", rows, measure(run(csv, True), args.repeat, wipe))]
    results.append(("import, all inserted, CSV", rows, measure(run(csv), args.repeat, wipe)))
    results.append(("re-import, all unchanged, CSV", rows, measure(run(csv), args.repeat)))
    results.append(
        (
            "import, all updated, CSV",
            rows,
            measure(
                run(changed), args.repeat, lambda: import_file(db.sessions, ADMIN, "inventory", csv)
            ),
        )
    )
    results.append(
        (
            "export, CSV",
            rows,
            measure(lambda: export_file(db.sessions, "inventory", folder / "out.csv"), args.repeat),
        )
    )
    small = frame.head(args.xlsx_rows)
    small_csv, xlsx = folder / "small.csv", folder / "small.xlsx"
    small.to_csv(small_csv, index=False)
    wipe()
    import_file(db.sessions, ADMIN, "inventory", small_csv)
    results.append(
        (
            "export, XLSX",
            len(small),
            measure(lambda: export_file(db.sessions, "inventory", xlsx), args.repeat),
        )
    )
    results.append(("re-import, XLSX", len(small), measure(run(xlsx), args.repeat)))
    sample = frame.head(args.baseline_rows)
    baseline = measure(lambda: naive_upsert(db, sample), args.repeat, wipe)
    results.append(("baseline: row-by-row ORM upsert", len(sample), baseline))

    base_rate = len(sample) / baseline[0]
    print(f"inventory levels, SQLite, median of {args.repeat} runs")
    print(f"{'operation':34} {'rows':>8} {'wall s':>8} {'cpu s':>7} {'rows/s':>9} {'x base':>7}")
    for label, count, (wall, cpu) in results:
        rate = count / wall
        print(f"{label:34} {count:8d} {wall:8.2f} {cpu:7.2f} {rate:9.0f} {rate / base_rate:7.1f}")
    db.dispose()


if __name__ == "__main__":
    main()
