"""`hq-console identities resolve|evaluate` end to end, and its refusals of bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from console.__main__ import main
from tests.services.test_identity_resolution import RECORDS


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    records, truth = tmp_path / "records.csv", tmp_path / "truth.csv"
    RECORDS.drop(columns="person").to_csv(records, index=False)
    RECORDS.rename(columns={"id": "record_id", "person": "entity_id"})[
        ["record_id", "entity_id"]
    ].to_csv(truth, index=False)
    return records, truth, tmp_path / "clusters.csv"


def _resolve(records: Path, out: Path, *extra: str) -> list[str]:
    return ["identities", "resolve", "--records", str(records), "--id-col", "id",
            "--out", str(out), *extra]  # fmt: skip


def test_resolve_then_evaluate(tmp_path, capsys):
    records, truth, clusters = _files(tmp_path)
    args = _resolve(
        records,
        clusters,
        "--exact",
        "phone,email,card=member_card",
        "--fuzzy",
        "name,birth,postcode",
        "--max-records-per-value",
        "2",
    )
    assert main(args) == 0
    report = capsys.readouterr().out
    assert "column 'card' read as member_card" in report
    assert "column 'birth' read as birth_date" in report
    assert "flagged phone '02162345678': held by 3 records" in report
    table = pd.read_csv(clusters)
    assert table.columns.tolist() == ["record_id", "customer_id"]
    assert dict(zip(table["record_id"], table["customer_id"], strict=True)) == {
        1: 1, 2: 1, 3: 1, 4: 4, 5: 4, 6: 6, 7: 7, 8: 8, 9: 8,
        10: 10, 11: 11, 12: 12, 13: 13, 14: 13,
    }  # fmt: skip
    assert main(["identities", "evaluate", "--clusters", str(clusters), "--truth", str(truth)]) == 0
    scores = capsys.readouterr().out
    assert "pairwise precision: 0.8333" in scores
    assert "pairwise recall:    0.8333" in scores
    assert "pairwise F1:        0.8333" in scores


def test_identifiers_keep_leading_zeros(tmp_path):
    records = tmp_path / "records.csv"
    records.write_text("id,card\n1,00123\n2,123\n3,0456\n", encoding="utf-8")
    out = tmp_path / "clusters.csv"
    assert main(_resolve(records, out, "--exact", "card")) == 0
    assert pd.read_csv(out)["customer_id"].tolist() == [1, 1, 3]


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("id,phone\n1,13812345678\n", ["--exact", "mobile"], "no column(s) 'mobile'"),
        ("id,phone\n1,13812345678\n1,13812345679\n", ["--exact", "phone"], "used by several"),
        ("id,phone\n1,13812345678\n,13812345679\n", ["--exact", "phone"], "have no id (rows 2)"),
        ("id,phone\n1,13812345678\n", [], "No identifier column"),
        ("id,phone\n1,13812345678\n", ["--exact", "phone=passport"], "'passport' is not one"),
        ("id,hobby\n1,chess\n", ["--fuzzy", "hobby"], "cannot tell which field"),
        ("id,name\n1,张伟\n", ["--fuzzy", "name"], "no block"),
        ("id,phone\n1,13812345678\n", ["--exact", "phone", "--threshold", "2"], "outside 0-1"),
    ],
)
def test_resolve_bad_input(tmp_path, capsys, content, extra, message):
    records, out = tmp_path / "records.csv", tmp_path / "clusters.csv"
    records.write_text(content, encoding="utf-8")
    assert main(_resolve(records, out, *extra)) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_evaluate_bad_input(tmp_path, capsys):
    clusters, truth = tmp_path / "clusters.csv", tmp_path / "truth.csv"
    clusters.write_text("record_id,customer_id\n1,1\n2,1\n", encoding="utf-8")
    truth.write_text("record_id,entity\n1,a\n2,a\n", encoding="utf-8")
    args = ["identities", "evaluate", "--clusters", str(clusters), "--truth", str(truth)]
    assert main(args) == 2
    assert "no column(s) 'entity_id'" in capsys.readouterr().err
    truth.write_text("record_id,entity_id\n1,a\n3,a\n", encoding="utf-8")
    assert main(args) == 2
    assert "appear in only one of the two lists" in capsys.readouterr().err
