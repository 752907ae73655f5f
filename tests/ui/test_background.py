"""Background work: the GUI stays responsive, long jobs cancel, errors stay in their panel."""

from __future__ import annotations

import gc
import logging
import time

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer

from tests.ui.fixtures import open_built


class GapProbe:
    """A 5 ms timer on the GUI thread: the longest gap between ticks is the longest stall."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.longest = 0
        self.ticks = 0

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


def test_gui_stays_responsive_while_a_panel_loads_from_the_database(
    make_window, sample_plugins, qtbot
):
    """The panel's query runs in a worker: while it loads, the event loop never stalls over
    100 ms; building the panel costs the GUI thread little CPU (CPU time, unlike wall time, does
    not depend on how busy the machine is)."""
    window = make_window()
    qtbot.wait(300)  # let start-up work (heartbeat, layout) settle before measuring
    gc.collect()  # garbage left by earlier tests is not this panel's doing
    cpu_before = time.thread_time()
    with qtbot.waitSignal(window.host.panel_built, timeout=10000):
        window.open_panel("sample_slow")
    open_cpu = time.thread_time() - cpu_before
    probe = GapProbe()
    probe.start()
    started = time.perf_counter()
    with qtbot.waitSignal(window.host.panel_ready, timeout=60000):
        pass  # the query is running in the background
    elapsed = time.perf_counter() - started
    probe.stop()
    panel = window.host.frames["sample_slow"].widget
    assert panel.result[0] == panel.rows  # the query really ran to the end
    assert elapsed > 0.3, "the load was too quick to prove anything"
    assert probe.ticks > 20
    assert probe.longest < 100, f"the GUI thread stalled for {probe.longest} ms"
    assert open_cpu < 0.1, f"opening the panel took {open_cpu * 1000:.0f} ms of GUI CPU"


def test_cancel_stops_a_long_job_and_offers_to_load_again(make_window, sample_plugins, qtbot):
    window = make_window()
    panel = open_built(window, qtbot, "sample_long").widget
    qtbot.waitUntil(lambda: panel.view.progress.bar.value() >= 5, timeout=10000)
    assert panel.view.state == "loading"
    assert panel.view.progress.cancel_button.isVisible()
    with qtbot.waitSignal(panel.handle.cancelled, timeout=10000):
        qtbot.mouseClick(panel.view.progress.cancel_button, Qt.MouseButton.LeftButton)
    assert panel.result is None  # the job never finished
    assert panel.view.state == "empty"
    assert panel.view.empty_title.text() == "Cancelled"
    assert panel.view.empty_button.text() == "Load again"
    assert panel.view.progress.bar.value() < panel.steps


def test_a_failing_worker_shows_its_error_in_its_own_panel(
    make_window, sample_plugins, qtbot, caplog
):
    window = make_window()
    frame = open_built(window, qtbot, "sample_faulty")
    open_built(window, qtbot, "sample_lazy")
    with qtbot.waitSignal(window.host.panel_failed, timeout=10000):
        frame.widget.start_failing_task()
    assert frame.banner.isVisible() or not frame.isVisible()
    assert "the faulty worker exploded" in frame.banner.label.text()
    assert frame.widget is not None  # the panel is still there
    assert not window.host.frames["sample_lazy"].failed
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert "the faulty worker exploded" in logged
    assert "Traceback" in logged and "in fail" in logged


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_shown_in_that_panel(
    make_window, sample_plugins, qtbot, caplog
):
    window = make_window()
    frame = open_built(window, qtbot, "sample_faulty")
    frame.widget.button.click()  # the slot raises; Qt hands the exception to sys.excepthook
    qtbot.waitUntil(lambda: frame.failed, timeout=5000)
    assert "the faulty slot exploded" in frame.banner.label.text()
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "console.uncaught")
    assert "RuntimeError: the faulty slot exploded" in text
    assert "in explode" in text  # the traceback, not only the message
    assert window.isVisible()


@pytest.mark.qt_no_exception_capture
def test_an_exception_outside_any_panel_goes_to_the_status_bar(make_window, qtbot, caplog):
    window = make_window()

    def broken_shell_slot() -> None:
        raise KeyError("not a panel's fault")

    with caplog.at_level(logging.ERROR, logger="console.uncaught"):
        QTimer.singleShot(0, broken_shell_slot)
        qtbot.waitUntil(
            lambda: "unexpected error" in window.statusBar().currentMessage(), timeout=5000
        )
    assert "not a panel's fault" in window.statusBar().currentMessage()
    assert any("KeyError" in r.getMessage() for r in caplog.records)


def test_a_newer_task_with_the_same_key_supersedes_the_older(panel_context, qtbot):
    ctx = panel_context("keys")
    results = []

    def slow(value, *, task):
        for _ in range(50):
            time.sleep(0.005)
            task.check()
        return value

    first = ctx.run(slow, "old", key="load", on_result=results.append)
    with qtbot.waitSignal(ctx.runner.busy_changed, timeout=10000,
                          check_params_cb=lambda n: n == 0):  # fmt: skip
        ctx.run(slow, "new", key="load", on_result=results.append)
    assert first.is_cancelled
    assert results == ["new"]
