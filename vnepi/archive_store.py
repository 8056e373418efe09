"""The Parquet store of an archive run: month-partitioned records, atomic commits.

Layout of ``out``: ``month=YYYY-MM/part-bNNNNNN.parquet`` (records, by the bulletin's
month, or ``month=undated``), ``_docs/part-bNNNNNN.parquet`` (one row per bulletin) and
``_manifest.json`` (committed batches with their files and doc_ids). A batch is written
under ``_pending/``, then the manifest is replaced atomically (this is the commit), then
the files are moved into place. Reopening moves committed batches forward and deletes
uncommitted ones, so a run killed at any point resumes with each bulletin extracted
exactly once. ``pandas.read_parquet(out)`` reads the records: pyarrow ignores names that
start with "_".
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

FORMAT = "vnepi-archive/1"
MANIFEST = "_manifest.json"


def _schemas():
    import pyarrow as pa

    s, b, i = pa.string(), pa.bool_(), pa.int32()
    meta = [("doc_id", s), ("source", s), ("url", s), ("doc_date", s)]
    rec = pa.schema(meta + [
        ("event", s), ("value", pa.float64()), ("province", s), ("district", s), ("code", s),
        ("date", s), ("cumulative", b), ("since", s), ("kind", s), ("setting", s), ("text", s),
        ("start", i), ("end", i), ("approximate", b), ("confidence", pa.float64())])
    doc = pa.schema(meta + [("date_origin", s), ("n_records", i), ("n_chars", i), ("error", s)])
    return rec, doc


def _durable_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        write(f)
        f.flush()
        os.fsync(f.fileno())


class Store:
    """The Parquet store of an archive; the commit protocol is in the module docstring.

    ``mode``: "resume" (open or create), "overwrite" (start again) or "read"."""

    def __init__(self, root: str | os.PathLike, mode: str = "resume") -> None:
        self.root = Path(root)
        self.mpath = self.root / MANIFEST
        if not self.mpath.is_file() and self.root.is_dir() and any(self.root.iterdir()):
            raise FileExistsError(f"{self.root}: exists and is not a vnepi archive store")
        if mode == "overwrite" and self.mpath.is_file():
            shutil.rmtree(self.root)
        if not self.mpath.is_file():
            if mode == "read":
                raise FileNotFoundError(f"{self.root}: no vnepi archive store here")
            self.root.mkdir(parents=True, exist_ok=True)
            self.manifest: dict = {"format": FORMAT, "next": 0, "batches": []}
            self._write_manifest()
        self.manifest = json.loads(self.mpath.read_text(encoding="utf-8"))
        if self.manifest.get("format") != FORMAT:
            raise ValueError(f"{self.mpath}: not a {FORMAT} manifest")
        for batch in self.manifest["batches"]:  # committed but not all moved: finish
            if (self.root / "_pending" / batch["tag"]).is_dir():
                self._publish(batch)
        shutil.rmtree(self.root / "_pending", ignore_errors=True)  # never committed

    def _publish(self, batch: dict) -> None:
        src = self.root / "_pending" / batch["tag"]
        for rel in batch["files"]:
            if (src / rel).is_file():
                (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(src / rel, self.root / rel)
        shutil.rmtree(src, ignore_errors=True)
        try:
            src.parent.rmdir()  # leave no empty _pending behind
        except OSError:
            pass

    def _write_manifest(self) -> None:
        tmp = self.mpath.with_name(MANIFEST + ".tmp")
        data = json.dumps(self.manifest, ensure_ascii=False).encode("utf-8")
        _durable_write(tmp, lambda f: f.write(data))
        os.replace(tmp, self.mpath)
        fd = os.open(self.root, os.O_RDONLY)  # the rename itself must reach the disk
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def doc_ids(self) -> set[str]:
        """The committed doc_ids."""
        return {d for b in self.manifest["batches"] for d in b["doc_ids"]}

    def commit(self, rows: list[dict], docs: list[dict]) -> None:
        """Write one batch: record rows by month, document rows, then the manifest."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        rec_schema, doc_schema = _schemas()
        tag = f"b{self.manifest['next']:06d}"
        months: dict[str, list[dict]] = {}
        for r in rows:
            months.setdefault((r["doc_date"] or "undated")[:7], []).append(r)
        files = {f"month={m}/part-{tag}.parquet": pa.Table.from_pylist(rs, schema=rec_schema)
                 for m, rs in sorted(months.items())}
        files[f"_docs/part-{tag}.parquet"] = pa.Table.from_pylist(docs, schema=doc_schema)
        for rel, table in files.items():
            _durable_write(self.root / "_pending" / tag / rel,
                           lambda f, t=table: pq.write_table(t, f))
        batch = {"tag": tag, "files": list(files), "doc_ids": [d["doc_id"] for d in docs]}
        self.manifest["batches"].append(batch)
        self.manifest["next"] += 1
        self._write_manifest()
        self._publish(batch)

    def _read(self, docs: bool):
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _schemas()[1 if docs else 0]
        tables = [pq.read_table(self.root / f, schema=schema)
                  for b in self.manifest["batches"] for f in b["files"]
                  if f.startswith("_docs/") == docs]
        return (pa.concat_tables(tables) if tables else schema.empty_table()).to_pandas()

    def docs(self):
        """One row per committed bulletin."""
        return self._read(docs=True)

    def records(self):
        """The committed records; ``attrs`` has "undated" and "errors" (by doc_id)."""
        df, docs = self._read(docs=False), self.docs()
        df.attrs["undated"] = docs.loc[docs["doc_date"].isna(), "doc_id"].tolist()
        bad = docs[docs["error"].notna()]
        df.attrs["errors"] = dict(zip(bad["doc_id"], bad["error"]))
        return df


def read_records(out: str | os.PathLike):
    """The committed records of a store; ``attrs["undated"]``/``attrs["errors"]`` name the
    bulletins with no date and those that could not be read."""
    return Store(out, "read").records()


def read_docs(out: str | os.PathLike):
    """One row per committed bulletin: doc_id, source, url, doc_date, date_origin, error."""
    return Store(out, "read").docs()
