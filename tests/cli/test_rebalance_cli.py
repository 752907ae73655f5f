"""`hq-console rebalance`: files in, transfers and a JSON summary out; bad input writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from console.__main__ import main

STOCK = """location,sku,on_hand,safety,target,penalty
D,a,8,1,2,0
R1,a,0,0,4,10
R2,a,1,0,5,3
D,b,5,0,0,0
R2,b,0,0,2,7
"""
LANES = """from,to,unit_cost,fixed_cost
D,R1,2,0
D,R2,1,0
R1,R2,0.5,0
"""


def _files(tmp_path: Path, stock: str = STOCK, lanes: str = LANES) -> tuple[Path, Path, Path]:
    (tmp_path / "stock.csv").write_text(stock, encoding="utf-8")
    (tmp_path / "lanes.csv").write_text(lanes, encoding="utf-8")
    return tmp_path / "stock.csv", tmp_path / "lanes.csv", tmp_path / "transfers.csv"


def _run(stock: Path, lanes: Path, out: Path, *extra: str) -> int:
    return main(
        ["rebalance", "--stock", str(stock), "--lanes", str(lanes), "--out", str(out), *extra]
    )


def test_writes_transfers_and_prints_summary(tmp_path, capsys):
    stock, lanes, out = _files(tmp_path)
    assert _run(stock, lanes, out) == 0
    summary = json.loads(capsys.readouterr().out)
    transfers = pd.read_csv(out)
    assert list(transfers.columns) == ["sku", "from", "to", "qty"]
    # D may give 6 of a: 4 to R1 (penalty 10) and 2 to R2 (penalty 3); 2 of b to R2.
    assert transfers.values.tolist() == [
        ["a", "D", "R1", 4],
        ["a", "D", "R2", 2],
        ["b", "D", "R2", 2],
    ]
    assert summary["transport_cost"] == 4 * 2 + 2 * 1 + 2 * 1
    assert summary["fixed_cost"] == 0
    assert summary["unmet_units"] == 2
    assert summary["total_cost"] == 12 + 2 * 3
    assert summary["optimal"] is True and summary["gap"] == 0


@pytest.mark.parametrize(
    ("fixed_d_r1", "fixed", "total"),
    [
        # R1's 4 units save 4 x (10 - 2) = 32: worth a lane costing 20 ...
        (20, 20 + 4, 12 + 24 + 2 * 3),
        # ... not one costing 30: then D's 6 units of a go to R2 (4) and R1 waits (4 x 10).
        (30, 4, 4 * 1 + 2 * 1 + 4 + 4 * 10),
    ],
)
def test_fixed_costs_are_reported(tmp_path, capsys, fixed_d_r1, fixed, total):
    lanes = LANES.replace("D,R1,2,0", f"D,R1,2,{fixed_d_r1}").replace("D,R2,1,0", "D,R2,1,4")
    stock, lanes_file, out = _files(tmp_path, lanes=lanes)
    assert _run(stock, lanes_file, out, "--time-limit", "20") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["fixed_cost"] == fixed
    assert summary["total_cost"] == total
    assert summary["optimal"] is True
    assert summary["gap"] == 0


def _refused(tmp_path, capsys, stock=STOCK, lanes=LANES, *extra) -> str:
    stock_file, lanes_file, out = _files(tmp_path, stock, lanes)
    out.write_text("previous\n")
    assert _run(stock_file, lanes_file, out, *extra) == 2
    assert out.read_text() == "previous\n"  # nothing written
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_negative_stock_is_refused_naming_the_line(tmp_path, capsys):
    err = _refused(tmp_path, capsys, STOCK.replace("R1,a,0,0,4,10", "R1,a,-3,0,4,10"))
    assert "stock.csv line 3: on_hand is negative (-3)" in err


def test_unknown_location_in_a_lane(tmp_path, capsys):
    err = _refused(tmp_path, capsys, lanes=LANES + "D,R9,1,0\n")
    assert "lanes.csv line 5: to location R9 has no row in the stock table" in err


def test_need_that_no_lane_reaches(tmp_path, capsys):
    stock = STOCK + "R3,a,0,0,3,5\n"
    err = _refused(tmp_path, capsys, stock)
    assert "stock.csv line 7: location R3, sku a needs 3 but no lane reaches it" in err
    assert "--allow-unreachable" in err


def test_allow_unreachable_leaves_it_unmet_with_a_warning(tmp_path, capsys):
    stock, lanes, out = _files(tmp_path, STOCK + "R3,a,0,0,3,5\n")
    assert _run(stock, lanes, out, "--allow-unreachable") == 0
    captured = capsys.readouterr()
    assert "warning: 1 row(s)" in captured.err and "R3/a" in captured.err
    assert json.loads(captured.out)["unmet_units"] == 2 + 3


@pytest.mark.parametrize(
    ("stock", "expected"),
    [
        (STOCK + "D,a,1,1,1,1\n", "stock.csv line 7: duplicate of stock.csv line 2"),
        (STOCK.replace("R2,b,0,0,2,7", "R2,b,0,0,2,lots"), "penalty is not a number ('lots')"),
        (STOCK.replace("R2,b,0,0,2,7", "R2,b,0,0,,7"), "stock.csv line 6: target is empty"),
        (STOCK.replace(",penalty", ""), "lacks the column(s) penalty"),
    ],
)
def test_bad_stock_files(tmp_path, capsys, stock, expected):
    assert expected in _refused(tmp_path, capsys, stock)


def test_not_a_csv(tmp_path, capsys):
    stock_file, lanes_file, out = _files(tmp_path)
    stock_file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert _run(stock_file, lanes_file, out) == 2
    assert not out.exists()
    assert "stock.csv" in capsys.readouterr().err


def test_empty_file_and_missing_file(tmp_path, capsys):
    stock_file, lanes_file, out = _files(tmp_path, lanes="")
    assert _run(stock_file, lanes_file, out) == 2
    assert "is empty" in capsys.readouterr().err
    assert _run(tmp_path / "nope.csv", lanes_file, out) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not out.exists()


def test_bad_options(tmp_path, capsys):
    stock, lanes, out = _files(tmp_path)
    assert _run(stock, lanes, out, "--time-limit", "0") == 2
    assert "--time-limit 0 is not positive" in capsys.readouterr().err
    assert _run(stock, lanes, tmp_path / "missing" / "t.csv") == 2
    assert "does not exist" in capsys.readouterr().err
