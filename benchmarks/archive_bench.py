#!/usr/bin/env python
"""Archive benchmark: extraction at volume, and ``vnepi.series`` on a million records.

    python benchmarks/archive_bench.py --n 100000            # the full run (an hour on 2 cores)
    python benchmarks/archive_bench.py --n 5000              # what the docs report
    python benchmarks/archive_bench.py --quick               # smoke run: n=200, 100k records

1. Builds a JSONL archive of ``--n`` bulletins: the corpus texts (annotations/drafts/*/*.txt,
   dates from the drafts' .json) repeated to volume, each copy with its own doc_id.
2. Extracts it end to end (read, extract, write the Parquet store) once per configuration
   (``--configs``: local1 = one process, local2 = two worker processes, dask2 = dask.bag on
   a LocalCluster of two worker processes), each in a fresh subprocess so that the
   driver's peak RSS (``ru_maxrss``) is its own; workers' peak is reported apart.
3. Checks that every store holds every bulletin exactly once, with the same record count.
4. Times ``vnepi.series`` (daily and cumulative) and ``vnepi.reconcile`` on ``--series-n``
   synthetic records (64 places x days, duplicated reports, conflicts, missing days).

Prints a markdown table (and writes ``--json``). It asserts nothing about speed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "annotations" / "drafts"


def corpus() -> list[dict]:
    """The corpus bulletins with their dates and source types (read-only)."""
    out = []
    for txt in sorted(DRAFTS.glob("*/*.txt")):
        meta = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        text = txt.read_text(encoding="utf-8")
        if text.strip():
            out.append({"text": text, "date": meta.get("date"), "source": meta.get("source_type")})
    return out


def build_archive(path: Path, n: int) -> int:
    """Write n bulletins (the corpus repeated) as JSONL, streaming; returns total characters."""
    docs, chars = corpus(), 0
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            d = docs[i % len(docs)]
            chars += len(d["text"])
            f.write(json.dumps({"id": f"b{i:07d}", **d}, ensure_ascii=False) + "\n")
    return chars


def _child(args: argparse.Namespace) -> None:
    """One extraction run (inside its own process): prints a JSON line of measures."""
    import vnepi.archive as A

    backend, workers = ("dask", int(args.child[4:])) if args.child.startswith("dask") else \
        ("local", int(args.child[5:]))
    t0 = time.perf_counter()
    stats = A.run_archive(args.archive, args.out, workers=workers, backend=backend,
                          batch_size=args.batch_size, progress=args.progress)
    wall = time.perf_counter() - t0
    t1 = time.perf_counter()
    docs = A.read_docs(args.out)
    read_s = time.perf_counter() - t1
    me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    self_kb, kids_kb = me.ru_maxrss, kids.ru_maxrss
    # CPU seconds of driver and workers: on a shared machine, a fairer cost than wall time.
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    print(json.dumps({"config": args.child, "docs": stats.n_docs, "records": stats.n_records,
                      "seconds": wall, "docs_per_s": stats.n_docs / wall,
                      "driver_rss_mb": self_kb / 1024, "worker_rss_mb": kids_kb / 1024,
                      "unique_docs": int(docs["doc_id"].nunique()), "doc_rows": len(docs),
                      "read_docs_s": read_s, "cpu_s": cpu, "docs_per_cpu_s": stats.n_docs / cpu,
                      "loadavg_end": os.getloadavg()[0]}))


def run_config(config: str, archive: Path, out: Path, batch_size: int, progress: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", config, "--archive", str(archive),
           "--out", str(out), "--batch-size", str(batch_size)] + (["--progress"] if progress else [])
    p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                       stderr=None if progress else subprocess.DEVNULL)
    if p.returncode != 0:
        raise SystemExit(f"{config} failed with status {p.returncode}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def synthetic_records(n: int, seed: int = 0):
    """About n records: daily figures and running totals of 64 places over enough days,
    each reported 1-4 times (headline, body, other outlets), 1% conflicting, 5% of the
    daily figures missing (to be derived from the totals)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    places = [f"Tỉnh {i:02d}" for i in range(63)] + ["Việt Nam"]
    per_day = len(places) * 2 * 2.5  # two figures per place and day, 2.5 reports each
    days = pd.date_range("2020-01-23", periods=max(int(n / per_day), 2), freq="D")
    p_idx, d_idx = np.meshgrid(np.arange(len(places)), np.arange(len(days)), indexing="ij")
    p_idx, d_idx = p_idx.ravel(), d_idx.ravel()
    daily = rng.poisson(50, size=p_idx.size).astype(float)
    cum = pd.Series(daily).groupby(p_idx).cumsum().to_numpy()
    frames = []
    for cumulative, values in ((False, daily), (True, cum)):
        keep = rng.random(p_idx.size) > (0.05 if not cumulative else 0.0)
        reps = rng.integers(1, 5, size=p_idx.size) * keep
        pi, di, v = (np.repeat(a, reps) for a in (p_idx, d_idx, values))
        v = np.where(rng.random(v.size) < 0.01, v + 1, v)  # a few disagreeing reports
        src = rng.choice(np.array(["Bộ Y tế", "Sở Y tế", "VnExpress", "Tuổi Trẻ"]), size=v.size)
        frames.append(pd.DataFrame({
            "doc_id": [f"doc{x}" for x in rng.integers(0, n // 10 + 1, size=v.size)],
            "source": src, "url": None, "doc_date": days[di].strftime("%Y-%m-%d"),
            "event": "cases", "value": v, "province": np.array(places)[pi], "district": None,
            "date": days[di].strftime("%Y-%m-%d"), "cumulative": cumulative, "since": None,
            "kind": "count", "setting": None, "start": 0, "end": 10}))
    return pd.concat(frames, ignore_index=True)


def bench_series(n: int) -> list[dict]:
    import vnepi

    t0 = time.perf_counter()
    recs = synthetic_records(n)
    rows = [{"what": f"make {len(recs):,} synthetic records", "seconds": time.perf_counter() - t0}]
    for label, fn in (("series daily (wide)", lambda: vnepi.series(recs, "cases")),
                      ("series cumulative (wide)", lambda: vnepi.series(recs, "cases", "cumulative")),
                      ("series daily (long)", lambda: vnepi.series(recs, "cases", form="long")),
                      ("reconcile", lambda: vnepi.reconcile(recs, gaps=True))):
        t = time.perf_counter()
        res = fn()
        rows.append({"what": f"{label} on {len(recs):,} records", "seconds": time.perf_counter() - t,
                     "size": len(res)})
    rows.append({"what": "peak RSS of this process (MB)",
                 "seconds": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="bulletins in the archive")
    ap.add_argument("--configs", default="local1,local2,dask2")
    ap.add_argument("--series-n", type=int, default=1_000_000, help="synthetic records")
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--quick", action="store_true", help="n=200, 100k synthetic records")
    ap.add_argument("--progress", action="store_true", help="show the runs' progress bars")
    ap.add_argument("--skip-extract", action="store_true")
    ap.add_argument("--json", help="write the measures to this file")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--archive", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return _child(args)
    if args.quick:
        args.n, args.series_n = 200, 100_000
    result: dict = {"n": args.n, "cpus": os.cpu_count(), "loadavg_start": os.getloadavg()[0],
                    "runs": [], "series": []}
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other processes "
          "share the machine: compare bulletins per CPU-second too)", flush=True)
    if not args.skip_extract:
        with tempfile.TemporaryDirectory(prefix="vnepi-bench-") as tmp:
            archive = Path(tmp) / "archive.jsonl"
            chars = build_archive(archive, args.n)
            result["chars"] = chars
            print(f"archive: {args.n:,} bulletins, {chars / 1e6:.1f} M characters", flush=True)
            for config in args.configs.split(","):
                r = run_config(config, archive, Path(tmp) / f"{config}.parquet", args.batch_size,
                               args.progress)
                result["runs"].append(r)
                print(f"  {config}: {r['docs_per_s']:.1f} bulletins/s", flush=True)
        print("\n| run | bulletins | records | seconds | bulletins/s | bulletins / CPU-s "
              "| driver peak RSS MB | worker peak RSS MB | load avg | each doc once |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        base = result["runs"][0]["docs_per_s"] if result["runs"] else 1
        for r in result["runs"]:
            once = r["unique_docs"] == r["doc_rows"] == args.n
            print(f"| {r['config']} | {r['docs']:,} | {r['records']:,} | {r['seconds']:.1f} "
                  f"| {r['docs_per_s']:.1f} ({r['docs_per_s'] / base:.2f}x) "
                  f"| {r.get('docs_per_cpu_s', float('nan')):.1f} "
                  f"| {r['driver_rss_mb']:.0f} | {r['worker_rss_mb']:.0f} "
                  f"| {r.get('loadavg_end', float('nan')):.1f} | {once} |")
        counts = {r["records"] for r in result["runs"]}
        print(f"\nsame record count in every run: {len(counts) == 1}")
    if args.series_n:
        result["series"] = bench_series(args.series_n)
        print("\n| series step | seconds | output rows |\n| --- | --- | --- |")
        for r in result["series"]:
            print(f"| {r['what']} | {r['seconds']:.2f} | {r.get('size', '')} |")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
