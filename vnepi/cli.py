"""Command line: ``vnepi extract``, ``vnepi corpus``, ``vnepi evaluate``.

User mistakes (a missing file, a bad date, undecodable bytes) end with a one-line message
on stderr and exit status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import csv
import importlib
import sys
from pathlib import Path
from typing import Iterator, Sequence

from .errors import VnepiError

TEXT_SUFFIXES = {".txt", ".text", ".md"}


class UsageError(Exception):
    """A mistake in the command line or its inputs."""


def _inputs(paths: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(name, text) for each file, each text file below a folder, or stdin for "-"."""
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            yield "<stdin>", _decode(data, "<stdin>")
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix in TEXT_SUFFIXES)
            if not files:
                raise UsageError(f"{p}: no .txt files in this folder")
            for f in files:
                yield str(f), _read(f)
        elif path.is_file():
            yield str(path), _read(path)
        else:
            raise UsageError(f"{p}: no such file or folder")


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UsageError(f"{path}: cannot read ({e.strerror or e})") from e
    return _decode(data, str(path))


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UsageError(f"{name}: not UTF-8 text (byte {e.start}); convert it to UTF-8 first") from e


def _table(rows: list[dict]) -> str:
    cols = ["doc", "event", "value", "province", "district", "date", "cumulative", "since",
            "kind", "setting", "text"]
    cells = [[str(r.get(c) if r.get(c) is not None else "") for c in cols] for r in rows]
    for row in cells:
        row[-1] = row[-1].replace("\n", " ")[:40]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)) for row in cells]
    return "\n".join(lines) + "\n"


def cmd_extract(args: argparse.Namespace) -> int:
    from .api import extract, load
    from .resolve.dates import parse_iso

    try:
        ref = parse_iso(args.date)
    except ValueError as e:
        raise UsageError(str(e)) from e
    inputs = list(_inputs(args.paths))
    nlp = load(args.model) if args.model else load()
    rows: list[dict] = []
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout
    progress = None
    if len(inputs) > 20 and sys.stderr.isatty() or args.progress:
        from tqdm import tqdm

        progress = tqdm(total=len(inputs), unit="doc", file=sys.stderr)
    try:
        writer = None
        for name, text in inputs:
            recs = extract(text, date=ref, nlp=nlp, doc_id=name)
            for r in recs:
                if args.format == "jsonl":
                    out.write(r.to_json() + "\n")
                else:
                    row = r.to_flat()
                    row["doc"] = name
                    if args.format == "csv":
                        if writer is None:
                            writer = csv.DictWriter(out, fieldnames=["doc"] + [k for k in row if k != "doc"])
                            writer.writeheader()
                        writer.writerow(row)
                    else:
                        rows.append(row)
            if progress is not None:
                progress.update(1)
        if args.format == "table":
            out.write(_table(rows))
    finally:
        if progress is not None:
            progress.close()
        if args.out:
            out.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    p = argparse.ArgumentParser(prog="vnepi", description="Epidemic figures from Vietnamese bulletins")
    p.add_argument("--version", action="version", version=f"vnepi {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract records from bulletins (files, folders or - for stdin)")
    e.add_argument("paths", nargs="+", help="text files, folders of .txt files, or - for stdin")
    e.add_argument("--date", help="reference date of the bulletins (YYYY-MM-DD)")
    e.add_argument("--format", choices=["jsonl", "csv", "table"], default="jsonl")
    e.add_argument("--model", help="model folder (default: the shipped model)")
    e.add_argument("--out", help="write to this file instead of stdout")
    e.add_argument("--progress", action="store_true", help="show a progress bar")
    e.set_defaults(func=cmd_extract)

    for mod in ("corpus_cli", "evaluate_cli", "archive_cli"):
        try:
            m = importlib.import_module(f"vnepi.{mod}")
        except ModuleNotFoundError as e:
            if e.name != f"vnepi.{mod}":
                raise  # a broken subcommand module must not vanish silently
            continue
        m.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UsageError as e:
        print(f"vnepi: error: {e}", file=sys.stderr)
        return 2
    except (VnepiError, TypeError, ValueError) as e:
        print(f"vnepi: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
