"""The corpus as a datasets.DatasetDict, and as spaCy DocBin training data."""
from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest
import spacy

from vnepi.corpus import load, read_jsonl
from vnepi.corpus.dataset import AlignmentReport, to_docbin
from vnepi.errors import CorpusFormatError

FIX = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture()
def corpus_dir(tmp_path) -> Path:
    d = tmp_path / "corpus"
    shutil.copytree(FIX, d)
    return d


def test_load_splits_by_document():
    dd = load(FIX)
    assert list(dd) == ["train", "dev", "test"]
    assert [dd[s].num_rows for s in dd] == [2, 1, 1]
    assert dd["train"]["id"] == ["tr_fx_001", "tr_fx_002"] and dd["test"]["id"] == ["ts_fx_001"]


def test_features_are_explicit_and_typed():
    from vnepi.corpus.dataset import FEATURES

    dd = load(FIX)
    assert dd["train"].features == FEATURES
    rec = FEATURES["records"].feature
    assert rec["value"].dtype == "float64" and rec["location"]["province"].dtype == "string"
    assert FEATURES["entities"].feature["start"].dtype == "int32"
    assert rec["cumulative"].dtype == "bool"


def test_values_dates_and_missing_attributes():
    dd = load(FIX)
    doc = dd["train"][1]
    recs = doc["records"]
    assert [r["value"] for r in recs] == [5519.0, -303.0, 83.5, 22342.0]  # float64, exact
    assert doc["date"] == "2021-11-03" and recs[0]["date"] == "2021-11-03"  # not a timestamp
    assert recs[3]["cumulative"] is True and recs[3]["count"] == "T10"
    assert recs[3]["approximate"] is False and recs[0]["approximate"] is None
    bg = dd["train"][0]
    assert bg["records"][2]["since"] == "2021-10-26"
    place = bg["entities"][0]
    assert place["province"] == "Bắc Giang" and place["value"] is None and place["event"] is None
    assert bg["relations"][0] == {"head": "T3", "tail": "T4", "label": "event"}
    assert bg["meta"] == {"style": "provincial_update", "source_type": "provincial", "split": "train"}


def test_fields_outside_the_schema_are_reported(corpus_dir):
    docs = read_jsonl(corpus_dir / "dev.jsonl")
    docs[0]["records"][0]["reviewer"] = "an"
    docs[0]["source_url"] = "https://example.org"
    (corpus_dir / "dev.jsonl").write_text(json.dumps(docs[0], ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    with pytest.warns(UserWarning, match=r"records\[\]\.reviewer \(1x\).*source_url \(1x\)"):
        dd = load(corpus_dir)
    assert dd["dev"].num_rows == 1 and "source_url" not in dd["dev"].column_names


def test_empty_split(corpus_dir):
    (corpus_dir / "test.jsonl").write_text("", encoding="utf-8")
    dd = load(corpus_dir)
    assert dd["test"].num_rows == 0 and dd["test"].features == dd["train"].features


def test_load_refuses_bad_corpora(corpus_dir):
    (corpus_dir / "dev.jsonl").unlink()
    with pytest.raises(CorpusFormatError, match="no dev.jsonl"):
        load(corpus_dir)
    shutil.copy(corpus_dir / "train.jsonl", corpus_dir / "dev.jsonl")
    with pytest.raises(CorpusFormatError, match="duplicate document id"):
        load(corpus_dir)
    (corpus_dir / "dev.jsonl").write_text('{"id": "x", "text": "cut', encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="truncated"):
        load(corpus_dir)


def blank_vi():
    # spaCy's Vietnamese tokenizer without pyvi: one token per whitespace-separated chunk
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def _doc(text, spans):
    ents = []
    for i, (needle, label) in enumerate(spans, start=1):
        s = text.index(needle)
        ents.append({"id": f"T{i}", "start": s, "end": s + len(needle), "label": label, "text": needle})
    return {"id": "d1", "text": text, "entities": ents}


def test_docbin_exact_expanded_and_dropped_spans():
    nlp = blank_vi()
    doc = _doc("Bắc Giang: 32 ca nhiễm.", [("Bắc Giang", "PLACE"), ("Giang", "DATE"),
                                          ("32", "COUNT"), ("ca nhiễm", "EVENT")])
    doc["entities"].append({"id": "T9", "start": 0, "end": 3, "label": "NAME", "text": "Bắc"})
    rep = AlignmentReport()
    db = to_docbin([doc], nlp, report=rep)
    [sdoc] = list(db.get_docs(nlp.vocab))
    assert [(e.text, e.label_) for e in sdoc.ents] == [("Bắc Giang:", "PLACE"), ("32", "COUNT"),
                                                       ("ca nhiễm.", "EVENT")]
    assert sdoc.user_data["id"] == "d1"
    assert (rep.docs, rep.spans, rep.exact, rep.expanded) == (1, 4, 1, 3)
    assert (rep.dropped_overlap, rep.skipped_label) == (1, 1)
    assert any("T2" in d and "dropped" in d for d in rep.details)


def test_docbin_warns_when_it_changes_spans():
    doc = _doc("Bắc Giang: 32 ca", [("Bắc Giang", "PLACE"), ("32", "COUNT")])
    with pytest.warns(UserWarning, match="1 expanded"):
        to_docbin([doc], blank_vi())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        to_docbin([_doc("Bắc Giang 32 ca", [("Bắc Giang", "PLACE")])], blank_vi())


def test_fixture_corpus_aligns_exactly_with_the_vnepi_tokenizer():
    import vnepi

    nlp = vnepi.blank()
    docs = [d for s in ("train", "dev", "test") for d in read_jsonl(FIX / f"{s}.jsonl")]
    rep = AlignmentReport()
    db = to_docbin(docs, nlp, report=rep)
    assert rep.spans == rep.exact == 37 and len(db) == 4
    got = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in db.get_docs(nlp.vocab)]
    assert got == [[(e["start"], e["end"], e["label"]) for e in d["entities"]] for d in docs]
