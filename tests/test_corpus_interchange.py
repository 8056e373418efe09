"""doccano and Label Studio: lossless round trips, and imports of what the tools export."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from vnepi.corpus import read_jsonl, validate_doc, write_jsonl
from vnepi.corpus.interchange import (detect_format, from_doccano, from_labelstudio, read_doccano,
                                      read_labelstudio, to_doccano, to_labelstudio, write_doccano,
                                      write_labelstudio)
from vnepi.errors import CorpusFormatError

FIX = Path(__file__).parent / "fixtures"
DOCS = [d for s in ("train", "dev", "test") for d in read_jsonl(FIX / "corpus" / f"{s}.jsonl")]


@pytest.mark.parametrize("doc", DOCS, ids=[d["id"] for d in DOCS])
def test_doccano_round_trip_is_lossless(doc):
    out = to_doccano(copy.deepcopy(doc))
    assert from_doccano(json.loads(json.dumps(out))) == doc


@pytest.mark.parametrize("doc", DOCS, ids=[d["id"] for d in DOCS])
def test_labelstudio_round_trip_is_lossless(doc):
    task = to_labelstudio(copy.deepcopy(doc))
    assert from_labelstudio(json.loads(json.dumps(task))) == doc


def test_round_trip_keeps_extra_keys():
    doc = copy.deepcopy(DOCS[0])
    doc["source_url"] = "https://example.org/b/1"
    doc["entities"][0]["note"] = "tỉnh"
    doc["relations"][0]["confidence"] = 0.5
    assert from_doccano(to_doccano(doc)) == doc
    assert from_labelstudio(to_labelstudio(doc)) == doc


def test_file_round_trips(tmp_path):
    write_doccano(DOCS, tmp_path / "d.jsonl")
    assert read_doccano(tmp_path / "d.jsonl") == DOCS
    write_labelstudio(DOCS, tmp_path / "ls.json")
    assert isinstance(json.loads((tmp_path / "ls.json").read_text(encoding="utf-8")), list)
    assert read_labelstudio(tmp_path / "ls.json") == DOCS


def test_doccano_shape():
    doc = DOCS[0]
    out = to_doccano(doc)
    assert out["id"] == "tr_fx_001" and out["text"] == doc["text"]
    assert out["entities"][0] == {"id": 1, "label": "PLACE", "start_offset": 0, "end_offset": 9}
    assert out["relations"][0] == {"id": 1, "from_id": 3, "to_id": 4, "type": "event"}
    # vnepi-only fields are top-level extra keys
    assert out["date"] == "2021-11-04" and out["records"] == doc["records"]
    assert out["meta"]["split"] == "train"
    assert out["vnepi_entities"]["0:9:PLACE"] == {"id": "T1", "province": "Bắc Giang",
                                                  "district": None, "code": "24"}
    assert out["vnepi_entities"]["35:37:COUNT"] == {"id": "T3", "value": 32}


def test_doccano_renumbering_keeps_ids_and_attributes():
    # doccano gives entities and relations database ids of its own on import and exports those
    doc = copy.deepcopy(DOCS[1])
    doc["relations"][0]["confidence"] = 0.9
    out = to_doccano(doc)
    for e in out["entities"]:
        e["id"] += 5000
    for r in out["relations"]:
        r["id"] += 700
        r["from_id"] += 5000
        r["to_id"] += 5000
    out["entities"].reverse()
    back = from_doccano(json.loads(json.dumps(out)))
    assert sorted(back["entities"], key=lambda e: e["start"]) == doc["entities"]
    assert back["relations"] == doc["relations"] and back["records"] == doc["records"]


def test_span_moved_in_doccano_loses_its_stale_attributes():
    doc = DOCS[0]
    out = to_doccano(doc)
    out["entities"][0]["end_offset"] = 3  # "Bắc Giang" shortened to "Bắc"
    back = from_doccano(out)
    moved = back["entities"][0]
    assert moved["text"] == "Bắc" and "province" not in moved and moved["id"] != "T1"


def test_labelstudio_shape():
    doc = DOCS[0]
    task = to_labelstudio(doc)
    assert task["data"]["text"] == doc["text"] and task["data"]["doc_id"] == "tr_fx_001"
    assert task["data"]["records"] == doc["records"] and task["data"]["date"] == "2021-11-04"
    result = task["annotations"][0]["result"]
    assert result[0] == {"id": "T1", "from_name": "label", "to_name": "text", "type": "labels",
                         "value": {"start": 0, "end": 9, "text": "Bắc Giang", "labels": ["PLACE"]},
                         "meta": {"vnepi": {"province": "Bắc Giang", "district": None, "code": "24"}}}
    rel = [r for r in result if r["type"] == "relation"][0]
    assert rel == {"type": "relation", "from_id": "T3", "to_id": "T4", "direction": "right",
                   "labels": ["event"]}


def test_plain_doccano_export_becomes_a_valid_document():
    text = "Hà Nội ghi nhận 100 ca nhiễm."
    obj = {"id": 42, "text": text,
           "entities": [{"id": 7, "label": "PLACE", "start_offset": 0, "end_offset": 6},
                        {"id": 8, "label": "COUNT", "start_offset": 16, "end_offset": 19},
                        {"id": 9, "label": "EVENT", "start_offset": 20, "end_offset": 28}],
           "relations": [{"id": 1, "from_id": 8, "to_id": 9, "type": "event"},
                         {"id": 2, "from_id": 8, "to_id": 7, "type": "place"}]}
    doc = from_doccano(obj)
    assert doc["id"] == "42" and doc["date"] is None and doc["meta"] == {} and doc["records"] == []
    assert [(e["id"], e["text"]) for e in doc["entities"]] == [("T1", "Hà Nội"), ("T2", "100"),
                                                                 ("T3", "ca nhiễm")]
    assert doc["relations"] == [{"head": "T2", "tail": "T3", "label": "event"},
                                {"head": "T2", "tail": "T1", "label": "place"}]
    assert validate_doc(doc) == []


def test_doccano_spans_only_format():
    doc = from_doccano({"text": "Bắc Giang 32 ca", "label": [[0, 9, "PLACE"], [10, 12, "COUNT"]]},
                       default_id="bg_1")
    assert doc["id"] == "bg_1"
    assert [(e["label"], e["text"]) for e in doc["entities"]] == [("PLACE", "Bắc Giang"),
                                                                   ("COUNT", "32")]


def test_entity_added_in_doccano_gets_a_fresh_id():
    doc = DOCS[0]
    out = to_doccano(doc)
    at = doc["text"].index("tỉnh")
    out["entities"].append({"id": 99, "label": "PLACE", "start_offset": at, "end_offset": at + 4})
    back = from_doccano(out)
    new = back["entities"][-1]
    assert new["text"] == "tỉnh" and new["id"] not in {e["id"] for e in doc["entities"]}
    assert back["entities"][:-1] == doc["entities"]


def test_doccano_errors_name_the_document():
    with pytest.raises(CorpusFormatError, match="'d1'.*unknown entity ids"):
        from_doccano({"id": "d1", "text": "ab", "entities": [],
                      "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "event"}]})
    with pytest.raises(CorpusFormatError, match="not a non-empty span"):
        from_doccano({"id": "d2", "text": "ab",
                      "entities": [{"id": 1, "label": "COUNT", "start_offset": 1, "end_offset": 5}]})
    with pytest.raises(CorpusFormatError, match="no 'text'"):
        from_doccano({"id": "d3"})


def _ls_task(results, annotations=None):
    return {"id": 17, "data": {"text": "Đà Nẵng có 5 ca mắc."},
            "annotations": annotations or [{"result": results}]}


def _span(rid, start, end, text, label):
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def test_plain_labelstudio_export():
    results = [_span("a8Xq", 0, 7, "Đà Nẵng", "PLACE"), _span("k2Pz", 11, 12, "5", "COUNT"),
               {"id": "x", "type": "choices", "value": {"choices": ["ok"]}, "from_name": "q",
                "to_name": "text"},
               {"type": "relation", "from_id": "a8Xq", "to_id": "k2Pz", "direction": "left",
                "labels": ["place"]}]
    doc = from_labelstudio(_ls_task(results))
    assert doc["id"] == "17" and doc["records"] == []
    assert [(e["id"], e["text"]) for e in doc["entities"]] == [("a8Xq", "Đà Nẵng"), ("k2Pz", "5")]
    # direction "left" means the arrow points from to_id to from_id
    assert doc["relations"] == [{"head": "k2Pz", "tail": "a8Xq", "label": "place"}]
    assert validate_doc(doc) == []


def test_labelstudio_skips_cancelled_annotations():
    anns = [{"was_cancelled": True, "result": [_span("a", 0, 7, "Đà Nẵng", "PLACE")]},
            {"result": [_span("b", 11, 12, "5", "COUNT")]}]
    doc = from_labelstudio(_ls_task(None, anns))
    assert [e["id"] for e in doc["entities"]] == ["b"]


def test_labelstudio_offsets_in_utf16_units_are_mapped():
    text = "🦠 Đà Nẵng 5 ca"  # the emoji is two UTF-16 units, one Python character
    task = {"id": 1, "data": {"text": text},
            "annotations": [{"result": [_span("p", 3, 10, "Đà Nẵng", "PLACE")]}]}
    doc = from_labelstudio(task)
    assert (doc["entities"][0]["start"], doc["entities"][0]["end"]) == (2, 9)


def test_labelstudio_errors():
    with pytest.raises(CorpusFormatError, match="exactly one label"):
        from_labelstudio(_ls_task([{**_span("a", 0, 7, "Đà Nẵng", "PLACE"),
                                    "value": {"start": 0, "end": 7, "labels": ["PLACE", "DATE"]}}]))
    with pytest.raises(CorpusFormatError, match="'Hà Nội' is not at"):
        from_labelstudio(_ls_task([_span("a", 0, 7, "Hà Nội", "PLACE")]))
    with pytest.raises(CorpusFormatError, match="joins unknown results"):
        from_labelstudio(_ls_task([{"type": "relation", "from_id": "a", "to_id": "b",
                                    "labels": ["place"]}]))
    with pytest.raises(CorpusFormatError, match="no data.text"):
        from_labelstudio({"id": 1, "data": {"body": "x"}})


def test_detect_format(tmp_path):
    write_jsonl(DOCS, tmp_path / "v.jsonl")
    write_doccano(DOCS, tmp_path / "d.jsonl")
    write_labelstudio(DOCS, tmp_path / "l.json")
    assert detect_format(tmp_path / "v.jsonl") == "vnepi"
    assert detect_format(tmp_path / "d.jsonl") == "doccano"
    assert detect_format(tmp_path / "l.json") == "labelstudio"
    assert detect_format(FIX / "phoner_sample.jsonl") == "phoner"
    (tmp_path / "odd.jsonl").write_text('{"id": "x", "text": "y"}\n', encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="cannot tell its format"):
        detect_format(tmp_path / "odd.jsonl")
