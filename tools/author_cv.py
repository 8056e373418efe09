"""Cross-validation over the training split grouped by author: an unseen author stands in
for an unseen outlet. Used for model selection (the C of the linear heads, features),
never the dev or test split and never realdev.

Usage: python tools/author_cv.py [--corpus annotations] [--C 0.5] [--folds 5] [--rules]

Authors are the prefixes of the document ids ("tr7_012" → "tr7"; the seeds form one
group); they are shuffled with a fixed seed and dealt into ``--folds`` folds. For each fold
the linker is fitted on the other folds and scored on it. Prints the micro-F1 over all
held-out documents (schema matching rule) and the F1 of each held-out author; ``--rules``
scores the rules-only pipeline the same way (nothing is fitted).
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


def main(argv: list[str] | None = None) -> int:
    import vnepi
    from vnepi.pipeline.trained import TrainedLinker
    from vnepi.train import build_pipeline, evaluate_docs, examples, load_split

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "annotations"))
    ap.add_argument("--C", type=float, default=0.5)
    ap.add_argument("--C-cumulative", type=float, default=0.25, dest="C_cumulative")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--rules", action="store_true", help="score the rules-only pipeline")
    ap.add_argument("--no-context", action="store_true",
                    help="leave out the second-pass running-total head")
    args = ap.parse_args(argv)

    docs = load_split(args.corpus, "train")
    groups = sorted({author(d["id"]) for d in docs})
    random.Random(0).shuffle(groups)
    folds = [groups[i::args.folds] for i in range(args.folds)]
    per_doc = {}
    if not args.rules:
        for d in docs:
            events: list = []
            context: list = []
            per_doc[d["id"]] = (examples([d], events=events, context=context), events, context)
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
                if not args.no_context else (), C_cumulative=args.C_cumulative)
            nlp = build_pipeline(linker)
        for a in held:
            m = evaluate_docs(nlp, [d for d in docs if author(d["id"]) == a]).micro()
            by_author[a] = m["f1"]
            for k in ("tp", "fp", "fn"):
                total[k] += m[k]
    p = total["tp"] / max(1, total["tp"] + total["fp"])
    r = total["tp"] / max(1, total["tp"] + total["fn"])
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    what = "rules only" if args.rules else f"trained linker, C={args.C}, C_cumulative={args.C_cumulative}"
    print(f"{what}: author-grouped {args.folds}-fold micro-F1 {f1:.4f} "
          f"over {len(docs)} documents of {len(groups)} authors")
    for a in sorted(by_author, key=lambda x: (len(x), x)):
        print(f"  {a:8s} {by_author[a]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
