"""Shared fixtures: offscreen Qt, an isolated HQ_CONSOLE_HOME, an in-memory keyring."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HQ_CONSOLE_HOME", tempfile.mkdtemp(prefix="hq-console-test-home-"))
os.environ.pop("HQ_CONSOLE_DB", None)

pytest_plugins = ["tests.fixtures.keyring_memory", "tests.fixtures.databases", "tests.ui.fixtures"]
