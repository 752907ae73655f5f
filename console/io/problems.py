"""Problems found in an import file, named the way the user finds them in Excel."""

from __future__ import annotations

from dataclasses import dataclass

from console.errors import ValidationError


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: `row` as Excel shows it (the header is row 1), None for the whole file."""

    file: str
    row: int | None
    column: str | None
    reason: str

    @property
    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class ImportValidationError(ValidationError):
    """The file has problems; nothing was written. `details` keeps them as `Problem`s."""

    def __init__(self, file: str, details: list[Problem], notes: tuple[str, ...] = ()) -> None:
        rows = {p.row for p in details if p.row is not None}
        counted = f"{len(details)} problem{'s' if len(details) != 1 else ''}"
        if rows:
            counted += f" in {len(rows)} row{'s' if len(rows) != 1 else ''}"
        super().__init__(
            f"{file} has {counted}; nothing was imported.",
            "Correct the listed cells (row numbers as Excel shows them) and import the file again.",
            problems=[(p.where, p.reason) for p in details],
        )
        self.file = file
        self.details = details
        self.notes = notes  # how the file was read (e.g. guessed as GBK): may explain problems
