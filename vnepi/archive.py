"""From an archive of bulletins to a resumable, month-partitioned Parquet store of records.

Archives: a folder of .txt/.html/.json/.jsonl files, a JSONL file (text, date, source, url,
id), a pandas Series/DataFrame, a datasets.Dataset, or an iterable of texts or dicts. A
bulletin's date comes from its metadata (a ``date`` field, a sidecar ``<stem>.json``, an
HTML ``article:published_time``), else its file name (``2021-11-04_x.txt``, ``20211104``),
else a full dateline in its opening ("ngày 4/11/2021"); with none it is *undated*
(extracted without a reference date and listed so), never dated today.

Records go to a month-partitioned Parquet store with a manifest committed atomically after
each batch (:mod:`vnepi.archive_store`): a run killed anywhere resumes where it stopped,
with each bulletin extracted exactly once.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from .archive_store import Store, read_docs, read_records
from .resolve.dates import find_dates, parse_iso

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
__all__ = ["Bulletin", "ArchiveStats", "Store", "iter_bulletins", "count_bulletins",
           "make_bulletin", "date_from_name", "date_from_text", "html_bulletin", "extract_batch",
           "run_archive", "read_records", "read_docs", "extract_archive"]
RECORD_FIELDS = ("event", "value", "province", "district", "code", "date", "cumulative",
                 "since", "kind", "setting", "text", "start", "end", "approximate",
                 "confidence")


@dataclass
class Bulletin:
    """One bulletin; ``date`` is None when undated, ``date_origin`` says where it came from."""

    doc_id: str
    text: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    date_origin: str | None = None  # "metadata", "file name", "text" or None
    error: str | None = None


@dataclass
class ArchiveStats:
    """What one :func:`run_archive` call did (``n_skipped``: already in the store)."""

    out: str
    n_docs: int = 0
    n_skipped: int = 0
    n_duplicates: int = 0
    n_records: int = 0
    n_undated: int = 0
    n_errors: int = 0
    seconds: float = 0.0


# -- dating and reading -----------------------------------------------------------------
_NAME_DATE = re.compile(r"(?<!\d)(20\d\d)([-_.]?)([01]\d)\2([0-3]\d)(?!\d)")
_HTML_META = re.compile(r"""<meta\s[^>]*?(?:property|name)\s*=\s*["']([^"']+)["'][^>]*?"""
                        r"""content\s*=\s*["']([^"']*)["']""", re.I)
_HTML_HEAD = re.compile(r"<head\b.*?</head\s*>", re.I | re.S)
_HTML_KEYS = {"og:site_name": "source", "og:url": "url", "article:published_time": "date",
              "pubdate": "date"}


def _iso(value: Any) -> str | None:
    try:
        d = parse_iso(value.strip()[:10] if isinstance(value, str) else value)
    except (ValueError, TypeError):
        return None
    return d.isoformat() if d else None


def date_from_name(name: str) -> str | None:
    """ISO date in a file name ("2021-11-04_hn.txt", "20211104.html"), else None."""
    return next(filter(None, (_iso(f"{m[1]}-{m[3]}-{m[4]}") for m in _NAME_DATE.finditer(name))),
                None)


def date_from_text(text: str) -> str | None:
    """The first full date (with a year) in the opening 400 characters, else None: "ngày
    4/11" alone leaves the bulletin undated rather than given a guessed year."""
    return next((d.date.isoformat() for d in find_dates(text[:400], None)
                 if d.date is not None and not d.relative), None)


def make_bulletin(doc_id: str, text: Any, meta: dict | None = None, name: str = "",
                  default_date: str | None = None) -> Bulletin:
    """A bulletin dated from its metadata, else its file name, else its own text."""
    meta = meta or {}
    b = Bulletin(doc_id, text if isinstance(text, str) else "",
                 source=meta.get("source") or meta.get("source_type"), url=meta.get("url"))
    if not isinstance(text, str):
        b.error = f"text is {type(text).__name__}, not str"
    for origin, d in (("metadata", _iso(meta.get("date")) or _iso(default_date)),
                      ("file name", date_from_name(name)), ("text", date_from_text(b.text))):
        if d:
            b.date, b.date_origin = d, origin
            break
    return b


def html_bulletin(raw: str) -> tuple[str, dict]:
    """Visible text of an HTML page and its metadata (the <head> goes: its <title> would
    repeat the headline)."""
    from .input import prepare

    meta = {_HTML_KEYS[k.lower()]: v for k, v in _HTML_META.findall(raw) if k.lower() in _HTML_KEYS}
    text = prepare(_HTML_HEAD.sub("", raw)).text
    text = re.sub(r"[ \t]*\n[ \t\n]*", lambda m: "\n\n" if m[0].count("\n") > 1 else "\n", text)
    return text.strip(), meta


def _is_sidecar(f: Path) -> bool:
    return f.suffix.lower() == ".json" and any(
        f.with_suffix(s).is_file() for s in TEXT_SUFFIXES | HTML_SUFFIXES)


def _iter_file(path: Path, rel: str, default: str | None, skip: set) -> Iterator[Bulletin]:
    suf = path.suffix.lower()
    if suf == ".jsonl":
        with path.open(encoding="utf-8-sig") as f:
            yield from (_from_row(json.loads(line), f"{rel}#{n}", default)
                        for n, line in enumerate(f, 1) if line.strip())
    elif suf == ".json" and not _is_sidecar(path):
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        rows = [r for r in (data if isinstance(data, list) else [data])
                if isinstance(r, dict) and "text" in r]
        yield from (_from_row(r, rel if len(rows) == 1 else f"{rel}#{i}", default, path.name)
                    for i, r in enumerate(rows, 1))
    elif suf in TEXT_SUFFIXES | HTML_SUFFIXES:
        if rel in skip:  # resuming: what is already extracted is not read again
            yield Bulletin(rel, "")
            return
        meta, text, err = {}, "", None
        try:
            side = json.loads(path.with_suffix(".json").read_text("utf-8-sig"))
            meta = side if isinstance(side, dict) and "text" not in side else {}
        except (OSError, ValueError):
            pass
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as e:
            err = f"not UTF-8 text (byte {e.start})"
        if suf in HTML_SUFFIXES and text:
            text, hmeta = html_bulletin(text)
            meta = {**hmeta, **meta}
        b = make_bulletin(rel, text, meta, path.name, default)
        b.error = err
        yield b


def _from_row(row: dict, default_id: str, default: str | None, name: str = "") -> Bulletin:
    doc_id = row.get("doc_id") or row.get("id") or default_id
    return make_bulletin(str(doc_id), row.get("text"), row, name, default)


def _archive_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return [root] if root.is_file() else []
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and not any(part[0] in "._" for part in p.relative_to(root).parts)
                  and p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | {".json", ".jsonl"})


def iter_bulletins(src: Any, *, date: str | None = None,
                   skip: Iterable[str] = ()) -> Iterator[Bulletin]:
    """The bulletins of an archive in a stable order. ``date`` is the caller's metadata for
    bulletins whose own metadata has no date."""
    import pandas as pd

    skip = set(skip)
    if isinstance(src, (str, os.PathLike)):
        p = Path(src)
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such file or folder")
        for f in _archive_files(p):
            yield from _iter_file(f, f.relative_to(p).as_posix() if p.is_dir() else p.name,
                                  date, skip)
    elif isinstance(src, pd.Series):
        yield from (make_bulletin(str(i), t, None, "", date) for i, t in src.items())
    elif isinstance(src, pd.DataFrame):
        yield from (_from_row(r, str(i), date) for i, r in zip(src.index, src.to_dict("records")))
    else:  # Bulletins, dicts (the rows of a datasets.Dataset too) or texts
        for i, row in enumerate(src):
            yield (row if isinstance(row, Bulletin) else _from_row(row, str(i), date)
                   if isinstance(row, dict) else make_bulletin(str(i), row, None, "", date))


def count_bulletins(src: Any) -> int | None:
    """How many bulletins ``src`` holds, cheaply (for the progress bar's ETA), or None."""
    if not isinstance(src, (str, os.PathLike)):
        return len(src) if hasattr(src, "__len__") else None
    n = 0
    for f in _archive_files(Path(src)):
        if f.suffix.lower() == ".jsonl":
            with f.open("rb") as fh:
                n += sum(1 for line in fh if line.strip())
        else:
            n += not _is_sidecar(f)
    return n


# -- extraction, in worker processes ----------------------------------------------------
_NLPS: dict[str | None, Any] = {}


def _nlp(model: str | None):
    if model not in _NLPS:  # one pipeline per process, loaded with its first batch
        from .api import load

        _NLPS[model] = load(model) if model else load()
    return _NLPS[model]


def _extract_all(nlp, bulletins: list[Bulletin]) -> list[tuple[list, str | None]]:
    from .api import extract

    try:
        docs = [nlp.make_doc(b.text) for b in bulletins]
        for d, b in zip(docs, bulletins):
            d._.ref_date, d._.doc_id = parse_iso(b.date), b.doc_id
        return [(list(d._.records or []), None) for d in nlp.pipe(docs)]
    except Exception:  # noqa: BLE001 - one bad bulletin must not sink its batch
        out: list[tuple[list, str | None]] = []
        for b in bulletins:
            try:
                out.append((extract(b.text, date=b.date, nlp=nlp, doc_id=b.doc_id), None))
            except Exception as e:  # noqa: BLE001
                out.append(([], f"{type(e).__name__}: {e}"))
        return out


def extract_batch(bulletins: list[Bulletin], model: str | None = None) -> tuple[list, list]:
    """Record rows and document rows of some bulletins (picklable: it runs in workers)."""
    todo = [b for b in bulletins if b.error is None and b.text.strip()]
    found = dict(zip((b.doc_id for b in todo), _extract_all(_nlp(model), todo))) if todo else {}
    rec_rows, doc_rows = [], []
    for b in bulletins:
        recs, err = found.get(b.doc_id, ([], None))
        meta = {"doc_id": b.doc_id, "source": b.source, "url": b.url, "doc_date": b.date}
        for r in recs:
            row = r.to_flat()
            rec_rows.append({**meta, **{k: row.get(k) for k in RECORD_FIELDS},
                             "value": float(r.value)})
        doc_rows.append({**meta, "date_origin": b.date_origin, "n_records": len(recs),
                         "n_chars": len(b.text), "error": b.error or err})
    return rec_rows, doc_rows


def _local_runner(chunks: Iterator[list[Bulletin]], workers: int, model: str | None):
    if workers <= 1:
        yield from (extract_batch(c, model) for c in chunks)
        return
    # Our own pool rather than nlp.pipe(n_process=N): spaCy ships whole Docs back, and the
    # Records in doc._ cannot be msgpack-serialised; plain rows are all the driver needs.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as ex:
        pending: deque = deque()
        for c in chunks:  # a bounded window keeps the driver's memory flat
            pending.append(ex.submit(extract_batch, c, model))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _dask_runner(chunks: Iterator[list[Bulletin]], workers: int, model: str | None,
                 client: Any = None):
    import dask.bag as db
    from distributed import Client, LocalCluster

    cluster = None
    if client is None:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        step = 4 * max(len(client.scheduler_info().get("workers", {})), workers, 1)

        def submit():
            group = [c for _, c in zip(range(step), chunks)]
            return client.compute(db.from_sequence(group, npartitions=len(group))
                                  .map(extract_batch, model=model)) if group else None
        nxt = submit()
        while nxt is not None:  # two bags in flight: workers go on while the driver commits
            cur, nxt = nxt, submit()
            yield from cur.result()
    finally:
        if cluster is not None:
            client.close()
            cluster.close()


def run_archive(src: Any, out: str | os.PathLike, *, workers: int = 1, backend: str = "local",
                batch_size: int = 500, chunk_size: int = 32, overwrite: bool = False,
                progress: bool | None = None, model: str | None = None, client: Any = None,
                date: str | None = None) -> ArchiveStats:
    """Extract every bulletin of ``src`` into the Parquet store ``out``, resuming a store
    already there (``overwrite=True`` starts again).

    ``backend="local"``: ``workers`` processes on this machine. ``backend="dask"``: a
    ``dask.bag`` of bulletin chunks on ``client`` (a ``distributed.Client``), or on a
    ``LocalCluster`` of ``workers`` processes started for the run. A commit happens every
    ``batch_size`` bulletins.
    """
    from tqdm import tqdm

    chunk_size = max(1, min(chunk_size, batch_size))
    if backend not in ("local", "dask"):
        raise ValueError(f"backend must be 'local' or 'dask', got {backend!r}")
    store = Store(out, "overwrite" if overwrite else "resume")
    done, seen = store.doc_ids(), set()
    stats = ArchiveStats(out=str(out), n_skipped=len(done))

    def todo() -> Iterator[Bulletin]:
        for b in iter_bulletins(src, date=date, skip=done):
            stats.n_duplicates += b.doc_id in seen
            if b.doc_id not in done and b.doc_id not in seen:
                seen.add(b.doc_id)
                yield b

    it = todo()
    chunks = iter(lambda: [b for _, b in zip(range(chunk_size), it)], [])  # until empty
    runner = (_dask_runner(chunks, workers, model, client) if backend == "dask"
              else _local_runner(chunks, workers, model))
    bar = tqdm(total=count_bulletins(src), initial=len(done), unit="bulletin", smoothing=0.05,
               disable=None if progress is None else not progress, dynamic_ncols=True)
    rows: list[dict] = []
    docs: list[dict] = []
    t0 = time.perf_counter()

    def commit() -> None:
        store.commit(rows, docs)
        stats.n_docs += len(docs)
        stats.n_records += len(rows)
        stats.n_undated += sum(d["doc_date"] is None for d in docs)
        stats.n_errors += sum(d["error"] is not None for d in docs)
        rows.clear()
        docs.clear()

    try:
        for r, d in runner:
            rows.extend(r)
            docs.extend(d)
            bar.update(len(d))
            if len(docs) >= batch_size:
                commit()
        if docs:
            commit()
    except KeyboardInterrupt:
        if docs:  # keep what finished before Ctrl-C
            commit()
        raise
    finally:
        bar.close()
    stats.seconds = time.perf_counter() - t0
    return stats


def extract_archive(src: Any, out: str | os.PathLike | None = None, *, workers: int = 1,
                    backend: str = "local", progress: bool | None = None, **kwargs: Any):
    """Extract an archive; its records as a pandas DataFrame.

    One row per record: the record's fields plus ``doc_id``, ``source``, ``url`` and
    ``doc_date`` (the bulletin's reference date). With ``out`` the Parquet store is kept
    there and a rerun resumes; without, it is temporary. Other keyword arguments go to
    :func:`run_archive` (``batch_size``, ``model``, ``client``, ``date`` ...).
    """
    if out is not None:
        run_archive(src, out, workers=workers, backend=backend, progress=progress, **kwargs)
        return read_records(out)
    with tempfile.TemporaryDirectory(prefix="vnepi-archive-") as tmp:
        store = Path(tmp) / "records.parquet"
        run_archive(src, store, workers=workers, backend=backend, progress=progress, **kwargs)
        return read_records(store)
