"""Tests for vnepi.resolve.numbers: every documented form and ambiguity rule."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnepi.resolve import dates as dates_mod
from vnepi.resolve.numbers import (APPROX_PREFIXES, DATE_CUES, SPELLED_COUNT_NOUNS, Quantity,
                                   find_quantities, format_vi, parse_number, parse_quantity)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def values(text: str) -> list:
    return [q.value for q in find_quantities(text)]


def only(text: str) -> Quantity:
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


# --- parse_number: one surface form -------------------------------------------------------

@pytest.mark.parametrize("s, expected", [
    ("6.580", 6580), ("1.234.567", 1234567), ("22,6 triệu", 22600000), ("84,8 triệu", 84800000),
    ("1,2 tỷ", 1200000000), ("1,2 tỉ", 1200000000), ("5 nghìn", 5000), ("5 ngàn", 5000),
    ("06", 6), ("0", 0), ("  42 ", 42), ("-595", -595), ("+67", 67),
    ("1 triệu rưỡi", 1500000), ("5 nghìn tỷ", 5 * 10**12),
    # spelled
    ("một", 1), ("hai", 2), ("ba", 3), ("bốn", 4), ("năm", 5), ("sáu", 6), ("bảy", 7), ("bẩy", 7),
    ("tám", 8), ("chín", 9), ("mười", 10), ("mười một", 11), ("mười lăm", 15), ("mười tư", 14),
    ("hai mươi", 20), ("hai mươi mốt", 21), ("hai mươi một", 21), ("hai mươi tư", 24),
    ("ba mươi lăm", 35), ("chín mươi chín", 99), ("hai chục", 20), ("một trăm", 100),
    ("hai trăm linh năm", 205), ("hai trăm lẻ năm", 205), ("ba trăm hai mươi", 320),
    ("một nghìn", 1000), ("một ngàn", 1000), ("hai triệu", 2000000), ("một tỷ", 10**9),
    ("một nghìn linh năm", 1005), ("một nghìn không trăm linh năm", 1005),
    ("hai triệu ba trăm nghìn", 2300000), ("một triệu rưỡi", 1500000), ("Hai Mươi Mốt", 21),
    # colloquial shortening: the lone unit names the next place down
    ("hai trăm năm", 250), ("ba nghìn hai", 3200),
])
def test_parse_number_forms(s, expected):
    got = parse_number(s)
    assert got == expected and type(got) is int


@pytest.mark.parametrize("s", ["tư", "lăm", "nhăm", "mốt", "mười mốt", "một mươi", "trăm", "nghìn",
                               "linh năm", "không", "6.000 ca", "2,4%", "4/11", "12-17", "1.2.3",
                               "abc", "", "   ", "0912.345.678", "012.345", "9" * 30, "một số"])
def test_parse_number_rejects(s):
    assert parse_number(s) is None


def test_parse_number_non_str():
    assert parse_number(None) is None and parse_number(12) is None


# --- ambiguity: dot and comma ------------------------------------------------------------

@pytest.mark.parametrize("s, expected", [
    ("1.234", 1234), ("6.576", 6576), ("100.000", 100000),          # dot + 3-digit groups
    ("2.5", 2.5), ("12.6", 12.6), ("2.50", 2.5), ("1.2345", 1.2345),  # otherwise a decimal
    ("0.500", 0.5), ("1.23.456", None), ("1.234.56", None),
    ("1,5", 1.5), ("22,6", 22.6), ("1,234", 1.234),                  # comma is decimal
    ("1,234,567", 1234567), ("1,234,567.5", 1234567.5),              # unless English grouping
    ("1.234,5", 1234.5),
])
def test_separator_rules(s, expected):
    assert parse_number(s) == expected


def test_comma_three_digits_times_million():
    assert parse_number("1,234 triệu") == 1234000
    assert only("tiêm 1,234 triệu liều").value == 1234000


@pytest.mark.parametrize("cue", ["ngày", "Ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm",
                                 "rạng sáng", "từ", "đến", "tính đến", "đến hết", "17h"])
def test_dot_after_date_cue_is_a_date(cue):
    assert values(f"Báo cáo {cue} 30.6 có 5 ca") == [5]


def test_dot_without_cue_is_decimal():
    q = only("tăng 2.5 lần")
    assert q.value == 2.5 and q.text == "2.5"
    assert only("tỷ lệ 30.6%").value == 30.6


def test_dot_date_chains_after_a_date():
    assert values("ngày 29.6 và 30.6 có 7 ca") == [7]
    assert values("ngày 26/10 - 30.6 có 7 ca") == [7]


def test_dot_after_cue_with_multiplier_is_a_number():
    assert only("từ 2.5 triệu liều").value == 2500000


def test_cue_lists_agree_between_modules():
    assert DATE_CUES == dates_mod.DATE_CUES


# --- things that are not quantities ------------------------------------------------------

@pytest.mark.parametrize("x", [
    "4/11", "26/10/2021", "4-11-2021", "30.6.2021", "19h", "6h30", "17:30", "40/223", "6/7",
    "BN1234", "F1", "F0", "COVID-19", "Covid-19", "SARS-CoV-2", "Covid19", "H5N1", "5K", "5k",
    "0912.345.678", "0912 345 678", "0912345678", "1900 9095", "19009095",
    "ngày 4 tháng 11 năm 2021", "4 tháng 11", "tháng 11", "năm 2021", "ngày 4", "ngày 26-10",
    "lúc 17 giờ", "lúc 6", "17 giờ 30 ngày 8/9", "100km", "v2", "x1.5", "hàng trăm",
])
def test_not_quantities(x):
    assert find_quantities(f"Bệnh viện {x} báo cáo.") == []


def test_day_then_counting_noun_is_a_quantity():
    assert values("trong ngày 4 ca tử vong") == [4]


def test_durations_are_quantities():
    # "24 giờ qua" is also a date window for find_dates; the pipeline decides
    assert values("trong 12 giờ có 3 ca") == [12, 3]
    assert values("24 giờ qua, 3.687 ca") == [24, 3687]
    assert values("sau 32 ngày") == [32]


def test_a_day_before_a_date_range_is_not_a_quantity():
    assert values("từ 1 đến 5/11 có 9 ca") == [9]


# --- spelled numbers ---------------------------------------------------------------------

@pytest.mark.parametrize("noun", SPELLED_COUNT_NOUNS)
def test_spelled_before_each_counting_noun(noun):
    q = only(f"phát hiện hai {noun} mới")
    assert (q.value, q.text, q.spelled) == (2, "hai", True)


@pytest.mark.parametrize("text, expected", [
    ("huyện Cẩm Khê một ca", 1), ("Một ca mắc mới", 1), ("ba người liên quan chợ", 3),
    ("hai mươi mốt ca", 21), ("có mười ba bệnh nhân", 13), ("hai trăm linh năm người", 205),
    ("một nghìn liều", 1000), ("hai triệu liều", 2000000), ("ba mươi lăm F0", 35),
    ("Tháp Mười ba ca", 3),                         # "Mười" belongs to the name
])
def test_spelled_with_counting_noun(text, expected):
    q = only(text)
    assert q.value == expected and q.spelled and text[q.start:q.end] == q.text


@pytest.mark.parametrize("text", [
    "một số người", "một trong những", "hai bên thống nhất", "huyện Ba Vì", "thứ tư",
    "năm 2021", "năm nay", "mười ngày", "Tháp Mười.", "quận một,", "một ngày", "ba năm qua",
    "một khách sạn", "hai chiều", "một lần",
])
def test_spelled_without_counting_noun_is_ignored(text):
    assert find_quantities(text) == []


def test_spelled_at_sentence_start():
    assert values("Ba người") == [3]


@pytest.mark.parametrize("text, expected", [
    ("Bạc Liêu, Đăk Lăk, Hà Nội và Ninh Thuận một.", [1]),
    ("Vĩnh Long và Bình Thuận đều một.", [1]),
    ("TP HCM 28 ca, Bình Dương hai, Long An một", [28, 2, 1]),
    ("anh ấy nói một.", []),                         # no capitalised word before
    ("nâng tổng số ca tử vong của tỉnh lên sáu.", [6]),  # the value a total is raised to
    ("số ca tử vong cộng dồn là ba;", [3]),
    ("tăng lên năm lần", []),                        # not before punctuation
])
def test_spelled_list_slot(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("s, expected", [("mười tư", 14), ("hai mươi tư", 24), ("mười lăm", 15),
                                         ("hai mươi mốt", 21)])
def test_tu_lam_mot_need_tens(s, expected):
    assert only(f"{s} ca").value == expected
    assert values(f"{s.split()[-1]} ca") == []


# --- prefixes, percent, ranges, multipliers, signs ---------------------------------------

@pytest.mark.parametrize("prefix", APPROX_PREFIXES)
def test_approximate_prefixes(prefix):
    q = only(f"có {prefix} 300 ca")
    assert q.approximate and q.value == 300 and q.text == f"{prefix} 300"


@pytest.mark.parametrize("text, value, qtext", [
    ("hơn 6.000 ca", 6000, "hơn 6.000"), ("gần 7.000 trẻ", 7000, "gần 7.000"),
    ("khoảng 300 người", 300, "khoảng 300"), ("Hơn 5.300 ca", 5300, "Hơn 5.300"),
    ("khoảng gần 300", 300, "khoảng gần 300"), ("hơn 1,2 triệu liều", 1200000, "hơn 1,2 triệu"),
    ("ít nhất một mũi", 1, "ít nhất một"),
])
def test_approximate_values_kept(text, value, qtext):
    q = only(text)
    assert (q.value, q.text, q.approximate) == (value, qtext, True)


def test_tren_as_per_is_not_approximate():
    qs = find_quantities("tỷ lệ hơn 100 ca nhiễm trên 100.000 dân")
    assert [(q.value, q.approximate, q.text) for q in qs] == [(100, True, "hơn 100"),
                                                               (100000, False, "100.000")]
    assert only("doanh nghiệp có trên 80% người").approximate


def test_exact_numbers_are_not_approximate():
    assert not only("ghi nhận 32 ca").approximate


@pytest.mark.parametrize("text, value, qtext", [
    ("chiếm tỷ lệ 2,4% so với", 2.4, "2,4%"), ("15 phần trăm dân số", 15, "15 phần trăm"),
    ("đạt 80 % dân", 80, "80 %"), ("100% dân số", 100, "100%"),
])
def test_percent(text, value, qtext):
    q = only(text)
    assert (q.value, q.text, q.percent) == (value, qtext, True)


@pytest.mark.parametrize("text, qtext, lo, hi", [
    ("độ tuổi từ 12 đến 17, trong đó", "từ 12 đến 17", 12, 17),
    ("độ tuổi 12-17", "12-17", 12, 17), ("độ tuổi 12 – 17", "12 – 17", 12, 17),
    ("độ tuổi 12 -17", "12 -17", 12, 17), ("trong 7 đến 10 ngày", "7 đến 10", 7, 10),
    ("từ 17 đến 12 tuổi", "từ 17 đến 12", 12, 17), ("từ 5-7 ngày", "từ 5-7", 5, 7),
    ("5-7 triệu liều", "5-7 triệu", 5000000, 7000000),
    ("khoảng 12-17 ca", "khoảng 12-17", 12, 17),
])
def test_ranges(text, qtext, lo, hi):
    q = only(text)
    assert (q.text, q.value, q.upper) == (qtext, lo, hi)


def test_range_percent_and_approximate_flags():
    q = only("từ 12-17% dân số")
    assert q.percent and (q.value, q.upper) == (12, 17) and not q.approximate
    assert only("khoảng từ 12 đến 17").approximate


def test_non_range_has_no_upper():
    assert only("ghi nhận 32 ca").upper is None


@pytest.mark.parametrize("text, value, qtext, mult", [
    ("đã tiêm 84,8 triệu liều vaccine", 84800000, "84,8 triệu", 10**6),
    ("22,6 triệu mẫu", 22600000, "22,6 triệu", 10**6), ("1,2 tỷ đồng", 1200000000, "1,2 tỷ", 10**9),
    ("5 nghìn người", 5000, "5 nghìn", 10**3), ("5 ngàn người", 5000, "5 ngàn", 10**3),
    ("26 triệu liều", 26000000, "26 triệu", 10**6), ("5 nghìn tỷ", 5 * 10**12, "5 nghìn tỷ", 10**12),
    ("1 triệu 200 nghìn liều", 1200000, "1 triệu 200 nghìn", 10**6),
    ("1 triệu rưỡi liều", 1500000, "1 triệu rưỡi", 10**6), ("3 triệunày", 3, "3", 1),
])
def test_multipliers(text, value, qtext, mult):
    q = only(text)
    assert (q.value, q.text, q.multiplier) == (value, qtext, mult) and type(q.value) is int


def test_signs():
    assert [(q.value, q.text) for q in find_quantities("TP.HCM (-595), Bình Dương (+67)")] == [
        (-595, "-595"), (67, "+67")]


def test_stray_punctuation_and_sentence_end():
    text = "Kiên Giang tăng 47) ca. số người khỏi bệnh trong ngày là 1.731."
    assert [(q.value, q.text) for q in find_quantities(text)] == [(47, "47"), (1731, "1.731")]


def test_glued_sentences():
    assert values("59 ca tử vong.24 giờ qua, 3.687 ca") == [59, 24, 3687]


# --- parse_quantity ----------------------------------------------------------------------

def test_parse_quantity():
    q = parse_quantity("hơn 6.000")
    assert (q.value, q.approximate, q.start, q.end, q.text) == (6000, True, 0, 9, "hơn 6.000")
    assert parse_quantity("2,4%").percent
    assert (parse_quantity("từ 12 đến 17").upper, parse_quantity("12-17").value) == (17, 12)
    assert parse_quantity("một").value == 1 and parse_quantity("một").spelled
    q = parse_quantity("  6.580 ")
    assert q.start == 2 and q.text == "6.580"
    assert parse_quantity("47)").value == 47 and parse_quantity("1.731.").value == 1731


@pytest.mark.parametrize("s", ["6.000 ca", "5 ca và 7 ca", "ngày 12.6", "4/11", "F0", "", "ca", None,
                               "Ba Vì"])
def test_parse_quantity_rejects(s):
    assert parse_quantity(s) is None


# --- format_vi ---------------------------------------------------------------------------

@pytest.mark.parametrize("n, s", [(6580, "6.580"), (22.6, "22,6"), (1234567, "1.234.567"), (0, "0"),
                                  (999, "999"), (1000, "1.000"), (-1234, "-1.234"),
                                  (1234567.5, "1.234.567,5"), (22.0, "22"), (0.1, "0,1"),
                                  (1e16, "10.000.000.000.000.000")])
def test_format_vi(n, s):
    assert format_vi(n) == s


def test_format_vi_rejects_non_finite():
    with pytest.raises(ValueError):
        format_vi(float("nan"))
    with pytest.raises(ValueError):
        format_vi(float("inf"))


# --- seeds: offsets and values on real text ----------------------------------------------

def test_seed_sentence_values_and_offsets():
    text = ("Trong ngày ghi nhận 59 ca tử vong tại: TP HCM 28 ca, Bình Dương 13, Đồng Nai và Tiền "
            "Giang đều 3, Long An, Kiên Giang, Cần Thơ và Trà Vinh 2, Bạc Liêu, Đăk Lăk, Hà Nội và "
            "Ninh Thuận một.Trung bình số tử vong ghi nhận trong 7 ngày qua là 62 ca.")
    qs = find_quantities(text)
    assert [q.value for q in qs] == [59, 28, 13, 3, 2, 1, 7, 62]
    assert all(text[q.start:q.end] == q.text for q in qs)


def test_seed_vaccination_sentence():
    text = ("Số lượng xét nghiệm từ 27/4 đến nay đã thực hiện 22,6 triệu mẫu cho 61,2 triệu lượt "
            "người.Về tiêm chủng, trong ngày 3/11 có 774.054 liều vaccine được tiêm.")
    assert values(text) == [22600000, 61200000, 774054]


def test_seed_ranks_and_codes():
    text = ("Kể từ đầu dịch đến nay Việt Nam ghi nhận 946.043 ca nhiễm, đứng thứ 40/223 quốc gia"
            " và vùng lãnh thổ. Khi phát hiện F0, doanh nghiệp có trên 80% người lao động; \"5k + vaccine\"")
    assert [(q.value, q.approximate, q.percent) for q in find_quantities(text)] == [
        (946043, False, False), (80, True, True)]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_offsets(path):
    text = path.read_text(encoding="utf-8")
    qs = find_quantities(text)
    assert len(qs) > 20
    assert all(text[q.start:q.end] == q.text for q in qs)
    assert all(a.end <= b.start for a, b in zip(qs, qs[1:]))
    for q in qs:       # nothing returned sits inside a date, except durations ("24 giờ qua")
        for d in dates_mod.find_dates(text):
            if d.start < q.end and q.start < d.end:
                assert d.relative and "qua" in d.text, (q, d)


def test_quantity_is_frozen():
    q = only("32 ca")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.value = 1  # type: ignore[misc]


# --- properties --------------------------------------------------------------------------

@given(st.integers(min_value=0, max_value=10**10))
def test_formatted_integer_round_trips(n):
    qs = find_quantities(format_vi(n) + " ca")
    assert len(qs) == 1 and qs[0].value == n and type(qs[0].value) is int


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_format_parse_round_trip_floats(x):
    assert parse_number(format_vi(x)) == x


@given(st.text())
def test_parse_number_never_raises(s):
    assert parse_number(s) is None or type(parse_number(s)) in (int, float)


@given(st.text())
def test_find_quantities_never_raises_and_slices(s):
    qs = find_quantities(s)
    assert all(s[q.start:q.end] == q.text for q in qs)
    assert all(a.end <= b.start for a, b in zip(qs, qs[1:]))


_TOKENS = ["ca", "hơn", "trên", "từ", "đến", "ngày", "tháng", "năm", "một", "hai", "mươi", "mốt",
           "triệu", "nghìn", "%", "-", "–", "/", ".", ",", ")", "(", "F0", "Hà", "Nội", "6.580",
           "22,6", "4/11", "12", "0912", "1900", "30.6", "giờ", "qua", "lúc", "\n", "Ba", "tư"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_TOKENS), max_size=14), st.lists(st.sampled_from(["", " "]), max_size=14))
def test_find_quantities_on_bulletin_like_text(tokens, seps):
    s = "".join(t + (seps[i] if i < len(seps) else " ") for i, t in enumerate(tokens))
    qs = find_quantities(s)
    assert all(s[q.start:q.end] == q.text for q in qs)
    assert all(a.end <= b.start for a, b in zip(qs, qs[1:]))
    assert all(q.upper is None or q.upper >= q.value for q in qs)
