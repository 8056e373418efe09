"""Score vnepi on the schema-check set: bulletins written and annotated by outside authors
who saw only ``record-schema.md`` (not ``annotations/GUIDELINES.md``, not the corpus).

The set stands in for annotators of other outlets: it is where the corpus's own conventions
can be checked against a reading of the schema alone. It is never trained on.

Usage: python tools/score_schema_check.py [--set annotations/schema_check] [--model PATH | --rules]
           [--per-author] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_set(folder: str | Path) -> list[dict]:
    """The documents of every author folder below ``folder`` (drafts format)."""
    from vnepi.corpus.drafts import read_drafts

    docs: list[dict] = []
    for sub in sorted(p for p in Path(folder).iterdir() if p.is_dir()):
        docs += read_drafts(sub)
    return docs


def main(argv: list[str] | None = None) -> int:
    import vnepi
    from vnepi.evaluate import score_corpus

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(ROOT / "annotations" / "schema_check"))
    ap.add_argument("--model", default=None)
    ap.add_argument("--rules", action="store_true", help="score the rules-only pipeline")
    ap.add_argument("--per-author", action="store_true")
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    nlp = vnepi.rules_pipeline() if args.rules else (
        vnepi.load(args.model) if args.model else vnepi.load())
    docs = load_set(args.set)
    triples = [(d["id"], vnepi.extract(d["text"], date=d["date"], nlp=nlp), d["records"])
               for d in docs]
    s = score_corpus(triples)
    m = s.micro()
    print(f"schema check: {len(triples)} bulletins, {m['support']} gold records")
    print(s.table())
    if args.per_author:
        for prefix in sorted({t[0].split("_")[0] for t in triples}):
            sub = score_corpus([t for t in triples if t[0].split("_")[0] == prefix]).micro()
            print(f"  {prefix}: F1 {sub['f1']:.3f} ({sub['support']} records)")
    if args.json:
        Path(args.json).write_text(json.dumps(s.to_dict(), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
