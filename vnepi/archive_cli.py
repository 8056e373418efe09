"""``vnepi extract-archive``, ``vnepi series`` and ``vnepi reconcile``.

Registered by :mod:`vnepi.cli`. User mistakes (a missing archive, an unknown event, an
output folder that is not a store) raise :class:`vnepi.cli.UsageError`: a one-line
message and exit status 2.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .records import EVENTS


def _usage(msg: str) -> Exception:
    from .cli import UsageError  # vnepi.cli imports this module: import at call time

    return UsageError(msg)


def cmd_extract_archive(args: argparse.Namespace) -> int:
    from .archive import read_records, run_archive
    from .resolve.dates import parse_iso

    src = Path(args.archive)
    if not src.exists():
        raise _usage(f"{src}: no such file or folder")
    try:
        parse_iso(args.date)
    except ValueError as e:
        raise _usage(str(e)) from e
    out = Path(args.out)
    # Parquet is the resumable store itself; JSONL/CSV are exported from one beside them.
    store = out if args.format == "parquet" else out.with_name(out.name + ".parts")
    client = None
    if args.scheduler:
        from distributed import Client

        client = Client(args.scheduler)
    try:
        stats = run_archive(src, store, workers=args.workers, backend=args.backend,
                            batch_size=args.batch_size, overwrite=args.overwrite,
                            progress=not args.no_progress, model=args.model, client=client,
                            date=args.date)
    except (FileExistsError, FileNotFoundError) as e:
        raise _usage(f"{e}; use --overwrite to start again" if isinstance(e, FileExistsError)
                     else str(e)) from e
    finally:
        if client is not None:
            client.close()
    if args.format != "parquet":
        df = read_records(store)
        if args.format == "csv":
            df.to_csv(out, index=False)
        else:
            df.to_json(out, orient="records", lines=True, force_ascii=False)
    rate = stats.n_docs / stats.seconds if stats.seconds else 0.0
    msg = (f"{stats.n_docs} bulletins extracted ({stats.n_skipped} already done), "
           f"{stats.n_records} records, {rate:.1f} bulletins/s; {stats.n_undated} undated, "
           f"{stats.n_errors} unreadable -> {out}")
    print(msg, file=sys.stderr)
    return 0


def _load(path: str) -> Any:
    from .series import as_frame

    try:
        return as_frame(path)
    except FileNotFoundError as e:
        raise _usage(str(e)) from e
    except (OSError, ValueError) as e:
        raise _usage(f"{path}: cannot read records ({e})") from e


def _write(df, out: str | None, index: bool) -> None:
    if out is None:
        df.to_csv(sys.stdout, index=index)
    elif out.endswith(".parquet"):
        df.to_parquet(out, index=index)
    elif out.endswith(".jsonl"):
        (df.reset_index() if index else df).to_json(out, orient="records", lines=True,
                                                    force_ascii=False, date_format="iso")
    else:
        df.to_csv(out, index=index)


def cmd_series(args: argparse.Namespace) -> int:
    from .series import series

    if args.event not in EVENTS:
        raise _usage(f"unknown event {args.event!r}; one of {', '.join(EVENTS)}")
    df = series(_load(args.records), event=args.event, kind=args.kind, form=args.form,
                setting=args.setting)
    if args.form == "wide":
        df.index = df.index.strftime("%Y-%m-%d")
    else:
        df["date"] = df["date"].dt.strftime("%Y-%m-%d")
    _write(df, args.out, index=args.form == "wide")
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    from .reconcile import reconcile

    events = args.events.split(",") if args.events else None
    bad = [e for e in events or [] if e not in EVENTS]
    if bad:
        raise _usage(f"unknown event {bad[0]!r}; one of {', '.join(EVENTS)}")
    report = reconcile(_load(args.records), events=events, tolerance=args.tolerance,
                       gaps=not args.no_gaps)
    text = report.to_json() if args.json else report.to_text(max_rows=args.max_rows)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0


def register(subparsers: Any) -> None:
    """Add ``extract-archive`` (alias ``archive``), ``series`` and ``reconcile``."""
    a = subparsers.add_parser(
        "extract-archive", aliases=["archive"],
        help="extract a folder or JSONL of bulletins into a resumable Parquet store")
    a.add_argument("archive", help="a folder of .txt/.html/.json(l) bulletins, or a .jsonl file")
    a.add_argument("--out", required=True,
                   help="the store (a folder, e.g. records.parquet) or the JSONL/CSV file")
    a.add_argument("--format", choices=["parquet", "jsonl", "csv"], default="parquet")
    a.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    a.add_argument("--backend", choices=["local", "dask"], default="local",
                   help="local processes, or a dask.distributed cluster")
    a.add_argument("--scheduler", help="address of a running Dask scheduler (with --backend dask)")
    a.add_argument("--batch-size", type=int, default=500,
                   help="bulletins per commit: at most this much work is redone after a crash")
    a.add_argument("--date", help="reference date for bulletins with no date of their own "
                                  "(YYYY-MM-DD)")
    a.add_argument("--model", help="model folder (default: the shipped model)")
    a.add_argument("--overwrite", action="store_true", help="discard an existing store")
    a.add_argument("--no-progress", action="store_true", help="no progress bar")
    a.set_defaults(func=cmd_extract_archive)

    s = subparsers.add_parser("series", help="province x date table from extracted records")
    s.add_argument("records", help="a store or Parquet/JSONL/CSV of records")
    s.add_argument("--event", default="cases", help="event (default cases)")
    s.add_argument("--kind", choices=["daily", "cumulative"], default="daily")
    s.add_argument("--form", choices=["wide", "long"], default="wide",
                   help="wide: date x province; long: one row per figure with its evidence")
    s.add_argument("--setting", choices=["community", "quarantine", "imported", "domestic",
                                         "home_isolation"], help="one breakdown instead of totals")
    s.add_argument("--out", help="CSV, .parquet or .jsonl file (default: CSV on stdout)")
    s.set_defaults(func=cmd_series)

    r = subparsers.add_parser("reconcile",
                              help="conflicts, shrinking totals, mismatches and gaps in records")
    r.add_argument("records", help="a store or Parquet/JSONL/CSV of records")
    r.add_argument("--events", help="comma-separated events to check (default: all)")
    r.add_argument("--tolerance", type=float, default=0,
                   help="difference allowed between a daily figure and its totals' change")
    r.add_argument("--no-gaps", action="store_true", help="do not list gaps")
    r.add_argument("--json", action="store_true", help="print JSON instead of text")
    r.add_argument("--max-rows", type=int, default=50, help="findings shown per check")
    r.add_argument("--out", help="write the report to this file")
    r.set_defaults(func=cmd_reconcile)
