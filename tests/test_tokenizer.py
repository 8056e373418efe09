"""The underthesea tokenizer keeps offsets exact and never merges a number into a word."""
from __future__ import annotations

import spacy
from hypothesis import given, settings, strategies as st

from vnepi.tokenizer import ViTokenizer

NAUGHTY = [
    "", " ", "\n", "\t\t", "  \n  ", "\u200b", "\u00a0", "Đaị", "hoà", "=", "==", "(", ")",
    "...", "…", "TP.HCM.", "TP.HCM", "6.576 ca", "ca.Theo", "a\r\nb", "\ufeffHà Nội",
    "😷 1.234 ca", "<p>5 ca</p>", "&nbsp;3 ca", "Ha Noi 12 ca", "12/11/2021", "F0F1F2",
    "1.234.567.890.123.456.789.012", "x" * 5000, "ca " * 2000, "Hà\u0300 Nội",
    "Hà Nội\u00a0100 ca", "'", '"', "\\", "null", "None", "0", "-1", "1e10", "٣", "中文 5 例",
]


def _tok() -> ViTokenizer:
    return ViTokenizer(spacy.blank("xx").vocab)


def test_doc_text_equals_input_on_hostile_strings():
    tok = _tok()
    for s in NAUGHTY:
        assert tok(s).text == s, repr(s)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_doc_text_equals_input_on_random_text(s):
    assert _tok()(s).text == s


def test_numbers_stay_apart_from_words(seed_texts):
    tok = _tok()
    words = [t.text for t in tok("Trong 24 giờ qua có 6.576 ca, 3.687 ca ở khu cách ly")]
    assert "6.576" in words and "3.687" in words
    assert "ca" in words
    for text in seed_texts:
        for t in tok(text):
            if any(ch.isdigit() for ch in t.text) and " " in t.text:
                raise AssertionError(f"number merged into a word: {t.text!r}")


def test_number_shapes_are_single_tokens():
    tok = _tok()
    text = "6.580 ca, 22,6 triệu, 1.234.567 người, ngày 26/10/2021, 30.6, 2,4%, 40/223, F0 và F1"
    words = [t.text for t in tok(text)]
    for piece in ("6.580", "22,6", "1.234.567", "26/10/2021", "30.6", "2,4", "40/223", "F0", "F1"):
        assert piece in words, (piece, words)


def test_multi_syllable_words_and_sentence_final_abbreviation():
    words = [t.text for t in _tok()("Bệnh nhân ở TP.HCM. Bắc Giang ghi nhận thêm ca mới")]
    assert "TP.HCM" in words and "." in words
    assert "Bắc Giang" in words and "ghi nhận" in words


def test_glued_sentence_stop_is_split():
    words = [t.text for t in _tok()("ca cộng đồng.Theo báo cáo")]
    assert words[-3:] == [".", "Theo", "báo cáo"]


def test_offsets_match_the_input(seed_texts):
    tok = _tok()
    for text in seed_texts:
        for t in tok(text):
            assert text[t.idx:t.idx + len(t.text)] == t.text


def test_long_text_is_chunked_but_exact():
    tok = _tok()
    text = ("Hà Nội ghi nhận 1.234 ca mắc mới.\n" * 400) + ("x" * 7000)
    doc = tok(text)
    assert doc.text == text
    assert sum(1 for t in doc if t.text == "1.234") == 400


def test_pipeline_sets_sentences(nlp):
    doc = nlp("Hà Nội có 5 ca.Bắc Ninh có 3 ca.\n- Long An: 2 ca")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0].startswith("Hà Nội") and any(s.startswith("Bắc Ninh") for s in sents)
    assert any(s.startswith("- Long An") for s in sents)


def test_serialisation_is_json(tmp_path):
    tok = _tok()
    tok.max_chunk = 1234
    tok.to_disk(tmp_path / "tok")
    data = (tmp_path / "tok" / "cfg.json").read_text()
    assert '"max_chunk": 1234' in data
    other = _tok().from_disk(tmp_path / "tok")
    assert other.max_chunk == 1234


def _aligning() -> ViTokenizer:
    """The tokenizer that aligns ``word_tokenize``'s strings onto the text (the path taken
    when underthesea's character normalisation changes a text)."""
    tok = _tok()
    tok._fast = False
    return tok


def test_span_path_segments_like_word_tokenize_on_bulletins():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    texts += NAUGHTY + ["Thanh Hóa ghi nhận 12 ca, lũy kế 300 ca; Bình Dương 13 ca.",
                        "Số ca mắc cộng dồn: Q.8 981; Gò Vấp 902; H. Hóc Môn 690."]
    fast, slow = _tok(), _aligning()
    assert fast._fast and texts
    for t in texts:
        assert fast.token_spans(t) == slow.token_spans(t), t[:60]
    words = [fast(texts[-2])[i].text for i in range(4)]
    assert words == ["Thanh Hóa", "ghi nhận", "12", "ca"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="aăâđêôơưáàảãạấầắằéèếềíìóòốồớờúùứừýHNTCF0123456789 .,;:()/-\n", max_size=80))
def test_span_path_segments_like_word_tokenize_on_random_text(s):
    assert _tok().token_spans(s) == _aligning().token_spans(s)
