"""The corpus JSONL format: reading, writing, and the fixture corpus itself."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vnepi.corpus import ENTITY_LABELS, RELATION_LABELS, read_jsonl, write_jsonl
from vnepi.corpus.format import scan_jsonl
from vnepi.errors import CorpusFormatError

FIX = Path(__file__).parent / "fixtures" / "corpus"


def fixture_docs() -> list[dict]:
    return [d for s in ("train", "dev", "test") for d in read_jsonl(FIX / f"{s}.jsonl")]


def test_labels():
    assert ENTITY_LABELS == ("COUNT", "PLACE", "DATE", "EVENT")
    assert RELATION_LABELS == ("event", "place", "date")


def test_fixture_offsets_point_at_their_text():
    docs = fixture_docs()
    assert len(docs) == 4
    for d in docs:
        for e in d["entities"]:
            assert d["text"][e["start"]:e["end"]] == e["text"]
        for r in d["records"]:
            assert d["text"][r["start"]:r["end"]] == r["text"]
    # the two "12 ca" of the Phú Thọ bulletin are two different mentions
    pt = next(d for d in docs if d["id"] == "dv_fx_001")
    twelves = [e["start"] for e in pt["entities"] if e["text"] == "12"]
    assert len(twelves) == 2 and twelves[0] != twelves[1]


def test_write_then_read_round_trip_keeps_utf8(tmp_path):
    docs = fixture_docs()
    out = tmp_path / "sub" / "c.jsonl"
    assert write_jsonl(docs, out) == 4
    raw = out.read_bytes()
    assert "Bắc Giang".encode("utf-8") in raw  # characters, not \\u escapes
    assert raw.endswith(b"\n") and raw.count(b"\n") == 4 and b"\r" not in raw
    assert read_jsonl(out) == docs


def test_read_tolerates_bom_crlf_and_blank_lines(tmp_path):
    doc = fixture_docs()[0]
    p = tmp_path / "c.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc, ensure_ascii=False).encode() + b"\r\n\r\n  \n")
    assert read_jsonl(p) == [doc]


def test_read_names_file_line_and_id_of_a_bad_line(tmp_path):
    good = json.dumps(fixture_docs()[0], ensure_ascii=False)
    p = tmp_path / "c.jsonl"
    p.write_text(good + "\n" + '{"id": "cut_01", "text": "Hà Nộ' + "\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError) as ei:
        read_jsonl(p)
    msg = str(ei.value)
    assert f"{p}:2" in msg and "cut_01" in msg and "truncated" in msg


def test_scan_reports_lines_without_raising(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_bytes(b'{"id": "a"}\n[1, 2]\n{"id": "b", "v": NaN}\n\xff\xfe\n')
    lines = scan_jsonl(p)
    assert [ln.number for ln in lines] == [1, 2, 3, 4]
    assert lines[0].obj == {"id": "a"} and lines[0].error is None
    assert "expected a JSON object" in lines[1].error
    assert "NaN" in lines[2].error and lines[2].doc_id == "b"
    assert "not UTF-8" in lines[3].error


def test_missing_file_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusFormatError, match="cannot read"):
        read_jsonl(tmp_path / "nope.jsonl")


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    p = tmp_path / "c.jsonl"
    write_jsonl(fixture_docs()[:1], p)
    before = p.read_bytes()
    with pytest.raises(TypeError):
        write_jsonl([fixture_docs()[0], {"id": "x", "bad": {1, 2}}], p)
    assert p.read_bytes() == before
    assert [f.name for f in tmp_path.iterdir()] == ["c.jsonl"]
    with pytest.raises(ValueError):
        write_jsonl([{"id": "x", "value": float("nan")}], tmp_path / "nan.jsonl")


def test_importing_vnepi_corpus_does_not_import_datasets():
    code = "import sys, vnepi.corpus; print('datasets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
