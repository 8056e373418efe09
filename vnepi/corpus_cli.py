"""``vnepi corpus``: validate, stats, convert and build the annotated corpus.

Registered by :mod:`vnepi.cli`. ``validate`` exits 1 when it finds problems (0 with
``--skip-invalid`` as long as some valid document remains); user mistakes raise
:class:`vnepi.cli.UsageError` or :class:`CorpusFormatError`, which ``vnepi.cli.main`` turns
into a short message and exit status 2.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .corpus.format import SPLITS, write_jsonl
from .corpus.stats import corpus_stats, render_stats
from .corpus.validate import (Problem, format_problems, invalid_documents, validate_doc,
                              validate_file)
from .errors import CorpusFormatError

TARGETS = ("doccano", "labelstudio", "vnepi")
SOURCES = ("vnepi", "doccano", "labelstudio", "phoner")


def _usage(msg: str) -> Exception:
    from .cli import UsageError  # vnepi.cli imports this module: import at call time

    return UsageError(msg)


def _jsonl_files(paths: list[str]) -> list[Path]:
    """The files named, with a folder standing for the .jsonl files directly inside it."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(p.glob("*.jsonl"))
            if not found:
                raise _usage(f"{p}: no .jsonl files in this folder")
            out += found
        elif p.is_file():
            out.append(p)
        else:
            raise _usage(f"{p}: no such file or folder")
    return out


def _split_files(folder: str) -> dict[str, Path]:
    root = Path(folder)
    if not root.is_dir():
        raise _usage(f"{root}: not a folder")
    files = {s: root / f"{s}.jsonl" for s in SPLITS}
    missing = [f.name for f in files.values() if not f.is_file()]
    if missing:
        raise _usage(f"{root}: missing {', '.join(missing)}")
    return files


def cmd_validate(args: argparse.Namespace) -> int:
    files = _jsonl_files(args.paths)
    tokenizer = None
    if args.check_tokens:
        from .api import blank

        tokenizer = blank().tokenizer
    seen: dict[str, str] = {}
    valid, problems = 0, []
    for f in files:
        docs, found = validate_file(f, skip_invalid=True, tokenizer=tokenizer, seen_ids=seen)
        valid += len(docs)
        problems += found
        for p in found:
            print(p)
    bad = invalid_documents(problems)
    print(f"{len(files)} file(s): {valid} valid document(s), {bad} invalid, "
          f"{len(problems)} problem(s)")
    if args.skip_invalid:
        print(f"skipped {bad} invalid document(s)")
        return 0 if valid else 1
    return 1 if problems else 0


def cmd_stats(args: argparse.Namespace) -> int:
    files = _split_files(args.dir)
    seen: dict[str, str] = {}
    groups = {s: validate_file(f, seen_ids=seen)[0] for s, f in files.items()}
    stats = corpus_stats(groups)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(render_stats(stats))
    return 0


def _read(path: Path, fmt: str) -> list[dict[str, Any]]:
    from .corpus import interchange, phoner

    if fmt == "vnepi":
        return validate_file(path)[0]
    reader = {"doccano": interchange.read_doccano, "labelstudio": interchange.read_labelstudio,
              "phoner": phoner.read_phoner}[fmt]
    docs = reader(path)
    problems, seen = [], set()
    for i, d in enumerate(docs, start=1):
        problems += validate_doc(d, where=f"{path} ({fmt})", line=i)
        if d["id"] in seen:
            problems.append(Problem(f"{path} ({fmt})", i, d["id"], "id", "duplicate document id"))
        seen.add(d["id"])
    if problems:
        raise CorpusFormatError(format_problems(
            problems, f"{path}: the converted documents have {len(problems)} problem(s); "
                      "fix them in the annotation tool:"))
    return docs


def cmd_convert(args: argparse.Namespace) -> int:
    from .corpus import interchange

    src, dst = Path(args.input), Path(args.output)
    if not src.is_file():
        raise _usage(f"{src}: no such file")
    if dst.resolve() == src.resolve():
        raise _usage(f"{dst}: the output would overwrite the input")
    fmt = args.source or interchange.detect_format(src)
    docs = _read(src, fmt)
    writer = {"vnepi": write_jsonl, "doccano": interchange.write_doccano,
              "labelstudio": interchange.write_labelstudio}[args.to]
    n = writer(docs, dst)
    print(f"{src} ({fmt}) -> {dst} ({args.to}): {n} document(s)")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    drafts, out = Path(args.drafts_dir), Path(args.out_dir)
    if not drafts.is_dir():
        raise _usage(f"{drafts}: not a folder")
    try:
        from .corpus.build import build_corpus
    except ImportError as e:
        if e.name != "vnepi.corpus.build":
            raise
        raise _usage("vnepi.corpus.build is not available in this installation") from e
    report = build_corpus(drafts, out)
    # The builder reports records it could not project onto spans; show them all.
    unprojected = list(getattr(report, "unprojected", None) or [])
    for msg in unprojected:
        print(f"not projected: {msg}")
    written = [out / f"{s}.jsonl" for s in SPLITS if (out / f"{s}.jsonl").is_file()]
    if not written:
        raise CorpusFormatError(f"{out}: the builder wrote no {'/'.join(SPLITS)}.jsonl")
    # Check what the builder wrote: a corpus that does not validate must not look built.
    seen: dict[str, str] = {}
    groups = {p.stem: validate_file(p, seen_ids=seen)[0] for p in written}
    print(f"built {out} from {drafts}"
          + (f" ({len(unprojected)} record(s) not projected, listed above)" if unprojected else ""))
    sys.stdout.write(render_stats(corpus_stats(groups)))
    return 0


def register(subparsers: Any) -> None:
    """Add ``corpus validate|stats|convert|build`` to the ``vnepi`` command line."""
    p = subparsers.add_parser("corpus", help="the annotated corpus: validate, stats, convert, build")
    sub = p.add_subparsers(dest="corpus_command", required=True)

    v = sub.add_parser("validate", help="check corpus JSONL files and print every problem")
    v.add_argument("paths", nargs="+", help="corpus .jsonl files, or folders of them")
    v.add_argument("--skip-invalid", action="store_true",
                   help="report and skip invalid documents; exit 0 if any valid one remains")
    v.add_argument("--check-tokens", action="store_true",
                   help="also require entity spans to fall on vnepi tokenizer boundaries")
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("stats", help="counts per split, event, kind, setting, province, label")
    s.add_argument("dir", help="folder with train.jsonl, dev.jsonl and test.jsonl")
    s.add_argument("--json", action="store_true", help="print the counts as JSON")
    s.set_defaults(func=cmd_stats)

    c = sub.add_parser("convert", help="convert between vnepi, doccano and Label Studio")
    c.add_argument("input")
    c.add_argument("output")
    c.add_argument("--to", required=True, choices=TARGETS)
    c.add_argument("--from", dest="source", choices=SOURCES,
                   help="input format (default: inferred from the content)")
    c.set_defaults(func=cmd_convert)

    b = sub.add_parser("build", help="build train/dev/test.jsonl from annotators' drafts")
    b.add_argument("drafts_dir")
    b.add_argument("out_dir")
    b.set_defaults(func=cmd_build)
