"""Cue lexicon: the words of bulletins that say what a number counts and how.

Each cue phrase maps to a (category, value) pair. Categories:

- ``event``: what is counted ("tử vong" → deaths, "mũi 2" → vaccine_dose2);
- ``unit``: a counting noun right after a number ("ca", "người", "liều"); ``noncount``: a
  noun that makes the number something else ("tuổi", "xã", "giường", "%");
- ``setting``, ``cumulative``, ``change`` (value +1 / -1), ``average``, ``new``, ``each``
  ("mỗi tỉnh", "đều"), ``national`` ("cả nước"), ``threshold`` ("vượt mốc"),
  ``subset`` (a part of contacts by test status, not a record), ``period`` ("trong tuần",
  "tháng qua": a window longer than a day), ``plan`` ("dự kiến", "năng lực", "phân bổ":
  a figure that is planned, possible or allocated, not reported).

Matching runs on lower-cased, tone-normalised text of the same length as the input, so
cue offsets are offsets into the caller's text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .cue_patterns import Cue, pattern_cues

# Old-style tone placement ("hoà", "thuỷ", "khoẻ") → new style, only at a syllable's end:
# one character for one, so offsets are kept.
_TONE_OLD = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
             "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
             "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TONE_RE = re.compile("(" + "|".join(_TONE_OLD) + r")(?![^\W\d_])")


def normalize(text: str) -> str:
    """Lower case and new-style tone placement, keeping the length of ``text``."""
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lowered
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _TONE_RE.sub(lambda m: _TONE_OLD[m.group(1)], low)


EVENT_CUES: dict[str, str] = {
    # cases
    "ca nhiễm": "cases", "ca mắc": "cases", "ca mắc mới": "cases", "ca nhiễm mới": "cases",
    "ca bệnh": "cases", "ca dương tính": "cases", "dương tính": "cases", "f0": "cases",
    "ca covid-19": "cases", "ca covid": "cases", "người mắc": "cases", "mắc covid-19": "cases",
    "mắc mới": "cases", "nhiễm mới": "cases", "ca lây nhiễm": "cases", "bệnh nhân mới": "cases",
    "ca nghi mắc": "cases", "nhiễm sars-cov-2": "cases", "nhiễm covid-19": "cases",
    "ca mắc covid-19": "cases", "ca nhiễm covid-19": "cases", "ca tái nhiễm": "cases",
    "số ca nhiễm": "cases", "số ca mắc": "cases", "số nhiễm": "cases", "ca cộng đồng": "cases",
    "mắc bệnh": "cases", "trường hợp mắc": "cases", "trường hợp dương tính": "cases",
    "bệnh nhân covid-19": "cases", "ca nhập cảnh": "cases", "người nhiễm": "cases",
    "nhiễm bệnh": "cases", "trường hợp nhiễm": "cases", "ca mắc covid": "cases",
    # a positive result is a case, not a test: "27 trường hợp có kết quả xét nghiệm dương tính"
    "xét nghiệm dương tính": "cases", "kết quả xét nghiệm dương tính": "cases",
    "test nhanh dương tính": "cases", "xét nghiệm nhanh dương tính": "cases",
    # deaths
    "tử vong": "deaths", "ca tử vong": "deaths", "người tử vong": "deaths", "tử vong do": "deaths",
    "qua đời": "deaths", "ca tử vong mới": "deaths", "số tử vong": "deaths", "chết": "deaths",
    "không qua khỏi": "deaths",
    # recovered
    "khỏi bệnh": "recovered", "xuất viện": "recovered", "điều trị khỏi": "recovered",
    "ra viện": "recovered", "được công bố khỏi": "recovered", "công bố khỏi": "recovered",
    "khỏi": "recovered", "hồi phục": "recovered", "hoàn thành điều trị": "recovered",
    "kết thúc điều trị": "recovered", "kết thúc cách ly điều trị": "recovered",
    "bình phục": "recovered",
    # Home care ends: "3.012 người hoàn thành cách ly, điều trị tại nhà".
    "hoàn thành cách ly, điều trị": "recovered", "hoàn thành cách ly, điều trị tại nhà": "recovered",
    "hoàn thành điều trị tại nhà": "recovered",
    # severe
    "bệnh nhân nặng": "severe", "ca nặng": "severe", "nặng": "severe", "nguy kịch": "severe",
    "thở máy": "severe", "thở oxy": "severe", "ecmo": "severe", "điều trị tầng 3": "severe",
    "tầng điều trị thứ 3": "severe", "tầng 3 điều trị": "severe",
    "rất nặng": "severe", "điều trị tích cực": "severe", "hồi sức tích cực": "severe",
    "thở oxy dòng cao": "severe", "thở máy xâm lấn": "severe", "thở máy không xâm lấn": "severe",
    "bệnh nhân nguy kịch": "severe", "diễn biến nặng": "severe", "tình trạng nặng": "severe",
    "hỗ trợ hô hấp": "severe", "suy hô hấp": "severe", "tiên lượng nặng": "severe",
    "chuyển nặng": "severe", "hồi sức": "severe",
    # Oxygen and the third tier of care by other names: "21 trường hợp phải hỗ trợ oxy",
    # "thở HFNC", "512 người điều trị tại bệnh viện tầng 3" (a bare "tầng 3" is also a floor).
    "hỗ trợ oxy": "severe", "hỗ trợ thở oxy": "severe", "thở ô xy": "severe", "thở ôxy": "severe",
    "hfnc": "severe", "thở hfnc": "severe", "bệnh viện tầng 3": "severe",
    "tầng thứ 3": "severe", "tầng thứ ba": "severe",
    # under treatment
    "đang điều trị": "under_treatment", "đang được điều trị": "under_treatment",
    "đang cách ly điều trị": "under_treatment", "đang điều trị tại": "under_treatment",
    "điều trị": "under_treatment", "đang theo dõi điều trị": "under_treatment",
    "đang chăm sóc": "under_treatment", "đang quản lý": "under_treatment",
    # F0 looked after at home now are patients under treatment, not new cases.
    "f0 tại nhà": "under_treatment", "f0 điều trị tại nhà": "under_treatment",
    "f0 đang điều trị tại nhà": "under_treatment", "f0 đang cách ly tại nhà": "under_treatment",
    "f0 đang cách ly, điều trị tại nhà": "under_treatment",
    "f0 cách ly tại nhà": "under_treatment", "f0 cách ly, điều trị tại nhà": "under_treatment",
    "f0 đang được cách ly, điều trị tại nhà": "under_treatment",
    "f0 đang được cách ly tại nhà": "under_treatment", "f0 đang được điều trị tại nhà": "under_treatment",
    "f0 đang được theo dõi, điều trị tại nhà": "under_treatment",
    "f0 đang theo dõi, điều trị tại nhà": "under_treatment", "f0 đang được quản lý": "under_treatment",
    "đang được theo dõi, điều trị": "under_treatment", "đang cách ly, điều trị": "under_treatment",
    "đang được cách ly, điều trị": "under_treatment",
    # tests
    "xét nghiệm": "tests", "mẫu": "tests", "mẫu xét nghiệm": "tests", "test nhanh": "tests",
    "rt-pcr": "tests", "mẫu gộp": "tests", "mẫu đơn": "tests", "mẫu bệnh phẩm": "tests",
    "lấy mẫu": "tests", "mẫu test nhanh": "tests", "mẫu rt-pcr": "tests", "pcr": "tests",
    "xét nghiệm nhanh": "tests", "test kháng nguyên": "tests",
    # The abbreviations of text-message bulletins: "1.149 F0, 54 TV", "+4.702 KB" (only
    # next to a number: see _BY_NUMBER).
    "tv": "deaths", "kb": "recovered",
    # people tested
    # "1.457.920 lượt xét nghiệm" counts tests; "lượt người" the people tested.
    "lượt người": "people_tested", "lượt xét nghiệm": "tests",
    "người được xét nghiệm": "people_tested", "lượt": "people_tested",
    "người được lấy mẫu": "people_tested", "người dân được xét nghiệm": "people_tested",
    # People a test was given to: "hơn 5.000 tài xế được test nhanh".
    "được test nhanh": "people_tested", "được xét nghiệm": "people_tested",
    "được lấy mẫu": "people_tested", "được lấy mẫu xét nghiệm": "people_tested",
    # vaccines
    "liều": "vaccine_doses", "liều vaccine": "vaccine_doses", "liều vắc xin": "vaccine_doses",
    "mũi tiêm": "vaccine_doses", "được tiêm": "vaccine_doses", "tiêm": "vaccine_doses",
    "tiêm chủng": "vaccine_doses", "vaccine": "vaccine_doses", "vắc xin": "vaccine_doses",
    "vắc-xin": "vaccine_doses", "lượt tiêm": "vaccine_doses", "mũi vaccine": "vaccine_doses",
    # "M1: 531.770; M2: 485.209; M3: 66.815": tables and lists abbreviate the dose.
    "m1": "vaccine_dose1", "m2": "vaccine_dose2", "m3": "vaccine_dose3",
    "mũi 1": "vaccine_dose1", "1 mũi": "vaccine_dose1", "mũi một": "vaccine_dose1",
    "một mũi": "vaccine_dose1", "mũi thứ nhất": "vaccine_dose1", "mũi đầu": "vaccine_dose1",
    "mũi đầu tiên": "vaccine_dose1", "ít nhất 1 mũi": "vaccine_dose1",
    "ít nhất một mũi": "vaccine_dose1",
    "mũi 2": "vaccine_dose2", "2 mũi": "vaccine_dose2", "mũi hai": "vaccine_dose2",
    "hai mũi": "vaccine_dose2", "mũi thứ hai": "vaccine_dose2", "đủ 2 mũi": "vaccine_dose2",
    "đủ hai mũi": "vaccine_dose2", "đủ liều": "vaccine_dose2", "đủ mũi": "vaccine_dose2",
    "mũi thứ 2": "vaccine_dose2", "tiêm đủ liều": "vaccine_dose2",
    "mũi 3": "vaccine_dose3", "3 mũi": "vaccine_dose3", "mũi ba": "vaccine_dose3",
    "mũi thứ ba": "vaccine_dose3", "mũi bổ sung": "vaccine_dose3", "mũi nhắc lại": "vaccine_dose3",
    "tiêm nhắc lại": "vaccine_dose3", "mũi tăng cường": "vaccine_dose3",
    "tiêm bổ sung": "vaccine_dose3", "tiêm mũi bổ sung": "vaccine_dose3",
    "liều bổ sung": "vaccine_dose3", "liều nhắc lại": "vaccine_dose3",
    "liều tăng cường": "vaccine_dose3", "mũi 3 và mũi nhắc lại": "vaccine_dose3",
    "mũi thứ 3": "vaccine_dose3", "mũi nhắc": "vaccine_dose3",
    # "liều 2 là 9.227 liều", "tiêm đủ 2 liều": doses named by "liều" as by "mũi".
    "liều 1": "vaccine_dose1", "liều một": "vaccine_dose1", "liều đầu": "vaccine_dose1",
    "liều đầu tiên": "vaccine_dose1", "liều thứ nhất": "vaccine_dose1",
    "liều 2": "vaccine_dose2", "liều hai": "vaccine_dose2", "liều thứ hai": "vaccine_dose2",
    "liều thứ 2": "vaccine_dose2", "đủ 2 liều": "vaccine_dose2", "đủ hai liều": "vaccine_dose2",
    "liều 3": "vaccine_dose3", "liều ba": "vaccine_dose3", "liều thứ ba": "vaccine_dose3",
    "liều thứ 3": "vaccine_dose3",
    # The first booster is dose 3 ("96.417 mũi nhắc lại lần 1"), the second a fourth dose.
    "nhắc lại lần 1": "vaccine_dose3", "nhắc lại lần một": "vaccine_dose3",
    "nhắc lại lần thứ nhất": "vaccine_dose3", "nhắc lại lần đầu": "vaccine_dose3",
    # A fourth dose is none of the schema's events (its figures give no record), but its cue
    # must outweigh "mũi nhắc lại" and "mũi" so that its figure is not read as dose 3.
    "mũi 4": "vaccine_dose4", "4 mũi": "vaccine_dose4", "mũi bốn": "vaccine_dose4",
    "mũi thứ tư": "vaccine_dose4", "mũi thứ 4": "vaccine_dose4", "mũi 5": "vaccine_dose4",
    "mũi nhắc lại lần 2": "vaccine_dose4", "mũi nhắc lại lần hai": "vaccine_dose4",
    "mũi nhắc lại thứ 2": "vaccine_dose4", "liều thứ 4": "vaccine_dose4",
    "nhắc lại lần 2": "vaccine_dose4", "nhắc lại lần hai": "vaccine_dose4",
    "nhắc lại lần thứ hai": "vaccine_dose4", "nhắc lại lần thứ 2": "vaccine_dose4",
    "liều 4": "vaccine_dose4", "liều thứ tư": "vaccine_dose4",
    # contacts
    "f1": "contacts_f1", "f2": "contacts_f2", "f3": "contacts_f3",
    "tiếp xúc gần": "contacts_f1", "trường hợp tiếp xúc gần": "contacts_f1",
    # Contacts of contacts, by their definition (the F1 or F2 inside is masked below).
    "tiếp xúc với f1": "contacts_f2", "tiếp xúc với người tiếp xúc gần": "contacts_f2",
    "tiếp xúc với các f1": "contacts_f2", "tiếp xúc với f2": "contacts_f3",
}
_CONTACTS_OF_CONTACTS = [p for p, ev in EVENT_CUES.items() if p.startswith("tiếp xúc với")]

UNIT_CUES = ["ca", "người", "trường hợp", "bệnh nhân", "f0", "f1", "f2", "f3", "liều", "mũi",
             "mẫu", "lượt", "lượt người", "xét nghiệm", "bn", "công nhân", "học sinh", "ca bệnh",
             "ca nhiễm", "ca mắc", "ca tử vong", "người dân"]

NONCOUNT_CUES = ["tuổi", "xã", "phường", "thị trấn", "tỉnh", "thành phố", "tỉnh thành",
                 "tỉnh, thành phố", "tỉnh, thành", "huyện", "quận", "thị xã", "địa phương",
                 "giường", "giường bệnh", "đội", "điểm", "điểm tiêm", "ngày", "giờ", "tiếng",
                 "tuần", "tháng", "năm", "%", "phần trăm", "quốc gia", "lần", "bệnh viện",
                 "cơ sở", "doanh nghiệp", "khu", "tổ", "chốt", "xe", "hộ", "hộ gia đình", "phòng",
                 "trạm", "trường", "lớp", "nhóm", "ổ dịch", "chuỗi", "điểm dịch", "đơn vị",
                 "khu vực", "thôn", "ấp", "tổ dân phố", "bản", "km", "tấn", "tỷ đồng",
                 "triệu đồng", "đồng", "nghìn đồng", "máy", "túi", "kíp", "chuyến",
                 "chuyến bay", "h", "phút", "cấp độ", "vùng", "tầng", "mét", "m2", "dân", "độ",
                 "kit", "que", "test", "sinh phẩm", "máy thở", "ngàn dân", "triệu dân",
                 "nghìn dân", "vạn dân", "cuộc gọi", "cuộc", "tin nhắn", "lượt gọi", "phản ánh",
                 # places people live in: "phong tỏa 2 xóm", "3 khu phố", "12 chung cư"
                 "xóm", "khóm", "khu phố", "ngõ", "ngách", "hẻm", "làng", "khu dân cư",
                 "chung cư", "tòa nhà", "căn hộ", "tuyến phố", "tuyến đường",
                 # and sites and vessels: "thuyền viên của 87 tàu cá", "tại 27 công ty"
                 "tàu", "tàu cá", "công ty", "nhà máy", "chợ", "ki-ốt", "kiốt", "sạp",
                 "công trường", "siêu thị", "cửa hàng", "nhà hàng", "quán", "khách sạn",
                 "cơ quan", "phương tiện"]

SETTING_CUES: dict[str, str] = {
    "cộng đồng": "community", "ngoài cộng đồng": "community", "trong cộng đồng": "community",
    "tại cộng đồng": "community", "điều tra dịch tễ": "community", "đang điều tra dịch tễ": "community",
    "chưa rõ nguồn lây": "community", "chưa được cách ly": "community",
    "khu cách ly": "quarantine", "khu phong tỏa": "quarantine", "cách ly tập trung": "quarantine",
    "đã được cách ly": "quarantine", "khu đã được phong tỏa": "quarantine",
    "khu vực phong tỏa": "quarantine", "vùng phong tỏa": "quarantine", "đã cách ly": "quarantine",
    "trong khu cách ly": "quarantine", "phong tỏa": "quarantine", "được cách ly": "quarantine",
    "cơ sở cách ly": "quarantine", "khu vực cách ly": "quarantine",
    "nhập cảnh": "imported", "từ nước ngoài": "imported", "ca nhập cảnh": "imported",
    "trong nước": "domestic", "lây nhiễm trong nước": "domestic", "ca trong nước": "domestic",
    "cách ly tại nhà": "home_isolation", "điều trị tại nhà": "home_isolation",
    "tại nhà": "home_isolation", "cách ly y tế tại nhà": "home_isolation",
    "tự cách ly tại nhà": "home_isolation", "theo dõi tại nhà": "home_isolation",
    "chăm sóc tại nhà": "home_isolation", "tạm cách ly tại nhà": "home_isolation",
}

CUMULATIVE_CUES = ["tổng số", "từ đầu dịch", "kể từ đầu dịch", "lũy kế", "luỹ kế", "tích lũy",
                   "đến nay", "tính đến nay", "cho đến nay", "tới nay", "nâng tổng số",
                   "nâng tổng", "đợt dịch thứ 4", "đợt dịch thứ tư", "đợt dịch thứ 3",
                   "đợt dịch thứ ba", "đợt dịch này", "đợt dịch thứ 5", "từ đầu năm",
                   "tổng cộng", "tổng", "lên", "đã tiêm được", "từ đầu đợt dịch", "trong đợt dịch",
                   "từ khi", "kể từ", "đợt dịch", "tổng cộng có", "đã tiêm", "tính đến",
                   "đến hết", "tính từ đầu", "đợt 4", "đợt này", "cộng dồn", "lũy tích",
                   "từ trước đến nay", "tính từ"]

CHANGE_CUES: dict[str, int] = {
    "tăng": 1, "giảm": -1, "ít hơn": -1, "nhiều hơn": 1, "tăng thêm": 1, "giảm bớt": -1,
    "cao hơn": 1, "thấp hơn": -1, "tăng so với": 1, "giảm so với": -1,
}

OTHER_CUES: dict[str, tuple[str, str]] = {
    "trung bình": ("average", ""), "bình quân": ("average", ""),
    "thêm": ("new", ""), "mới": ("new", ""), "trong ngày": ("new", ""), "24 giờ qua": ("new", ""),
    "cùng ngày": ("new", ""),
    "mỗi tỉnh": ("each", ""), "mỗi nơi": ("each", ""), "mỗi địa phương": ("each", ""),
    "mỗi quận": ("each", ""), "mỗi huyện": ("each", ""), "mỗi thành phố": ("each", ""),
    "mỗi tỉnh thành": ("each", ""), "đều": ("each", ""), "mỗi": ("each", ""),
    "cả nước": ("national", ""), "toàn quốc": ("national", ""), "nước ta": ("national", ""),
    "việt nam": ("national", ""), "toàn quốc có": ("national", ""),
    "ban chỉ đạo quốc gia": ("national", ""), "bcđ quốc gia": ("national", ""),
    # the Ministry's case register: "trên Hệ thống Quốc gia quản lý ca bệnh ghi nhận ..."
    "hệ thống quốc gia": ("national", ""),
    "vượt mốc": ("threshold", ""), "mốc": ("threshold", ""), "dưới": ("threshold", ""),
    "vượt": ("threshold", ""), "con số": ("threshold", ""), "ngưỡng": ("threshold", ""),
    # "Con số này giảm 13 ca": the figure just reported, not a threshold.
    "con số này": ("anaphor", ""), "con số trên": ("anaphor", ""),
    "tỷ lệ": ("rate", ""), "tỉ lệ": ("rate", ""),
    # A plan, a capacity or an allocation is no report: "dự kiến lấy thêm 12.000 mẫu",
    # "năng lực xét nghiệm đạt 800.000 mẫu mỗi ngày", "được phân bổ 1,2 triệu liều".
    "dự kiến": ("plan", ""), "kế hoạch": ("plan", ""), "năng lực": ("plan", ""),
    "mục tiêu": ("plan", ""), "phấn đấu": ("plan", ""), "sẽ": ("plan", ""),
    "phân bổ": ("plan", ""), "công suất": ("plan", ""),
    # A request is no report either: "Đề nghị Bộ Y tế hỗ trợ thêm 500.000 liều vaccine".
    "đề nghị": ("plan", ""), "đề xuất": ("plan", ""), "kiến nghị": ("plan", ""),
    "âm tính": ("subset", ""), "có kết quả âm tính": ("subset", ""), "chờ kết quả": ("subset", ""),
    "chưa có kết quả": ("subset", ""), "đang chờ kết quả": ("subset", ""),
    # Before a figure only: "Đã có kết quả 13.540 mẫu" counts results, not samples taken
    # (after it, "5 F1 đã có kết quả dương tính" are cases).
    "đã có kết quả": ("result", ""), "có kết quả": ("result", ""),
    # Phrases whose words are no cues of their own: "lần lượt" (respectively) is no "lượt".
    "lần lượt": ("mask", ""),
    # An underlying illness is no infection: "người mắc bệnh lý nền ... là 21.605 mũi".
    **{f"{who}mắc {what}": ("mask", "") for who in ("", "người ")
       for what in ("bệnh nền", "bệnh lý nền", "các bệnh nền", "các bệnh lý nền",
                    "bệnh mạn tính", "bệnh mãn tính", "các bệnh mạn tính")},
    # A negated vaccination names no dose given: in "6 bệnh nhân chưa tiêm vaccine" or
    # "còn 180.000 người chưa tiêm mũi 3" neither "tiêm" nor the dose words that follow
    # (see find_cues) are event cues.
    "chưa tiêm": ("negated", ""), "chưa được tiêm": ("negated", ""),
    "chưa tiêm chủng": ("negated", ""), "không tiêm": ("negated", ""),
    "chưa từng tiêm": ("negated", ""),
    # Vaccine received or supplied is not vaccine given: "đã tiếp nhận 213,2 triệu liều".
    "tiếp nhận": ("received", ""), "được cấp": ("received", ""), "nhận được": ("received", ""),
    "được cung ứng": ("received", ""), "viện trợ": ("received", ""),
    "đã nhận": ("received", ""), "nhận thêm": ("received", ""), "tồn kho": ("received", ""),
    "còn tồn": ("received", ""),
    "so với": ("compare", ""), "hôm qua": ("compare", ""),
    "trong đó": ("breakdown", ""), "gồm": ("breakdown", ""), "bao gồm": ("breakdown", ""),
    "tại": ("at", ""), "ở": ("at", ""),
    # A window of several days: its totals are running totals across those days (guideline
    # section 7, rule 4).
    "trong tuần": ("period", ""), "tuần qua": ("period", ""), "tuần trước": ("period", ""),
    "trong tháng": ("period", ""), "tháng qua": ("period", ""), "cả năm": ("period", ""),
    "trong năm": ("period", ""), "7 ngày qua": ("period", ""), "trong 7 ngày": ("period", ""),
    "một tuần": ("period", ""), "cả tuần": ("period", ""), "cả tháng": ("period", ""),
    "riêng tháng": ("period", ""), "trong quý": ("period", ""), "cả quý": ("period", ""),
    # The window of the sentences before, named again: "Trong cùng thời gian, CDC đã lấy
    # 58.730 mẫu", "Cùng giai đoạn, đã truy vết 45.320 F1".
    "cùng thời gian": ("period", ""), "trong thời gian này": ("period", ""),
    "thời gian trên": ("period", ""), "cùng giai đoạn": ("period", ""),
    "trong giai đoạn này": ("period", ""), "giai đoạn trên": ("period", ""),
    "tuần này": ("period", ""), "14 ngày qua": ("period", ""), "trong 14 ngày": ("period", ""),
}


def _build() -> tuple[re.Pattern, dict[str, list[tuple[str, str | int]]]]:
    table: dict[str, list[tuple[str, str | int]]] = {}

    def add(phrase: str, cat: str, val: str | int) -> None:
        table.setdefault(normalize(phrase), []).append((cat, val))

    for p, ev in EVENT_CUES.items():
        add(p, "event", ev)
    for p in UNIT_CUES:
        add(p, "unit", p)
    for p in NONCOUNT_CUES:
        add(p, "noncount", p)
    for p, s in SETTING_CUES.items():
        add(p, "setting", s)
    for p in CUMULATIVE_CUES:
        add(p, "cumulative", p)
    for p, sign in CHANGE_CUES.items():
        add(p, "change", sign)
    for p, (cat, val) in OTHER_CUES.items():
        add(p, cat, val or p)
    for p in _CONTACTS_OF_CONTACTS:
        add(p, "mask", p)  # "người tiếp xúc với F1 (F2)": no F1 of its own
    # A cue is a whole syllable run: no letter or digit glued on either side.
    # Matched at every syllable start at once (a look-ahead match is zero-width), so that
    # overlapping cues are found in one C-level scan.
    alt = trie_pattern(table, r"(?![^\W_])")
    pat = re.compile(rf"(?<![^\W_])(?=[^\W_])(?=({alt}))")
    return pat, table


def trie_pattern(phrases: Iterable[str], end: str) -> str:
    """One regex for a set of literal phrases, as a trie: at each position the regex engine
    follows one path of characters instead of trying every phrase in turn (the lexicon has
    hundreds). ``end`` guards every phrase's end; a longer phrase is tried before its
    prefix, so the match is the longest phrase that ``end`` accepts, as with an
    alternation sorted longest first."""
    trie: dict = {}
    for p in phrases:
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if "" in node:
            alts.append(end)
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


_PATTERN, _TABLE = _build()
# Abbreviations that are cues only right after a number or before one ("54 TV", "TV: 9").
_BY_NUMBER = frozenset({"tv", "kb"})
_DIGIT_BEFORE = re.compile(r"\d\s?$")
# "Việt Nam" as a nationality, not the scope of a figure: "9 người Việt Nam nhập cảnh trái
# phép", "lái xe Việt Nam và Lào", "công dân Việt Nam về từ Nhật Bản".
_NATIONALITY_BEFORE = re.compile(r"(?<![^\W_])(?:người|công dân|lao động|lái xe|tài xế|phụ xe|"
                                 r"thuyền viên|ngư dân|hành khách|du học sinh|quốc tịch|"
                                 r"chuyên gia|kiều bào|tàu)\s+$")
_DIGIT_AFTER = re.compile(r"\s?:?\s?\d")


def find_cues(text: str, normalized: str | None = None) -> list[Cue]:
    """Every cue in ``text``: at each syllable start the longest phrase of the lexicon, in order.

    Cues may overlap ("ca tử vong" at one syllable, "tử vong" at the next): the linker
    weighs them by category and distance.
    """
    norm = normalized if normalized is not None else normalize(text)
    out: list[Cue] = []
    mask_end = -1
    # End of a negated vaccination and the dose words right after it; none yet (a text that
    # opens with "Tiêm mũi 3" is no negation).
    negated_end = -10
    for m in _PATTERN.finditer(norm):
        start, end = m.span(1)
        if end <= mask_end:
            continue  # a word inside "lần lượt" ("lượt") is not a cue of its own
        entries = _TABLE[m.group(1)]
        if (start - negated_end <= 4 and not norm[negated_end:start].strip(" đủ")
                and all(c == "event" and v.startswith("vaccine") for c, v in entries)):
            # "chưa tiêm [đủ] 2 mũi", "chưa tiêm mũi vaccine nào": kept as a cue (its
            # number is part of a cue, no figure) of no event.
            negated_end = end
            out.append(Cue(start, end, "negated", entries[0][1]))
            continue
        if m.group(1) in _BY_NUMBER and _DIGIT_BEFORE.search(norm, max(0, start - 3), start) is None \
                and _DIGIT_AFTER.match(norm, end) is None:
            continue  # "(Quảng Ninh TV) - Sáng 26/11": a television channel
        for cat, val in entries:
            if cat == "national" and _NATIONALITY_BEFORE.search(norm, max(0, start - 16), start):
                continue
            if cat == "mask":
                mask_end = end
                continue
            if cat == "negated":
                mask_end = negated_end = end
            out.append(Cue(start, end, cat, val))
    extra = pattern_cues(norm)
    if extra:
        out = sorted(out + extra, key=lambda c: (c.start, -c.end))
    return out
