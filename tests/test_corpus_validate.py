"""Corpus validation: each malformed case is caught and reported with file, line, id, position."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from vnepi.corpus import Problem, read_jsonl, validate_doc, validate_file
from vnepi.corpus.validate import invalid_documents, validate_files
from vnepi.errors import CorpusFormatError

FIX = Path(__file__).parent / "fixtures" / "corpus"
BASE = read_jsonl(FIX / "train.jsonl")[0]  # tr_fx_001, "Bắc Giang: ngày 4/11 ghi nhận thêm 32 ..."


def base() -> dict:
    return copy.deepcopy(BASE)


def add_entity(d: dict, eid: str, start: int, end: int, label: str = "COUNT") -> None:
    d["entities"].append({"id": eid, "start": start, "end": end, "label": label,
                          "text": d["text"][start:end]})


def _set(path: str, value):
    def mutate(d):
        *parents, last = path.split(".")
        node = d
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        node[int(last) if last.isdigit() else last] = value
    return mutate


def _del(path: str):
    def mutate(d):
        *parents, last = path.split(".")
        node = d
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        del node[last]
    return mutate


def _swap_relation(d):
    r = d["relations"][0]
    r["head"], r["tail"] = r["tail"], r["head"]


# (mutation, words expected in one problem's message, words expected in its position)
CASES = {
    "missing_doc_key": (_del("records"), "missing key(s) records", ""),
    "doc_id_not_string": (_set("id", 17), "document id must be a non-empty string", "id"),
    "doc_date_not_iso": (_set("date", "4/11/2021"), "'4/11/2021' is not an ISO date", "date"),
    "doc_date_impossible": (_set("date", "2021-02-30"), "is not a calendar date", "date"),
    "unknown_split": (_set("meta.split", "training"), "split 'training' is not one of", "meta.split"),
    "entities_not_list": (_set("entities", {"T1": {}}), "entities must be a list", "entities"),
    "entity_missing_key": (_del("entities.0.label"), "entity is missing key(s) label", "entities[0] (T1)"),
    "duplicate_entity_id": (_set("entities.1.id", "T1"), "entity id 'T1' is used twice", "entities[1] (T1)"),
    "offset_past_end": (_set("entities.0.end", 999), "[0, 999) lie outside the text", "entities[0] (T1)"),
    "offset_negative": (_set("entities.0.start", -1), "[-1, 9) lie outside the text", "entities[0] (T1)"),
    "start_not_before_end": (_set("entities.0.start", 9), "start 9 is not before end 9", "entities[0] (T1)"),
    "offset_not_int": (_set("entities.0.start", "0"), "offsets must be integers", "entities[0] (T1)"),
    "offset_bool": (_set("entities.0.start", False), "offsets must be integers", "entities[0] (T1)"),
    "entity_text_mismatch": (_set("entities.0.text", "Bắc Ninh"),
                             "text 'Bắc Ninh' differs from text[0:9] = 'Bắc Giang'", "entities[0] (T1)"),
    "crossing_spans": (lambda d: add_entity(d, "T10", 5, 15), "T10 crosses T1 [0, 9)", "entity T10 [5, 15)"),
    "nested_spans": (lambda d: add_entity(d, "T10", 4, 9, "PLACE"), "T10 is nested inside T1", "entity T10"),
    "same_span": (lambda d: add_entity(d, "T10", 0, 9, "PLACE"), "has the same span as T1", "entity T10"),
    "unknown_entity_label": (_set("entities.0.label", "LOC"), "unknown entity label 'LOC'", "entities[0] (T1)"),
    "entity_unknown_event": (_set("entities.3.event", "infections"), "unknown event 'infections'", "entities[3] (T4)"),
    "entity_date_not_iso": (_set("entities.1.date", "4/11"), "date '4/11' is not an ISO date", "entities[1] (T2)"),
    "entity_value_not_number": (_set("entities.2.value", "32"), "value '32' is not a number", "entities[2] (T3)"),
    "unknown_relation_label": (_set("relations.0.label", "cause"), "unknown relation label 'cause'",
                               "relations[0] (T3 -cause-> T4)"),
    "relation_missing_tail": (_set("relations.0.tail", "T99"), "relation tail 'T99' is not an entity id",
                              "relations[0]"),
    "relation_missing_head": (_set("relations.0.head", "T42"), "relation head 'T42' is not an entity id",
                              "relations[0]"),
    "relation_missing_key": (_del("relations.0.label"), "relation is missing key(s) label", "relations[0]"),
    "relation_wrong_direction": (_swap_relation, "goes from COUNT to EVENT, not from EVENT to COUNT",
                                 "relations[0]"),
    "relation_repeated": (lambda d: d["relations"].append(dict(d["relations"][0])), "relation repeated",
                          "relations[9]"),
    "record_missing_field": (_del("records.0.kind"), "record is missing field(s) kind", "records[0]"),
    "record_unknown_event": (_set("records.0.event", "infections"), "unknown event 'infections'", "records[0]"),
    "record_bad_kind": (_set("records.0.kind", "total"), "kind 'total' is not one of", "records[0]"),
    "record_bad_setting": (_set("records.1.setting", "hospital"), "setting 'hospital' is not null or one of",
                           "records[1]"),
    "record_value_string": (_set("records.0.value", "32"), "value '32' is not a finite number", "records[0]"),
    "record_value_bool": (_set("records.0.value", True), "value True is not a finite number", "records[0]"),
    "record_value_float_count": (_set("records.0.value", 32.5), "only an average may be fractional",
                                 "records[0]"),
    "record_cumulative_not_bool": (_set("records.0.cumulative", "no"), "cumulative must be true or false",
                                   "records[0]"),
    "record_date_not_iso": (_set("records.0.date", "04/11/2021"), "date '04/11/2021' is not an ISO date",
                            "records[0]"),
    "record_since_impossible": (_set("records.2.since", "2021-10-32"), "since '2021-10-32' is not",
                                "records[2]"),
    "record_location_not_object": (_set("records.0.location", "Bắc Giang"), "location must be an object",
                                   "records[0]"),
    "record_location_missing_code": (_del("records.0.location.code"), "location is missing key(s) code",
                                     "records[0]"),
    "record_location_empty_province": (_set("records.0.location.province", ""),
                                       "province must be a non-empty string", "records[0]"),
    "record_evidence_mismatch": (_set("records.0.text", "thêm 32 ca"), "evidence text 'thêm 32 ca' differs",
                                 "records[0]"),
    "record_evidence_outside": (_set("records.0.end", 500), "evidence offsets [21, 500) lie outside",
                                "records[0]"),
    "record_count_not_count_entity": (_set("records.0.count", "T1"), "count 'T1' is not the id of a COUNT",
                                      "records[0]"),
    "record_count_missing_entity": (_set("records.0.count", "T99"), "count 'T99' is not the id of a COUNT",
                                    "records[0]"),
}


def test_base_document_is_valid():
    assert validate_doc(base()) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_document_is_reported(case):
    mutate, message, position = CASES[case]
    d = base()
    mutate(d)
    problems = validate_doc(d, where="bulletins.jsonl", line=7)
    hits = [p for p in problems if message in p.message and position in p.position]
    assert hits, f"{case}: no problem with {message!r} at {position!r} in {problems}"
    p = hits[0]
    assert p.file == "bulletins.jsonl" and p.line == 7
    assert p.doc_id == ("17" if case == "doc_id_not_string" else "tr_fx_001")


def test_not_an_object():
    [p] = validate_doc(["tr_fx_001"])
    assert "must be a JSON object" in p.message


def test_problem_str_names_file_line_id_and_position():
    d = base()
    d["entities"][0]["end"] = 999
    [p] = validate_doc(d, where="a/train.jsonl", line=3)
    s = str(p)
    assert s.startswith("a/train.jsonl:3: document 'tr_fx_001', entities[0] (T1): ")
    assert str(Problem(None, None, None, "", "x")) == "<document>: document (no id): x"


class WhitespaceTokenizer:
    """Stands in for nlp.tokenizer: tokens with .idx and .text split on spaces."""

    def __call__(self, text):
        import spacy

        return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}}).make_doc(text)


def test_span_off_token_boundaries_only_with_a_tokenizer():
    d = base()
    d["entities"][0].update(end=6, text="Bắc Gi")  # the place cut inside "Giang:"
    assert validate_doc(d) == []
    problems = {p.position: p.message for p in validate_doc(d, tokenizer=WhitespaceTokenizer())}
    msg = problems["entity T1 [0, 6)"]
    assert "end of 'Bắc Gi' not on a token boundary" in msg and "Giang:" in msg
    # "32" is a whole token; "ca nhiễm" before a comma is not, for a whitespace tokenizer
    assert "entity T3 [35, 37)" not in problems and "entity T4 [38, 46)" in problems


def test_fixture_spans_fall_on_vnepi_tokens():
    import vnepi

    tok = vnepi.blank().tokenizer
    docs, problems = validate_files([FIX / f"{s}.jsonl" for s in ("train", "dev", "test")],
                                    tokenizer=tok)
    assert problems == [] and len(docs) == 4


# ---------------------------------------------------------------- files

GOOD = json.dumps(BASE, ensure_ascii=False).encode()


def _line_doc(did: str) -> bytes:
    d = base()
    d["id"] = did
    return json.dumps(d, ensure_ascii=False).encode()


LINE_CASES = {
    "truncated": (_line_doc("cut_01")[:120], "truncated JSON", "cut_01"),
    "truncated_after_value": (_line_doc("cut_02")[:-1], "truncated JSON", "cut_02"),
    "not_json": ('{"id": "x1", text: "Hà Nội"}'.encode(), "not valid JSON", "x1"),
    "not_utf8": ('{"id": "latin", "text": "Hà Nam"}'.encode("latin-1"), "not UTF-8", None),
    "not_object": ('["tr_fx_001", "Bắc Giang"]'.encode(), "expected a JSON object, got list", None),
    "nan": (b'{"id": "n1", "value": NaN}', "NaN is not valid JSON", "n1"),
}


@pytest.mark.parametrize("case", sorted(LINE_CASES))
def test_unreadable_line_is_reported_with_its_line(tmp_path, case):
    raw, message, did = LINE_CASES[case]
    p = tmp_path / "train.jsonl"
    p.write_bytes(_line_doc("ok_1") + b"\n" + raw + b"\n" + _line_doc("ok_2") + b"\n")
    docs, problems = validate_file(p, skip_invalid=True)
    assert [d["id"] for d in docs] == ["ok_1", "ok_2"]
    [prob] = problems
    assert message in prob.message and prob.line == 2 and prob.file == str(p)
    assert prob.doc_id == did


def test_duplicate_document_id_in_a_file(tmp_path):
    p = tmp_path / "train.jsonl"
    p.write_bytes(GOOD + b"\n" + _line_doc("other") + b"\n" + GOOD + b"\n")
    docs, problems = validate_file(p, skip_invalid=True)
    assert [d["id"] for d in docs] == ["tr_fx_001", "other"]  # the first one is kept
    [prob] = problems
    assert prob.line == 3 and prob.doc_id == "tr_fx_001"
    assert f"duplicate document id (first seen at {p}:1)" in prob.message


def test_duplicate_document_id_across_files(tmp_path):
    a, b = tmp_path / "train.jsonl", tmp_path / "dev.jsonl"
    a.write_bytes(GOOD + b"\n")
    b.write_bytes(_line_doc("dv_9") + b"\n" + GOOD + b"\n")
    docs, problems = validate_files([a, b], skip_invalid=True)
    assert [d["id"] for d in docs] == ["tr_fx_001", "dv_9"]
    [prob] = problems
    assert prob.file == str(b) and prob.line == 2 and f"first seen at {a}:1" in prob.message


def _two_bad_one_good(tmp_path) -> Path:
    bad1, bad2 = base(), base()
    bad1["id"], bad2["id"] = "bad_1", "bad_2"
    bad1["entities"][0]["text"] = "Bắc Ninh"
    bad2["records"][0]["event"] = "infections"
    bad2["relations"][0]["tail"] = "T99"
    p = tmp_path / "dev.jsonl"
    p.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (bad1, BASE, bad2)) + "\n",
                 encoding="utf-8")
    return p


def test_strict_validation_raises_listing_every_problem(tmp_path):
    p = _two_bad_one_good(tmp_path)
    with pytest.raises(CorpusFormatError) as ei:
        validate_file(p)
    msg = str(ei.value)
    assert msg.splitlines()[0] == f"{p}: 3 problem(s) in 2 document(s):"
    assert f"{p}:1: document 'bad_1'" in msg and f"{p}:3: document 'bad_2'" in msg
    assert "infections" in msg and "T99" in msg and "Bắc Ninh" in msg
    assert len(ei.value.problems) == 3


def test_skip_invalid_returns_valid_docs_and_all_problems(tmp_path):
    p = _two_bad_one_good(tmp_path)
    docs, problems = validate_file(p, skip_invalid=True)
    assert [d["id"] for d in docs] == ["tr_fx_001"]
    assert len(problems) == 3 and invalid_documents(problems) == 2
    assert {pr.doc_id for pr in problems} == {"bad_1", "bad_2"}


def test_valid_file_returns_all_docs(tmp_path):
    docs, problems = validate_file(FIX / "train.jsonl")
    assert [d["id"] for d in docs] == ["tr_fx_001", "tr_fx_002"] and problems == []


# ----------------------------------------------------------- robustness

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=6),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=4), c, max_size=3),
                    max_leaves=6)
PATHS = (["id", "text", "date", "meta", "entities", "relations", "records", "meta.split"]
         + [f"entities.2.{k}" for k in ("id", "start", "end", "label", "text", "value", "date")]
         + [f"relations.1.{k}" for k in ("head", "tail", "label")]
         + [f"records.0.{k}" for k in ("event", "value", "location", "date", "kind", "setting",
                                       "start", "end", "text", "count", "cumulative")]
         + ["records.0.location.province", "records.0.location.district", "entities.2", "records.1"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATHS), JSON)
def test_validate_never_crashes_on_odd_values(path, value):
    d = base()
    _set(path, value)(d)
    problems = validate_doc(d)
    assert all(isinstance(p, Problem) for p in problems)
    str(problems)
