"""vnepi.reconcile: conflicts, shrinking totals, mismatches, provinces above the nation, gaps."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import vnepi
from vnepi.reconcile import CHECKS

ARCHIVE = Path(__file__).resolve().parent / "fixtures" / "archive"


def rec(doc: str, province: str, date: str | None, value: float, *, cum: bool = False,
        kind: str = "count", source: str | None = None, doc_date: str | None = None,
        event: str = "cases", setting: str | None = None) -> dict:
    return {"doc_id": doc, "source": source, "url": None, "doc_date": doc_date or date,
            "event": event, "value": value, "province": province, "district": None,
            "date": date, "cumulative": cum, "since": None, "kind": kind, "setting": setting,
            "start": 0, "end": 5}


def df(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def found(report, check: str) -> list[tuple]:
    part = report.of(check)
    return [(r["province"], f"{r['date']:%Y-%m-%d}", r["value"],
             None if pd.isna(r["expected"]) else r["expected"]) for r in part.to_dict("records")]


@pytest.fixture(scope="module")
def report():
    return vnepi.reconcile(vnepi.extract_archive(ARCHIVE, progress=False))


def test_fixture_archive_findings(report):
    # Worked out by hand from the nine bulletins of tests/fixtures/archive.
    assert report.summary().to_dict() == {"conflict": 2, "shrinking_total": 1, "daily_mismatch": 2,
                                          "provinces_exceed_national": 1, "gap": 0, "undated": 1}
    conflicts = report.of("conflict")
    assert found(report, "conflict") == [("Hải Phòng", "2021-11-02", 60, None),
                                         ("Việt Nam", "2021-11-03", 335, None)]
    assert "60 from Bộ Y tế [byt-2021-11-02]; 65 from Tin Nhanh [20211102_tin-nhanh.html]" \
        in conflicts.loc[0, "detail"] and "a more official source" in conflicts.loc[0, "detail"]
    assert "kept 335 (the later bulletin)" in conflicts.loc[1, "detail"]
    assert found(report, "shrinking_total") == [("Bắc Ninh", "2021-11-03", 1490, 1500)]
    assert found(report, "daily_mismatch") == [("Bắc Ninh", "2021-11-03", 25, -10),
                                               ("Hà Nội", "2021-11-04", 150, 160)]
    assert found(report, "provinces_exceed_national") == [("Việt Nam", "2021-11-04", 200, 265)]
    assert report.of("undated")["doc_ids"].tolist() == ["ha-noi-sang-5-11.txt"]


def test_text_and_json_reports(report):
    text = report.to_text()
    assert text.splitlines()[0] == ("Reconciliation: conflict 2, shrinking_total 1, daily_mismatch 2, "
                                    "provinces_exceed_national 1, gap 0, undated 1")
    assert "  2021-11-03 Bắc Ninh cases: running total fell from 1.500 (2021-11-02) to 1.490" in text
    assert "  ha-noi-sang-5-11.txt: no date" in text
    data = json.loads(report.to_json())
    assert data["summary"]["conflict"] == 2 and len(data["findings"]) == len(report)
    first = data["findings"][0]
    assert first["date"] == "2021-11-02" and first["province"] == "Hải Phòng" and first["since"] is None


def test_gaps_are_runs_of_missing_days_in_a_daily_series():
    recs = df(*[rec("a", "Huế", d, 5) for d in ("2021-11-01", "2021-11-02", "2021-11-06", "2021-11-09")],
              rec("b", "Huế", "2021-11-03", 100, cum=True), rec("c", "Huế", "2021-11-04", 104, cum=True))
    r = vnepi.reconcile(recs)
    # 4/11 is derived from the totals; 3/11 (one total only), 5/11 and 7-8/11 are gaps
    assert found(r, "gap") == [("Huế", "2021-11-03", 1, None), ("Huế", "2021-11-05", 1, None),
                               ("Huế", "2021-11-07", 2, None)]
    assert "for 2 day(s), 2021-11-07 to 2021-11-08" in r.of("gap").loc[2, "detail"]
    assert vnepi.reconcile(recs, gaps=False).summary()["gap"] == 0


def test_tolerance_and_events_filter():
    recs = df(rec("a", "Huế", "2021-11-01", 100, cum=True), rec("b", "Huế", "2021-11-02", 110, cum=True),
              rec("b", "Huế", "2021-11-02", 12), rec("b", "Huế", "2021-11-02", 1, event="deaths"),
              rec("c", "Huế", "2021-11-02", 2, event="deaths"))
    assert found(vnepi.reconcile(recs), "daily_mismatch") == [("Huế", "2021-11-02", 12, 10)]
    assert vnepi.reconcile(recs, tolerance=2).summary()["daily_mismatch"] == 0
    assert vnepi.reconcile(recs, events=["cases"]).summary()["conflict"] == 0
    assert vnepi.reconcile(recs, events=["deaths"]).summary()["conflict"] == 1


def test_conflicting_running_totals_and_breakdowns_are_kept_apart():
    recs = df(rec("a", "Huế", "2021-11-01", 500, cum=True, source="Sở Y tế Thừa Thiên Huế"),
              rec("b", "Huế", "2021-11-01", 520, cum=True, source="Báo Huế"),
              rec("a", "Huế", "2021-11-01", 3, setting="imported"),
              rec("b", "Huế", "2021-11-01", 30))  # a breakdown is not a conflict with the total
    r = vnepi.reconcile(recs)
    assert found(r, "conflict") == [("Huế", "2021-11-01", 500, None)]
    assert r.of("conflict").loc[0, "detail"].startswith("running total: 500 from Sở Y tế")


def test_consistent_records_give_no_findings():
    recs = df(rec("a", "Việt Nam", "2021-11-01", 300), rec("a", "Huế", "2021-11-01", 10),
              rec("a", "Việt Nam", "2021-11-01", 1000, cum=True), rec("b", "Việt Nam", "2021-11-02", 1300, cum=True),
              rec("b", "Việt Nam", "2021-11-02", 300))
    r = vnepi.reconcile(recs)
    assert len(r) == 0 and list(r.summary().index) == list(CHECKS)
    assert r.to_text() == "Reconciliation: " + ", ".join(f"{c} 0" for c in CHECKS)
    assert len(vnepi.reconcile([])) == 0
