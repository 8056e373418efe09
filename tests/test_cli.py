"""The command line: formats, stdin, folders, and clear errors for user mistakes."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from vnepi.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "001_5722da7a0b6cf656.txt"


def test_extract_jsonl(capsys):
    assert main(["extract", str(SEED), "--date", "2021-11-04"]) == 0
    lines = capsys.readouterr().out.splitlines()
    recs = [json.loads(x) for x in lines]
    assert len(recs) >= 45
    assert {"event", "value", "location", "date", "cumulative", "since", "kind", "setting",
            "text", "start", "end"} <= set(recs[0])


def test_extract_table_and_csv(capsys, tmp_path):
    assert main(["extract", str(SEED), "--date", "2021-11-04", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["doc", "event", "value"]
    assert "Hồ Chí Minh" in out
    dest = tmp_path / "r.csv"
    assert main(["extract", str(ROOT / "seeds"), "--format", "csv", "--out", str(dest),
                 "--date", "2021-11-04"]) == 0
    rows = list(csv.DictReader(dest.open(encoding="utf-8")))
    assert len({r["doc"] for r in rows}) == 3


def test_stdin_via_subprocess():
    p = subprocess.run([sys.executable, "-m", "vnepi", "extract", "-", "--date", "2021-11-04"],
                       input="Hà Nội hôm nay ghi nhận 100 ca nhiễm.".encode(), capture_output=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr.decode()
    rec = json.loads(p.stdout.decode().splitlines()[0])
    assert rec["value"] == 100 and rec["location"]["code"] == "01"


def test_user_mistakes_exit_2_without_traceback(capsys, tmp_path):
    assert main(["extract", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "Traceback" not in err
    assert main(["extract", str(SEED), "--date", "4/11/2021"]) == 2
    assert "date" in capsys.readouterr().err.lower()
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Hà Nội 5 ca".encode("cp1258", errors="replace") + b"\xff\xfe")
    assert main(["extract", str(bad)]) == 2
    assert "UTF-8" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["extract", str(empty)]) == 2
