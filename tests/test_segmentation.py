"""The CRF scorer of vnepi.segmentation tags exactly as underthesea_core does."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from vnepi.segmentation import CrfError, CrfSegmenter, read_crfsuite, read_strings
from vnepi.tokenizer import _crf

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def crf():
    import underthesea.pipeline.word_tokenize as wt
    from underthesea import word_tokenize

    word_tokenize("a")
    model = wt.word_tokenize_model
    seg = CrfSegmenter.from_model_dir(
        Path(wt.__file__).parent / "models" / "ws_crf_vlsp2013_20230727")
    pattern = _crf()[0]

    def reference(tokens):
        return list(model.estimator.tag(model.featurizer.process([[[t] for t in tokens]])[0]))

    return seg, pattern, reference


def test_tags_equal_underthesea_core_on_the_corpus(crf):
    seg, pattern, reference = crf
    paths = sorted((ROOT / "annotations" / "drafts").glob("*/*.txt"))
    paths += sorted((ROOT / "seeds").glob("*.txt"))
    assert len(paths) > 300
    n_tokens = 0
    for p in paths:
        tokens = [m.group() for m in pattern.finditer(p.read_text(encoding="utf-8"))]
        assert seg.tag(tokens) == reference(tokens), p.name
        n_tokens += len(tokens)
    assert n_tokens > 100_000


@pytest.mark.parametrize("tokens", [
    ["Hà"], ["Hà", "Nội"], ["thành", "phố", "Hồ"], ["BOS"], ["EOS", "BOS", "EOS"],
    ["٣", "²", "①", "12", "1a"], ["iPhone", "(Hà", "Nội)", "ǅ", "ß", "İstanbul"],
    ["ghi", "nhận", "6.576", "ca", "mắc", "mới", "tại", "TP.HCM", "."],
])
def test_tags_equal_underthesea_core_on_short_and_odd_sequences(crf, tokens):
    seg, _, reference = crf
    assert seg.tag(tokens) == reference(tokens)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["Hà", "Nội", "hà", "nội", "HÀ", "ca", "mắc", "mới", "bệnh", "nhân", "điều", "trị",
     "Bình", "Dương", "6.576", "12", "F0", "F1", ",", ".", "(", ")", "tỉnh", "thành", "phố",
     "x", "Y", "xã", "phường", "tử", "vong", "tiêm", "chủng", "vắc", "xin"]), max_size=40))
def test_tags_equal_underthesea_core_on_random_sequences(crf, tokens):
    seg, _, reference = crf
    assert seg.tag(tokens) == reference(tokens)


def test_tokenizer_uses_the_scorer():
    # The tokenizer falls back to underthesea_core only if the scorer disagrees on its
    # probe text; on this underthesea it must not.
    assert isinstance(_crf()[1].__self__, CrfSegmenter)


def test_empty_sequence_has_no_tags(crf):
    assert crf[0].tag([]) == []


def test_a_file_that_is_not_a_crfsuite_model_is_refused(tmp_path):
    bad = tmp_path / "models.bin"
    bad.write_bytes(b"not a model at all" * 10)
    with pytest.raises(CrfError):
        read_crfsuite(bad)
    folder = tmp_path / "m"
    folder.mkdir()
    # Protocol 4 of ["T[0]", "T[1]"], the shape of underthesea's features.bin.
    (folder / "features.bin").write_bytes(
        b"\x80\x04\x95\x13\x00\x00\x00\x00\x00\x00\x00]\x94(\x8c\x04T[0]\x94"
        b"\x8c\x04T[1]\x94e.")
    assert read_strings(folder / "features.bin") == ["T[0]", "T[1]"]
    with pytest.raises(CrfError, match="templates"):
        CrfSegmenter.from_model_dir(folder)


def test_string_lists_are_read_without_running_code(tmp_path):
    # A stream that would call os.system("echo pwned") if unpickled: GLOBAL + REDUCE.
    evil = tmp_path / "features.bin"
    evil.write_bytes(b"cos\nsystem\n(S'echo pwned'\ntR.")
    with pytest.raises(CrfError, match="GLOBAL"):
        read_strings(evil)
    truncated = tmp_path / "dictionary.bin"
    truncated.write_bytes(b"\x80\x04\x95\x13\x00\x00")
    with pytest.raises(CrfError):
        read_strings(truncated)
