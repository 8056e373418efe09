#!/usr/bin/env python
"""Where the time of ``vnepi.extract`` goes: each stage timed alone on the same bulletins.

    python benchmarks/stages.py [--n 600]

Runs bare ``underthesea.word_tokenize`` (the reference), then vnepi's stages one after the
other over the same corpus bulletins: the tokenizer (spaCy ``Doc``), the sentence
component, the analysis (numbers, dates, places, cues, sentences, tables), the trained
linker, the record builder, and finally ``vnepi.extract`` end to end. Prints seconds and
the ratio to the reference; the end-to-end row is more than the sum of the stages by what
no stage owns (input preparation, spans, records on the Doc, offsets mapped back, garbage
collection). One process, no timing assertions anywhere.
"""
from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600, help="bulletins (the corpus cycled)")
    args = ap.parse_args()

    from underthesea import word_tokenize

    import vnepi
    from vnepi.pipeline.builder import build_records
    from vnepi.pipeline.structure import analyse

    files = sorted((ROOT / "annotations" / "drafts").glob("*/*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    corpus = [f.read_text(encoding="utf-8") for f in files]
    texts = [corpus[i % len(corpus)] for i in range(args.n)]
    nlp = vnepi.load()
    linker = nlp.get_pipe("vnepi_linker").linker
    sentences = nlp.get_pipe("vnepi_sentences")
    ref = date(2021, 11, 4)
    for t in texts[:4]:  # underthesea loads its CRF model at the first call
        word_tokenize(t)
        vnepi.extract(t, date=ref, nlp=nlp)

    rows: list[tuple[str, float]] = []

    def timed(name: str, fn, items):
        t0 = time.perf_counter()
        out = [fn(x) for x in items]
        rows.append((name, time.perf_counter() - t0))
        return out

    timed("underthesea.word_tokenize (reference)", word_tokenize, texts)
    docs = timed("vnepi tokenizer (spaCy Doc)", nlp.tokenizer, texts)
    timed("sentence component", sentences, docs)
    analyses = timed("analysis (numbers, dates, places, cues, tables)", lambda t: analyse(t, ref), texts)
    links = timed("trained linker", linker.link, analyses)
    timed("record builder", lambda tl: build_records(*tl), list(zip(texts, links)))
    timed("vnepi.extract end to end", lambda t: vnepi.extract(t, date=ref, nlp=nlp), texts)

    base = rows[0][1]
    chars = sum(map(len, texts))
    print(f"{len(texts)} bulletins, {chars:,} characters\n")
    print("| stage | seconds | time / tokenizer |\n| --- | ---: | ---: |")
    for name, sec in rows:
        print(f"| {name} | {sec:.2f} | {sec / base:.2f} |")


if __name__ == "__main__":
    main()
