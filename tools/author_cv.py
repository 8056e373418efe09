"""Cross-validation over the training split grouped by author: an unseen author stands in
for an unseen outlet. Used for model selection (the C of the linear heads, features),
never the dev or test split and never realdev.

Usage: python tools/author_cv.py [--corpus annotations] [--C 0.5] [--folds 5] [--rules]
                                [--fold-seeds 0,1,2]

Authors are the prefixes of the document ids ("tr7_012" → "tr7"; the seeds form one
group); they are shuffled with a fixed seed and dealt into ``--folds`` folds. Authors named in
``--train-only`` are in every fold's training data and in no fold: new authors measured on the
same dealing and held-out documents as before them. For each fold
the linker is fitted on the other folds and scored on it. Prints the micro-F1 over all
held-out documents (schema matching rule) and the F1 of each held-out author; ``--rules``
scores the rules-only pipeline the same way (nothing is fitted). ``--fold-seeds`` deals
the authors into folds once per seed and also prints the mean: a change of features moves
every fitted weight a little, and one dealing alone can show that as a few thousandths.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def author(doc_id: str) -> str:
    m = re.match(r"([a-z]+\d*)_", doc_id)
    return m.group(1) if m else doc_id


def _cross_validate(args, docs, folds, per_doc) -> tuple[float, dict[str, float]]:
    """Micro-F1 over all held-out documents and the F1 of each held-out author."""
    import vnepi
    from vnepi.pipeline.trained import TrainedLinker
    from vnepi.train import build_pipeline, evaluate_docs

    total: Counter = Counter()
    by_author: dict[str, float] = {}
    for held in folds:
        train = [d for d in docs if author(d["id"]) not in held]
        if args.rules:
            nlp = vnepi.rules_pipeline()
        else:
            linker = TrainedLinker().fit(
                [x for d in train for x in per_doc[d["id"]][0]], C=args.C, seed=0,
                event_examples=[x for d in train for x in per_doc[d["id"]][1]],
                context_examples=[x for d in train for x in per_doc[d["id"]][2]]
                if not args.no_context else (), C_cumulative=args.C_cumulative,
                place_examples=[x for d in train for x in per_doc[d["id"]][3]])
            nlp = build_pipeline(linker)
        for a in held:  # authors of --train-only are in no fold, so never held out
            m = evaluate_docs(nlp, [d for d in docs if author(d["id"]) == a]).micro()
            by_author[a] = m["f1"]
            for k in ("tp", "fp", "fn"):
                total[k] += m[k]
    p = total["tp"] / max(1, total["tp"] + total["fp"])
    r = total["tp"] / max(1, total["tp"] + total["fn"])
    return (2 * p * r / (p + r) if p + r else 0.0), by_author


def main(argv: list[str] | None = None) -> int:
    from vnepi.train import examples, load_split

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "annotations"))
    ap.add_argument("--C", type=float, default=0.5)
    ap.add_argument("--C-cumulative", type=float, default=0.25, dest="C_cumulative")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--rules", action="store_true", help="score the rules-only pipeline")
    ap.add_argument("--no-context", action="store_true",
                    help="leave out the second-pass running-total head")
    ap.add_argument("--fold-seeds", default="0",
                    help="comma-separated seeds of the dealing of authors into folds")
    ap.add_argument("--train-only", default="",
                    help="comma-separated authors that are always trained on and never held "
                         "out (\"tr82,tr83\"): new authors measured on the old dealing")
    args = ap.parse_args(argv)

    docs = load_split(args.corpus, "train")
    train_only = set(filter(None, args.train_only.split(",")))
    groups = sorted({author(d["id"]) for d in docs} - train_only)
    per_doc = {}
    if not args.rules:
        for d in docs:
            events: list = []
            context: list = []
            places: list = []
            per_doc[d["id"]] = (examples([d], events=events, context=context, places=places),
                                events, context, places)
    what = "rules only" if args.rules else f"trained linker, C={args.C}, C_cumulative={args.C_cumulative}"
    scores = []
    for seed in [int(x) for x in args.fold_seeds.split(",")]:
        dealt = list(groups)
        random.Random(seed).shuffle(dealt)
        folds = [dealt[i::args.folds] for i in range(args.folds)]
        f1, by_author = _cross_validate(args, docs, folds, per_doc)
        scores.append(f1)
        print(f"{what}: author-grouped {args.folds}-fold micro-F1 {f1:.4f} "
              f"over {sum(author(d['id']) in groups for d in docs)} documents of {len(groups)} authors"
              + (f" ({len(train_only)} more authors only trained on)" if train_only else "")
              + (f" (fold seed {seed})" if "," in args.fold_seeds else ""))
    if len(scores) > 1:
        print(f"mean over {len(scores)} fold seeds: {sum(scores) / len(scores):.4f} "
              f"(min {min(scores):.4f}, max {max(scores):.4f})")
    for a in sorted(by_author, key=lambda x: (len(x), x)):  # of the last dealing
        print(f"  {a:8s} {by_author[a]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
