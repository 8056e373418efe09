"""From an archive of bulletins to a resumable, month-partitioned Parquet store of records.

An archive is a folder of ``.txt``/``.html``/``.json``/``.jsonl`` files, one JSONL file
(``text``, ``date``, ``source``, ``url``, ``id``), a ``pandas.Series``/``DataFrame``, a
``datasets.Dataset`` or any iterable of texts or dicts. Each bulletin's reference date
comes from its metadata (a ``date`` field, a sidecar ``<stem>.json``, an HTML
``article:published_time``), else from its file name (``2021-11-04_x.txt``,
``20211104.html``), else from a full dateline in its opening ("ngày 4/11/2021"). With none
of these it is *undated*: it is extracted with no reference date and listed as such; it
is never given today's date.

Store layout (``out``)::

    month=2021-11/part-b000003.parquet   records, by the bulletin's month ("undated" too)
    _docs/part-b000003.parquet           one row per bulletin (date, source, url, errors)
    _manifest.json                       committed batches and their doc_ids
    _pending/                            batches being written (removed on recovery)

A batch is written under ``_pending``, then the manifest is replaced atomically (this is
the commit), then the files are moved into place. On restart, committed batches still
pending are moved forward and uncommitted ones deleted, so a run killed at any point
resumes with every bulletin extracted exactly once. ``pandas.read_parquet(out)`` reads the
records (names starting with "_" are ignored by pyarrow).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .resolve.dates import find_dates, parse_iso

FORMAT = "vnepi-archive/1"
MANIFEST = "_manifest.json"
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
META_FIELDS = ("doc_id", "source", "url", "doc_date")
RECORD_FIELDS = ("event", "value", "province", "district", "code", "date", "cumulative",
                 "since", "kind", "setting", "text", "start", "end", "approximate",
                 "confidence")


@dataclass
class Bulletin:
    """One bulletin of an archive; ``date`` is None when it is undated."""

    doc_id: str
    text: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    date_origin: str | None = None  # "metadata", "file name", "text" or None
    error: str | None = None


@dataclass
class ArchiveStats:
    """What one ``run_archive`` call did."""

    out: str
    n_docs: int = 0
    n_skipped: int = 0
    n_duplicates: int = 0
    n_records: int = 0
    n_undated: int = 0
    n_errors: int = 0
    seconds: float = 0.0
    docs_per_second: float = field(default=0.0)


# -- dating -----------------------------------------------------------------------------
_NAME_DATE = re.compile(r"(?<!\d)(20\d\d)([-_.]?)([01]\d)\2([0-3]\d)(?!\d)")
_HEAD_CHARS = 400  # the headline and first sentence: where a dateline sits


def date_from_name(name: str) -> str | None:
    """ISO date in a file name ("2021-11-04_hn.txt", "20211104.html"), else None."""
    for m in _NAME_DATE.finditer(name):
        try:
            return parse_iso(f"{m.group(1)}-{m.group(3)}-{m.group(4)}").isoformat()
        except ValueError:
            continue
    return None


def date_from_text(text: str) -> str | None:
    """The first full date (with a year) in the bulletin's opening, else None.

    "ngày 4/11" alone is not enough: without a year it could be any year, and the
    caller is told the bulletin is undated rather than given a guess."""
    for d in find_dates(text[:_HEAD_CHARS], None):
        if d.date is not None and not d.relative:
            return d.date.isoformat()
    return None


def _meta_date(value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        d = parse_iso(value if not isinstance(value, str) else value.strip()[:10])
    except (ValueError, TypeError):
        return None
    return d.isoformat() if d else None


def make_bulletin(doc_id: str, text: Any, meta: dict | None = None, name: str = "",
                  default_date: str | None = None) -> Bulletin:
    """A bulletin with its date taken from metadata, file name or text, in that order."""
    meta = meta or {}
    src = meta.get("source") or meta.get("source_type")
    b = Bulletin(doc_id, text if isinstance(text, str) else "", source=src, url=meta.get("url"))
    if not isinstance(text, str):
        b.error = f"text is {type(text).__name__}, not str"
    for origin, d in (("metadata", _meta_date(meta.get("date")) or _meta_date(default_date)),
                      ("file name", date_from_name(name)), ("text", date_from_text(b.text))):
        if d:
            b.date, b.date_origin = d, origin
            break
    return b


# -- reading archives -------------------------------------------------------------------
_HTML_META = re.compile(r"""<meta\s[^>]*?(?:property|name)\s*=\s*["']([^"']+)["'][^>]*?"""
                        r"""content\s*=\s*["']([^"']*)["']""", re.I)
_HTML_HEAD = re.compile(r"<head\b.*?</head\s*>", re.I | re.S)
_HTML_KEYS = {"og:site_name": "source", "og:url": "url",
              "article:published_time": "date", "pubdate": "date"}


def html_bulletin(raw: str) -> tuple[str, dict]:
    """Visible text of an HTML page (the <head> dropped) and its metadata."""
    from .input import prepare

    meta = {_HTML_KEYS[k.lower()]: v for k, v in _HTML_META.findall(raw) if k.lower() in _HTML_KEYS}
    text = prepare(_HTML_HEAD.sub("", raw)).text
    text = re.sub(r"[ \t]*\n[ \t\n]*", lambda m: "\n\n" if m.group().count("\n") > 1 else "\n", text)
    return text.strip(), meta


def _read_text(path: Path) -> tuple[str | None, str | None]:
    try:
        return path.read_bytes().decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        return None, f"not UTF-8 text (byte {e.start})"
    except OSError as e:
        return None, f"cannot read ({e.strerror or e})"


def _sidecar(path: Path) -> dict:
    side = path.with_suffix(".json")
    if not side.is_file():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) and "text" not in meta else {}


def _iter_file(path: Path, rel: str, default: str | None, skip: set) -> Iterator[Bulletin]:
    suf = path.suffix.lower()
    if suf in TEXT_SUFFIXES | HTML_SUFFIXES:
        if rel in skip:  # resuming: no need to read what is already extracted
            yield Bulletin(rel, "")
            return
        raw, err = _read_text(path)
        meta = _sidecar(path)
        text = raw or ""
        if raw is not None and suf in HTML_SUFFIXES:
            text, hmeta = html_bulletin(raw)
            meta = {**hmeta, **meta}
        b = make_bulletin(rel, text, meta, path.name, default)
        b.error = err
        yield b
    elif suf == ".jsonl":
        with path.open(encoding="utf-8-sig") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    yield _from_row(json.loads(line), f"{rel}#{n}", default)
    elif suf == ".json":
        if any(path.with_suffix(s).is_file() for s in TEXT_SUFFIXES | HTML_SUFFIXES):
            return  # a sidecar: metadata of the text file beside it
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        rows = data if isinstance(data, list) else [data]
        for i, row in enumerate(rows):
            if isinstance(row, dict) and "text" in row:
                yield _from_row(row, rel if len(rows) == 1 else f"{rel}#{i + 1}", default,
                                path.name)


def _from_row(row: dict, default_id: str, default: str | None, name: str = "") -> Bulletin:
    doc_id = row.get("doc_id") or row.get("id") or default_id
    return make_bulletin(str(doc_id), row.get("text"), row, name, default)


def _archive_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and not any(part[0] in "._" for part in p.relative_to(root).parts)
                  and p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | {".json", ".jsonl"})


def iter_bulletins(src: Any, *, date: str | None = None,
                   skip: Iterable[str] = ()) -> Iterator[Bulletin]:
    """The bulletins of an archive, in a stable order.

    ``date`` is a reference date for bulletins whose metadata has none (it is metadata
    given by the caller, so it outranks file names and datelines)."""
    import pandas as pd

    skip = set(skip)
    if isinstance(src, (str, os.PathLike)):
        p = Path(src)
        if p.is_dir():
            for f in _archive_files(p):
                yield from _iter_file(f, f.relative_to(p).as_posix(), date, skip)
        elif p.is_file():
            yield from _iter_file(p, p.name, date, skip)
        else:
            raise FileNotFoundError(f"{p}: no such file or folder")
    elif isinstance(src, pd.Series):
        for idx, text in src.items():
            yield make_bulletin(str(idx), text, None, "", date)
    elif isinstance(src, pd.DataFrame):
        for idx, row in zip(src.index, src.to_dict("records")):
            yield _from_row(row, str(idx), date)
    else:
        for i, row in enumerate(src):
            if isinstance(row, Bulletin):
                yield row
            elif isinstance(row, dict):  # also the rows of a datasets.Dataset
                yield _from_row(row, str(i), date)
            else:
                yield make_bulletin(str(i), row, None, "", date)


def count_bulletins(src: Any) -> int | None:
    """How many bulletins ``src`` holds, cheaply (for the progress bar), or None."""
    if isinstance(src, (str, os.PathLike)):
        p = Path(src)
        files = _archive_files(p) if p.is_dir() else [p] if p.is_file() else []
        n = 0
        for f in files:
            if f.suffix.lower() == ".jsonl":
                with f.open("rb") as fh:
                    n += sum(1 for line in fh if line.strip())
            elif f.suffix.lower() != ".json" or not _sidecar_of_text(f):
                n += 1
        return n
    try:
        return len(src)
    except TypeError:
        return None


def _sidecar_of_text(f: Path) -> bool:
    return any(f.with_suffix(s).is_file() for s in TEXT_SUFFIXES | HTML_SUFFIXES)


# -- extraction (runs in worker processes) ----------------------------------------------
_NLPS: dict[str | None, Any] = {}


def _nlp(model: str | None):
    if model not in _NLPS:  # one pipeline per process, loaded on its first batch
        from .api import load

        _NLPS[model] = load(model) if model else load()
    return _NLPS[model]


def _extract_all(nlp, bulletins: list[Bulletin]) -> list[tuple[list, str | None]]:
    from .api import extract

    try:
        docs = []
        for b in bulletins:
            d = nlp.make_doc(b.text)
            d._.ref_date, d._.doc_id = parse_iso(b.date), b.doc_id
            docs.append(d)
        return [(list(d._.records or []), None) for d in nlp.pipe(docs)]
    except Exception:  # noqa: BLE001 - find the one bulletin that fails, keep the others
        out: list[tuple[list, str | None]] = []
        for b in bulletins:
            try:
                out.append((extract(b.text, date=b.date, nlp=nlp, doc_id=b.doc_id), None))
            except Exception as e:  # noqa: BLE001
                out.append(([], f"{type(e).__name__}: {e}"))
        return out


def extract_batch(bulletins: list[Bulletin], model: str | None = None) -> tuple[list, list]:
    """Record rows and document rows for a list of bulletins (picklable, for workers)."""
    todo = [b for b in bulletins if b.error is None and b.text.strip()]
    results = dict(zip((b.doc_id for b in todo), _extract_all(_nlp(model), todo))) if todo else {}
    rec_rows, doc_rows = [], []
    for b in bulletins:
        recs, err = results.get(b.doc_id, ([], None))
        meta = {"doc_id": b.doc_id, "source": b.source, "url": b.url, "doc_date": b.date}
        for r in recs:
            row = r.to_flat()
            rec_rows.append({**meta, **{k: row.get(k) for k in RECORD_FIELDS},
                             "value": float(r.value)})
        doc_rows.append({**meta, "date_origin": b.date_origin, "n_records": len(recs),
                         "n_chars": len(b.text), "error": b.error or err})
    return rec_rows, doc_rows


def _local_runner(chunks: Iterable[list[Bulletin]], workers: int, model: str | None):
    if workers <= 1:
        for c in chunks:
            yield extract_batch(c, model)
        return
    # Our own pool rather than nlp.pipe(n_process=N): spaCy ships whole Docs back and the
    # records in doc._ cannot be msgpack-serialised; plain rows are all we need back.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as ex:
        pending: deque = deque()
        for c in chunks:  # a bounded window keeps memory flat on a huge archive
            pending.append(ex.submit(extract_batch, c, model))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _dask_runner(chunks: Iterable[list[Bulletin]], workers: int, model: str | None,
                 client: Any = None):
    import dask.bag as db
    from distributed import Client, LocalCluster

    cluster = None
    if client is None:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        it = iter(chunks)
        step = max(len(client.scheduler_info().get("workers", {})), 1) * 4

        def submit():
            group = [c for _, c in zip(range(step), it)]
            return client.compute(db.from_sequence(group, npartitions=len(group))
                                  .map(extract_batch, model=model)) if group else None
        # Two bags in flight: workers extract the next group while the driver commits.
        nxt = submit()
        while nxt is not None:
            cur, nxt = nxt, submit()
            yield from cur.result()
    finally:
        if cluster is not None:
            client.close()
            cluster.close()


def _chunked(items: Iterable, n: int) -> Iterator[list]:
    buf: list = []
    for x in items:
        buf.append(x)
        if len(buf) >= n:
            yield buf
            buf = []
    if buf:
        yield buf


def run_archive(src: Any, out: str | os.PathLike, *, workers: int = 1, backend: str = "local",
                batch_size: int = 500, chunk_size: int = 32, resume: bool = True,
                overwrite: bool = False, progress: bool | None = None, model: str | None = None,
                client: Any = None, date: str | None = None) -> ArchiveStats:
    """Extract every bulletin of ``src`` into the Parquet store ``out``; resumable.

    ``backend="local"`` runs ``workers`` processes on this machine; ``backend="dask"``
    maps a ``dask.bag`` of bulletin chunks on ``client`` (a ``distributed.Client``), or on
    a ``LocalCluster`` of ``workers`` processes started for the run. A commit happens
    every ``batch_size`` bulletins; a rerun skips the doc_ids already committed.
    """
    from tqdm.auto import tqdm

    from .archive_store import Store

    if backend not in ("local", "dask"):
        raise ValueError(f"backend must be 'local' or 'dask', got {backend!r}")
    store = Store(Path(out), resume=resume, overwrite=overwrite)
    done = store.doc_ids()
    stats = ArchiveStats(out=str(out), n_skipped=len(done))
    seen: set[str] = set()

    def todo() -> Iterator[Bulletin]:
        for b in iter_bulletins(src, date=date, skip=done):
            if b.doc_id in done or b.doc_id in seen:
                stats.n_duplicates += b.doc_id in seen
                continue
            seen.add(b.doc_id)
            yield b

    chunks = _chunked(todo(), chunk_size)
    runner = (_dask_runner(chunks, workers, model, client) if backend == "dask"
              else _local_runner(chunks, workers, model))
    bar = tqdm(total=count_bulletins(src), initial=len(done), unit="bulletin", smoothing=0.05,
               disable=(not progress) if progress is not None else None, dynamic_ncols=True)
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
        if docs:  # what finished before Ctrl-C is kept
            commit()
        raise
    finally:
        bar.close()
    stats.seconds = time.perf_counter() - t0
    stats.docs_per_second = stats.n_docs / stats.seconds if stats.seconds else 0.0
    return stats


def read_records(out: str | os.PathLike):
    """The committed records of a store as a DataFrame (``attrs`` lists undated docs)."""
    from .archive_store import Store

    return Store(Path(out), resume=True, create=False).records()


def read_docs(out: str | os.PathLike):
    """One row per committed bulletin: doc_id, source, url, doc_date, date_origin, errors."""
    from .archive_store import Store

    return Store(Path(out), resume=True, create=False).docs()


def extract_archive(src: Any, out: str | os.PathLike | None = None, *, workers: int = 1,
                    backend: str = "local", progress: bool | None = None,
                    **kwargs: Any):
    """Extract an archive and return its records as a pandas DataFrame.

    One row per record, with the record's fields plus ``doc_id``, ``source``, ``url`` and
    ``doc_date`` (the bulletin's reference date). ``df.attrs["undated"]`` lists the
    bulletins with no date, ``df.attrs["errors"]`` those that could not be read. With
    ``out`` the Parquet store is kept there (and a rerun resumes); otherwise it is
    temporary. Other keyword arguments go to :func:`run_archive`.
    """
    if out is not None:
        run_archive(src, out, workers=workers, backend=backend, progress=progress, **kwargs)
        return read_records(out)
    with tempfile.TemporaryDirectory(prefix="vnepi-archive-") as tmp:
        store = Path(tmp) / "records.parquet"
        run_archive(src, store, workers=workers, backend=backend, progress=progress, **kwargs)
        return read_records(store)


__all__ = ["Bulletin", "ArchiveStats", "iter_bulletins", "count_bulletins", "make_bulletin",
           "date_from_name", "date_from_text", "extract_batch", "run_archive", "read_records",
           "read_docs", "extract_archive"]
_unused: tuple[Callable, ...] = (asdict, shutil.rmtree)
