"""ViewState: the same loading / empty / error / content states for every view."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel

from console.errors import UserError
from console.ui.runner import BackgroundRunner
from console.ui.view_state import ViewState


def make(qtbot) -> tuple[ViewState, QLabel]:
    content = QLabel("data")
    view = ViewState(content)
    qtbot.addWidget(view)
    return view, content


def test_run_shows_loading_with_progress_then_the_content(qtbot):
    view, content = make(qtbot)
    runner = BackgroundRunner()
    seen = []

    def work(*, task):
        for i in range(3):
            time.sleep(0.05)
            task.progress(i + 1, 3, f"step {i + 1}")
        return 42

    with qtbot.waitSignal(view.state_changed, timeout=20000,
                          check_params_cb=lambda s: s == "content"):  # fmt: skip
        view.run(runner, work, on_result=seen.append, loading_text="Loading dealers…")
        assert view.state == "loading"
        assert view.progress.label.text() == "Loading dealers…"
    assert seen == [42]
    assert view.state == "content" and view.currentWidget() is content


def test_a_user_error_shows_problem_and_fix_and_retry_runs_again(qtbot):
    view, _ = make(qtbot)
    runner = BackgroundRunner()
    calls = []

    def work(*, task):
        calls.append(1)
        if len(calls) == 1:
            raise UserError("No orders between 2024-07-01 and 2024-06-01.", "Swap the dates.")
        return "ok"

    with qtbot.waitSignal(view.state_changed, check_params_cb=lambda s: s == "error"):
        view.run(runner, work)
    assert view.error_text.text() == "No orders between 2024-07-01 and 2024-06-01."
    assert view.error_fix.text() == "Swap the dates."
    assert view.details_button.isHidden()  # no traceback for the user's own mistake
    with qtbot.waitSignal(view.state_changed, check_params_cb=lambda s: s == "content"):
        view.retry_button.click()
    assert len(calls) == 2


def test_an_unexpected_error_offers_details(qtbot):
    view, _ = make(qtbot)

    def work(*, task):
        raise ZeroDivisionError("division by zero")

    runner = BackgroundRunner()  # (kept alive: it owns the task handles)
    with qtbot.waitSignal(view.state_changed, check_params_cb=lambda s: s == "error"):
        view.run(runner, work)
    assert view.error_text.text() == "Something went wrong: division by zero."
    assert not view.details_button.isHidden()
    assert "ZeroDivisionError" in view.details.toPlainText()


def test_on_result_may_choose_the_empty_state(qtbot):
    view, _ = make(qtbot)

    def show(rows):
        view.show_empty("No orders in this period", "Widen the date range.")

    runner = BackgroundRunner()
    with qtbot.waitSignal(view.state_changed, timeout=20000,
                          check_params_cb=lambda s: s == "empty"):  # fmt: skip
        view.run(runner, lambda *, task: [], on_result=show)
    assert view.state == "empty"
    assert view.empty_title.text() == "No orders in this period"
    assert view.empty_text.text() == "Widen the date range."
    assert view.empty_button.isHidden()
