"""`hq-console report ...`: headless reports written to CSV or XLSX.

Each verb lives in its own module with `register(verbs, common)`; a module not written yet
is skipped, so features add verbs without editing this file's logic.
"""

from __future__ import annotations

import argparse
import importlib

VERB_MODULES = ["console.cli.report_kpis", "console.cli.report_sla"]


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    report = subparsers.add_parser(
        "report", parents=[common], help="write KPI and service reports to CSV or XLSX"
    )
    verbs = report.add_subparsers(dest="report_command", metavar="VERB", required=True)
    for name in VERB_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a report verb not written yet
            if exc.name != name:
                raise
            continue
        module.register(verbs, common)
