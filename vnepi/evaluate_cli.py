"""``vnepi train`` and ``vnepi evaluate``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def cmd_train(args: argparse.Namespace) -> int:
    from .cli import UsageError
    from .train import train

    if not Path(args.corpus).is_dir():
        raise UsageError(f"{args.corpus}: no such corpus folder")
    info = train(args.corpus, args.out, seed=args.seed, C=args.C, C_cumulative=args.C_cumulative,
                 fraction=args.fraction,
                 log=lambda m: print(m, file=sys.stderr))
    from .model_card import write_card

    write_card(Path(args.out), info)
    print(json.dumps({k: v for k, v in info.items() if k != "scores"}, ensure_ascii=False))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .api import load, rules_pipeline
    from .cli import UsageError
    from .evaluate import evaluate, format_report, underthesea_places
    from .train import load_split

    model, corpus = args.model, args.corpus
    if corpus is None:  # `vnepi evaluate annotations/`: the default model
        model, corpus = None, model
    try:
        docs = load_split(corpus, args.split)
    except FileNotFoundError as e:
        raise UsageError(str(e)) from e
    nlp = load(model) if model else load()
    report = evaluate(nlp, docs)
    report["model"] = str(model or "default")
    report["split"] = args.split
    if not args.no_baselines:
        rules = evaluate(rules_pipeline(), docs)
        report["baselines"] = {"rules-only": rules["records"],
                               "underthesea.ner places": underthesea_places(docs)}
    text = format_report(report)
    sys.stdout.write(text)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser("train", help="train the linker on an annotated corpus")
    t.add_argument("corpus", help="corpus folder with train/dev/test .jsonl (or drafts/)")
    t.add_argument("--out", required=True, help="output model folder")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--C", type=float, default=0.5,
                   help="inverse L2 strength of the linear heads (0.5: best in author-grouped CV)")
    t.add_argument("--C-cumulative", type=float, default=0.25, dest="C_cumulative",
                   help="the same for the two running-total heads (0.25: best in author-grouped CV)")
    t.add_argument("--fraction", type=float, default=1.0, help="share of training documents")
    t.set_defaults(func=cmd_train)

    e = sub.add_parser("evaluate", help="score a model on a corpus split")
    e.add_argument("model", help="model folder, or the corpus folder to score the default model")
    e.add_argument("corpus", nargs="?", help="corpus folder")
    e.add_argument("--split", default="test", choices=["train", "dev", "test"])
    e.add_argument("--json", help="also write the report as JSON")
    e.add_argument("--no-baselines", action="store_true",
                   help="skip the rules-only and underthesea.ner baselines")
    e.set_defaults(func=cmd_evaluate)
