"""Score vnepi on the shared real-world development set (never train or tune on it).

Usage: python tools/score_realdev.py [--realdev ../shared/realdev] [--model PATH | --rules] [--json OUT]
Prints record precision/recall/F1 per event (matching rule of record-schema.md), micro
average, and date/since/setting accuracy over matched records.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    import vnepi
    from vnepi.evaluate import score_corpus

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realdev", default=str(ROOT.parent / "shared" / "realdev"))
    ap.add_argument("--model", default=None)
    ap.add_argument("--rules", action="store_true", help="score the rules-only pipeline")
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    base = Path(args.realdev)
    nlp = vnepi.rules_pipeline() if args.rules else (
        vnepi.load(args.model) if args.model else vnepi.load())
    triples = []
    for gold_path in sorted((base / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (base / "bulletins" / f"{gold['id']}.txt").read_text(encoding="utf-8")
        pred = vnepi.extract(text, date=gold["reference_date"], nlp=nlp)
        triples.append((gold["id"], pred, gold["records"]))
    s = score_corpus(triples)
    m = s.micro()
    print(f"realdev: {len(triples)} bulletins, {m['support']} gold records")
    print(s.table())
    if args.json:
        Path(args.json).write_text(json.dumps(s.to_dict(), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
