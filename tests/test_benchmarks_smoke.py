"""The benchmark entry point runs and prints its table. Nothing here is about speed."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_quick_run_prints_table():
    p = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--sizes", "1k",
         "--n", "20", "--repeat", "1", "--no-subprocess", "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    out = p.stdout
    assert "| measure | bulletins/s | characters/s | seconds | time / tokenizer |" in out
    m = re.search(r"headline ratio vnepi\.extract / underthesea\.word_tokenize \(time\): "
                  r"(\d+\.\d+)", out)
    assert m, out[-2000:]
    assert float(m.group(1)) > 0
    assert "| size | characters | seconds | ms / KB |" in out


def test_stage_timing_prints_every_stage():
    p = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "stages.py"), "--n", "8"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    rows = re.findall(r"^\| ([^|]+) \| (\d+\.\d\d) \| (\d+\.\d\d) \|$", p.stdout, re.M)
    assert [r[0] for r in rows] == [
        "underthesea.word_tokenize (reference)", "vnepi tokenizer (spaCy Doc)", "sentence component",
        "analysis (numbers, dates, places, cues, tables)", "trained linker", "record builder",
        "vnepi.extract end to end"]
    assert rows[0][2] == "1.00"
