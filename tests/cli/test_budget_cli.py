"""`hq-console budget optimize`: files in, plan and JSON summary out, clear errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from console.__main__ import main
from console.services.response_curves import hill, hill_marginal

CURVES = """cell,channel,region,alpha,gamma,beta,current_spend
search|north,search,north,0.8,20000,150000,18000
search|south,search,south,0.6,15000,90000,12000
social|north,social,north,1.0,30000,120000,25000
store_events|south,store_events,south,0.9,40000,200000,30000
"""
BOUNDS = """cell,min,max
search|north,10000,
social|north,,20000
"""


@pytest.fixture
def files(tmp_path):
    curves = tmp_path / "curves.csv"
    curves.write_text(CURVES)
    bounds = tmp_path / "bounds.csv"
    bounds.write_text(BOUNDS)
    return curves, bounds, tmp_path / "plan.csv"


def run(*args: object) -> int:
    return main(["budget", "optimize", *map(str, args)])


def test_optimize_writes_plan_and_prints_summary(files, capsys):
    curves, bounds, out = files
    assert run("--curves", curves, "--total", 85000, "--bounds", bounds, "--out", out) == 0
    summary = json.loads(capsys.readouterr().out)
    plan = pd.read_csv(out)
    assert list(plan.columns) == ["cell", "spend", "response", "marginal_response"]
    table = pd.read_csv(curves).set_index("cell").loc[plan["cell"]]
    params = [table[c].to_numpy() for c in ("alpha", "gamma", "beta")]
    spend = plan["spend"].to_numpy()
    assert spend.sum() == pytest.approx(85000.0, rel=1e-12)
    assert np.allclose(plan["response"], hill(spend, *params))
    assert np.allclose(plan["marginal_response"], hill_marginal(spend, *params))
    assert plan.set_index("cell").loc["search|north", "spend"] >= 10000.0
    assert plan.set_index("cell").loc["social|north", "spend"] == pytest.approx(20000.0)
    assert summary["total_spend"] == pytest.approx(85000.0)
    assert summary["total_response"] == pytest.approx(plan["response"].sum())
    current = hill(table["current_spend"].to_numpy(), *params).sum()
    assert summary["current_response"] == pytest.approx(current)
    assert summary["total_response"] >= summary["current_response"]
    free = plan["cell"] != "social|north"  # the only cell at a bound (its maximum)
    assert np.allclose(plan.loc[free, "marginal_response"], summary["marginal_return"])
    assert summary["exact"] is True


def test_bounds_file_is_optional(files, capsys):
    curves, _, out = files
    assert run("--curves", curves, "--total", 1000, "--out", out) == 0
    assert pd.read_csv(out)["spend"].sum() == pytest.approx(1000.0)
    assert json.loads(capsys.readouterr().out)["total_spend"] == pytest.approx(1000.0)


@pytest.mark.parametrize(
    ("curves_text", "bounds_text", "total", "message"),
    [
        (
            CURVES.replace("0.6,15000", "-0.6,15000"),
            None,
            85000,
            "Cell search|south: alpha is -0.6",
        ),
        (
            CURVES.replace("30000,120000", "nan,120000"),
            None,
            85000,
            "Cell social|north: gamma is nan",
        ),
        (
            CURVES,
            "cell,min,max\nsearch|north,50000,\nsearch|south,40000,\n",
            85000,
            "minimums (locked cells included) add up to 90,000.00, above the total budget",
        ),
        (CURVES, "cell,min,max\ntv|east,1,\n", 85000, "bounds name cell tv|east"),
        (
            CURVES,
            "cell,min,max\nsearch|south,5000,4000\n",
            85000,
            "Cell search|south: the minimum 5,000.00 is above the maximum 4,000.00",
        ),
        (CURVES.replace("beta,", "b,"), None, 85000, "lacks the column(s) beta"),
        (CURVES, "cell,low\nsearch|south,1\n", 85000, "needs a cell column and min and/or max"),
        (CURVES, None, "lots", "The total 'lots' is not a positive amount"),
        (CURVES, None, -10, "The total '-10' is not a positive amount"),
        (
            CURVES + "search|north,search,north,0.8,1,1,1\n",
            None,
            85000,
            "lists cell search|north twice",
        ),
    ],
)
def test_bad_input_names_the_problem_and_writes_nothing(
    tmp_path, capsys, curves_text, bounds_text, total, message
):
    curves = tmp_path / "curves.csv"
    curves.write_text(curves_text)
    args = ["--curves", curves, "--total", total, "--out", tmp_path / "plan.csv"]
    if bounds_text is not None:
        (tmp_path / "bounds.csv").write_text(bounds_text)
        args += ["--bounds", tmp_path / "bounds.csv"]
    assert run(*args) == 2
    error = capsys.readouterr().err
    assert message in error
    assert error.count(".") >= 2  # a problem sentence and a fix sentence
    assert not (tmp_path / "plan.csv").exists()
    assert not list(tmp_path.glob(".plan-*"))


def test_unreadable_files_are_reported(tmp_path, capsys, files):
    curves, _, out = files
    assert run("--curves", tmp_path / "missing.csv", "--total", 10, "--out", out) == 2
    assert "missing.csv does not exist" in capsys.readouterr().err
    assert run("--curves", tmp_path, "--total", 10, "--out", out) == 2
    assert "cannot be opened" in capsys.readouterr().err
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\xff\xfe\x00\x81\x90" * 50)
    assert run("--curves", curves, "--total", 10, "--bounds", garbage, "--out", out) == 2
    assert "is not a readable CSV file" in capsys.readouterr().err
    assert run("--curves", curves, "--total", 10, "--out", tmp_path / "no" / "plan.csv") == 2
    assert "Cannot write the plan" in capsys.readouterr().err
    assert not out.exists()


def test_s_shaped_curves_report_a_heuristic_plan(tmp_path, capsys):
    curves = tmp_path / "curves.csv"
    curves.write_text(
        "cell,channel,region,alpha,gamma,beta,current_spend\n"
        "a,tv,east,3,100,1000,60\nb,tv,west,3,100,1000,60\n"
    )
    assert run("--curves", curves, "--total", 120, "--out", tmp_path / "plan.csv") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["total_response"] > 1.7 * summary["current_response"]
    assert sorted(pd.read_csv(tmp_path / "plan.csv")["spend"].round(6)) == [0.0, 120.0]
