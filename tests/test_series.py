"""vnepi.series: one value per province and day, derived days, the choice rule, shapes."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import vnepi
from vnepi.records import Record, to_jsonl
from vnepi.series import SUM_COLUMN, choose, prepare, source_rank

ARCHIVE = Path(__file__).resolve().parent / "fixtures" / "archive"


def rec(doc: str, province: str, date: str | None, value: float, *, cum: bool = False,
        kind: str = "count", source: str | None = None, doc_date: str | None = None,
        setting: str | None = None, district: str | None = None, since: str | None = None,
        event: str = "cases", start: int = 0) -> dict:
    return {"doc_id": doc, "source": source, "url": None, "doc_date": doc_date or date,
            "event": event, "value": value, "province": province, "district": district,
            "date": date, "cumulative": cum, "since": since, "kind": kind, "setting": setting,
            "start": start, "end": start + 5}


def df(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def cell(table: pd.DataFrame, day: str, province: str) -> float:
    return table.loc[pd.Timestamp(day), province]


def test_a_figure_in_headline_body_and_several_bulletins_counts_once():
    recs = df(rec("a", "Hà Nội", "2021-11-01", 100, start=0), rec("a", "Hà Nội", "2021-11-01", 100, start=90),
              rec("b", "Hà Nội", "2021-11-01", 100), rec("c", "Hà Nội", "2021-11-02", 120))
    long = vnepi.series(recs, "cases", form="long")
    assert long[["province", "value", "n_reports", "derived"]].values.tolist() == [
        ["Hà Nội", 100, 2, False], ["Hà Nội", 120, 1, False]]
    assert long.loc[0, "doc_ids"] == "a|b" and long.loc[0, "spans"] == "a@0-5|a@90-95|b@0-5"
    assert cell(vnepi.series(recs, "cases"), "2021-11-01", "Hà Nội") == 100


def test_missing_day_is_derived_from_consecutive_running_totals():
    recs = df(rec("a", "Hà Nội", "2021-11-02", 5220, cum=True), rec("b", "Hà Nội", "2021-11-03", 5350, cum=True),
              rec("c", "Hà Nội", "2021-11-05", 5600, cum=True))  # 4/11 missing: no 5/11 derived
    long = vnepi.series(recs, "cases", form="long")
    assert long[["date", "value", "derived", "method"]].values.tolist() == [
        [pd.Timestamp("2021-11-03"), 130, True, "from_running_totals"]]
    assert long.loc[0, "doc_ids"] == "a|b" and long.loc[0, "n_reports"] == 2


def test_reported_figure_wins_over_derived_and_shrinking_totals_derive_nothing():
    recs = df(rec("a", "Hà Nội", "2021-11-02", 5220, cum=True), rec("b", "Hà Nội", "2021-11-03", 5350, cum=True),
              rec("b", "Hà Nội", "2021-11-03", 125),
              rec("c", "Huế", "2021-11-02", 900, cum=True), rec("d", "Huế", "2021-11-03", 890, cum=True))
    long = vnepi.series(recs, "cases", form="long")
    assert long[["province", "value", "method"]].values.tolist() == [["Hà Nội", 125, "reported"]]


def test_windows_are_not_mixed_and_the_whole_epidemic_window_is_preferred():
    recs = df(rec("a", "Hà Nội", "2021-11-02", 5220, cum=True), rec("b", "Hà Nội", "2021-11-03", 5350, cum=True),
              rec("a", "Hà Nội", "2021-11-02", 4000, cum=True, since="2021-04-27"),
              rec("b", "Hà Nội", "2021-11-03", 4131, cum=True, since="2021-04-27"),
              rec("c", "Huế", "2021-11-03", 300, cum=True, since="2021-04-27"),
              rec("d", "Huế", "2021-11-04", 310, cum=True))  # different windows: no difference
    long = vnepi.series(recs, "cases", form="long")
    assert long[["province", "value"]].values.tolist() == [["Hà Nội", 130]]
    cum = vnepi.series(recs, "cases", "cumulative", form="long")
    assert cum[cum["province"] == "Hà Nội"]["value"].tolist() == [5220, 5350]
    assert cum[cum["province"] == "Huế"][["value", "since"]].values.tolist() == [[310, None]]


def test_day_derived_from_a_change_and_the_previous_day():
    recs = df(rec("a", "Bắc Ninh", "2021-11-03", 25), rec("b", "Bắc Ninh", "2021-11-04", 20, kind="change"),
              rec("c", "Huế", "2021-11-04", -5, kind="change"))  # no previous day: nothing
    long = vnepi.series(recs, "cases", form="long")
    assert long[["date", "province", "value", "method"]].values.tolist() == [
        [pd.Timestamp("2021-11-03"), "Bắc Ninh", 25, "reported"],
        [pd.Timestamp("2021-11-04"), "Bắc Ninh", 45, "from_change"]]


def test_choice_rule_ministry_then_later_bulletin_then_more_bulletins():
    assert [source_rank(s) for s in ("Bộ Y tế", "Sở Y tế Hà Nội", "VnExpress", None)] == [3, 2, 1, 0]
    assert source_rank(None, "https://moh.gov.vn/x") == 3 and source_rank("x", "https://hanoi.gov.vn") == 2
    recs = df(
        # ministry beats a later press report
        rec("m", "Hải Phòng", "2021-11-02", 60, source="Bộ Y tế", doc_date="2021-11-02"),
        rec("p", "Hải Phòng", "2021-11-02", 65, source="Tin Nhanh", doc_date="2021-11-03"),
        # same rank: the later bulletin corrects the earlier one
        rec("m1", "Việt Nam", "2021-11-03", 330, source="Bộ Y tế", doc_date="2021-11-03"),
        rec("m2", "Việt Nam", "2021-11-03", 335, source="Bộ Y tế", doc_date="2021-11-04"),
        # same rank and day: the value more bulletins give
        rec("x", "Huế", "2021-11-03", 7, source="A"), rec("y", "Huế", "2021-11-03", 9, source="B"),
        rec("z", "Huế", "2021-11-03", 9, source="C"))
    t = vnepi.series(recs, "cases")
    assert cell(t, "2021-11-02", "Hải Phòng") == 60
    assert cell(t, "2021-11-03", "Việt Nam") == 335
    assert cell(t, "2021-11-03", "Huế") == 9
    long = vnepi.series(recs, "cases", form="long")
    assert long["conflict"].all() and long[long["province"] == "Huế"]["doc_ids"].item() == "y|z"


def test_wide_table_has_every_day_national_then_sum_of_provinces():
    recs = df(rec("a", "Việt Nam", "2021-11-01", 300), rec("a", "Hà Nội", "2021-11-01", 100),
              rec("a", "Đà Nẵng", "2021-11-01", 50), rec("b", "Hà Nội", "2021-11-03", 80))
    t = vnepi.series(recs, "cases")
    assert list(t.columns) == ["Đà Nẵng", "Hà Nội", "Việt Nam", SUM_COLUMN]
    assert list(t.index) == list(pd.date_range("2021-11-01", "2021-11-03")) and t.index.name == "date"
    assert cell(t, "2021-11-01", SUM_COLUMN) == 150 and cell(t, "2021-11-03", SUM_COLUMN) == 80
    assert t.loc[pd.Timestamp("2021-11-02")].isna().all()
    assert math.isnan(cell(t, "2021-11-03", "Việt Nam"))
    assert SUM_COLUMN not in vnepi.series(recs, "cases", national_sum=False).columns


def test_breakdowns_districts_other_events_and_undated_are_left_out():
    recs = df(rec("a", "Hà Nội", "2021-11-01", 100), rec("a", "Hà Nội", "2021-11-01", 3, setting="imported"),
              rec("a", "Hà Nội", "2021-11-01", 40, district="Đống Đa"),
              rec("a", "Hà Nội", "2021-11-01", 2, event="deaths"), rec("u", "Hà Nội", None, 90))
    assert vnepi.series(recs, "cases", form="long")["value"].tolist() == [100]
    assert vnepi.series(recs, "cases", setting="imported", form="long")["value"].tolist() == [3]
    assert vnepi.series(recs, "deaths", form="long")["value"].tolist() == [2]
    assert prepare(recs).attrs["n_undated"] == 1
    with pytest.raises(ValueError, match="unknown event"):
        vnepi.series(recs, "flu")


def test_cumulative_fills_a_day_from_previous_total_and_daily_figure():
    recs = df(rec("a", "Việt Nam", "2021-11-02", 10320, cum=True), rec("b", "Việt Nam", "2021-11-03", 335),
              rec("c", "Việt Nam", "2021-11-04", 10855, cum=True))
    long = vnepi.series(recs, "cases", "cumulative", form="long")
    assert long[["value", "method"]].values.tolist() == [[10320, "reported"], [10655, "from_daily"],
                                                         [10855, "reported"]]
    assert SUM_COLUMN not in vnepi.series(recs, "cases", "cumulative").columns


def test_records_jsonl_csv_and_empty_inputs(tmp_path):
    recs = [Record("cases", 100, {"province": "Hà Nội", "district": None, "code": "01"},
                   date="2021-11-01", doc_id="a"),
            Record("cases", 120, {"province": "Hà Nội", "district": None, "code": "01"},
                   date="2021-11-02", doc_id="b")]
    (tmp_path / "r.jsonl").write_text(to_jsonl(recs), encoding="utf-8")
    vnepi.to_dataframe(recs).to_csv(tmp_path / "r.csv", index=False)
    for src in (recs, str(tmp_path / "r.jsonl"), tmp_path / "r.csv"):
        assert vnepi.series(src, "cases")["Hà Nội"].tolist() == [100, 120]
    assert vnepi.series([], "cases").empty and vnepi.series([], "cases", form="long").empty
    assert choose(prepare(df(rec("a", "Huế", "2021-11-01", 1))).iloc[:0], ["province"]).empty


@pytest.fixture(scope="module")
def archive_records() -> pd.DataFrame:
    return vnepi.extract_archive(ARCHIVE, progress=False)


def test_fixture_archive_daily_and_cumulative_tables(archive_records):
    # Right answers worked out by hand from the nine bulletins in tests/fixtures/archive.
    days = pd.date_range("2021-11-01", "2021-11-04", name="date")
    daily = pd.DataFrame({"Bắc Ninh": [20, 20, 25, 45], "Hà Nội": [100, 120, 130, 150],
                          "Hải Phòng": [50, 60, 40, 70], "Việt Nam": [300, 320, 335, 200],
                          SUM_COLUMN: [170, 200, 195, 265]}, index=days, dtype=float)
    got = vnepi.series(archive_records, "cases")
    pd.testing.assert_frame_equal(got, daily, check_names=False, check_freq=False)
    long = vnepi.series(archive_records, "cases", form="long").set_index(["province", "date"])
    assert long.loc[("Hà Nội", pd.Timestamp("2021-11-03")), "method"] == "from_running_totals"
    assert long.loc[("Bắc Ninh", pd.Timestamp("2021-11-04")), "method"] == "from_change"
    assert long["derived"].sum() == 2
    cum = vnepi.series(archive_records, "cases", "cumulative")
    assert cum["Hà Nội"].tolist() == [5100, 5220, 5350, 5510]
    assert cum["Việt Nam"].tolist() == [10000, 10320, 10655, 10855]
    assert cum["Bắc Ninh"].tolist()[1:3] == [1500, 1490]
    assert vnepi.series(archive_records, "deaths")["Việt Nam"].tolist() == [5]
