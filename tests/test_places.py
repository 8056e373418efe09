"""Gazetteer: canonical provinces and codes, aliases, districts, mentions in running text."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnepi.resolve.places import fold, get_gazetteer, name_key

gaz = get_gazetteer()


def test_sixty_three_provinces_with_official_codes():
    assert len(gaz.provinces) == 63
    assert len({p.code for p in gaz.provinces}) == 63
    assert gaz.province("Hồ Chí Minh").code == "79"
    assert gaz.province("Hà Nội").code == "01"
    assert gaz.province("Thừa Thiên Huế").code == "46"
    assert gaz.province("Bà Rịa - Vũng Tàu").code == "77"


@pytest.mark.parametrize("alias,canonical", [
    ("TP HCM", "Hồ Chí Minh"), ("TP.HCM", "Hồ Chí Minh"), ("TPHCM", "Hồ Chí Minh"),
    ("Sài Gòn", "Hồ Chí Minh"), ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
    ("Đăk Lăk", "Đắk Lắk"), ("Đắk Lắk", "Đắk Lắk"), ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ("BR-VT", "Bà Rịa - Vũng Tàu"), ("Thừa Thiên-Huế", "Thừa Thiên Huế"),
    ("Huế", "Thừa Thiên Huế"), ("Hoà Bình", "Hòa Bình"), ("tỉnh Thanh Hoá", "Thanh Hóa"),
])
def test_aliases_and_spellings(alias, canonical):
    assert gaz.province(alias).name == canonical


def test_fold_keeps_length():
    for s in ["Đắk Lắk", "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu", "Ẩm ướt", "ABC"]:
        assert len(fold(s)) == len(s)
    assert fold("Đắk Lắk") == "dak lak"


def test_district_prefixes_and_numbers():
    ms = gaz.find("Q.7, Quận 10, Q1, quận Bình Thạnh, H. Củ Chi, TX Phú Thọ, huyện Yên Thế")
    names = [(m.districts[0].name, m.districts[0].province) for m in ms]
    assert names == [("Quận 7", "Hồ Chí Minh"), ("Quận 10", "Hồ Chí Minh"),
                     ("Quận 1", "Hồ Chí Minh"), ("Bình Thạnh", "Hồ Chí Minh"),
                     ("Củ Chi", "Hồ Chí Minh"), ("Phú Thọ", "Phú Thọ"), ("Yên Thế", "Bắc Giang")]


def test_district_named_like_its_province_needs_a_district_prefix():
    bare, town, city = gaz.find("Phú Thọ có ca mới, thị xã Phú Thọ 19 ca, TP Cần Thơ 5 ca")
    assert bare.province == "Phú Thọ" and not bare.districts
    assert town.province is None and town.districts[0].name == "Phú Thọ"
    assert city.province == "Cần Thơ" and not city.districts


def test_wards_place_their_district_and_lower_case_words_are_not_places():
    (ward,) = gaz.find("liên quan điểm dịch xã Thượng Lan")
    assert ward.ward == "Thượng Lan" and ward.province is None
    assert [(d.name, d.province) for d in ward.districts] == [("Việt Yên", "Bắc Giang")]
    assert gaz.find("thôn Đông, khu Dương Ổ") == []
    assert gaz.find("ba người, năm ca, hai bên") == []


def test_district_type_from_prefix():
    (m,) = gaz.find("huyện Cao Lãnh")
    assert [d.type for d in m.districts] == ["Huyện"]


def test_exact_spelling_wins_over_folded_collision():
    (m,) = gaz.find("huyện Phù Ninh")
    assert [d.province for d in m.districts] == ["Phú Thọ"]


def test_shared_district_names_keep_all_candidates():
    (m,) = gaz.find("huyện Châu Thành")
    assert len({d.province for d in m.districts}) >= 5


def test_mentions_slice_the_text(seed_texts):
    for text in seed_texts:
        for m in gaz.find(text):
            assert text[m.start:m.end] == m.text


def test_2025_merger_mapping():
    assert gaz.to_2025("Bắc Giang") == ("Bắc Ninh", "24")
    assert gaz.to_2025("Bình Dương")[0] == "Hồ Chí Minh"
    assert gaz.to_2025("Hà Nội") == ("Hà Nội", "01")


def test_name_key_normalises_prefixes_and_case():
    assert name_key("TP. Hồ Chí Minh") == name_key("hồ chí minh")
    assert name_key("Q.7") == name_key("Quận 7")
    assert name_key("huyện Yên Thế") == "yen the"


def test_packaged_admin_units_match_the_builder():
    """The committed JSON is what tools/build_admin_units.py makes from vietnamadminunits."""
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("bau", root / "tools" / "build_admin_units.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    committed = json.loads((root / "vnepi" / "data" / "admin_units.json").read_text(encoding="utf-8"))
    assert mod.build() == committed


@pytest.mark.parametrize("text,province,district", [
    ("TP Huế có 612 F1", None, "Huế"),              # Huế became a city only in 2025
    ("TP Nam Định có 1.120 ca", None, "Nam Định"),
    ("TP Đà Nẵng ghi nhận", "Đà Nẵng", None),      # a centrally-run city is the province
    ("huyện Cư M'gar: 98 người", None, "Cư M'gar"),
    ("huyện Cư Mgar 12 ca", None, "Cư M'gar"),      # written without the apostrophe
    ("Ea H’leo 3 ca", None, "Ea H'leo"),           # typographic apostrophe
    ("trong KCN Quế Võ có 38 ca", None, "Quế Võ"),   # an industrial park lies in its district
    ("Tiên Lãng 30, Dương Kinh 22", None, "Tiên Lãng"),
    ("Dương Kinh 22 ca", None, "Dương Kinh"),        # folds like "đường" (street)
    ("huyện Chợ Gạo 5 ca", None, "Chợ Gạo"),         # folds like "chợ" (market)
    ("TX Phổ Yên 3 ca", None, "Phổ Yên"),            # folds like "phố"
])
def test_city_districts_apostrophes_and_industrial_parks(text, province, district):
    m = gaz.find(text)[0]
    assert m.province == province
    assert (m.districts[0].name if m.districts else None) == district


def test_streets_markets_and_hospitals_are_not_their_namesakes():
    assert gaz.find("chợ Đồng Xuân và đường Trần Phú") == []


@pytest.mark.parametrize("text, province, district", [
    ("huyện Đất Đỏ có 12 ca", "Bà Rịa - Vũng Tàu", "Đất Đỏ"),
    ("huyện Long Điền 5 ca", "Bà Rịa - Vũng Tàu", "Long Điền"),
    ("huyện Mỹ Lộc 3 ca", "Nam Định", "Mỹ Lộc"),
    ("huyện Đông Sơn 7 ca", "Thanh Hóa", "Đông Sơn"),
    ("TP Ninh Bình 4 ca", "Ninh Bình", "Ninh Bình"),  # part of TP Hoa Lư since 2025
    ("huyện Nam Đông 2 ca", "Thừa Thiên Huế", "Nam Đông"),
    ("huyện Nông Sơn 1 ca", "Quảng Nam", "Nông Sơn"),
])
def test_districts_of_2020_2022_merged_since_are_still_found(text, province, district):
    found = get_gazetteer().find(text)
    assert [(d.province, d.name) for d in found[0].districts] == [(province, district)]


def test_a_word_spelled_with_other_diacritics_is_no_prefix():
    # "địa phương" folds like "phường": the province after it is no ward's name
    assert [p.text for p in gaz.find("Số F0 ở các địa phương: Hà Nội 302.114; Nghệ An 88.620")] == [
        "Hà Nội", "Nghệ An"]
    # a prefix written rightly or without any diacritics still is one
    assert [p.text for p in gaz.find("phường Hoàng Liệt, huyen Cu Chi, THỊ XÃ BẾN CÁT")] == [
        "phường Hoàng Liệt", "huyen Cu Chi", "THỊ XÃ BẾN CÁT"]


def test_a_one_letter_syllable_may_be_written_together_with_the_next():
    gaz = get_gazetteer()
    for text in ("huyện Krông Ana 8 ca", "Krông A Na 8 ca", "H. Alưới: 3"):
        found = gaz.find(text)
        assert len(found) == 1, text
        assert found[0].districts[0].name in ("Krông A Na", "A Lưới")
    # only a one-letter syllable joins: "Ia Grai" is not written "Iagrai"
    assert gaz.find("Iagrai có 3 ca") == []


def test_the_capital_written_in_sentence_case_is_ha_noi():
    (m,) = gaz.find("Ngày 7/2 Thủ đô ghi nhận 1.698 F0")
    assert (m.text, m.province) == ("Thủ đô", "Hà Nội")
    # other lower-case words still end a name, and the common noun is not a place
    assert gaz.find("thủ đô ghi nhận 5 ca") == []
    assert [m.text for m in gaz.find("Bắc Giang ghi nhận 5 ca")] == ["Bắc Giang"]


def test_a_bare_name_inside_a_longer_name_is_not_its_namesake():
    # communes of Củ Chi: "Tân Phú" (a district) and "Vĩnh" (folds like Vinh) are words of
    # the communes' own names
    items = "Tân Phú Trung 287, Phước Vĩnh An 241, Tân Thạnh Đông 312."
    assert gaz.find(items) == []
    # under a heading of communes they are found whole, as communes of Củ Chi
    found = gaz.find("Các xã có nhiều F0: " + items)
    assert [m.ward for m in found] == ["Tân Phú Trung", "Phước Vĩnh An", "Tân Thạnh Đông"]
    assert all(("Hồ Chí Minh", "Củ Chi") in {(d.province, d.name) for d in m.districts} for m in found)
    # a capitalised word or acronym before, or a list after, still leaves the name
    assert [m.text for m in gaz.find("Tại Hà Nội, CDC Hà Nội và Sở Y tế Hà Nội; Hải Phòng 3")] == \
        ["Hà Nội", "Hà Nội", "Hà Nội", "Hải Phòng"]
    assert [m.text for m in gaz.find("xã Tân Phú Trung (huyện Củ Chi)")] == \
        ["xã Tân Phú Trung", "huyện Củ Chi"]


def test_a_prefix_ends_at_a_line_break_or_a_full_stop():
    # "... tại 13 tỉnh, thành phố." does not make the next paragraph's province a city
    # (huyện Quảng Ninh of Quảng Bình, "thành phố Hải Dương")
    (m,) = gaz.find("cả nước có 527 ca tại 13 tỉnh, thành phố.\n\nQuảng Ninh đã truy vết 47 F1")
    assert (m.text, m.province, m.districts) == ("Quảng Ninh", "Quảng Ninh", ())
    (m,) = gaz.find("tại 10 tỉnh, thành phố:\nHải Dương: 139 ca")
    assert (m.text, m.province, m.districts) == ("Hải Dương", "Hải Dương", ())
    # abbreviations keep their dot
    assert [(m.text, m.districts[0].name) for m in gaz.find("TP. Vinh, TX.Phú Mỹ, Q.7")] == [
        ("TP. Vinh", "Vinh"), ("TX.Phú Mỹ", "Phú Mỹ"), ("Q.7", "Quận 7")]


def test_a_ward_of_the_text_s_own_province_is_not_a_district_elsewhere():
    text = ("Trung tâm Y tế TP Thủ Đức (TP.HCM) cho biết các phường còn nhiều F0 gồm Linh Xuân "
            "(184), Hiệp Bình Chánh (167), Tam Bình (139).")
    found = gaz.find(text)
    # "Hiệp Bình Chánh" is a ward's name, not huyện Bình Chánh; "Tam Bình" is the ward of
    # Thủ Đức, not huyện Tam Bình of Vĩnh Long
    assert [(m.text, m.ward, [d.name for d in m.districts]) for m in found[2:]] == [
        ("Tam Bình", "Tam Bình", ["Thủ Đức"])]
    # where the text names the district's own province, the district stays
    (_, m) = gaz.find("Vĩnh Long: Tam Bình 12 ca")
    assert (m.ward, [(d.province, d.name) for d in m.districts]) == (None, [("Vĩnh Long", "Tam Bình")])


def test_a_numbered_ward_is_found_and_narrowed_to_the_district_the_text_names():
    found = gaz.find("UBND Quận 11 cho biết số ca theo phường: Phường 3: 142; Phường 5: 118; "
                     "phường 12: 9.")
    wards = [(m.ward, sorted(d.name for d in m.districts)) for m in found if m.ward]
    # "Phường 5" alone (not only after "phường:") is a ward; Quận 11 has Phường 3 and 5
    assert wards[:2] == [("Phường 3", ["Quận 11"]), ("Phường 5", ["Quận 11"])]
    # Quận 11 has no Phường 12: the ward keeps every district that has one
    assert wards[2][0] == "phường 12" and len(wards[2][1]) > 1 and "Quận 11" not in wards[2][1]
    # with no district named, a numbered ward stays ambiguous
    (m,) = gaz.find("Phường 5 có 3 ca")
    assert len(m.districts) > 1


def test_a_plain_word_after_accented_words_is_no_unaccented_prefix():
    # "LIÊN QUAN 02 CA" is "related to 02 cases", not "Quận 2": the text has its diacritics
    assert gaz.find("TRUY VẾT LIÊN QUAN 02 CA MỚI") == []
    # a text written without diacritics keeps its plain prefixes
    assert [(m.text, m.districts[0].name) for m in gaz.find("Quan 7 co 3 ca, quan Binh Thanh 2 ca")] == [
        ("Quan 7", "Quận 7"), ("quan Binh Thanh", "Bình Thạnh")]


def test_a_name_followed_by_a_capital_letter_is_a_longer_name():
    # "Vĩnh Lộc A", "Vĩnh Lộc B" are communes of Bình Chánh, not huyện Vĩnh Lộc of Thanh Hóa
    assert gaz.find("Các xã có số ca cao là Vĩnh Lộc A (71 ca), Vĩnh Lộc B (64 ca).") == []
    assert [m.text for m in gaz.find("Thanh Hóa: Vĩnh Lộc 3 ca")] == ["Thanh Hóa", "Vĩnh Lộc"]


def test_a_bare_one_word_name_must_be_written_with_its_own_diacritics():
    # "Chủ" (in "Phó Chủ tịch") folds like huyện Chũ but is another word
    assert gaz.find("Ông Nghĩa, Phó Chủ tịch UBND quận, cho biết") == []
    assert [(m.text, m.districts[0].name) for m in gaz.find("Lục Ngạn 4 ca, Chũ 5 ca, Chu 2 ca")][1:] == [
        ("Chũ", "Chũ"), ("Chu", "Chũ")]


def test_abbreviated_ward_and_quarter_prefixes():
    found = gaz.find("TP. Cà Mau: 03 ca (P.5: 02 ca; P.Tân Thành: 01 ca)")
    assert [(m.text, m.ward) for m in found] == [("TP. Cà Mau", None), ("P.5", "P.5"),
                                                 ("P.Tân Thành", "Tân Thành")]
    # "P.5" is the ward of the city the text names; "P.Tân Thành" is a ward, no huyện Tân Thạnh
    assert [d.name for d in found[1].districts] == ["Cà Mau"]
    # "KP" (khu phố) names a quarter, not the district its name folds like
    assert gaz.find("KP Đông Chiêu 71, KP Tân Phước 44") == []
    assert gaz.find("P. Giám đốc Sở Y tế cho biết") == []


def test_a_prefix_ends_at_a_semicolon_or_comma_and_a_ward_name_runs_to_its_last_word():
    # "quận; 3 ca" is no Quận 3
    assert [m.text for m in gaz.find("8 ca tại Bệnh viện Đa khoa quận; 3 ca phải thở oxy")] == []
    # "Phường Hồ Nam" (a ward of Lê Chân the gazetteer lacks) is not the ward "Hồ" elsewhere
    found = gaz.find("quận Lê Chân: Phường Vĩnh Niệm: 03 ca; Phường Hồ Nam: 03 ca")
    assert [m.text for m in found] == ["quận Lê Chân", "Phường Vĩnh Niệm"]


def test_a_unit_s_type_in_parentheses_after_its_name_makes_it_that_district():
    found = gaz.find("Các ca mới: Trảng Bàng 96, Tây Ninh (thành phố) 38; Phú Thọ (TX) 5, Phú Thọ 9")
    assert [(m.text, m.province, [d.name for d in m.districts]) for m in found] == [
        ("Trảng Bàng", None, ["Trảng Bàng"]), ("Tây Ninh (thành phố)", None, ["Tây Ninh"]),
        ("Phú Thọ (TX)", None, ["Phú Thọ"]), ("Phú Thọ", "Phú Thọ", [])]


def test_the_items_of_a_list_of_wards_are_wards():
    text = ("TTYT THÀNH PHỐ THANH HÓA - THÔNG TIN NHANH\n• Phường/xã nhiều ca: Đông Hương 21, "
            "Quảng Thắng 17, Điện Biên 12, Đông Hải 12\n• Hà Nội 3 ca")
    found = gaz.find(text)
    # "Điện Biên" and "Đông Hải" are wards of TP Thanh Hóa here, not the province and the
    # district of Bạc Liêu, and so is every other item; the list ends with its line
    assert [(m.text, m.ward, [d.name for d in m.districts]) for m in found[1:-1]] == [
        ("Đông Hương", "Đông Hương", ["Thanh Hóa"]), ("Quảng Thắng", "Quảng Thắng", ["Thanh Hóa"]),
        ("Điện Biên", "Điện Biên", ["Thanh Hóa"]), ("Đông Hải", "Đông Hải", ["Thanh Hóa"])]
    assert (found[-1].text, found[-1].province) == ("Hà Nội", "Hà Nội")
    # a heading that lists districts too is no ward list
    found = gaz.find("Ca mắc phân bố ở 11/11 huyện, thị xã, thành phố: Long Xuyên 152, Châu Đốc 96")
    assert [m.districts[0].name for m in found] == ["Long Xuyên", "Châu Đốc"]


@pytest.mark.parametrize("text,not_it", [
    ("Hải Phong 97 ca", "Hải Phòng"),      # a commune of Hải Hậu
    ("Hải Đường ...... 70", "Hải Dương"),  # a commune
    ("I. DIỄN BIẾN DỊCH", "Điện Biên"),    # "developments": "d" and "đ" are two letters
])
def test_a_name_written_with_other_diacritics_than_a_province_s_is_not_it(text, not_it):
    found = gaz.find(text)
    assert not_it not in {m.province for m in found} | {d.province for m in found for d in m.districts}


@pytest.mark.parametrize("text,province", [
    ("Khánh Hoà thêm 5 ca", "Khánh Hòa"), ("tỉnh Đăk Lăk có 12 ca", "Đắk Lắk"),
    ("ĐĂK NÔNG: 4 ca", "Đắk Nông"), ("Ha Noi 3 ca", "Hà Nội"), ("HẢI PHÒNG 2 ca", "Hải Phòng"),
])
def test_a_province_written_with_its_own_diacritics_or_none_still_is_it(text, province):
    assert [m.province for m in gaz.find(text)] == [province]
