"""Archives: reading and dating bulletins, the resumable Parquet store, workers, Dask, CLI."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from vnepi.archive import (Bulletin, Store, date_from_name, date_from_text, extract_archive,
                           extract_batch, html_bulletin, iter_bulletins, read_docs, read_records,
                           run_archive)
from vnepi.cli import main

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT / "tests" / "fixtures" / "archive"

# doc_id -> (reference date, where it came from, source, url): written down by hand.
EXPECTED_DOCS = {
    "2021-11-01_bo-y-te.txt": ("2021-11-01", "file name", "Bộ Y tế",
                               "https://moh.gov.vn/ban-tin/2021-11-01"),
    "2021-11-03_so-y-te-ha-noi.json": ("2021-11-03", "file name", "Sở Y tế Hà Nội",
                                       "https://soyte.hanoi.gov.vn/tin/tong-so-ca-3-11"),
    "2021-11-04_bo-y-te.txt": ("2021-11-04", "file name", "Bộ Y tế",
                               "https://moh.gov.vn/ban-tin/2021-11-04"),
    "20211102_tin-nhanh.html": ("2021-11-02", "file name", "Tin Nhanh",
                                "https://tinnhanh.example.vn/hai-phong-them-65-ca"),
    "ban-tin-bo-y-te-3-11.txt": ("2021-11-03", "text", "Bộ Y tế", "https://moh.gov.vn/ban-tin/3-11"),
    "hn-2021-11-01": ("2021-11-01", "metadata", "Sở Y tế Hà Nội", "https://soyte.hanoi.gov.vn/tin/1-11"),
    "byt-2021-11-02": ("2021-11-02", "metadata", "Bộ Y tế", "https://moh.gov.vn/ban-tin/2021-11-02"),
    "hn-2021-11-04": ("2021-11-04", "metadata", "Sở Y tế Hà Nội", "https://soyte.hanoi.gov.vn/tin/4-11"),
    "ha-noi-sang-5-11.txt": (None, None, None, None),
}
# (doc_id, event, value, province, date, cumulative, kind) that must be extracted.
EXPECTED_RECORDS = {
    ("2021-11-01_bo-y-te.txt", "cases", 300, "Việt Nam", "2021-11-01", False, "count"),
    ("2021-11-01_bo-y-te.txt", "deaths", 5, "Việt Nam", "2021-11-01", False, "count"),
    ("2021-11-01_bo-y-te.txt", "cases", 10000, "Việt Nam", "2021-11-01", True, "count"),
    ("20211102_tin-nhanh.html", "cases", 65, "Hải Phòng", "2021-11-02", False, "count"),
    ("20211102_tin-nhanh.html", "cases", 5220, "Hà Nội", "2021-11-02", True, "count"),
    ("ban-tin-bo-y-te-3-11.txt", "cases", 330, "Việt Nam", "2021-11-03", False, "count"),
    ("2021-11-04_bo-y-te.txt", "cases", 335, "Việt Nam", "2021-11-03", False, "count"),
    ("2021-11-04_bo-y-te.txt", "cases", 20, "Bắc Ninh", "2021-11-04", False, "change"),
    ("hn-2021-11-04", "cases", 5510, "Hà Nội", "2021-11-04", True, "count"),
    ("ha-noi-sang-5-11.txt", "cases", 90, "Hà Nội", None, False, "count"),
}


def _key(r: dict) -> tuple:
    date = r["date"] if isinstance(r["date"], str) else None
    return (r["doc_id"], r["event"], int(r["value"]), r["province"], date,
            bool(r["cumulative"]), r["kind"])


def _rows(df: pd.DataFrame) -> Counter:
    return Counter(_key(r) for r in df.to_dict("records"))


@pytest.fixture(scope="module")
def fixture_records() -> pd.DataFrame:
    return extract_archive(ARCHIVE, progress=False)


def test_bulletins_are_dated_from_metadata_file_name_or_dateline():
    got = {b.doc_id: (b.date, b.date_origin, b.source, b.url) for b in iter_bulletins(ARCHIVE)}
    assert got == EXPECTED_DOCS


def test_a_day_and_month_without_a_year_leave_a_bulletin_undated():
    assert date_from_text("Sáng 5/11, Hà Nội ghi nhận thêm 90 ca.") is None
    assert date_from_text("Hà Nội, ngày 4 tháng 11 năm 2021 - Sở Y tế") == "2021-11-04"
    assert date_from_name("2021-11-04_hn.txt") == "2021-11-04"
    assert date_from_name("bantin_20211104.html") == "2021-11-04"
    assert date_from_name("20211345.txt") is None and date_from_name("ca-4-11.txt") is None
    # caller's metadata outranks the file name and the text
    b = next(iter_bulletins([{"text": "Ngày 3/11/2021, Hà Nội có 5 ca.", "date": "2021-11-04"}]))
    assert (b.date, b.date_origin) == ("2021-11-04", "metadata")


def test_html_head_is_dropped_and_meta_kept():
    text, meta = html_bulletin((ARCHIVE / "20211102_tin-nhanh.html").read_text(encoding="utf-8"))
    assert text.startswith("Hải Phòng thêm 65 ca mắc COVID-19\n\nTrong ngày 2/11")
    assert text.count("Hải Phòng thêm 65 ca") == 1 and "1.000 ca" not in text  # <title>, <script>
    assert meta == {"source": "Tin Nhanh", "url": "https://tinnhanh.example.vn/hai-phong-them-65-ca"}


def test_extract_archive_keeps_doc_source_url_and_reports_undated(fixture_records):
    df = fixture_records
    assert set(df["doc_id"]) == set(EXPECTED_DOCS)
    assert EXPECTED_RECORDS <= set(_rows(df))
    for r in df.to_dict("records"):
        date, _, source, url = EXPECTED_DOCS[r["doc_id"]]
        assert (r["doc_date"], r["source"], r["url"]) == (date, source, url) or date is None
    assert df.attrs["undated"] == ["ha-noi-sang-5-11.txt"] and df.attrs["errors"] == {}
    undated = df[df["doc_id"] == "ha-noi-sang-5-11.txt"]
    assert undated["date"].isna().all() and undated["doc_date"].isna().all()


def test_series_dataframe_dataset_and_jsonl_inputs(fixture_records):
    import datasets

    jsonl = ARCHIVE / "bulletins.jsonl"
    rows = [json.loads(x) for x in jsonl.read_text(encoding="utf-8").splitlines()]
    want = _rows(fixture_records[fixture_records["doc_id"].isin([r["id"] for r in rows])])
    assert _rows(extract_archive(jsonl, progress=False)) == want
    ds = datasets.Dataset.from_list(rows)
    assert _rows(extract_archive(ds, progress=False)) == want
    texts = pd.Series([r["text"] for r in rows], index=[r["id"] for r in rows])
    got = extract_archive(texts, progress=False)  # no dates: only what the text says
    assert set(got["doc_id"]) == {r["id"] for r in rows} and got["doc_date"].isna().all()
    assert got.attrs["undated"] == [r["id"] for r in rows]


def test_unreadable_bulletin_is_reported_not_fatal(tmp_path):
    (tmp_path / "2021-11-01_ok.txt").write_text("Hà Nội hôm nay ghi nhận 100 ca nhiễm.", "utf-8")
    (tmp_path / "2021-11-02_bad.txt").write_bytes("Hà Nội 5 ca".encode("utf-16"))
    df = extract_archive(tmp_path, progress=False)
    assert list(df["doc_id"]) == ["2021-11-01_ok.txt"] and df["date"].tolist() == ["2021-11-01"]
    assert "not UTF-8" in df.attrs["errors"]["2021-11-02_bad.txt"]


def test_two_workers_give_the_same_records(tmp_path, fixture_records):
    df = extract_archive(ARCHIVE, tmp_path / "s.parquet", workers=2, chunk_size=2,
                         batch_size=3, progress=False)
    assert _rows(df) == _rows(fixture_records)
    assert len(Store(tmp_path / "s.parquet").manifest["batches"]) == 3


def test_store_is_month_partitioned_and_readable_by_pandas(tmp_path, fixture_records):
    out = tmp_path / "records.parquet"
    stats = run_archive(ARCHIVE, out, progress=False)
    assert (stats.n_docs, stats.n_undated, stats.n_records) == (9, 1, len(fixture_records))
    assert sorted(p.name for p in out.iterdir()) == ["_docs", "_manifest.json", "month=2021-11",
                                                     "month=undated"]
    plain = pd.read_parquet(out)
    assert len(plain) == len(fixture_records)
    assert set(plain["month"].astype(str)) == {"2021-11", "undated"}
    again = run_archive(ARCHIVE, out, progress=False)  # nothing left to do
    assert (again.n_docs, again.n_skipped) == (0, 9)
    assert len(read_records(out)) == len(fixture_records)
    with pytest.raises(FileExistsError):
        run_archive(ARCHIVE, ARCHIVE, progress=False)  # a folder that is not a store


def test_crash_before_commit_is_rolled_back_and_after_commit_rolled_forward(tmp_path):
    rows, docs = extract_batch([Bulletin("a", "Hà Nội ghi nhận 100 ca nhiễm.", "2021-11-01"),
                                Bulletin("b", "Huế có 3 ca.", "2021-12-01")])
    store = Store(tmp_path / "s")
    store.commit(rows[:1], docs[:1])
    # killed after writing a batch, before the manifest: that batch never happened
    junk = tmp_path / "s" / "_pending" / "b000001" / "month=2021-12"
    junk.mkdir(parents=True)
    (junk / "part-b000001.parquet").write_bytes(b"half a file")
    store = Store(tmp_path / "s")
    assert not (tmp_path / "s" / "_pending").exists() and store.doc_ids() == {"a"}
    # killed after the manifest, before the files moved: the batch is finished on reopening
    store._publish = lambda batch: None
    store.commit(rows[1:], docs[1:])
    assert (tmp_path / "s" / "_pending" / "b000001").is_dir()
    reopened = Store(tmp_path / "s")
    assert reopened.doc_ids() == {"a", "b"}
    assert (tmp_path / "s" / "month=2021-12" / "part-b000001.parquet").is_file()
    assert read_records(tmp_path / "s")["doc_id"].tolist() == ["a", "b"]


def _big_archive(path: Path, n: int) -> dict[str, int]:
    """n bulletins made from the fixture's dated ones; returns doc_id -> template index."""
    templates = [b for b in iter_bulletins(ARCHIVE) if b.date]
    which = {}
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            t = templates[i % len(templates)]
            which[f"d{i:05d}"] = i % len(templates)
            f.write(json.dumps({"id": f"d{i:05d}", "text": t.text, "date": t.date,
                                "source": t.source}, ensure_ascii=False) + "\n")
    return which


def test_killed_run_resumes_with_every_bulletin_exactly_once(tmp_path):
    n = 480
    which = _big_archive(tmp_path / "big.jsonl", n)
    templates = [b for b in iter_bulletins(ARCHIVE) if b.date]
    per_template = [len(extract_batch([t])[0]) for t in templates]
    out = tmp_path / "store.parquet"
    cmd = [sys.executable, "-m", "vnepi", "extract-archive", str(tmp_path / "big.jsonl"),
           "--out", str(out), "--batch-size", "16", "--workers", "2", "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    committed = 0
    try:
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:
            try:
                committed = len(json.loads((out / "_manifest.json").read_text())["batches"])
            except (OSError, ValueError):
                committed = 0
            if committed >= 3:
                break
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker processes
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:]
    done_before = len(Store(out).doc_ids())
    assert 0 < done_before < n, "the run was not killed mid-way"
    stats = run_archive(tmp_path / "big.jsonl", out, batch_size=64, workers=2, progress=False)
    assert stats.n_skipped == done_before and stats.n_docs == n - done_before
    docs = read_docs(out)
    assert sorted(docs["doc_id"]) == sorted(which) and docs["doc_id"].is_unique
    counts = read_records(out)["doc_id"].value_counts()
    assert all(counts.get(d, 0) == per_template[k] for d, k in which.items())


def test_dask_local_cluster_path(tmp_path, fixture_records):
    from distributed import Client, LocalCluster

    t0 = time.time()
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        df = extract_archive(ARCHIVE, tmp_path / "d.parquet", backend="dask", client=client,
                             chunk_size=2, batch_size=4, progress=False)
        assert len(client.scheduler_info()["workers"]) == 2
    assert _rows(df) == _rows(fixture_records)
    assert time.time() - t0 < 60


def test_progress_bar_shows_rate(tmp_path, capsys):
    run_archive(ARCHIVE, tmp_path / "p.parquet", progress=True)
    err = capsys.readouterr().err
    assert "9/9" in err and "bulletin/s" in err


def test_cli_extract_archive_then_series(tmp_path, capsys):
    out = tmp_path / "records.parquet"
    assert main(["extract-archive", str(ARCHIVE), "--format", "parquet", "--out", str(out),
                 "--no-progress"]) == 0
    assert "9 bulletins extracted" in capsys.readouterr().err
    assert main(["series", str(out), "--event", "cases", "--out", str(tmp_path / "c.csv")]) == 0
    table = pd.read_csv(tmp_path / "c.csv", index_col="date")
    assert table.loc["2021-11-03", "Hà Nội"] == 130 and table.loc["2021-11-04", "Việt Nam"] == 200
    assert main(["archive", str(ARCHIVE / "bulletins.jsonl"), "--format", "csv",
                 "--out", str(tmp_path / "r.csv"), "--no-progress"]) == 0
    assert set(pd.read_csv(tmp_path / "r.csv")["doc_id"]) == {"hn-2021-11-01", "byt-2021-11-02",
                                                              "hn-2021-11-04"}


def test_cli_mistakes_exit_2(tmp_path, capsys):
    assert main(["extract-archive", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["extract-archive", str(ARCHIVE), "--out", str(ARCHIVE), "--no-progress"]) == 2
    assert "not a vnepi archive store" in capsys.readouterr().err
    assert main(["series", str(tmp_path / "none.parquet")]) == 2
    assert main(["series", str(ARCHIVE / "bulletins.jsonl"), "--event", "flu"]) == 2
    assert "unknown event" in capsys.readouterr().err
