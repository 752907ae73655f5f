"""`hq-console segments rfm|clv` end to end, and its refusals of bad input."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from console.__main__ import main

DATA = Path(__file__).parents[1] / "data"

TX_CSV = """cust,day,amt
1,2024-06-30,100
1,2024-06-01,50
2,2024-01-10,500
3,2024-06-20,80
3,2024-06-20,20
3,2024-05-01,30
3,2024-04-01,-10
4,2024-03-15,200
4,2024-06-25,300
4,2024-06-25,-50
5,2024-06-30,10
6,2023-12-01,1000
6,2024-02-01,1000
6,2024-03-01,1000
6,2024-04-01,1000
6,2024-05-01,1000
"""


def _rfm_args(tx: Path, out: Path, *extra: str) -> list[str]:
    return [
        "segments",
        "rfm",
        "--transactions",
        str(tx),
        "--customer-col",
        "cust",
        "--date-col",
        "day",
        "--amount-col",
        "amt",
        "--out",
        str(out),
        *extra,
    ]


def test_rfm_writes_the_documented_columns(tmp_path, capsys):
    tx, out = tmp_path / "tx.csv", tmp_path / "customers.csv"
    tx.write_text(TX_CSV, encoding="utf-8")
    assert main(_rfm_args(tx, out)) == 0
    table = pd.read_csv(out)
    assert table.columns.tolist() == [
        "customer",
        "recency_days",
        "frequency",
        "monetary",
        "r",
        "f",
        "m",
        "segment",
    ]
    # The hand-computed example of tests/services/test_rfm.py.
    assert table["r"].tolist() == [5, 1, 3, 4, 5, 2]
    assert table["f"].tolist() == [2, 1, 4, 3, 1, 5]
    assert table["m"].tolist() == [2, 4, 1, 3, 1, 5]
    assert table["segment"].tolist()[-1] == "Can't Lose Them"
    assert "as of 2024-07-01" in capsys.readouterr().out


def test_rfm_as_of_and_gb18030_files(tmp_path, capsys):
    tx, out = tmp_path / "tx.csv", tmp_path / "customers.csv"
    tx.write_bytes(TX_CSV.replace("cust", "客户").encode("gb18030"))
    args = _rfm_args(tx, out, "--as-of", "2024-06-01")
    args[args.index("cust")] = "客户"
    assert main(args) == 0
    assert pd.read_csv(out)["customer"].tolist() == [2, 3, 4, 6]
    assert "left out" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (TX_CSV.replace("amt", "amount"), [], "'amt'"),
        ("", [], "is empty"),
        ("cust,day,amt\n", [], "no rows"),
        (TX_CSV.replace("2024-01-10", ""), [], "row 3, column 'day': missing date"),
        (TX_CSV.replace("2024-01-10", "10/45/2024"), [], "row 3, column 'day': not a date"),
        (TX_CSV.replace(",500", ",5OO"), [], "row 3, column 'amt': not a number"),
        (TX_CSV, ["--as-of", "2024-13-01"], "--as-of '2024-13-01' is not a date"),
        (TX_CSV, ["--as-of", "2023-01-01"], "No transaction is dated before"),
    ],
)
def test_rfm_bad_input_names_the_problem_and_writes_nothing(
    tmp_path, capsys, content, extra, message
):
    tx, out = tmp_path / "tx.csv", tmp_path / "customers.csv"
    tx.write_text(content, encoding="utf-8")
    out.write_text("keep me", encoding="utf-8")
    assert main(_rfm_args(tx, out, *extra)) == 2
    assert message in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert {p.name for p in tmp_path.iterdir()} == {"tx.csv", "customers.csv"}


def test_missing_files_and_folders(tmp_path, capsys):
    assert main(_rfm_args(tmp_path / "none.csv", tmp_path / "out.csv")) == 2
    assert "does not exist" in capsys.readouterr().err
    tx = tmp_path / "tx.csv"
    tx.write_text(TX_CSV, encoding="utf-8")
    assert main(_rfm_args(tx, tmp_path / "no" / "out.csv")) == 2
    assert "folder" in capsys.readouterr().err


def _cdnow_csv(path: Path) -> None:
    raw = pd.read_csv(
        DATA / "CDNOW_sample.txt",
        sep=r"\s+",
        header=None,
        names=["master_id", "customer", "date", "cds", "amount"],
        dtype={"customer": str, "date": str},
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d").dt.strftime("%Y-%m-%d")
    raw[["customer", "date", "amount"]].to_csv(path, index=False)


def _clv_args(tx: Path, out: Path, *extra: str) -> list[str]:
    return [
        "segments",
        "clv",
        "--transactions",
        str(tx),
        "--customer-col",
        "customer",
        "--date-col",
        "date",
        "--amount-col",
        "amount",
        "--out",
        str(out),
        *extra,
    ]


def test_clv_on_cdnow_prints_the_published_parameters(tmp_path, capsys):
    tx, out = tmp_path / "cdnow.csv", tmp_path / "clv.csv"
    _cdnow_csv(tx)
    args = _clv_args(tx, out, "--time-unit", "W", "--as-of", "1997-09-30", "--horizon", "39")
    assert main(args) == 0
    params = json.loads(capsys.readouterr().out)
    published = {
        "r": 0.243,
        "alpha": 4.414,
        "a": 0.793,
        "b": 2.426,
        "p": 6.25,
        "q": 3.74,
        "v": 15.44,
    }
    assert set(params) == set(published)
    for name, reference in published.items():
        half_unit = 0.5 * 10 ** (math.floor(math.log10(reference)) - 1)
        assert abs(params[name] - reference) <= half_unit, name
    table = pd.read_csv(out).set_index("customer")
    assert len(table) == 2357
    for column in ("expected_purchases", "expected_spend", "clv", "p_alive"):
        assert column in table
    # Customer 0001 (x = 2, t_x = 30.43, T = 38.86): the paper's 1.226 purchases in 39 weeks.
    assert table.loc[1, "expected_purchases"] == pytest.approx(1.226, abs=0.01)


def test_clv_defaults_to_a_one_year_horizon_in_days(tmp_path, capsys):
    tx, out = tmp_path / "cdnow.csv", tmp_path / "clv.csv"
    _cdnow_csv(tx)
    assert main(_clv_args(tx, out, "--time-unit", "D", "--as-of", "1997-09-30")) == 0
    params = json.loads(capsys.readouterr().out)
    assert params["alpha"] == pytest.approx(4.414 * 7, rel=0.05)  # alpha scales with the unit
    assert params["r"] == pytest.approx(0.243, rel=0.05)


def test_clv_without_repeat_purchases_is_refused(tmp_path, capsys):
    tx, out = tmp_path / "tx.csv", tmp_path / "clv.csv"
    tx.write_text("customer,date,amount\n1,2024-01-01,10\n2,2024-01-02,20\n", encoding="utf-8")
    assert main(_clv_args(tx, out, "--time-unit", "W")) == 2
    assert "repeat purchase" in capsys.readouterr().err
    assert not out.exists()
