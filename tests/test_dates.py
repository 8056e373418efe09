"""Tests for vnepi.resolve.dates: every documented form, window and ambiguity rule."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnepi.resolve.dates import (DATE_CUES, DateExpr, find_dates, parse_date, parse_iso,
                                 resolve_day_month)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
REF = dt.date(2021, 11, 4)
D = dt.date


def only(text: str, ref=REF) -> DateExpr:
    ds = find_dates(text, ref)
    assert len(ds) == 1, ds
    return ds[0]


# --- forms --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, span, date, pod", [
    ("Bộ Y tế công bố 4/11 có", "4/11", D(2021, 11, 4), None),
    ("khởi phát ngày 26/10; 10 F0", "ngày 26/10", D(2021, 10, 26), None),
    ("Bộ Y tế công bố tối 4/11 có", "tối 4/11", D(2021, 11, 4), "tối"),
    ("Bắc Giang sáng 3/11 ghi nhận", "sáng 3/11", D(2021, 11, 3), "sáng"),
    ("trưa 3/11", "trưa 3/11", D(2021, 11, 3), "trưa"),
    ("chiều 3/11", "chiều 3/11", D(2021, 11, 3), "chiều"),
    ("đêm 3/11", "đêm 3/11", D(2021, 11, 3), "đêm"),
    ("rạng sáng 4/11", "rạng sáng 4/11", D(2021, 11, 4), "rạng sáng"),
    ("sáng sớm 4/11", "sáng sớm 4/11", D(2021, 11, 4), "sáng"),
    ("báo cáo ngày 30.6 cho thấy", "ngày 30.6", D(2021, 6, 30), None),
    ("26/10/2021", "26/10/2021", D(2021, 10, 26), None),
    ("26-10-2021", "26-10-2021", D(2021, 10, 26), None),
    ("30.6.2020", "30.6.2020", D(2020, 6, 30), None),
    ("26/10/21", "26/10/21", D(2021, 10, 26), None),
    ("2021-11-04", "2021-11-04", D(2021, 11, 4), None),
    ("vào ngày 4 tháng 11 vừa qua", "ngày 4 tháng 11", D(2021, 11, 4), None),
    ("4 tháng 11 năm 2020", "4 tháng 11 năm 2020", D(2020, 11, 4), None),
    ("Ngày 4/11, Hà Nội", "Ngày 4/11", D(2021, 11, 4), None),
    ("hôm 2/11", "hôm 2/11", D(2021, 11, 2), None),
    ("trong ngày 3/11 có 774.054 liều", "trong ngày 3/11", D(2021, 11, 3), None),
    ("tính đến 17h ngày 8/9", "tính đến 17h ngày 8/9", D(2021, 9, 8), None),
    ("đến hết ngày 3/11", "đến hết ngày 3/11", D(2021, 11, 3), None),
    ("lúc 6h30 sáng ngày 25/11", "6h30 sáng ngày 25/11", D(2021, 11, 25), "sáng"),
    ("17 giờ ngày 8/9", "17 giờ ngày 8/9", D(2021, 9, 8), None),
    ("trước ngày 5/11.", "ngày 5/11", D(2021, 11, 5), None),
    ("(4/11)", "4/11", D(2021, 11, 4), None),
])
def test_explicit_days(text, span, date, pod):
    d = only(text)
    assert (d.text, d.date, d.part_of_day, d.since, d.relative, d.until_now) == (span, date, pod, None,
                                                                                  False, False)
    assert text[d.start:d.end] == d.text


@pytest.mark.parametrize("text, date, pod", [
    ("hôm nay", REF, None), ("Hà Nội hôm nay ghi nhận", REF, None),
    ("so với hôm qua", D(2021, 11, 3), None), ("ngày hôm qua", D(2021, 11, 3), None),
    ("ngày hôm nay", REF, None), ("trong ngày hôm nay", REF, None),
    ("hôm kia", D(2021, 11, 2), None), ("ngày mai", D(2021, 11, 5), None),
    ("24 giờ qua", REF, None), ("trong 24 giờ qua", REF, None), ("12 giờ qua", REF, None),
    ("24h qua", REF, None), ("Trong ngày ghi nhận 59 ca", REF, None),
    ("sáng nay", REF, "sáng"), ("tối nay", REF, "tối"), ("tối qua", D(2021, 11, 3), "tối"),
    ("chiều hôm qua", D(2021, 11, 3), "chiều"), ("đêm qua", D(2021, 11, 3), "đêm"),
])
def test_relative(text, date, pod):
    d = only(text)
    assert (d.date, d.relative, d.part_of_day, d.since, d.until_now) == (date, True, pod, None, False)


@pytest.mark.parametrize("text, span, date, since", [
    ("Số xét nghiệm từ 27/4 đến nay đã", "từ 27/4 đến nay", REF, D(2021, 4, 27)),
    ("Từ ngày 26/10 đến nay, Bắc Giang", "Từ ngày 26/10 đến nay", REF, D(2021, 10, 26)),
    ("kể từ 27/4 đến nay", "kể từ 27/4 đến nay", REF, D(2021, 4, 27)),
    ("kể từ 27/4, Việt Nam", "kể từ 27/4", REF, D(2021, 4, 27)),
    ("từ 27/4 đến hiện tại", "từ 27/4 đến hiện tại", REF, D(2021, 4, 27)),
    ("từ 27/4 tới nay", "từ 27/4 tới nay", REF, D(2021, 4, 27)),
    ("Kể từ đầu dịch đến nay Việt Nam", "Kể từ đầu dịch đến nay", REF, None),
    ("từ đầu đợt dịch", "từ đầu đợt dịch", REF, None),
    ("từ đầu năm đến nay", "từ đầu năm đến nay", REF, D(2021, 1, 1)),
    ("từ đầu năm 2020 đến nay", "từ đầu năm 2020 đến nay", REF, D(2020, 1, 1)),
    ("từ đầu tháng đến nay", "từ đầu tháng đến nay", REF, D(2021, 11, 1)),
    ("tính đến nay là 22.342 ca", "tính đến nay", REF, None),
    ("cho đến nay", "cho đến nay", REF, None),
])
def test_windows_until_now(text, span, date, since):
    d = only(text)
    assert (d.text, d.date, d.since, d.until_now, d.relative) == (span, date, since, True, True)


def test_a_report_period_is_no_window_and_a_range_of_days_is():
    d = only("từ 18h ngày 24/11 đến 6h ngày 25/11, ghi nhận")
    assert (d.text, d.date, d.since, d.until_now) == ("từ 18h ngày 24/11 đến 6h ngày 25/11",
                                                      D(2021, 11, 25), None, False)
    d = only("từ 1/11 - 3/11 có")
    assert (d.date, d.since) == (D(2021, 11, 3), D(2021, 11, 1))  # a window of days
    d = only("từ ngày 13/11 đến 19/11, thành phố ghi nhận")
    assert (d.date, d.since, d.until_now) == (D(2021, 11, 19), D(2021, 11, 13), False)
    d = only("ngày 24/11-25/11 có")
    assert (d.text, d.date, d.since) == ("ngày 24/11-25/11", D(2021, 11, 25), None)


def test_a_day_range_in_one_month_is_a_window_from_its_first_day():
    d = only("Trong tuần qua (15-21/11), tỉnh tiêm được")
    assert (d.text, d.date, d.since) == ("15-21/11", D(2021, 11, 21), D(2021, 11, 15))
    assert only("trong 3 ngày cao điểm (16 – 18/10)").since == D(2021, 10, 16)
    # Two whole days are several (guideline, running totals 4): "11-12/8", "11 và 12/8".
    assert only("ngày 20-21/11 có").since == D(2021, 11, 20)
    d = only("Trong hai ngày 11 và 12/11, huyện lấy")
    assert (d.text, d.date, d.since) == ("ngày 11 và 12/11", D(2021, 11, 12), D(2021, 11, 11))
    d = only("Từ 13 đến 19/11, thành phố ghi nhận")
    assert (d.text, d.date, d.since) == ("Từ 13 đến 19/11", D(2021, 11, 19), D(2021, 11, 13))
    d = only("từ ngày 3 tới ngày 9/11 có")
    assert (d.text, d.date, d.since) == ("từ ngày 3 tới ngày 9/11", D(2021, 11, 9), D(2021, 11, 3))
    # A clock time on the last day makes it a moment, not the end of a day range.
    assert only("từ 13 đến 17h ngày 14/11 có").since is None
    assert [d.text for d in find_dates("từ 5-7 ngày")] == []


def test_window_start_is_not_after_the_report_day():
    assert only("từ 10/11 đến nay").since == D(2020, 11, 10)
    assert only("kể từ 6/11").since == D(2020, 11, 6)
    assert only("từ 6/11/2022 đến nay").since == D(2022, 11, 6)     # a written year is kept


def test_bare_tu_is_a_start_day_not_a_window():
    d = only("Từ ngày 1/11, các trường mầm non")
    assert (d.text, d.date, d.since, d.until_now) == ("Từ ngày 1/11", D(2021, 11, 1), None, False)


def test_luy_ke_and_lookback_spans_are_not_dates():
    assert find_dates("lũy kế 941.159 ca, trung bình 7 ngày qua, trong 14 ngày qua", REF) == []


# --- ambiguity: ratios, dots, dashes, invalid dates ----------------------------------------

@pytest.mark.parametrize("text", ["đứng thứ 40/223 quốc gia", "6/7 quận có ca mắc", "tỷ lệ 1/3",
                                  "chiếm 2/3 số ca", "xếp hạng 5/10", "4/11 huyện", "45/13 ca",
                                  "12.6 ca", "tăng 2.5 lần", "30.6%", "trong 30.6", "12-17 tuổi",
                                  "từ 5-7 ngày", "đến 4-5 ca", "tháng 11/2021", "BN4/11", "COVID-19/2021",
                                  "1.234.567", "17h", "lũy kế"])
def test_not_dates(text):
    assert find_dates(text, REF) == []


@pytest.mark.parametrize("text, date", [
    ("6/7 ghi nhận 5 ca", D(2021, 7, 6)),                  # no fraction context: a date
    ("ngày 6/7 quận 1 phong tỏa", D(2021, 7, 6)),          # a cue wins over the noun
    ("từ 30.6 có", D(2021, 6, 30)), ("đến 30.6", D(2021, 6, 30)), ("tối 4.11", D(2021, 11, 4)),
    ("ngày 26-10 có", D(2021, 10, 26)), ("17h 30.6", D(2021, 6, 30)),
])
def test_dates_by_cue(text, date):
    assert only(text).date == date


def test_dot_dates_chain_after_a_date():
    assert [d.date for d in find_dates("ngày 29.6 và 30.6", REF)] == [D(2021, 6, 29), D(2021, 6, 30)]
    assert [d.date for d in find_dates("ngày 29.6, 30.6", REF)] == [D(2021, 6, 29)]


@pytest.mark.parametrize("text", ["ngày 31/2", "ngày 45/13", "31/2/2021", "ngày 30.2", "từ 0/5"])
def test_invalid_with_cue_is_reported_unresolved(text):
    assert only(text).date is None


@pytest.mark.parametrize("text", ["31/2", "45/13", "0/0", "99/99"])
def test_invalid_without_cue_is_dropped(text):
    assert find_dates(f"có {text} người", REF) == [] and find_dates(text, REF) == []


@pytest.mark.parametrize("day, month", [(31, 2), (45, 13), (0, 1), (1, 0), (30, 2), (31, 4), (-1, 5)])
def test_resolve_invalid_is_none(day, month):
    assert resolve_day_month(day, month, REF) is None
    assert resolve_day_month(day, month, REF, 2021) is None


def test_cue_list():
    assert {"ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "từ", "đến"} <= set(DATE_CUES)


# --- year roll-over ------------------------------------------------------------------------

@pytest.mark.parametrize("day, month, ref, expected", [
    (31, 12, D(2022, 1, 2), D(2021, 12, 31)),    # last year's end, seen in January
    (2, 1, D(2021, 12, 30), D(2022, 1, 2)),      # within the 7-day grace: next year
    (2, 1, D(2021, 12, 20), D(2022, 1, 2)),      # 13 days ahead is nearer than 352 back
    (31, 12, D(2021, 11, 3), D(2021, 12, 31)),   # a plan two months ahead stays this year
    (4, 11, D(2021, 11, 4), D(2021, 11, 4)),
    (27, 4, D(2021, 11, 4), D(2021, 4, 27)),     # 191 days back beats 173 days ahead * 1.25
    (1, 5, D(2021, 11, 4), D(2021, 5, 1)),
    (1, 4, D(2021, 11, 4), D(2022, 4, 1)),       # 216 days back loses to 148 days ahead
    (29, 2, D(2021, 1, 10), D(2020, 2, 29)),
    (29, 2, D(2023, 3, 1), None),                # no leap day within a year
])
def test_year_rollover(day, month, ref, expected):
    assert resolve_day_month(day, month, ref) == expected


def test_resolve_without_ref_or_year():
    assert resolve_day_month(4, 11, None) is None
    assert resolve_day_month(4, 11, None, 2021) == D(2021, 11, 4)
    assert resolve_day_month(4, 11, None, 21) == D(2021, 11, 4)
    assert resolve_day_month(4, 11, REF, 2020) == D(2020, 11, 4)


def test_ref_forms():
    assert resolve_day_month(4, 11, dt.datetime(2021, 11, 4, 17)) == D(2021, 11, 4)
    assert only("hôm qua", dt.datetime(2021, 11, 4, 23, 59)).date == D(2021, 11, 3)
    assert only("hôm qua", "2021-11-04").date == D(2021, 11, 3)


def test_no_ref_leaves_dates_unresolved():
    ds = find_dates("tối 4/11 hôm nay, từ 27/4 đến nay, 26/10/2021", None)
    assert [(d.text, d.date, d.since) for d in ds] == [
        ("tối 4/11", None, None), ("hôm nay", None, None), ("từ 27/4 đến nay", None, None),
        ("26/10/2021", D(2021, 10, 26), None)]


def test_extreme_refs_do_not_raise():
    assert resolve_day_month(4, 11, D.max) == D(9999, 11, 4)
    assert resolve_day_month(31, 12, D.min) is None        # only a year ahead exists
    assert only("hôm qua", D.min).date is None
    assert only("ngày mai", D.max).date is None


# --- parse_date, parse_iso -----------------------------------------------------------------

@pytest.mark.parametrize("s, expected", [
    ("4/11", D(2021, 11, 4)), ("ngày 26/10", D(2021, 10, 26)), ("ngày 4 tháng 11", D(2021, 11, 4)),
    ("30.6", D(2021, 6, 30)), ("6/7", D(2021, 7, 6)), ("26-10", D(2021, 10, 26)),
    ("2021-11-04", D(2021, 11, 4)), ("hôm qua", D(2021, 11, 3)), (" 26/10/2021. ", D(2021, 10, 26)),
    ("từ 27/4 đến nay", REF),
])
def test_parse_date(s, expected):
    assert parse_date(s, REF) == expected


@pytest.mark.parametrize("s", ["31/2", "45/13", "xyz", "", "4/11 và 5/11", "4/11 có 5 ca", "12-17",
                               None])
def test_parse_date_rejects(s):
    assert parse_date(s, REF) is None


def test_parse_date_needs_ref_for_a_year():
    assert parse_date("4/11") is None and parse_date("4/11/2021") == D(2021, 11, 4)


def test_parse_iso():
    assert parse_iso(None) is None
    assert parse_iso(REF) == REF
    assert parse_iso(dt.datetime(2021, 11, 4, 17, 30)) == REF
    assert parse_iso("2021-11-04") == REF and parse_iso(" 2021-11-04 ") == REF
    assert parse_iso("2021-11-04T17:00:00") == REF and parse_iso("2021-11-04 17:00") == REF


@pytest.mark.parametrize("s", ["", "4/11", "2021-13-01", "2021-02-30", "04-11-2021", "hôm nay",
                               "2021-11-04x"])
def test_parse_iso_bad_strings(s):
    with pytest.raises(ValueError, match="invalid date"):
        parse_iso(s)


def test_parse_iso_bad_type():
    with pytest.raises(TypeError):
        parse_iso(20211104)  # type: ignore[arg-type]


# --- seeds ---------------------------------------------------------------------------------

def test_seed_bulletin_001():
    text = (SEEDS / "001_5722da7a0b6cf656.txt").read_text(encoding="utf-8")
    got = [(d.text, d.date, d.since, d.relative, d.until_now) for d in find_dates(text, REF)]
    assert got == [
        ("tối 4/11", REF, None, False, False), ("hôm qua", D(2021, 11, 3), None, True, False),
        ("24 giờ qua", REF, None, True, False), ("hôm nay", REF, None, True, False),
        ("Trong ngày", REF, None, True, False), ("tính đến nay", REF, None, True, True),
        ("Kể từ đầu dịch đến nay", REF, None, True, True), ("trong ngày", REF, None, True, False),
        ("trong 24 giờ qua", REF, None, True, False),
        ("từ 27/4 đến nay", REF, D(2021, 4, 27), True, True),
        ("trong ngày 3/11", D(2021, 11, 3), None, False, False)]


def test_seed_bulletin_000():
    text = (SEEDS / "000_a2b3411d32771679.txt").read_text(encoding="utf-8")
    got = [(d.text, d.date, d.since) for d in find_dates(text, REF)]
    assert got == [
        ("sáng 4/11", REF, None), ("ngày 26/10", D(2021, 10, 26), None),
        ("ngày 28/10", D(2021, 10, 28), None), ("ngày 2/11", D(2021, 11, 2), None),
        ("Từ ngày 26/10 đến nay", REF, D(2021, 10, 26)), ("Từ ngày 1/11", D(2021, 11, 1), None),
        ("Trong 24 giờ qua", REF, None), ("từ ngày 14/10 đến nay", REF, D(2021, 10, 14))]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_offsets(path):
    text = path.read_text(encoding="utf-8")
    ds = find_dates(text, REF)
    assert len(ds) >= 8
    assert all(text[d.start:d.end] == d.text for d in ds)
    assert all(a.end <= b.start for a, b in zip(ds, ds[1:]))


def test_date_expr_is_frozen():
    d = only("4/11")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.date = None  # type: ignore[misc]


# --- properties ----------------------------------------------------------------------------

@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2022, 12, 31)),
       st.integers(min_value=-150, max_value=150))
def test_resolve_round_trips_within_150_days(d, offset):
    assert resolve_day_month(d.day, d.month, d + dt.timedelta(days=offset)) == d


@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2022, 12, 31)),
       st.integers(min_value=-150, max_value=150))
def test_find_dates_round_trips_slash_form(d, offset):
    ds = find_dates(f"ngày {d.day}/{d.month} có", d + dt.timedelta(days=offset))
    assert len(ds) == 1 and ds[0].date == d


@given(st.integers(), st.integers(), st.one_of(st.none(), st.dates()),
       st.one_of(st.none(), st.integers()))
def test_resolve_never_raises(day, month, ref, year):
    r = resolve_day_month(day, month, ref, year)
    assert r is None or isinstance(r, D)


@given(st.text(), st.one_of(st.none(), st.dates()))
def test_find_dates_never_raises_and_slices(s, ref):
    ds = find_dates(s, ref)
    assert all(s[d.start:d.end] == d.text for d in ds)
    assert all(a.end <= b.start for a, b in zip(ds, ds[1:]))


_TOKENS = ["ngày", "hôm", "nay", "qua", "từ", "đến", "kể", "tính", "tối", "sáng", "rạng", "trong",
           "4/11", "26/10/2021", "30.6", "26-10", "12-17", "40/223", "17h", "24", "giờ", "tháng",
           "11", "năm", "2021", "đầu", "dịch", "quận", "thứ", ".", ",", "-", "\n", "và", "hết"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_TOKENS), max_size=14), st.lists(st.sampled_from(["", " "]), max_size=14),
       st.one_of(st.none(), st.dates()))
def test_find_dates_on_bulletin_like_text(tokens, seps, ref):
    s = "".join(t + (seps[i] if i < len(seps) else " ") for i, t in enumerate(tokens))
    ds = find_dates(s, ref)
    assert all(s[d.start:d.end] == d.text for d in ds)
    assert all(a.end <= b.start for a, b in zip(ds, ds[1:]))
    assert all(d.since is None or d.until_now or d.since < d.date for d in ds)
    assert all(not d.until_now or d.date == ref for d in ds)


@given(st.text())
def test_parse_date_never_raises(s):
    assert parse_date(s, REF) is None or isinstance(parse_date(s, REF), D)
