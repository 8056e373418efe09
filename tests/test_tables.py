"""Flattened tables: rows, column headers, and what the linker reads from a column."""
from __future__ import annotations

import pytest

import vnepi
from vnepi.pipeline.structure import analyse

PIPE = """Tình hình dịch tại các tỉnh phía Nam
STT | Tỉnh/TP | Ca mới | Tổng số ca đợt dịch thứ 4 (từ 27/4/2021)
1 | TP. Hồ Chí Minh | 1.069 | 411.227
2 | Bình Dương | 805 | 224.118
"""

LEGEND = """Số liệu theo huyện (ca mới trong ngày / tổng số ca từ 19/6/2021 / số F1 đang cách ly)
01. TP Tuy Hòa: 20 / 764 / 2.318
02. TX Đông Hòa: 6 / 143 / 611
"""

TABS = "Tên huyện\tCa mới trong ngày\tCa cộng dồn\tĐang điều trị\n" \
       "Gia Nghĩa\t4\t211\t37\nĐắk Glong\tkhông\t47\t3\n"

DASH = "Địa phương – Ca mới – Lũy kế\nBắc Ninh – 12 – 1.540\nBắc Giang – 4 – 211\n"


@pytest.fixture(scope="module", params=["rules", "default"])
def nlp(request):
    return vnepi.rules_pipeline() if request.param == "rules" else vnepi.load()


def headers(text: str) -> dict[str, str]:
    a = analyse(text)
    return {q.text: text[a.columns[q.start].start:a.columns[q.start].end]
            for q in a.quantities if q.start in a.columns}


def test_pipe_table_columns_skip_label_columns():
    h = headers(PIPE)
    assert h["1.069"] == "Ca mới"
    assert h["411.227"].startswith("Tổng số ca đợt dịch thứ 4")
    assert "1" not in h and "2" not in h  # running numbers are labels, not cells


def test_a_pipe_table_of_one_numeric_column_is_a_table():
    text = ("Số ca mắc mới trong ngày theo quận, huyện\nSTT | Địa phương | Số ca\n"
            "1 | Bình Tân | 402\n2 | Bình Chánh | 377\n")
    h = headers(text)
    assert h == {"402": "Số ca", "377": "Số ca"}
    rows = [(r.event, r.value, r.location.district) for r in
            vnepi.extract(text, date="2021-10-02", nlp=vnepi.rules_pipeline())]
    assert ("cases", 402, "Bình Tân") in rows and ("cases", 377, "Bình Chánh") in rows
    # one figure after a label, without pipes, is prose, not a table
    assert headers("Số ca theo quận\nBình Tân: 402\nBình Chánh: 377\n") == {}


def test_legend_in_parentheses_names_the_columns():
    h = headers(LEGEND)
    assert h == {"20": "ca mới trong ngày", "764": "tổng số ca từ 19/6/2021",
                 "2.318": "số F1 đang cách ly", "6": "ca mới trong ngày",
                 "143": "tổng số ca từ 19/6/2021", "611": "số F1 đang cách ly"}


def test_placeholder_cells_keep_columns_aligned():
    h = headers(TABS)
    assert h["47"] == "Ca cộng dồn" and h["3"] == "Đang điều trị"


def test_dash_delimited_cells_are_not_a_range():
    a = analyse(DASH)
    assert [(q.text, q.upper) for q in a.quantities] == [
        ("12", None), ("1.540", None), ("4", None), ("211", None)]
    assert headers(DASH) == {"12": "Ca mới", "1.540": "Lũy kế", "4": "Ca mới", "211": "Lũy kế"}


def test_a_real_range_stays_a_range():
    a = analyse("Mỗi ngày phát hiện 10 - 15 ca mắc mới.")
    assert [(q.value, q.upper) for q in a.quantities] == [(10, 15)]


def test_prose_with_commas_is_no_table():
    text = "Theo Sở Y tế, trong ngày ghi nhận thêm ca mới, cụ thể:\nHà Nội có 12, 15\nHải Phòng 3, 4\n"
    assert analyse(text).columns == {}


def test_a_table_without_header_gets_no_columns():
    assert analyse("Hà Nội | 12 | 30\nHải Phòng | 3 | 9\n").columns == {}


def test_records_take_event_and_running_total_from_their_column(nlp):
    recs = {(r.event, r.value): r for r in vnepi.extract(LEGEND + "\n" + TABS, date="2021-08-01", nlp=nlp)}
    daily, total = recs[("cases", 20)], recs[("cases", 764)]
    assert not daily.cumulative and total.cumulative
    assert total.since == "2021-06-19"
    assert total.location.province == "Phú Yên" and total.location.district == "Tuy Hòa"
    assert recs[("contacts_f1", 2318)].location.district == "Tuy Hòa"
    assert recs[("cases", 211)].cumulative and recs[("under_treatment", 37)].cumulative is False
    assert ("cases", 1) not in recs and ("cases", 2) not in recs  # "01.", "02." are row numbers


def test_a_downward_range_is_two_cells():
    a = analyse("- An Giang: 1.094.218 – 285.410\n- Bến Tre: 780.442 – 198.317")
    assert [q.value for q in a.quantities] == [1094218, 285410, 780442, 198317]
    assert [q.upper for q in analyse("khoảng 1.000 - 1.200 ca").quantities] == [1200]


# A legend whose qualifier comes before "thứ tự:" qualifies every column (a caption).
CAPTIONED = ("Tiêm chủng theo huyện (lũy kế, thứ tự: mũi 1 / mũi 2 / mũi 3):\n"
             "- TP Sa Đéc: 120.415 / 114.090 / 40.318\n"
             "- Huyện Lấp Vò: 98.012 / 93.774 / 21.456\n")


def test_a_legend_qualifier_before_its_colon_is_the_caption():
    a = analyse(CAPTIONED)
    cols = [a.columns[q.start] for q in a.quantities if q.start in a.columns]
    assert [CAPTIONED[c.start:c.end] for c in cols[:3]] == ["mũi 1", "mũi 2", "mũi 3"]
    assert "lũy kế" in CAPTIONED[cols[0].caption_start:cols[0].caption_end]


def test_every_column_of_a_captioned_running_total_is_cumulative(nlp):
    recs = vnepi.extract(CAPTIONED, date="2021-12-20", nlp=nlp)
    got = {(r.event, r.value, r.location.district, r.cumulative) for r in recs}
    assert ("vaccine_dose2", 93774, "Lấp Vò", True) in got
    assert ("vaccine_dose3", 40318, "Sa Đéc", True) in got
    assert len(recs) == 6 and all(r.cumulative for r in recs)


# A note column after the figures: rows end in an empty cell or a remark.
NOTED = ("Kết quả tiêm chủng theo huyện (đơn vị: người)\n"
         "Huyện | Mũi 1 | Mũi 2 | Mũi 3 | Ghi chú\n"
         "Thanh Sơn | 61.204 | 58.377 | 20.915 |\n"
         "Tân Sơn | 40.118 | 37.502 | 12.066 | tiêm lưu động 4 xã\n"
         "Yên Lập | 52.930 | 50.148 | 18.711 |\n")


def test_a_note_column_after_the_figures_keeps_headers_aligned():
    h = headers(NOTED)
    assert h["61.204"] == "Mũi 1" and h["20.915"] == "Mũi 3" and h["12.066"] == "Mũi 3"
    assert "4" not in h  # a number in the remark is no cell


def test_cells_under_a_note_column_s_table_are_records(nlp):
    got = {(r.event, r.value, r.location.district)
           for r in vnepi.extract("Phú Thọ: tiến độ tiêm vaccine\n\n" + NOTED, date="2022-02-20", nlp=nlp)}
    assert ("vaccine_dose1", 61204, "Thanh Sơn") in got
    assert ("vaccine_dose3", 12066, "Tân Sơn") in got
    assert ("vaccine_dose2", 50148, "Yên Lập") in got


def test_columns_that_only_say_when_count_cases(nlp):
    # "Trong ngày | Lũy kế": a dashboard's columns name the day and the running total only.
    text = ("SÓC TRĂNG - TÌNH HÌNH DỊCH THEO HUYỆN, THỊ XÃ\nCập nhật 17h ngày 5/11/2021\n\n"
            "Địa phương | Trong ngày | Lũy kế (từ 1/7)\n"
            "TP Sóc Trăng | 27 | 1.902\nKế Sách | 9 | 611\nMỹ Xuyên | 14 | 835\n")
    got = {(r.event, r.value, r.location.district, r.cumulative)
           for r in vnepi.extract(text, date="2021-11-05", nlp=nlp)}
    assert ("cases", 9, "Kế Sách", False) in got
    assert ("cases", 835, "Mỹ Xuyên", True) in got


def test_a_table_framed_by_pipes_keeps_its_running_numbers_out(nlp):
    text = ("Hải Phòng: ca mắc mới theo quận, huyện ngày 12/2\n\n"
            "| STT | Quận/huyện | Số ca | Cộng đồng |\n"
            "| 1 | Lê Chân | 212 | 64 |\n| 2 | Ngô Quyền | 187 | 51 |\n| 3 | Hải An | 140 | 38 |\n")
    got = {(r.value, r.location.district) for r in vnepi.extract(text, date="2022-02-12", nlp=nlp)}
    assert (187, "Ngô Quyền") in got and (38, "Hải An") in got
    assert not {v for v, _ in got} & {1, 2, 3}


LEADERS = """Số liệu xét nghiệm theo quận, huyện (số mẫu / lượt người)
Q. Hoàng Mai ...... 71.402 / 286.310
Q. Đống Đa ........ 60.118 / 240.472
H. Thanh Trì …… 12.905 / 51.620
"""


def test_a_label_ended_by_dot_leaders_opens_a_row():
    h = headers(LEADERS)
    assert h == {"71.402": "số mẫu", "286.310": "lượt người", "60.118": "số mẫu",
                 "240.472": "lượt người", "12.905": "số mẫu", "51.620": "lượt người"}


def test_a_column_of_people_given_a_test_counts_people_tested(nlp):
    text = ("Kết quả xét nghiệm ngày 4/9 theo địa bàn (mẫu RT-PCR / người test nhanh):\n"
            "TP. Buôn Ma Thuột: 3.105 / 4.287\nTX. Buôn Hồ: 512 / 806\n")
    recs = {r.value: r.event for r in vnepi.extract(text + "\n" + LEADERS, date="2021-09-04", nlp=nlp)}
    assert recs[3105] == recs[512] == "tests"
    assert recs[4287] == recs[806] == "people_tested"
    assert recs[71402] == recs[12905] == "tests"
    assert recs[286310] == recs[51620] == "people_tested"


def test_a_first_figure_after_its_label_by_a_space_is_a_cell(nlp):
    text = ("Số liệu truy vết theo huyện (F1 - F2 - F3):\nLạng Giang 417 - 2.306 - 1.188\n"
            "Yên Thế 95 - 512 - 260\nTP Bắc Giang 38 - 176 - 91\n")
    h = headers(text)
    assert (h["417"], h["2.306"], h["1.188"]) == ("F1", "F2", "F3")
    assert (h["38"], h["176"], h["91"]) == ("F1", "F2", "F3")
    recs = {r.value: r.event for r in vnepi.extract(text, date="2021-05-20", nlp=nlp)}
    assert recs[417] == recs[95] == recs[38] == "contacts_f1"
    assert recs[2306] == recs[512] == "contacts_f2"
    # a label ending in a number of its own is no row of two figures
    assert headers("Danh sách (F1 / F2)\nQuận 7 / Quận 8\n") == {}


def test_a_column_of_contacts_tested_positive_counts_cases(nlp):
    text = ("Phân bố theo địa bàn (số F1 / số F1 dương tính)\n- Huyện Hải Hậu: 1.318 / 207\n"
            "- Huyện Nam Trực: 964 / 148\n")
    recs = {r.value: r.event for r in vnepi.extract(text, date="2021-12-01", nlp=nlp)}
    assert recs[1318] == recs[964] == "contacts_f1"
    assert recs[207] == recs[148] == "cases"


def test_a_title_line_above_the_header_is_the_caption(nlp):
    text = ("Bảng: Ca tử vong báo cáo ngày 24/8 và tổng từ đầu dịch\n"
            "| Địa phương | Trong ngày | Từ đầu dịch |\n| Bình Dương | 45 | 920 |\n| Long An | 13 | 266 |\n")
    recs = {r.value: (r.event, r.cumulative) for r in vnepi.extract(text, date="2021-08-24", nlp=nlp)}
    assert recs[45] == recs[13] == ("deaths", False)
    assert recs[920] == recs[266] == ("deaths", True)
    # a sentence above is prose, not a title
    a = analyse("Hôm nay có 2.104 ca mắc mới.\n" + text.split("\n", 1)[1])
    assert a.columns and all("ca mắc" not in a.text[c.caption_start:c.caption_end]
                             for c in a.columns.values())


def test_rows_of_slash_joined_figures_under_a_slash_legend(nlp):
    text = ("Số ca theo phường, xã (mới/lũy kế):\nP. Cái Vồn: 7/131\nP. Thành Phước: 4/86\n"
            "X. Mỹ Hòa: 2/5\n")
    recs = {(r.value, r.cumulative) for r in vnepi.extract(text, date="2021-09-10", nlp=nlp)}
    assert {(7, False), (131, True), (4, False), (86, True), (2, False), (5, True)} <= recs
    # "2/5" is no date here, nor is "24/3" under "(học sinh F0/giáo viên F0)"
    a = analyse("Chi tiết (học sinh F0/giáo viên F0):\n- TP Vinh: 58/7\n- Huyện Nghi Lộc: 24/3\n")
    assert [q.text for q in a.quantities] == ["58", "7", "24", "3"] and not a.dates
    # the halves of a date in the parenthesis are no legend
    a = analyse("Số ca (từ 27/4 đến nay):\n- Quận 1: 12/5\n- Quận 3: 14/6\n")
    assert [d.text for d in a.dates if d.text in ("12/5", "14/6")] == ["12/5", "14/6"]
