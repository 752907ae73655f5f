"""Working sample panels: each exercises one shell behaviour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from sqlalchemy import text

from console.api import PanelDeclaration, ViewState

# A real query that keeps SQLite busy for a while (sqlite3 releases the GIL while it steps).
SLOW_QUERY = text(
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < :rows) "
    "SELECT count(*), (SELECT count(*) FROM users) FROM n"
)


def slow_query(database, rows: int, *, task) -> tuple[int, int]:
    with database.session() as session:
        counted, users = session.execute(SLOW_QUERY, {"rows": rows}).one()
    return int(counted), int(users)


class SlowPanel(QWidget):
    """Loads with a real, slow database query off the GUI thread."""

    rows = 5_000_000  # about a second: long enough to watch the event loop on a fast machine

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.label = QLabel("", self)
        self.view = ViewState(self.label, self)
        QVBoxLayout(self).addWidget(self.view)
        self.result: tuple[int, int] | None = None
        self.refresh()

    def refresh(self) -> None:
        self.view.run(self.ctx, slow_query, self.ctx.database, self.rows, on_result=self.show)

    def show(self, result: tuple[int, int]) -> None:
        self.result = result
        self.label.setText(f"{result[0]:,} rows counted, {result[1]} users")
        self.ctx.ready()


def long_job(steps: int, *, task) -> int:
    """Long computation that reports progress and stops when cancelled."""
    import time

    done = 0
    for done in range(1, steps + 1):
        time.sleep(0.01)
        task.progress(done, steps, f"step {done}")
    return done


class LongJobPanel(QWidget):
    steps = 2000

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.view = ViewState(QLabel("done", self), self)
        QVBoxLayout(self).addWidget(self.view)
        self.handle = self.view.run(ctx, long_job, self.steps, on_result=self.finished, key="job")
        self.result = None

    def finished(self, value: int) -> None:
        self.result = value
        self.ctx.ready()


class FaultyPanel(QWidget):
    """A button whose slot raises, and a background task that raises."""

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.button = QPushButton("boom", self)
        self.button.clicked.connect(self.explode)
        QVBoxLayout(self).addWidget(self.button)
        ctx.ready()

    def explode(self) -> None:
        raise RuntimeError("the faulty slot exploded")

    def start_failing_task(self):
        def fail(*, task):
            raise ValueError("the faulty worker exploded")

        return self.ctx.run(fail)


class EditorPanel(QWidget):
    """A form being typed into, and a refresh that reads the database."""

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.edit = QLineEdit(self)
        self.status = QLabel(self)
        self.refreshed = 0
        self.payloads: list[object] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        ctx.on_payload(self.payloads.append)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.run(slow_query, self.ctx.database, 10, on_result=self.loaded, key="load")

    def loaded(self, result) -> None:
        self.refreshed += 1
        self.status.setText(f"{result[1]} users")
        self.ctx.ready()


class NeverReadyPanel(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        QVBoxLayout(self).addWidget(
            QLabel("still loading, forever", self), 0, Qt.AlignmentFlag.AlignCenter
        )


class TranslatedPanel(QWidget):
    """Retranslates itself live."""

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.label = QLabel(self)
        QVBoxLayout(self).addWidget(self.label)
        self.retranslate_ui()
        ctx.ready()

    def retranslate_ui(self) -> None:
        self.label.setText(f"language={self.ctx.language}")


def _factory(cls):
    return lambda ctx: cls(ctx)


def _raising_factory(ctx):
    raise RuntimeError("the factory exploded")


SLOW = PanelDeclaration(id="sample_slow", title="Slow sample", factory=_factory(SlowPanel), order=1)
LONG = PanelDeclaration(id="sample_long", title="Long job", factory=_factory(LongJobPanel), order=2)
FAULTY = PanelDeclaration(
    id="sample_faulty", title="Faulty", factory=_factory(FaultyPanel), order=3
)
EDITOR = PanelDeclaration(
    id="sample_editor", title="Editor", factory=_factory(EditorPanel), order=4,
    handles=frozenset({"dealer", "sku", "store", "customer"}),
)  # fmt: skip
NEVER_READY = PanelDeclaration(
    id="sample_never", title="Never ready", factory=_factory(NeverReadyPanel), order=5
)
TRANSLATED = PanelDeclaration(
    id="sample_translated", title="Translated", factory=_factory(TranslatedPanel), order=6
)
ADMIN_ONLY = PanelDeclaration(
    id="sample_admin", title="Admin only", factory=_factory(TranslatedPanel), order=7,
    roles=frozenset({"admin"}),
)  # fmt: skip
FACTORY_RAISES = PanelDeclaration(
    id="sample_factory_raises", title="Factory raises", factory=_raising_factory, order=8
)
LAZY_FACTORY = PanelDeclaration(
    id="sample_lazy", title="Lazy", factory="tests.ui.sample_plugins.lazy_panel:create", order=9
)
WRONG_API = PanelDeclaration(
    id="sample_wrong_api", title="Future plugin", factory=_factory(TranslatedPanel), api_version=99
)
DUPLICATE = PanelDeclaration(id="sample_slow", title="Impostor", factory=_factory(TranslatedPanel))
NOT_A_DECLARATION = {"id": "sample_dict", "title": "Not a declaration"}
