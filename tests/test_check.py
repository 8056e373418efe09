"""Consistency checks: figures of one bulletin (or a series) that contradict each other."""
from __future__ import annotations

import pytest

import vnepi
from vnepi.check import Finding, check_series
from vnepi.records import Location, Record

DAY = "2021-11-03"


def rec(event: str, value: int, province: str = "Việt Nam", *, text: str = "",
        at: str | None = None, district: str | None = None, date: str | None = DAY,
        cumulative: bool = False, since: str | None = None, kind: str = "count",
        setting: str | None = None, start: int = 0, doc_id: str | None = None) -> Record:
    """A hand-made record; with ``at``, its evidence is the first ``at`` in ``text``."""
    if at is not None:
        start = text.index(at)
    end = start + len(at or "")
    return Record(event, value, Location(province, district, "VN" if province == "Việt Nam"
                                         else "00"),
                  date=date, cumulative=cumulative, since=since, kind=kind, setting=setting,
                  text=at or "", start=start, end=end, doc_id=doc_id)


def kinds(findings: list[Finding]) -> list[str]:
    return [f.kind for f in findings]


def test_finding_reads_well():
    f = vnepi.check([rec("deaths", 10), rec("deaths", 8, "Hà Nội", start=20),
                     rec("deaths", 5, "Bắc Giang", start=40)])[0]
    assert isinstance(f, Finding) and f.severity == "warning"
    assert f.kind == "provinces_exceed_national"
    assert str(f).startswith("warning [provinces_exceed_national] deaths on 2021-11-03: ")
    assert "13" in f.message and "10" in f.message
    assert [r.value for r in f.records] == [10, 8, 5]


# -- provinces against the national figure ------------------------------------------------
def test_provinces_summing_over_the_national_total():
    recs = [rec("deaths", 78, start=0), rec("deaths", 40, "Hồ Chí Minh", start=10),
            rec("deaths", 30, "Bình Dương", start=20), rec("deaths", 13, "Cần Thơ", start=30)]
    (f,) = vnepi.check(recs)
    assert f.kind == "provinces_exceed_national" and "83" in f.message
    recs[3] = rec("deaths", 8, "Cần Thơ", start=30)  # 40 + 30 + 8 == 78: consistent
    assert vnepi.check(recs) == []


def test_province_sums_compare_like_with_like():
    base = [rec("cases", 100, start=0)]
    over = [rec("cases", 60, "Hà Nội", start=10), rec("cases", 50, "Hải Phòng", start=20)]
    assert kinds(vnepi.check(base + over)) == ["provinces_exceed_national"]
    other_day = [rec("cases", 60, "Hà Nội", date="2021-11-02", start=10),
                 rec("cases", 50, "Hải Phòng", date="2021-11-02", start=20)]
    assert vnepi.check(base + other_day) == []
    changes = [rec("cases", 60, "Hà Nội", kind="change", start=10),
               rec("cases", 50, "Hải Phòng", kind="change", start=20)]
    assert vnepi.check(base + changes) == []
    totals = [rec("cases", 60, "Hà Nội", cumulative=True, start=10),
              rec("cases", 50, "Hải Phòng", cumulative=True, start=20)]
    assert vnepi.check(base + totals) == []
    # District figures are parts of their province's and are not added again.
    districts = [rec("cases", 60, "Hà Nội", start=10),
                 rec("cases", 50, "Hà Nội", district="Đống Đa", start=20)]
    assert vnepi.check(base + districts) == []
    # A province mentioned twice counts once.
    twice = [rec("cases", 60, "Hà Nội", start=10), rec("cases", 30, "Hải Phòng", start=20),
             rec("cases", 60, "Hà Nội", start=40)]
    assert vnepi.check(base + twice) == []


def test_province_sums_respect_settings():
    community = [rec("cases", 60, "Hà Nội", setting="community", start=10),
                 rec("cases", 50, "Hải Phòng", setting="community", start=20)]
    # The national figure of the community cases is smaller than its parts ...
    found = vnepi.check([rec("cases", 200), rec("cases", 100, setting="community", start=5)]
                        + community)
    assert kinds(found) == ["provinces_exceed_national"]
    assert found[0].records[0].setting == "community"
    # ... but a national figure of quarantine cases is no whole of community cases.
    assert vnepi.check([rec("cases", 100, setting="quarantine")] + community) == []


# -- breakdowns ---------------------------------------------------------------------------
F1 = "Phú Thọ đã truy vết 6.098 F1 (trong đó 253 cách ly tập trung và {} cách ly tại nhà)."


def f1_records(text: str, home: str) -> list[Record]:
    return [rec("contacts_f1", 6098, "Phú Thọ", text=text, at="6.098 F1"),
            rec("contacts_f1", 253, "Phú Thọ", text=text, at="253", setting="quarantine"),
            rec("contacts_f1", int(home.replace(".", "")), "Phú Thọ", text=text, at=home,
                setting="home_isolation")]


def test_breakdown_larger_than_its_whole():
    text = F1.format("6.845")
    for given in (text, None):
        (f,) = vnepi.check(f1_records(text, "6.845"), text=given)
        assert f.kind == "breakdown_exceeds_whole"
        assert "253 + 6,845 = 7,098" in f.message and "6,098" in f.message
        assert [r.value for r in f.records] == [6098, 253, 6845]
    ok = F1.format("5.845")
    assert vnepi.check(f1_records(ok, "5.845"), text=ok) == []
    assert vnepi.check(f1_records(ok, "5.845")) == []


def test_a_later_figure_of_the_same_place_is_no_part():
    text = ("Phú Thọ có 6.098 F1. Các địa phương đã truy vết thêm nhiều trường hợp, trong tuần "
            "tới Phú Thọ dự kiến có 7.000 F1.")
    recs = [rec("contacts_f1", 6098, "Phú Thọ", text=text, at="6.098 F1"),
            rec("contacts_f1", 7000, "Phú Thọ", text=text, at="7.000 F1")]
    assert vnepi.check(recs, text=text) == []
    assert vnepi.check(recs) == []  # 80 characters apart: not adjacent either


def test_breakdown_read_from_a_real_bulletin(seed_texts):
    text = seed_texts[0].replace("5.845", "6.845")
    assert text != seed_texts[0]
    recs = vnepi.extract(text, date="2021-11-04")
    found = [f for f in vnepi.check(recs, text=text) if f.kind == "breakdown_exceeds_whole"]
    assert len(found) == 1 and found[0].records[0].value == 6098
    assert vnepi.check(vnepi.extract(seed_texts[0], date="2021-11-04"), text=seed_texts[0]) == []


# -- running totals -----------------------------------------------------------------------
def test_running_total_smaller_than_the_days_count():
    recs = [rec("deaths", 78, start=0), rec("deaths", 60, cumulative=True, start=30)]
    (f,) = vnepi.check(recs)
    assert f.kind == "running_total_below_daily"
    assert [r.value for r in f.records] == [60, 78]
    assert vnepi.check([rec("deaths", 78), rec("deaths", 22283, cumulative=True, start=30)]) == []
    # A running total of community cases is no total of all the day's cases.
    assert vnepi.check([rec("cases", 78),
                        rec("cases", 60, cumulative=True, setting="community", start=30)]) == []


def test_running_total_below_the_days_count_in_a_real_bulletin(seed_texts):
    text = seed_texts[2].replace("tính đến nay là 22.283 ca", "tính đến nay là 22 ca")
    assert text != seed_texts[2]
    found = vnepi.check(vnepi.extract(text, date="2021-11-04"), text=text)
    below = [f for f in found if f.kind == "running_total_below_daily"]
    assert [(f.records[0].value, f.records[1].value) for f in below] == [(22, 78)]


def test_a_clusters_total_is_not_its_places_total():
    text = "Hà Nội hôm nay ghi nhận 100 ca. Ổ dịch chợ Long Biên đến nay lên 50 ca."
    recs = [rec("cases", 100, "Hà Nội", text=text, at="100 ca"),
            rec("cases", 50, "Hà Nội", text=text, at="50 ca", cumulative=True)]
    assert vnepi.check(recs, text=text) == []
    assert kinds(vnepi.check(recs)) == ["running_total_below_daily"]  # no text, no cue


def test_wider_window_smaller_by_since_dates():
    recs = [rec("tests", 100, cumulative=True, since="2021-04-27", start=0),
            rec("tests", 150, cumulative=True, since="2021-06-01", start=20)]
    (f,) = vnepi.check(recs)
    assert f.kind == "wider_window_smaller"
    assert "since 2021-04-27" in f.message and "since 2021-06-01" in f.message
    recs[0].value = 200
    assert vnepi.check(recs) == []


def test_wider_window_smaller_by_cues_in_the_text():
    text = ("Từ đầu dịch đến nay, Hà Nội ghi nhận 3.000 ca nhiễm. Trong đợt dịch thứ 4, Hà Nội "
            "ghi nhận 4.000 ca nhiễm.")
    recs = [rec("cases", 3000, "Hà Nội", text=text, at="3.000 ca", cumulative=True),
            rec("cases", 4000, "Hà Nội", text=text, at="4.000 ca", cumulative=True)]
    (f,) = vnepi.check(recs, text=text)
    assert f.kind == "wider_window_smaller" and "start of the epidemic" in f.message
    assert vnepi.check(recs) == []  # without the text the windows are unknown
    swapped = text.replace("3.000", "5.000")
    recs[0] = rec("cases", 5000, "Hà Nội", text=swapped, at="5.000 ca", cumulative=True)
    assert vnepi.check(recs, text=swapped) == []


def test_seed_002_reports_fewer_cases_since_the_start_than_in_the_fourth_wave(seed_texts):
    text = seed_texts[2]
    recs = vnepi.extract(text, date="2021-11-04")
    found = vnepi.check(recs, text=text)
    assert [f.kind for f in found] == ["wider_window_smaller"]
    (f,) = found
    assert [(r.event, r.value, r.province) for r in f.records] == [
        ("cases", 739463, "Việt Nam"), ("cases", 934583, "Việt Nam")]
    assert "739,463" in str(f) and "934,583" in str(f) and "start of the epidemic" in str(f)
    # Without the text the windows are unknown, but the same figure is still caught: the
    # provinces' totals of the wave alone exceed it.
    assert any(739463 in [r.value for r in g.records] for g in vnepi.check(recs))


def test_other_seeds_are_consistent(seed_texts):
    for text in seed_texts[:2]:
        assert vnepi.check(vnepi.extract(text, date="2021-11-04"), text=text) == []


def test_records_as_dicts():
    recs = [rec("deaths", 78).to_dict(), rec("deaths", 60, cumulative=True).to_dict()]
    assert kinds(vnepi.check(recs)) == ["running_total_below_daily"]


# -- across bulletins ---------------------------------------------------------------------
def test_running_total_that_shrinks_from_one_day_to_the_next():
    day1 = [rec("deaths", 22283, cumulative=True, date="2021-11-03")]
    day2 = [rec("deaths", 22100, cumulative=True, date="2021-11-04")]
    day3 = [rec("deaths", 22400, cumulative=True, date="2021-11-05")]
    (f,) = check_series({"a": day1, "b": day2, "c": day3})
    assert f.kind == "running_total_decreased"
    assert "22,283 on 2021-11-03 to 22,100 on 2021-11-04" in f.message
    assert check_series([day1, day3]) == []
    # Order of the bulletins does not matter: days are read from the records.
    assert kinds(check_series([day3, day2, day1])) == ["running_total_decreased"]


def test_series_tolerates_two_windows_under_one_key():
    day1 = [rec("cases", 739463, cumulative=True, date="2021-11-03"),
            rec("cases", 934583, cumulative=True, date="2021-11-03")]
    day2 = [rec("cases", 744000, cumulative=True, date="2021-11-04")]
    assert check_series([day1, day2]) == []


def test_series_compares_one_event_and_place_at_a_time():
    day1 = [rec("deaths", 500, "Hà Nội", cumulative=True, date="2021-11-03"),
            rec("cases", 900, "Hà Nội", cumulative=True, date="2021-11-03")]
    day2 = [rec("deaths", 510, "Hà Nội", cumulative=True, date="2021-11-04"),
            rec("cases", 600, "Hải Phòng", cumulative=True, date="2021-11-04"),
            rec("cases", 100, "Hà Nội", date="2021-11-04")]
    assert check_series([day1, day2]) == []


def test_check_across_documents(seed_texts):
    text = seed_texts[2]
    later = text.replace("tối 3/11", "tối 4/11").replace("22.283", "22.100")
    one = vnepi.extract(text, date="2021-11-04", doc_id="d1")
    two = vnepi.extract(later, date="2021-11-05", doc_id="d2")
    series = check_series([one, two])
    assert [(f.kind, f.records[0].value, f.records[1].value) for f in series] == [
        ("running_total_decreased", 22283, 22100)]
    both = vnepi.check(one + two, across_documents=True)
    assert series[0] in both
    # Bulletins are checked one at a time too: each has its own findings.
    assert len([f for f in both if f.kind == "provinces_exceed_national"]) == 2
    with pytest.raises(ValueError):
        vnepi.check(one, text=text, across_documents=True)
