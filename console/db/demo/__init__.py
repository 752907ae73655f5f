"""Demo data: a realistic, deterministic omnichannel retail history in three sizes.

`seed_demo(engine, scale="demo", seed=42)` fills an empty HQ Console database (schema at head)
in one transaction. The generation lives in the submodules; this module stays light so that the
command line and the GUI can import it without loading numpy. See docs/demo-data.md.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from console.db.demo.scales import DATA_END, SCALES, Scale
from console.db.demo.summary import SeedCancelled, SeedSummary

__all__ = ["DATA_END", "SCALES", "Scale", "SeedCancelled", "SeedSummary", "seed_demo"]


def seed_demo(
    engine: Engine,
    scale: str = "demo",
    seed: int = 42,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    replace: bool = False,
) -> SeedSummary:
    """Fill the database with the demo dataset `scale` ("small", "demo" or "large").

    The same seed gives the same data. `progress(done, total, label)` is called as rows are
    generated; `cancelled()` is checked between steps, and a True answer rolls everything back
    (SeedCancelled). A database that already holds data is refused (UserError) unless
    `replace`, which deletes all HQ Console data first, in the same transaction.
    """
    from console.db.demo.seeder import run_seed

    return run_seed(engine, scale, seed, progress, cancelled, replace)
