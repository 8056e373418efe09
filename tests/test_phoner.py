"""PhoNER_COVID19 reader, on a small fixture of our own sentences in the same format."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from vnepi.corpus import validate_doc
from vnepi.corpus.phoner import phoner_doc, read_phoner
from vnepi.errors import CorpusFormatError

SAMPLE = Path(__file__).parent / "fixtures" / "phoner_sample.jsonl"


def ents(doc):
    return [(e["label"], e["start"], e["end"], e["text"]) for e in doc["entities"]]


def test_word_level_text_and_repeated_entity_offsets():
    doc = read_phoner(SAMPLE)[0]
    text = doc["text"]
    assert text == "Bệnh nhân 91 ở Phước Hoà , sau đó trở về Phước Hoà ngày 24 - 7 ."
    first = text.index("Phước Hoà")
    second = text.index("Phước Hoà", first + 1)
    # the second mention has its own offsets, not those of the first (the text.index bug)
    assert ents(doc) == [("PLACE", first, first + 9, "Phước Hoà"),
                         ("PLACE", second, second + 9, "Phước Hoà"),
                         ("DATE", 56, 62, "24 - 7")]
    assert doc["relations"] == [] and doc["records"] == [] and doc["date"] is None
    assert doc["id"] == "phoner_sample_00001"


def test_syllable_level_and_dropped_types():
    doc = read_phoner(SAMPLE)[1]
    assert doc["text"] == "Chị H. , 35 tuổi , làm việc tại Bệnh viện Bạch Mai , Hà Nội ."
    # NAME, AGE and ORGANIZATION have no vnepi label: dropped by default
    assert ents(doc) == [("PLACE", 53, 59, "Hà Nội")]


def test_keep_all_keeps_other_types_under_their_names():
    doc = read_phoner(SAMPLE, keep_all=True)[1]
    assert [e[0] for e in ents(doc)] == ["NAME", "AGE", "ORGANIZATION", "PLACE"]
    assert ents(doc)[2][3] == "Bệnh viện Bạch Mai"
    first = read_phoner(SAMPLE, keep_all=True)[0]
    assert ents(first)[0] == ("PATIENT_ID", 10, 12, "91")


def test_i_without_b_starts_an_entity():
    doc = read_phoner(SAMPLE, keep_all=True)[2]
    assert doc["text"] == "Đà Nẵng ghi nhận ca bệnh tại Trung tâm Y tế Hoà Vang ngày 3 / 8"
    assert ents(doc) == [
        ("PLACE", 0, 7, "Đà Nẵng"),              # I-LOCATION at the start of the sentence
        ("ORGANIZATION", 29, 43, "Trung tâm Y tế"),
        ("PLACE", 44, 52, "Hoà Vang"),           # I-LOCATION right after B-ORGANIZATION
        ("DATE", 58, 63, "3 / 8"),               # I-DATE after O
    ]


def test_default_docs_are_valid_corpus_documents():
    docs = read_phoner(SAMPLE)
    assert len(docs) == 3
    for d in docs:
        assert validate_doc(d) == []


def test_split_from_file_name_and_id_prefix(tmp_path):
    p = tmp_path / "train_word.json"
    shutil.copy(SAMPLE, p)
    docs = read_phoner(p)
    assert {d["meta"]["split"] for d in docs} == {"train"}
    assert docs[0]["id"] == "phoner_train_word_00001"
    assert read_phoner(p, id_prefix="pn", split="dev")[2]["id"] == "pn_00003"
    assert read_phoner(SAMPLE)[0]["meta"]["split"] is None


def test_malformed_lines_raise_with_file_and_line(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"words": ["Hà_Nội"], "tags": ["B-LOCATION"]}\n'
                 '{"words": ["a", "b"], "tags": ["O"]}\n', encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"bad.json:2: 2 words but 1 tags"):
        read_phoner(p)
    p.write_text('{"words": ["a"], "tags": ["LOCATION"]}\n', encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="not O, B-TYPE or I-TYPE"):
        read_phoner(p)
    p.write_text('{"tokens": ["a"]}\n', encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="needs 'words' and 'tags'"):
        read_phoner(p)
    p.write_text('{"words": ["a"], "tags": ["O"]\n', encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="bad.json:1: truncated"):
        read_phoner(p)


WORD = st.text(alphabet="abcđàộ_ 12", min_size=0, max_size=6)
TAG = st.sampled_from(["O", "B-LOCATION", "I-LOCATION", "B-DATE", "I-DATE", "B-NAME", "I-NAME"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(WORD, TAG), max_size=12))
def test_offsets_always_point_at_the_entity_text(pairs):
    words, tags = [w for w, _ in pairs], [t for _, t in pairs]
    doc = phoner_doc(words, tags, doc_id="h")
    assert doc["text"] == " ".join(w.replace("_", " ") for w in words)
    last_end = 0
    for e in doc["entities"]:
        assert doc["text"][e["start"]:e["end"]] == e["text"] == e["text"].strip() != ""
        assert last_end <= e["start"] < e["end"]
        last_end = e["end"]
        assert e["label"] in ("PLACE", "DATE")
    assert validate_doc(doc) == []
