"""``vnepi corpus``: validate, stats, convert, build."""
from __future__ import annotations

import json
import shutil
import sys
import types
from pathlib import Path

import pytest

from vnepi.cli import main
from vnepi.corpus import read_jsonl

FIX = Path(__file__).parent / "fixtures"
CORPUS = FIX / "corpus"


def _bad_file(tmp_path) -> Path:
    docs = read_jsonl(CORPUS / "train.jsonl")
    docs[1]["entities"][0]["end"] = 9999
    p = tmp_path / "bad.jsonl"
    lines = [json.dumps(d, ensure_ascii=False) for d in docs] + ['{"id": "cut_9", "text": "Hà']
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_validate_ok(capsys):
    assert main(["corpus", "validate", str(CORPUS)]) == 0
    assert "3 file(s): 4 valid document(s), 0 invalid, 0 problem(s)" in capsys.readouterr().out


def test_validate_prints_every_problem_and_exits_1(capsys, tmp_path):
    p = _bad_file(tmp_path)
    assert main(["corpus", "validate", str(p), str(CORPUS / "dev.jsonl")]) == 1
    out = capsys.readouterr().out
    assert f"{p}:2: document 'tr_fx_002', entities[0] (T1): entity offsets [0, 9999)" in out
    assert f"{p}:3: document 'cut_9': truncated JSON" in out
    assert "2 file(s): 2 valid document(s), 2 invalid, 2 problem(s)" in out


def test_validate_skip_invalid(capsys, tmp_path):
    p = _bad_file(tmp_path)
    assert main(["corpus", "validate", str(p), "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert "truncated JSON" in out and out.rstrip().endswith("skipped 2 invalid document(s)")
    only_bad = tmp_path / "only_bad.jsonl"
    only_bad.write_text('{"id": "x"\n', encoding="utf-8")
    assert main(["corpus", "validate", str(only_bad), "--skip-invalid"]) == 1


def test_validate_finds_ids_repeated_across_files(capsys, tmp_path):
    shutil.copy(CORPUS / "train.jsonl", tmp_path / "copy.jsonl")
    assert main(["corpus", "validate", str(CORPUS / "train.jsonl"), str(tmp_path / "copy.jsonl")]) == 1
    assert "duplicate document id (first seen at" in capsys.readouterr().out


def test_validate_missing_path_is_a_usage_error(capsys, tmp_path):
    assert main(["corpus", "validate", str(tmp_path / "nope.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "Traceback" not in err


def test_stats_table_and_json(capsys, tmp_path):
    assert main(["corpus", "stats", str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["corpus", "train", "dev", "test", "total"]
    assert "documents      2    1     1      4" in out
    assert any(line.split() == ["cases", "5", "2", "2", "9"] for line in out.splitlines())
    assert main(["corpus", "stats", str(CORPUS), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["records"] == {"train": 7, "dev": 3, "test": 3, "total": 13}
    assert stats["province"]["Hà Nội"]["test"] == 3
    assert stats["setting"]["(none)"]["total"] == 8
    assert stats["entity_label"]["COUNT"]["total"] == 13
    assert main(["corpus", "stats", str(tmp_path)]) == 2
    assert "missing train.jsonl, dev.jsonl, test.jsonl" in capsys.readouterr().err


def test_convert_round_trip_with_inferred_formats(capsys, tmp_path):
    src = CORPUS / "train.jsonl"
    dc, ls, back = tmp_path / "a.doccano.jsonl", tmp_path / "a.ls.json", tmp_path / "back.jsonl"
    assert main(["corpus", "convert", str(src), str(dc), "--to", "doccano"]) == 0
    assert main(["corpus", "convert", str(dc), str(ls), "--to", "labelstudio"]) == 0
    assert main(["corpus", "convert", str(ls), str(back), "--to", "vnepi"]) == 0
    out = capsys.readouterr().out
    assert "(vnepi) ->" in out and "(doccano) ->" in out and "(labelstudio) ->" in out
    assert read_jsonl(back) == read_jsonl(src)
    assert "start_offset" in dc.read_text(encoding="utf-8")


def test_convert_phoner(capsys, tmp_path):
    out = tmp_path / "p.jsonl"
    assert main(["corpus", "convert", str(FIX / "phoner_sample.jsonl"), str(out), "--to", "vnepi"]) == 0
    docs = read_jsonl(out)
    assert len(docs) == 3 and docs[0]["entities"][0]["text"] == "Phước Hoà"
    assert main(["corpus", "validate", str(out)]) == 0


def test_convert_refuses_invalid_annotations(capsys, tmp_path):
    task = {"id": 1, "data": {"text": "Hà Nội 5 ca"}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 0, "end": 6, "text": "Hà Nội", "labels": ["PLACE"]}},
        {"id": "b", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 3, "end": 8, "text": "Nội 5", "labels": ["COUNT"]}}]}]}
    src = tmp_path / "ls.json"
    src.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    assert main(["corpus", "convert", str(src), str(tmp_path / "o.jsonl"), "--to", "vnepi"]) == 2
    err = capsys.readouterr().err
    assert "b crosses a" in err and "Traceback" not in err
    assert not (tmp_path / "o.jsonl").exists()


def test_convert_usage_errors(capsys, tmp_path):
    src = CORPUS / "dev.jsonl"
    assert main(["corpus", "convert", str(src), str(src), "--to", "vnepi"]) == 2
    assert "overwrite the input" in capsys.readouterr().err
    assert main(["corpus", "convert", str(tmp_path / "x"), str(tmp_path / "y"), "--to", "vnepi"]) == 2
    odd = tmp_path / "odd.jsonl"
    odd.write_text('{"id": "x", "text": "y"}\n', encoding="utf-8")
    assert main(["corpus", "convert", str(odd), str(tmp_path / "y"), "--to", "doccano"]) == 2
    assert "--from" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["corpus", "convert", str(src), str(tmp_path / "y"), "--to", "brat"])


def _fake_builder(monkeypatch, write, unprojected=()):
    calls = []

    def build_corpus(drafts_dir, out_dir):
        calls.append((Path(drafts_dir), Path(out_dir)))
        write(Path(out_dir))
        return types.SimpleNamespace(unprojected=list(unprojected))

    mod = types.ModuleType("vnepi.corpus.build")
    mod.build_corpus = build_corpus
    monkeypatch.setitem(sys.modules, "vnepi.corpus.build", mod)
    return calls


def test_build_calls_the_builder_then_checks_and_counts(monkeypatch, capsys, tmp_path):
    calls = _fake_builder(monkeypatch, lambda out: shutil.copytree(CORPUS, out))
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    assert main(["corpus", "build", str(drafts), str(tmp_path / "out")]) == 0
    assert calls == [(drafts, tmp_path / "out")]
    out = capsys.readouterr().out
    assert "built" in out and "documents      2    1     1      4" in out


def test_build_fails_when_the_builder_writes_an_invalid_corpus(monkeypatch, capsys, tmp_path):
    def write(out):
        shutil.copytree(CORPUS, out)
        (out / "test.jsonl").write_text('{"id": "broken"\n', encoding="utf-8")

    _fake_builder(monkeypatch, write)
    (tmp_path / "drafts").mkdir()
    assert main(["corpus", "build", str(tmp_path / "drafts"), str(tmp_path / "out")]) == 2
    assert "'broken'" in capsys.readouterr().err
    assert main(["corpus", "build", str(tmp_path / "nope"), str(tmp_path / "out")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_build_lists_records_the_builder_could_not_project(monkeypatch, capsys, tmp_path):
    _fake_builder(monkeypatch, lambda out: shutil.copytree(CORPUS, out),
                  unprojected=["tr_9 record 3: value 12 not found in evidence 'mười hai ca'"])
    (tmp_path / "drafts").mkdir()
    assert main(["corpus", "build", str(tmp_path / "drafts"), str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "not projected: tr_9 record 3: value 12 not found" in out
    assert "(1 record(s) not projected, listed above)" in out


def test_build_without_the_builder_module(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "vnepi.corpus.build", None)  # import fails as if absent
    (tmp_path / "drafts").mkdir()
    assert main(["corpus", "build", str(tmp_path / "drafts"), str(tmp_path / "out")]) == 2
    assert "vnepi.corpus.build is not available" in capsys.readouterr().err


def test_convert_of_a_broken_corpus_lists_every_problem(capsys, tmp_path):
    p = _bad_file(tmp_path)
    assert main(["corpus", "convert", str(p), str(tmp_path / "o.json"), "--to", "labelstudio"]) == 2
    err = capsys.readouterr().err
    assert "2 problem(s) in 2 document(s)" in err and "cut_9" in err and "9999" in err


def test_corpus_stats_groups_a_flat_list_by_meta_split():
    from vnepi.corpus import corpus_stats, render_stats

    docs = [d for s in ("test", "train") for d in read_jsonl(CORPUS / f"{s}.jsonl")]
    docs.append({"id": "loose", "text": "", "meta": {}, "entities": [], "relations": [],
                 "records": [{"event": "cases", "location": {"province": "Hà Nội"}}]})
    stats = corpus_stats(docs)
    assert stats["splits"] == ["test", "train", "(none)"]
    assert stats["documents"] == {"test": 1, "train": 2, "(none)": 1, "total": 4}
    assert stats["kind"]["(none)"] == {"test": 0, "train": 0, "(none)": 1, "total": 1}
    assert list(stats["event"])[:2] == ["cases", "deaths"]  # most frequent first
    table = render_stats(stats)
    assert "records by province" in table and "entities by label" in table
