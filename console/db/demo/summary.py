"""What a seed reports back, and its cancellation error (light: no numpy, for the CLI and GUI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from console.errors import UserError


class SeedCancelled(UserError):
    """The user cancelled the seed; the transaction was rolled back."""

    def __init__(self) -> None:
        super().__init__(
            "Creating the demo data was cancelled; the database was left as it was.",
            "Run the seed again to create the demo data.",
        )


@dataclass(frozen=True)
class SeedSummary:
    scale: str
    seed: int
    dialect: str
    data_start: date
    data_end: date
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def describe(self) -> str:
        """A plain-text table of row counts, for the command line."""
        width = max(len(name) for name in self.rows) if self.rows else 10
        lines = [
            f"Seeded the '{self.scale}' demo dataset (seed {self.seed}, {self.data_start} "
            f"to {self.data_end}) into {self.dialect} in {self.seconds:.1f} s:"
        ]
        lines += [f"  {name:<{width}}  {count:>12,}" for name, count in self.rows.items()]
        lines.append(f"  {'total':<{width}}  {self.total_rows:>12,}")
        return "\n".join(lines)
