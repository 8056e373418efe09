"""Property tests: vnepi.extract never raises and its offsets always slice the caller's text."""
from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vnepi
from vnepi.input import prepare

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ["ca", "ca nhiễm", "ca mắc mới", "F0", "F1", "F2", "tử vong", "khỏi bệnh", "xuất viện",
         "đang điều trị", "thở máy", "xét nghiệm", "mẫu", "lượt người", "liều vaccine", "mũi 1",
         "mũi 2", "trong đó", "tăng", "giảm", "so với hôm qua", "từ đầu dịch", "đến nay",
         "tổng số", "lũy kế", "đợt dịch thứ 4", "cách ly tập trung", "cộng đồng", "nhập cảnh",
         "hôm nay", "24 giờ qua", "trung bình 7 ngày", "ghi nhận", "Bộ Y tế", "BN", "tuổi",
         "năm", "lúc", "số", "đường", "phường", "quận", "thứ", "gồm", "đều", "và", "hơn", "gần"]
PLACES = ["Hà Nội", "TP HCM", "TP.HCM", "Sài Gòn", "Bắc Giang", "Đăk Lăk", "Đắk Lắk",
          "Bà Rịa - Vũng Tàu", "BR-VT", "Thừa Thiên Huế", "Q.7", "Yên Thế", "Việt Trì",
          "Cần Thơ", "Việt Nam", "cả nước"]
PUNCT = [".", ",", ";", ":", "(", ")", "-", "–", "/", "\n", "\r\n", "\n- ", "+", "%", "…",
         "\"", "“", "”", " ", "  ", "\t"]
HTML = ["<p>", "</p>", "<br>", "<br/>", "<li>", "</li>", "<ul>", "<td>", "</td>", "<tr>",
        "<b>", "</b>", "<script>var a = 1 < 2;</script>", "<style>p{}</style>", "<!-- x -->",
        "&nbsp;", "&amp;", "&#7889;", "&#x1EA1;", "&lt;", "&bogus;", "<", ">", "&",
        "<div class=\"x\">", "</div>", "<span>", "</span>", "<!DOCTYPE html>", "<script>"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u00a0", "\u202f",
             "\u0301", "\u0323", "\u0300"]


@st.composite
def vn_number(draw) -> str:
    n = draw(st.integers(min_value=0, max_value=99_999_999))
    style = draw(st.sampled_from(["dots", "plain", "decimal", "million", "signed", "date"]))
    if style == "dots":
        return f"{n:,}".replace(",", ".")
    if style == "decimal":
        return f"{n % 1000},{n % 10}"
    if style == "million":
        return f"{n % 100},{n % 10} triệu"
    if style == "signed":
        return f"(-{n % 1000})"
    if style == "date":
        return f"{n % 31 + 1}/{n % 12 + 1}"
    return str(n)


def _form(s: str, nfd: bool) -> str:
    return unicodedata.normalize("NFD", s) if nfd else s


bulletin_piece = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(PLACES), st.sampled_from(PUNCT),
    st.sampled_from(HTML), st.sampled_from(INVISIBLE), vn_number(),
    st.text(max_size=3))
bulletin_like = st.builds(
    lambda parts, nfd: "".join(_form(p, f) for p, f in zip(parts, nfd)),
    st.lists(bulletin_piece, max_size=80), st.lists(st.booleans(), min_size=80, max_size=80))


def check_records(text: str) -> None:
    recs = vnepi.extract(text, date="2021-11-04")
    for r in recs:
        assert 0 <= r.start <= r.end <= len(text)
        assert text[r.start:r.end] == r.text
        assert r.event in vnepi.EVENTS and r.kind in vnepi.KINDS


@FUZZ
@given(st.text(max_size=300))
def test_any_unicode_text(text):
    check_records(text)


@FUZZ
@given(bulletin_like)
def test_bulletin_like_text(text):
    check_records(text)


@FUZZ
@given(st.one_of(st.text(max_size=300), bulletin_like))
def test_prepare_maps_every_character_back(text):
    p = prepare(text)
    if p.unchanged:
        assert p.text == text
        return
    assert len(p.starts) == len(p.ends) == len(p.text)
    last = 0
    for i in range(len(p.text)):
        s, e = p.to_source(i, i + 1)
        assert last <= s < e <= len(text)  # in order, never empty, inside the text
        last = s
