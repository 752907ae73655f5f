"""One consistent loading / empty / error / content state for every view of every panel.

    view = ViewState(table)                      # table is the content widget
    view.run(ctx, load_rows, on_result=show)     # loading page with progress + Cancel
    # in show(): table.set_frame(df), or view.show_empty(title, explanation)

Errors of the task land on the error page with Retry (re-runs the same task); a cancelled task
leaves an empty page offering to load again. Tracebacks go to the log, never to the user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from console.errors import UserError
from console.ui.connection import connection_dropped
from console.ui.error_text import user_error_text
from console.ui.i18n import translate
from console.ui.progress import TaskProgress
from console.ui.runner import TaskHandle

log = logging.getLogger(__name__)

STATES = ("content", "loading", "empty", "error")


def describe_error(error: BaseException | str) -> tuple[str, str]:
    """(problem, fix) for the user in the interface language: a UserError speaks for itself, a
    dropped database connection says so, anything else is a bug."""
    if isinstance(error, UserError):
        return user_error_text(error)
    if isinstance(error, str):
        return error, ""
    if connection_dropped(error):
        return (
            translate("ViewState", "The connection to the database was lost."),
            translate(
                "ViewState", "Check the network and that the database server is running; Retry."
            ),
        )
    text = (str(error) or type(error).__name__).rstrip(". ")
    return (
        translate("ViewState", "Something went wrong: %1.").replace("%1", text),
        translate("ViewState", "Try again; if it keeps happening, send the log file to support."),
    )


class _Page(QWidget):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.box = QVBoxLayout(self)
        self.box.addStretch(1)
        self.inner = QVBoxLayout()
        self.inner.setSpacing(8)
        self.box.addLayout(self.inner)
        self.box.addStretch(2)

    def centred_label(self, object_name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(object_name)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.inner.addWidget(label)
        return label

    def button_row(self, *buttons: QPushButton) -> None:
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        self.inner.addLayout(row)


class ViewState(QStackedWidget):
    """A content widget plus the three pages every view needs while it is not showing data."""

    state_changed = Signal(str)

    def __init__(self, content: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ViewState")
        self._state = "content"
        self._retry: Callable[[], Any] | None = None
        self._action: Callable[[], Any] | None = None
        self._handle: TaskHandle | None = None
        self._content = content or QWidget()
        self.addWidget(self._content)
        # The other pages are built when first needed: panels create many views at once.
        self._loading: _Page | None = None
        self._empty: _Page | None = None
        self._error: _Page | None = None

    def _loading_page(self) -> _Page:
        if self._loading is None:
            page = _Page("LoadingPage")
            self._progress = TaskProgress(page)
            self._progress.setMaximumWidth(420)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self._progress, 3)
            row.addStretch(1)
            page.inner.addLayout(row)
            self.addWidget(page)
            self._loading = page
        return self._loading

    def _empty_page(self) -> _Page:
        if self._empty is None:
            page = _Page("EmptyPage")
            self.empty_title = page.centred_label("StateTitle")
            self.empty_text = page.centred_label("StateText")
            self.empty_button = QPushButton(page)
            self.empty_button.clicked.connect(self._run_action)
            page.button_row(self.empty_button)
            self.addWidget(page)
            self._empty = page
        return self._empty

    def _error_page(self) -> _Page:
        if self._error is None:
            page = _Page("ErrorPage")
            self.error_title = page.centred_label("StateTitle")
            self.error_text = page.centred_label("ErrorText")
            self.error_fix = page.centred_label("StateText")
            self.retry_button = QPushButton(page)
            self.retry_button.clicked.connect(self._do_retry)
            self.details_button = QPushButton(page)
            self.details_button.setCheckable(True)
            page.button_row(self.retry_button, self.details_button)
            self.details = QPlainTextEdit(page)
            self.details.setReadOnly(True)
            self.details.setVisible(False)
            self.details.setMaximumHeight(220)
            self.details_button.toggled.connect(self.details.setVisible)
            page.inner.addWidget(self.details)
            self.addWidget(page)
            self._error = page
            self.retranslate_ui()
        return self._error

    @property
    def progress(self) -> TaskProgress:
        """The loading page's progress bar and Cancel button."""
        self._loading_page()
        return self._progress

    # -- public API -----------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    @property
    def content(self) -> QWidget:
        return self._content

    def set_content(self, widget: QWidget) -> None:
        self.removeWidget(self._content)
        self._content = widget
        self.insertWidget(0, widget)
        if self._state == "content":
            self.setCurrentIndex(0)

    def show_content(self) -> None:
        self._set_state("content", self._content)

    def show_loading(
        self, text: str | None = None, handle: TaskHandle | None = None, cancellable: bool = True
    ) -> None:
        text = text or translate("ViewState", "Loading…")
        page = self._loading_page()
        if handle is not None:
            self.progress.attach(handle, text, cancellable)
        else:
            self.progress.start(text, cancellable)
        self._set_state("loading", page)

    def set_progress(self, done: int, total: int, label: str = "") -> None:
        self.progress.set_progress(done, total, label)

    def show_empty(
        self,
        title: str | None = None,
        explanation: str = "",
        action: tuple[str, Callable[[], Any]] | None = None,
    ) -> None:
        """No data to show, and why (e.g. 'No orders in this period' + 'Widen the dates')."""
        page = self._empty_page()
        self.empty_title.setText(title or translate("ViewState", "Nothing to show"))
        self.empty_text.setText(explanation)
        self.empty_text.setVisible(bool(explanation))
        self._action = action[1] if action else None
        self.empty_button.setText(action[0] if action else "")
        self.empty_button.setVisible(action is not None)
        self._set_state("empty", page)

    def show_error(
        self,
        error: BaseException | str,
        retry: Callable[[], Any] | None = None,
        details: str = "",
    ) -> None:
        page = self._error_page()
        problem, fix = describe_error(error)
        self.error_title.setText(translate("ViewState", "This view could not be shown"))
        self.error_text.setText(problem)
        self.error_fix.setText(fix)
        self.error_fix.setVisible(bool(fix))
        self._retry = retry
        self.retry_button.setVisible(retry is not None)
        details = details or getattr(error, "traceback_text", "")
        self.details.setPlainText(details)
        self.details_button.setChecked(False)
        self.details_button.setVisible(bool(details) and not isinstance(error, UserError))
        self._set_state("error", page)

    def run(
        self,
        ctx: Any,
        fn: Callable[..., Any],
        *args: Any,
        on_result: Callable[[Any], None] | None = None,
        key: str | None = None,
        loading_text: str | None = None,
        cancellable: bool = True,
        **kwargs: Any,
    ) -> TaskHandle:
        """Run `fn(*args, task=..., **kwargs)` in the background behind the loading page.

        `ctx` is the PanelContext (or a BackgroundRunner). When `on_result` returns and has not
        chosen another state, the content page is shown. Errors show the error page with Retry.
        """

        def again() -> None:
            self.run(
                ctx, fn, *args, on_result=on_result, key=key, loading_text=loading_text,
                cancellable=cancellable, **kwargs,
            )  # fmt: skip

        def finished(result: Any) -> None:
            if on_result is not None:
                on_result(result)
            if self._state == "loading":
                self.show_content()

        def failed(error: BaseException) -> None:
            if not isinstance(error, UserError):
                log.error("%s\n%s", error, getattr(error, "traceback_text", ""))
            self.show_error(error, retry=again)

        def cancelled() -> None:
            self.show_empty(
                translate("ViewState", "Cancelled"),
                translate("ViewState", "Loading was cancelled before it finished."),
                (translate("ViewState", "Load again"), again),
            )

        submit = ctx.run if hasattr(ctx, "run") else ctx.submit
        handle = submit(
            fn, *args, key=key, on_result=finished, on_error=failed, on_cancelled=cancelled,
            **kwargs,
        )  # fmt: skip
        self._handle = handle
        self.show_loading(loading_text, handle, cancellable)
        return handle

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()

    # -- internals ------------------------------------------------------------------------
    def _set_state(self, state: str, page: QWidget) -> None:
        if state != "loading" and self._loading is not None:
            self._progress.detach()
        self._state = state
        self.setCurrentWidget(page)
        self.state_changed.emit(state)

    def _do_retry(self) -> None:
        if self._retry is not None:
            self._retry()

    def _run_action(self) -> None:
        if self._action is not None:
            self._action()

    def retranslate_ui(self) -> None:
        if self._error is not None:
            self.retry_button.setText(translate("ViewState", "Retry"))
            self.details_button.setText(translate("ViewState", "Details"))

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
