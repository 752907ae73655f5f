"""Where HQ Console keeps its files; HQ_CONSOLE_HOME moves them all (tests, portable use)."""

from __future__ import annotations

import os
from pathlib import Path


def _base(kind: str) -> Path:
    home = os.environ.get("HQ_CONSOLE_HOME")
    if home:
        path = Path(home) / kind
    else:
        import platformdirs

        finder = {
            "data": platformdirs.user_data_dir,
            "config": platformdirs.user_config_dir,
            "log": platformdirs.user_log_dir,
        }[kind]
        path = Path(finder("hq-console", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    return _base("data")


def config_dir() -> Path:
    return _base("config")


def log_dir() -> Path:
    return _base("log")


def default_database_path() -> Path:
    """The embedded demo database, created and seeded on first start."""
    return data_dir() / "hq-console-demo.sqlite"


def log_file() -> Path:
    return log_dir() / "hq-console.log"
