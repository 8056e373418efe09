"""Features of the trained linker, on bulletin text written for these tests."""
from __future__ import annotations

from datetime import date

from vnepi.pipeline.structure import analyse
from vnepi.pipeline.trained import TrainedLinker

REF = date(2022, 3, 7)


def _features(text: str) -> dict[str, dict[str, float]]:
    """The features of every countable number, by the number's text."""
    return {link.quantity.text: feats
            for link, feats in TrainedLinker().candidates(analyse(text, REF))}


def test_a_review_of_a_window_marks_every_figure_of_the_bulletin():
    weekly = _features("COVID-19 TRONG TRƯỜNG HỌC TỈNH BẮC NINH\n(Tuần từ 28/02 đến 06/3/2022)\n\n"
                       "Toàn tỉnh ghi nhận 4.872 học sinh mắc COVID-19.\n\n"
                       "Phân theo địa bàn: Từ Sơn 1.204 em, Yên Phong 873 em.")
    assert all("D:period" in weekly[n] for n in ("4.872", "1.204", "873"))
    monthly = _features("Tháng 12/2021, Đắk Lắk ghi nhận 9.804 ca mắc. TP Buôn Ma Thuột 3.120 ca.")
    assert "D:period" in monthly["3.120"]


def test_a_daily_bulletin_and_a_report_window_of_hours_are_no_review():
    daily = _features("Từ 18h ngày 5/3 đến 18h ngày 6/3, Bắc Ninh ghi nhận 4.872 ca mắc mới.\n\n"
                      "Phân theo địa bàn: Từ Sơn 1.204 ca, Yên Phong 873 ca.")
    assert not any("D:period" in f for f in daily.values())


def test_the_lead_s_running_total_and_novelty_cues_reach_every_figure():
    feats = _features("Lũy kế đến 18h ngày 6/3, Bắc Ninh có 112.406 ca. Hôm nay thêm 4.872 ca mới.\n\n"
                      "Tiêm chủng: Từ Sơn 1.204 mũi, Yên Phong 873 mũi.")
    assert all({"D:cumulative", "D:new"} <= set(feats[n]) for n in ("112.406", "1.204", "873"))
    plain = _features("Bắc Ninh có 4.872 ca. Từ Sơn 1.204 ca, Yên Phong 873 ca.")
    assert not any("D:cumulative" in f or "D:new" in f for f in plain.values())


def test_the_first_sentence_of_a_paragraph_reaches_the_figures_after_it():
    feats = _features("Bắc Ninh hôm nay thêm 300 ca.\n\nLũy kế từ 29/4/2021: 168.903 ca mắc.\n"
                      "Hoàng Mai 2.344 ca. Hà Đông 2.102 ca.\n\nTiêm chủng: Từ Sơn 1.204 mũi.")
    assert "Para:cumulative" in feats["2.344"] and "Para:cumulative" in feats["2.102"]
    assert not any(f.startswith("Para:") for f in feats["168.903"])  # its own sentence
    assert not any(f.startswith("Para:") for f in feats["1.204"])  # another paragraph


def test_the_events_named_in_the_lead_reach_every_figure():
    feats = _features("Đắk Lắk đẩy nhanh tiêm mũi 3\n\nTrong tuần, toàn tỉnh tiêm được 27.460 mũi. "
                      "TP Buôn Ma Thuột tiêm 6.812 mũi, huyện Krông Pắc 3.905 mũi.")
    assert all("D:event=vaccine_dose3" in feats[n] for n in ("27.460", "6.812", "3.905"))


def _links(text: str) -> dict[str, object]:
    return {link.quantity.text: link for link, _ in TrainedLinker().candidates(analyse(text, REF))}


def test_a_figure_left_at_province_level_gets_the_story_s_district_as_a_candidate():
    links = _links("Bình Định ghi nhận 41 ca mới. Tại TP Quy Nhơn, các ca mới ở phường Ghềnh Ráng "
                   "(4 ca) và Nhơn Bình (3 ca). Ngành y tế đã truy vết 967 F1 liên quan các ca này.")
    story = links["967"].story
    assert (story.province, story.district, story.sentences_back) == ("Bình Định", "Quy Nhơn", 1)
    assert links["41"].story is None  # nothing was named before it but the province


def test_a_story_district_named_with_its_province_is_a_candidate():
    links = _links("Khánh Hòa ghi nhận 120 ca. TP Nha Trang (Khánh Hòa) sáng nay ghi nhận thêm 41 ca "
                   "mắc mới. Ngành y tế đã truy vết 187 F1.")
    assert (links["187"].story.district, links["187"].story.sentences_back) == ("Nha Trang", 1)


def test_no_near_story_district_once_the_province_is_named_again_or_across_a_paragraph():
    links = _links("Tại TP Quy Nhơn có 9 ca mới. Toàn tỉnh Bình Định đã truy vết 967 F1.")
    assert links["967"].story.scope == "doc_after_province"
    links = _links("Bình Định thêm 9 ca, TP Quy Nhơn 5 ca, huyện Tuy Phước 4 ca.\n\n"
                   "Ngành y tế đã truy vết 967 F1.")
    assert links["967"].story.scope == "doc"  # no near story across the paragraph


def test_the_district_a_story_names_most_is_a_candidate_paragraphs_later():
    links = _links("Đà Nẵng thêm 12 ca\n\nSáng 7/9, CDC Đà Nẵng cho biết quận Hải Châu có 7 ca, "
                   "quận Thanh Khê 3 ca, quận Sơn Trà 2 ca.\n\nỔ dịch chợ Hàn ở quận Hải Châu "
                   "đã có 35 ca. Các ca mới đều là F1 đã được cách ly tập trung từ trước.\n\n"
                   "Đến nay, lực lượng chức năng đã truy vết 1.420 F1 và 3.866 F2.")
    story = links["1.420"].story
    assert (story.province, story.district, story.scope) == ("Đà Nẵng", "Hải Châu", "doc")
    assert (story.mentions, story.rivals, story.headline) == (2, 2, False)
    assert links["12"].story is None  # nothing named before it but the province


def test_a_document_level_story_district_is_the_one_named_in_most_sentences():
    links = _links("Quảng Nam: Ổ dịch ở TP Tam Kỳ thêm 6 ca\n\nTỉnh ghi nhận 6 ca ở TP Tam Kỳ và "
                   "1 ca ở huyện Núi Thành.\n\nNgành y tế đã truy vết 846 F1.")
    story = links["846"].story
    assert (story.district, story.scope, story.mentions, story.rivals) == ("Tam Kỳ", "doc", 2, 1)
    assert story.headline
    links = _links("Hà Giang thêm 5 ca.\n\nNgành y tế đã truy vết 90 F1.")
    assert links["90"].story is None  # the text named no district


def test_an_approximate_figure_carries_its_approximation_word():
    feats = _features("Đồng Tháp ghi nhận hơn 300 ca, Bắc Ninh 27 ca; 5 xã dưới 10 ca; "
                      "gần như 12.000 mẫu.")
    assert {"approx", "approx=hơn"} <= set(feats["hơn 300"])
    assert "approx=dưới" in feats["dưới 10"]
    assert "approx=gần như" in feats["gần như 12.000"]  # the longest prefix, not "gần"
    assert not any(k.startswith("approx") for k in feats["27"])


def test_a_parallel_list_figure_sees_the_event_of_the_earlier_figure_of_its_unit():
    feats = _features("Theo địa bàn, quận Đống Đa lấy mẫu cho 187.300 người, phát hiện 9 ca dương "
                      "tính; quận Thanh Xuân 142.615 người, 6 ca dương tính.")
    assert "twin_event=people_tested" in feats["142.615"]
    # not the figure right before a number of the same unit, nor one across sentences
    assert not any(k.startswith("twin_event") for k in feats["187.300"])
    plain = _features("Hà Nội lấy mẫu cho 187.300 người. Hải Phòng 142.615 người.")
    assert not any(k.startswith("twin_event") for k in plain["142.615"])


def test_the_story_district_s_features_say_what_separates_it_from_the_figure():
    from vnepi.pipeline.features import story_features

    def story(text: str, value: int) -> set[str]:
        a = analyse(text, REF)
        (feats,) = [story_features(a, link, f) for link, f in TrainedLinker().candidates(a)
                    if link.value == value and link.story is not None]
        return {k for k in feats if k.startswith("story_")}

    semicolon = story("Bắc Giang thêm 16 ca. Theo báo cáo, thêm 2 ca liên quan điểm dịch xã "
                      "Thượng Lan, huyện Việt Yên; 10 F0 trong khu cách ly tập trung.", 10)
    assert "story_semicolon" in semicolon
    later = story("Nghệ An thêm 30 ca. Ổ dịch tại phường Quỳnh Thiện, thị xã Hoàng Mai tiếp "
                  "tục phức tạp. Đến nay đã có 24 ca dương tính; ngành y tế đã lấy 3.200 mẫu.", 3200)
    # a semicolon after the district's sentence separates no item from it
    assert "story_semicolon" not in later
    plain = story("Sáng 5/10, Nghệ An ghi nhận 30 ca. Tại xã Diễn Kỷ, huyện Diễn Châu, lực lượng "
                  "chức năng đã phong tỏa 2 xóm. Qua xét nghiệm phát hiện 7 ca dương tính.", 7)
    assert "story_semicolon" not in plain


def test_the_document_level_district_stands_behind_a_place_of_another_province():
    links = _links("Bắc Giang thêm 9 ca, huyện Việt Yên 6 ca, huyện Yên Dũng 3 ca. Các ca ở huyện "
                   "Việt Yên đều là công nhân.\n\nMột ca từng đến huyện Kim Thành. Ngành y tế đã "
                   "truy vết 214 F1.")
    story = links["214"].story  # Kim Thành is in Hải Dương
    assert (story.province, story.district, story.scope) == ("Bắc Giang", "Việt Yên", "doc_after_other")


def test_a_document_level_story_district_has_features_of_its_own():
    from vnepi.pipeline.features import story_features
    text = ("Sáng 5/10, Hà Nội thêm 30 ca, Bắc Ninh 12 ca, Hải Dương 4 ca. Tại Hà Nội, quận "
            "Đống Đa có 9 ca.\n\nCác ca mới đều đã được cách ly.\n\nHà Nội đã truy vết 214 F1.")
    a = analyse(text, REF)
    (link, base), = [(link, f) for link, f in TrainedLinker().candidates(a) if link.value == 214]
    feats = story_features(a, link, base)
    assert {"doc_story", "doc_after_province", "doc_story_provinces=3", "doc_story_rivals=0"} <= set(feats)
    assert not any(k.startswith("story_") for k in feats)  # apart from a near story's


def test_an_opening_s_allocation_is_not_the_figure_a_new_action_reports():
    feats = _features("Thành phố được phân bổ 300.000 liều vaccine và đã tiêm 215.400 liều.")
    assert "Hc:plan" in feats["300.000"]
    assert not any(k.startswith(("H:plan", "Hc:plan")) for k in feats["215.400"])


def test_the_events_the_paragraph_opens_with_reach_its_later_figures():
    feats = _features("Tiêm chủng: Ngày 6/3, tỉnh tiêm 12.400 liều vaccine.\n\n"
                      "Tiêm mũi 3 (mũi nhắc lại) tiếp tục được đẩy mạnh. Toàn tỉnh đã tiêm "
                      "8.120 mũi trong ngày. Huyện Yên Phong 1.204 mũi.")
    assert "Para:event=vaccine_dose3" in feats["1.204"]
    assert not any(k.startswith("Para:event") for k in feats["12.400"])


def test_the_cue_categories_around_a_figure_are_also_given_by_its_event_group():
    # "đã truy vết 486 F1" and "đã ghi nhận 486 ca" share their cues; what the cues say of a
    # running total differs by group, so each category also comes paired with the group.
    feats = _features("Đến nay, Bắc Ninh đã truy vết 486 F1, lấy 3.120 mẫu và ghi nhận 512 ca.")
    assert "Hc:cumulative|contacts" in feats["486"] and "Hc:cumulative" in feats["486"]
    assert "Hc:cumulative|testing" in feats["3.120"]
    assert "Hc:cumulative|outcome" in feats["512"]
    assert not any(n.endswith("|contacts") for n in feats["512"])
    # words and the rules' own decisions are not paired: they say the event already
    assert not any(n.startswith(("w-", "w+", "rule_")) and n.endswith("|contacts") for n in feats["486"])
