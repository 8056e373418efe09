#!/usr/bin/env python
"""vnepi benchmark suite: one entry point, one table (markdown).

    python benchmarks/run.py                      # full run (several minutes)
    python benchmarks/run.py --quick              # smoke run (well under a minute)
    python benchmarks/run.py --n 1000 --repeat 3 --sizes 1k,10k,100k,1m,10m --json out.json

Measures, on the same texts in the same run: bare ``underthesea.word_tokenize`` (the
reference), vnepi's tokenizer alone, ``vnepi.extract``, ``nlp.pipe`` with the rules-only
pipeline and with the default pipeline (one process and ``n_process=2``), the cold
``vnepi.load()`` time and peak resident memory in fresh subprocesses, and the time per KB
of one text of growing size. See benchmarks/README.md for what each row means.

This script only reads the corpus; it asserts nothing about speed.
"""
from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
CORPUS_GLOBS = ("annotations/drafts/train/*.txt", "annotations/drafts/dev/*.txt",
                "annotations/drafts/test/*.txt", "seeds/*.txt")
REF_DATE = "2021-11-04"      # reference date given to vnepi.extract (bulletins of late 2021)
PIPE_BATCH = 32              # batch_size for every nlp.pipe row (vnepi.extract_docs's default)
SCALE_SEPARATOR = "\n\n"
SCALE_MIN_TIME = 1.0         # seconds of calls per scaling size (at least one call)
ALL_SIZES = "1k,10k,100k,1m,10m"
QUICK_SIZES = "1k,10k,100k"


# --------------------------------------------------------------------------- texts

def corpus_files() -> list[Path]:
    files: list[Path] = []
    for g in CORPUS_GLOBS:
        files += sorted(ROOT.glob(g))
    return files


def corpus_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in corpus_files()]
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise SystemExit(f"no bulletins found under {ROOT} ({', '.join(CORPUS_GLOBS)})")
    return texts


def bulletins(n: int) -> list[str]:
    """``n`` bulletins: the corpus in a fixed order, cycled to volume."""
    base = corpus_texts()
    return [base[i % len(base)] for i in range(n)]


def parse_size(s: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", s)
    if not m:
        raise argparse.ArgumentTypeError(f"bad size {s!r} (use e.g. 1k, 100k, 1m, 10m)")
    mult = {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()]
    return int(float(m.group(1)) * mult)


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000} MB"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000} KB"
    return f"{n} B"


def scale_text(size: int) -> str:
    """One text of about ``size`` characters: the bulletins repeated, cut at white space."""
    base = corpus_texts()
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        t = base[i % len(base)]
        parts.append(t)
        total += len(t) + len(SCALE_SEPARATOR)
        i += 1
    text = SCALE_SEPARATOR.join(parts)[:size]
    cut = max(text.rfind(" "), text.rfind("\n"))
    if cut > size // 2:
        text = text[:cut]
    return text


# --------------------------------------------------------------------------- machine

def machine_info() -> dict[str, Any]:
    import spacy
    import underthesea

    import vnepi

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    # Read-only git queries; GIT_OPTIONAL_LOCKS=0 keeps git from refreshing the index.
    genv = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, env=genv,
                                capture_output=True, text=True, timeout=10).stdout.strip()
        if commit and subprocess.run(["git", "diff", "--quiet", "HEAD", "--"], cwd=ROOT,
                                     env=genv, capture_output=True,
                                     timeout=30).returncode == 1:
            commit += " + uncommitted changes"
    except Exception:  # noqa: BLE001 - not a git checkout, no git
        commit = ""
    return {
        "cores": os.cpu_count(), "usable_cores": usable, "cpu": cpu, "mem_gb": mem_gb,
        "python": platform.python_version(), "spacy": spacy.__version__,
        "underthesea": underthesea.__version__, "vnepi": vnepi.__version__,
        "platform": platform.platform(), "commit": commit or None,
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


# --------------------------------------------------------------------------- throughput

_POOL_NLP = None
PIPELINES: dict[str, str] = {}  # what vnepi.load() and rules_pipeline() contain, for the header


def _pool_init() -> None:
    global _POOL_NLP
    import vnepi

    _POOL_NLP = vnepi.load()
    vnepi.extract("Hà Nội ghi nhận 1 ca.", date=REF_DATE, nlp=_POOL_NLP)  # lazy CRF load


def _pool_extract(text: str):
    import vnepi

    return vnepi.extract(text, date=REF_DATE, nlp=_POOL_NLP)


class Row:
    """One throughput measure: a callable run over all texts, timed ``repeat`` times."""

    def __init__(self, key: str, label: str, fn: Callable[[list[str]], Any] | None,
                 note: str = "") -> None:
        self.key, self.label, self.fn, self.note = key, label, fn, note
        self.times: list[float] = []
        self.cpu: list[float | None] = []     # CPU seconds / wall seconds, per run
        self.child_pids: Callable[[], list[int]] | None = None
        self.error: str | None = None
        self.error_detail: str | None = None


_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pids: list[int]) -> float | None:
    """User + system CPU seconds of other processes (Linux /proc), or None."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        total += (int(fields[11]) + int(fields[12])) / _CLK_TCK  # utime, stime
    return total


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _short_error(e: BaseException) -> str:
    """The exception plus the root cause's last line (spaCy wraps worker tracebacks)."""
    msg = str(e).strip().splitlines()
    head = f"{type(e).__name__}: {msg[0] if msg else ''}".strip()
    tail = [line.strip() for line in msg[1:] if line.strip()]
    return f"{head} ... {tail[-1]}" if tail else head


def make_rows(texts: list[str], with_mp: bool) -> tuple[list[Row], list[Callable[[], None]]]:
    from underthesea import word_tokenize

    import vnepi

    nlp_default = vnepi.load()
    nlp_rules = vnepi.rules_pipeline()
    PIPELINES["load()"] = (f"{nlp_default.meta.get('name')} {nlp_default.meta.get('version')}: "
                           + ", ".join(nlp_default.pipe_names))
    PIPELINES["rules_pipeline()"] = ", ".join(nlp_rules.pipe_names)
    tok = nlp_default.tokenizer
    cleanups: list[Callable[[], None]] = []

    def ref(ts):
        for t in ts:
            word_tokenize(t)

    def ref_nonorm(ts):
        for t in ts:
            word_tokenize(t, use_token_normalize=False)

    def tokenizer_only(ts):
        for t in ts:
            tok(t)

    def extract(ts):
        for t in ts:
            vnepi.extract(t, date=REF_DATE, nlp=nlp_default)

    def pipe_rules(ts):
        for _ in nlp_rules.pipe(ts, batch_size=PIPE_BATCH):
            pass

    def pipe_default(ts):
        for _ in nlp_default.pipe(ts, batch_size=PIPE_BATCH):
            pass

    def pipe_default_mp(ts):
        for _ in nlp_default.pipe(ts, batch_size=PIPE_BATCH, n_process=2):
            pass

    rows = [
        Row("tokenize_ref", "underthesea.word_tokenize (reference)", ref,
            "default arguments, one call per bulletin"),
        Row("tokenize_nonorm", "underthesea.word_tokenize(use_token_normalize=False)", ref_nonorm,
            "the call vnepi's tokenizer makes"),
        Row("vnepi_tokenizer", "vnepi tokenizer only (nlp.tokenizer)", tokenizer_only,
            "segmentation + alignment + spaCy Doc"),
        Row("extract", "vnepi.extract, default pipeline", extract, "one call per bulletin"),
        Row("pipe_rules", "nlp.pipe, vnepi.rules_pipeline(), 1 process", pipe_rules,
            f"batch_size={PIPE_BATCH}"),
        Row("pipe_default", "nlp.pipe, vnepi.load(), 1 process", pipe_default,
            f"batch_size={PIPE_BATCH}"),
    ]
    if with_mp:
        rows.append(Row("pipe_default_mp2", "nlp.pipe, vnepi.load(), n_process=2",
                        pipe_default_mp, f"batch_size={PIPE_BATCH}"))
        ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
        pool = ctx.Pool(2, initializer=_pool_init)
        pool.map(_pool_extract, texts[:4], chunksize=1)  # both workers up and warm

        def pool_extract(ts):
            for _ in pool.imap(_pool_extract, ts, chunksize=8):
                pass

        def close_pool():
            pool.close()
            pool.join()

        cleanups.append(close_pool)
        pool_row = Row("pool_extract_2", "multiprocessing.Pool(2) x vnepi.extract",
                       pool_extract, "pool started and warmed outside the timing")
        pool_row.child_pids = lambda: [w.pid for w in pool._pool]  # noqa: SLF001
        rows.append(pool_row)
    else:
        rows.append(Row("pipe_default_mp2", "nlp.pipe, vnepi.load(), n_process=2", None,
                        "skipped (--no-mp)"))
    return rows, cleanups


def run_throughput(texts: list[str], repeat: int, with_mp: bool, log) -> dict[str, Any]:
    rows, cleanups = make_rows(texts, with_mp)
    try:
        # Warm-up: underthesea loads its CRF model at the first call; pools start here.
        warm = texts[: min(4, len(texts))]
        for r in rows:
            if r.fn is None:
                continue
            try:
                r.fn(warm)
            except Exception as e:  # noqa: BLE001 - reported in the table
                r.error = _short_error(e)
                r.error_detail = f"{type(e).__name__}: {e}"
                log(f"  {r.label}: FAILED: {r.error}")
        for k in range(repeat):
            # Rotate the order each repeat so no row always runs first or last.
            order = rows[k % len(rows):] + rows[: k % len(rows)]
            for r in order:
                if r.fn is None or r.error:
                    continue
                gc.collect()
                pids = r.child_pids() if r.child_pids else []
                c_before = _cpu_seconds(pids)
                ch0 = _children_cpu()
                p0 = time.process_time()
                t0 = time.perf_counter()
                r.fn(texts)
                dt = time.perf_counter() - t0
                cpu = time.process_time() - p0
                multiprocessing.active_children()  # reap finished workers (n_process=2)
                cpu += _children_cpu() - ch0       # workers that ended during the row
                c_after = _cpu_seconds(pids)       # workers still alive (the Pool)
                if pids:
                    cpu = (cpu + c_after - c_before) if None not in (c_before, c_after) else None
                r.times.append(dt)
                r.cpu.append(cpu / dt if cpu is not None else None)
                log(f"  repeat {k + 1}/{repeat}  {r.label}: {dt:.2f} s"
                    + (f", CPU {100 * cpu / dt:.0f}%" if cpu is not None else ""))
    finally:
        for c in cleanups:
            c()
    return {"rows": rows}


def spread(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


# --------------------------------------------------------------------------- subprocesses

def _worker_load() -> dict[str, Any]:
    t0 = time.perf_counter()
    import vnepi
    t1 = time.perf_counter()
    nlp = vnepi.load()
    t2 = time.perf_counter()
    text = bulletins(1)[0]
    vnepi.extract(text, date=REF_DATE, nlp=nlp)
    t3 = time.perf_counter()
    return {"import": t1 - t0, "load": t2 - t1, "first_extract": t3 - t2, "total": t3 - t0}


def _worker_load_ref() -> dict[str, Any]:
    t0 = time.perf_counter()
    from underthesea import word_tokenize
    t1 = time.perf_counter()
    word_tokenize(bulletins(1)[0])
    t2 = time.perf_counter()
    return {"import": t1 - t0, "first_call": t2 - t1, "total": t2 - t0}


def _vmhwm_mb() -> float | None:
    """Peak RSS of this process's current address space (Linux), a cross-check."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _maxrss_mb() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 / 1024 if sys.platform == "darwin" else r / 1024  # bytes on macOS, KB on Linux


def _worker_memory(n: int) -> dict[str, Any]:
    out: dict[str, Any] = {"start": _maxrss_mb()}
    texts = bulletins(n)
    import vnepi
    out["import"] = _maxrss_mb()
    nlp = vnepi.load()
    out["load"] = _maxrss_mb()
    records = [vnepi.extract(t, date=REF_DATE, nlp=nlp) for t in texts]
    out["extract"] = _maxrss_mb()
    out["extract_vmhwm"] = _vmhwm_mb()
    out["records"] = sum(len(r) for r in records)
    return out


def _worker_memory_ref(n: int) -> dict[str, Any]:
    texts = bulletins(n)
    from underthesea import word_tokenize
    words = [word_tokenize(t) for t in texts]
    return {"extract": _maxrss_mb(), "extract_vmhwm": _vmhwm_mb(),
            "words": sum(len(w) for w in words)}


class _TimedTokenizer:
    """Wraps ``nlp.tokenizer`` and adds up the seconds spent in it (scaling breakdown)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.seconds = 0.0

    def __call__(self, text):
        t0 = time.perf_counter()
        try:
            return self.inner(text)
        finally:
            self.seconds += time.perf_counter() - t0

    def __getattr__(self, name):
        return getattr(self.inner, name)


def scale_one(size: int, nlp=None) -> dict[str, Any]:
    import vnepi

    if nlp is None:
        nlp = vnepi.load()
        vnepi.extract("Hà Nội ghi nhận 1 ca.", date=REF_DATE, nlp=nlp)  # lazy CRF load
    rss_before = _maxrss_mb()
    text = scale_text(size)
    calls: list[float] = []
    tok_calls: list[float] = []
    cpu_use: list[float] = []
    n_records = 0
    # vnepi.extract itself is timed; a thin wrapper around nlp.tokenizer splits each call
    # into tokenizer time and the rest (input preparation, pipeline components, mapping).
    timed = _TimedTokenizer(nlp.tokenizer)
    nlp.tokenizer = timed
    try:
        start = time.perf_counter()
        while True:
            gc.collect()
            timed.seconds = 0.0
            p0 = time.process_time()
            t0 = time.perf_counter()
            recs = vnepi.extract(text, date=REF_DATE, nlp=nlp)
            calls.append(time.perf_counter() - t0)
            tok_calls.append(timed.seconds)
            cpu_use.append((time.process_time() - p0) / calls[-1])
            n_records = len(recs)
            del recs
            if time.perf_counter() - start >= SCALE_MIN_TIME or len(calls) >= 1000:
                break
    finally:
        nlp.tokenizer = timed.inner
    k = calls.index(statistics.median_low(calls))  # the median call, split
    res = {"size": size, "chars": len(text), "bytes": len(text.encode("utf-8")),
           "calls": len(calls), "seconds": statistics.median(calls),
           "cpu_use": statistics.median(cpu_use),
           "records": n_records, "rss_before_mb": rss_before, "rss_peak_mb": _maxrss_mb(),
           "vmhwm_mb": _vmhwm_mb(),
           "tokenizer_seconds": tok_calls[k], "rest_seconds": calls[k] - tok_calls[k]}
    return res


def _worker(kind: str, n: int, size: int) -> None:
    if kind == "load":
        res = _worker_load()
    elif kind == "load_ref":
        res = _worker_load_ref()
    elif kind == "memory":
        res = _worker_memory(n)
    elif kind == "memory_ref":
        res = _worker_memory_ref(n)
    elif kind == "scale":
        res = scale_one(size)
    else:
        raise SystemExit(f"unknown worker {kind}")
    print("RESULT " + json.dumps(res))


def run_worker(kind: str, n: int = 0, size: int = 0,
               timeout: float = 3 * 3600) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_worker", kind,
           "--n", str(n), "--_size", str(size)]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    for line in p.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    err = (p.stderr.strip().splitlines() or ["(no output)"])[-1]
    raise RuntimeError(f"worker {kind} exited {p.returncode}: {err}")


# --------------------------------------------------------------------------- report

def fmt_rate(x: float) -> str:
    if x >= 1000:
        return f"{x:,.0f}"
    return f"{x:.1f}"


def fmt_spread(med: float, lo: float, hi: float, f=fmt_rate) -> str:
    if lo == hi:
        return f(med)
    return f"{f(med)} ({f(lo)}–{f(hi)})"


def report(args, machine, texts, thr, load, memory, scaling, errors) -> tuple[str, dict]:
    out: list[str] = []
    res: dict[str, Any] = {"machine": machine, "config": {
        "n": args.n, "repeat": args.repeat, "sizes": args.sizes, "quick": args.quick,
        "subprocess": not args.no_subprocess, "mp": not args.no_mp, "ref_date": REF_DATE,
        "pipe_batch_size": PIPE_BATCH, "corpus_files": args.corpus_files,
        "chars": sum(map(len, texts)),
        "bytes": sum(len(t.encode("utf-8")) for t in texts)}}
    m = machine
    out.append("# vnepi benchmarks")
    out.append("")
    out.append(f"- machine: {m['usable_cores']} usable of {m['cores']} cores, {m['cpu']}, "
               f"{m['mem_gb']} GB RAM; Python {m['python']}, spaCy {m['spacy']}, "
               f"underthesea {m['underthesea']}, vnepi {m['vnepi']}"
               + (f" ({m['commit']})" if m.get("commit") else "") + f"; {m['platform']}")
    if PIPELINES:
        out.append("- pipelines: " + "; ".join(f"`{k}` = {v}" for k, v in PIPELINES.items()))
        res["pipelines"] = dict(PIPELINES)
    out.append(f"- run: {m['date']}; load average at start {m['loadavg_start']}, "
               f"at end {m.get('loadavg_end')}")
    nchars = res["config"]["chars"]
    out.append(f"- texts: {len(texts)} bulletins ({res['config']['corpus_files']} corpus files "
               f"cycled), {nchars:,} characters, {res['config']['bytes']:,} UTF-8 bytes; "
               f"repeat {args.repeat}: median (min–max)")
    out.append("")

    # Throughput
    rows = thr["rows"]
    by_key = {r.key: r for r in rows}
    refr = by_key["tokenize_ref"]
    out.append("## Throughput")
    out.append("")
    out.append("| measure | bulletins/s | characters/s | seconds | time / tokenizer | CPU use |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    res["throughput"] = []
    for r in rows:
        entry: dict[str, Any] = {"key": r.key, "label": r.label, "note": r.note,
                                 "times": r.times, "error": r.error}
        if r.error:
            out.append(f"| {r.label} | FAILED | `{r.error}` | | | |")
            errors.append(f"{r.label}: {r.error_detail or r.error}")
        elif not r.times:
            out.append(f"| {r.label} | {r.note} | | | | |")
        else:
            med, lo, hi = spread(r.times)
            bps = [len(texts) / t for t in r.times]
            cps = [nchars / t for t in r.times]
            ratios = [t / rt for t, rt in zip(r.times, refr.times)] if refr.times else []
            ratio_s = fmt_spread(*spread(ratios), f=lambda x: f"{x:.2f}") if ratios else ""
            cpus = [c for c in r.cpu if c is not None]
            cpu_s = f"{100 * statistics.median(cpus):.0f}%" if cpus else "–"
            out.append(f"| {r.label} | {fmt_spread(*spread(bps))} | {fmt_spread(*spread(cps))} "
                       f"| {fmt_spread(med, lo, hi, f=lambda x: f'{x:.2f}')} | {ratio_s} "
                       f"| {cpu_s} |")
            entry.update({"bulletins_per_s": spread(bps), "chars_per_s": spread(cps),
                          "seconds": (med, lo, hi), "cpu_use": r.cpu,
                          "ratio_to_tokenizer": spread(ratios) if ratios else None})
        res["throughput"].append(entry)
    out.append("")
    ext = by_key["extract"]
    if ext.times and refr.times:
        ratios = [t / rt for t, rt in zip(ext.times, refr.times)]
        med, lo, hi = spread(ratios)
        res["headline_ratio"] = {"median": med, "min": lo, "max": hi}
        out.append(f"**headline ratio vnepi.extract / underthesea.word_tokenize (time): "
                   f"{med:.2f}** (min–max {lo:.2f}–{hi:.2f}; paired within each repeat)")
        if None not in ext.cpu and None not in refr.cpu:
            # CPU seconds rather than wall seconds: much less sensitive to other processes
            # competing for the cores while the benchmark runs.
            cr = [(t * c) / (rt * rc) for t, c, rt, rc in
                  zip(ext.times, ext.cpu, refr.times, refr.cpu)]
            med, lo, hi = spread(cr)
            res["headline_ratio_cpu"] = {"median": med, "min": lo, "max": hi}
            out.append("")
            out.append(f"same ratio on CPU time (robust to a busy machine): {med:.2f} "
                       f"(min–max {lo:.2f}–{hi:.2f})")
    else:
        out.append("headline ratio vnepi.extract / underthesea.word_tokenize (time): n/a")
    out.append("")

    # Load and memory
    out.append("## Load time and memory (fresh subprocesses)")
    out.append("")
    if load is None and memory is None:
        out.append("skipped (--no-subprocess)")
    else:
        out.append("| measure | value |")
        out.append("| --- | ---: |")
        if load is not None:
            res["load"] = load
            if "error" in load:
                out.append(f"| vnepi.load() cold | FAILED: `{load['error']}` |")
            else:
                for key, label in (("import", "`import vnepi`"), ("load", "`vnepi.load()`"),
                                   ("first_extract", "first `vnepi.extract` (underthesea import + CRF load)"),
                                   ("total", "cold start to first records")):
                    vals = [x[key] for x in load["vnepi"]]
                    out.append(f"| {label}, s | "
                               f"{fmt_spread(*spread(vals), f=lambda x: f'{x:.2f}')} |")
                vals = [x["total"] for x in load["ref"]]
                out.append(f"| reference: `import underthesea` + first word_tokenize, s | "
                           f"{fmt_spread(*spread(vals), f=lambda x: f'{x:.2f}')} |")
        if memory is not None:
            res["memory"] = memory
            if "error" in memory:
                out.append(f"| peak RSS | FAILED: `{memory['error']}` |")
            else:
                v = memory["vnepi"]
                out.append(f"| peak RSS after `import vnepi`, MB | {v['import']:.0f} |")
                out.append(f"| peak RSS after `vnepi.load()`, MB | {v['load']:.0f} |")
                out.append(f"| **peak RSS, load + extract {memory['n']:,} bulletins, MB** "
                           f"| **{v['extract']:.0f}** ({v['records']:,} records kept) |")
                out.append(f"| reference: underthesea, word_tokenize {memory['n']:,} bulletins, "
                           f"MB | {memory['ref']['extract']:.0f} |")
    out.append("")

    # Scaling
    out.append("## Scaling: one text of growing size, `vnepi.extract`")
    out.append("")
    if not scaling:
        out.append("no sizes selected")
    else:
        out.append("| size | characters | seconds | ms / KB | calls | tokenizer ms / KB "
                   "| rest ms / KB | records | peak RSS, MB | CPU use | CPU ms / KB |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        res["scaling"] = scaling
        ok = [s for s in scaling if "error" not in s]
        for s in scaling:
            if "error" in s:
                out.append(f"| {size_label(s['size'])} | FAILED: `{s['error']}` | | | | | | | | | |")
                continue
            kb = s["chars"] / 1000
            s["ms_per_kb"] = s["seconds"] / kb * 1000
            s["cpu_ms_per_kb"] = s["ms_per_kb"] * s["cpu_use"]
            tok = comp = "–"
            if "tokenizer_seconds" in s:
                s["tokenizer_ms_per_kb"] = s["tokenizer_seconds"] / kb * 1000
                s["rest_ms_per_kb"] = s["rest_seconds"] / kb * 1000
                tok = f"{s['tokenizer_ms_per_kb']:.2f}"
                comp = f"{s['rest_ms_per_kb']:.2f}"
            rss = f"{s['rss_peak_mb']:.0f}" if s.get("subprocess") else "–"
            out.append(f"| {size_label(s['size'])} | {s['chars']:,} | {s['seconds']:.3f} | "
                       f"{s['ms_per_kb']:.2f} | {s['calls']} | {tok} | {comp} | "
                       f"{s['records']:,} | {rss} | {100 * s['cpu_use']:.0f}% | "
                       f"{s['cpu_ms_per_kb']:.2f} |")
        if len(ok) >= 2:
            big = max(ok, key=lambda s: s["chars"])
            small = min(ok, key=lambda s: s["chars"])
            r = big["ms_per_kb"] / small["ms_per_kb"]
            res["scaling_ratio"] = r
            out.append("")
            out.append(f"**per-KB time ratio largest / smallest ({size_label(big['size'])} / "
                       f"{size_label(small['size'])}): {r:.2f}** (1.00 = linear)")
            rcpu = big["cpu_ms_per_kb"] / small["cpu_ms_per_kb"]
            res["scaling_ratio_cpu"] = rcpu
            out.append(f"(the same ratio on CPU time, robust to a busy machine: {rcpu:.2f})")
            if "tokenizer_ms_per_kb" in big and "tokenizer_ms_per_kb" in small:
                rt = big["tokenizer_ms_per_kb"] / small["tokenizer_ms_per_kb"]
                rc = big["rest_ms_per_kb"] / small["rest_ms_per_kb"]
                res["scaling_ratio_tokenizer"], res["scaling_ratio_rest"] = rt, rc
                out.append(f"(same ratio for the tokenizer alone: {rt:.2f}; for the rest of "
                           f"vnepi.extract: {rc:.2f})")
    out.append("")
    if errors:
        out.append("## Errors")
        out.append("")
        for e in errors:
            out.append("```")
            out.append(e.rstrip())
            out.append("```")
        out.append("")
        res["errors"] = errors
    return "\n".join(out), res


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=None,
                    help="bulletins per throughput run (default 1000; 50 with --quick)")
    ap.add_argument("--repeat", type=int, default=None,
                    help="timed runs per throughput row (default 3; 1 with --quick)")
    ap.add_argument("--sizes", default=None,
                    help=f"scaling sizes in characters, comma-separated (default {ALL_SIZES}; "
                         f"{QUICK_SIZES} with --quick; empty to skip)")
    ap.add_argument("--quick", action="store_true",
                    help="fast smoke run: --n 50 --repeat 1 --sizes 1k,10k,100k")
    ap.add_argument("--no-subprocess", action="store_true",
                    help="skip the fresh-subprocess measures (cold load, peak RSS); "
                         "run the scaling in this process")
    ap.add_argument("--no-mp", action="store_true",
                    help="skip the two-process rows (n_process=2 and the Pool workaround)")
    ap.add_argument("--json", metavar="OUT", help="also write the results as JSON to OUT")
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    ap.add_argument("--_worker", help=argparse.SUPPRESS)
    ap.add_argument("--_size", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._worker:
        _worker(args._worker, args.n or 0, args._size)
        return 0

    if args.n is None:
        args.n = 50 if args.quick else 1000
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    if args.sizes is None:
        args.sizes = QUICK_SIZES if args.quick else ALL_SIZES
    if args.n < 1 or args.repeat < 1:
        ap.error("--n and --repeat must be at least 1")
    try:
        sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    except argparse.ArgumentTypeError as e:
        ap.error(str(e))

    def log(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    texts = bulletins(args.n)
    args.corpus_files = len(corpus_texts())  # the corpus may grow while a long run goes on
    errors: list[str] = []
    loadavg_start = [round(x, 2) for x in os.getloadavg()]

    # The fresh-subprocess measures run first, while this process is still small: on Linux a
    # child's ru_maxrss starts from its parent's peak at fork/exec, so a large parent would
    # inflate the children's peak RSS (vnepi, spaCy and underthesea are not imported yet).
    load = memory = None
    scaling: list[dict[str, Any]] = []
    if not args.no_subprocess:
        log("cold load (fresh subprocesses)")
        try:
            load = {"vnepi": [run_worker("load") for _ in range(args.repeat)],
                    "ref": [run_worker("load_ref") for _ in range(args.repeat)]}
        except Exception as e:  # noqa: BLE001 - reported in the table
            load = {"error": _short_error(e)}
            errors.append(f"cold load: {e}")
        log(f"peak RSS (fresh subprocess, {args.n} bulletins)")
        try:
            memory = {"n": args.n, "vnepi": run_worker("memory", n=args.n),
                      "ref": run_worker("memory_ref", n=args.n)}
        except Exception as e:  # noqa: BLE001
            memory = {"error": _short_error(e)}
            errors.append(f"peak RSS: {e}")
        for size in sizes:
            log(f"scaling: {size_label(size)} (fresh subprocess)")
            try:
                s = run_worker("scale", size=size)
                s["subprocess"] = True
            except Exception as e:  # noqa: BLE001
                s = {"size": size, "error": _short_error(e)}
                errors.append(f"scaling {size_label(size)}: {e}")
            scaling.append(s)

    machine = machine_info()
    machine["loadavg_start"] = loadavg_start
    log(f"throughput: {len(texts)} bulletins x {args.repeat}")
    thr = run_throughput(texts, args.repeat, not args.no_mp, log)

    if args.no_subprocess:
        import vnepi

        nlp = vnepi.load()
        for size in sizes:
            log(f"scaling: {size_label(size)} (in process)")
            try:
                s = scale_one(size, nlp)
                s["subprocess"] = False
            except Exception as e:  # noqa: BLE001
                s = {"size": size, "error": _short_error(e)}
                errors.append(f"scaling {size_label(size)}: {e}")
            scaling.append(s)

    machine["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    text, res = report(args, machine, texts, thr, load, memory, scaling, errors)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
