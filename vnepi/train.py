"""Training the linker from an annotated corpus: ``vnepi train annotations/ --out models/NAME``.

The corpus is read from ``<dir>/{train,dev,test}.jsonl`` (or, before it is built, from the
drafts in ``<dir>/drafts/<split>/``). Training is deterministic for a given seed.
"""
from __future__ import annotations

import json
import random
import sys
import time
from datetime import date as Date
from pathlib import Path
from typing import Any, Callable, Iterable

from . import __version__
from .corpus.build import record_count
from .pipeline.structure import analyse
from .pipeline.trained import NONE, TrainedLinker
from .resolve.dates import parse_iso


def load_split(corpus: str | Path, split: str) -> list[dict[str, Any]]:
    """Documents of one split: ``<corpus>/<split>.jsonl``, else the drafts."""
    corpus = Path(corpus)
    jsonl = corpus / f"{split}.jsonl"
    if jsonl.is_file():
        with jsonl.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    from .corpus.drafts import read_drafts

    drafts = corpus / "drafts" / split
    if not drafts.is_dir():
        raise FileNotFoundError(f"no {jsonl} and no drafts folder {drafts}")
    return read_drafts(drafts)


def subsample(docs: list, fraction: float, seed: int) -> list:
    """A seeded share of the documents (all of them, in order, for ``fraction >= 1``)."""
    if fraction >= 1.0:
        return list(docs)
    return random.Random(seed).sample(list(docs), max(1, int(len(docs) * fraction)))


def _gold_by_span(a, records: list[dict]) -> tuple[dict[tuple[int, int], dict], int]:
    """The gold record each candidate number carries, keyed by the number's span."""
    out: dict[tuple[int, int], dict] = {}
    missing = 0
    for rec in records:
        q = record_count(a.quantities_in(rec["start"], rec["end"]), rec)
        if q is None:
            missing += 1
            continue
        out.setdefault((q.start, q.end), rec)
    return out, missing


def examples(docs: Iterable[dict], linker: TrainedLinker | None = None,
             stats: dict | None = None, events: list | None = None,
             context: list | None = None,
             places: list | None = None) -> list[tuple[dict[str, float], dict[str, str]]]:
    """(features, labels) for every candidate number of every document; with ``events``
    (a list), also appends (features, "1"/"0") for every event the structure suggests for
    a record; with ``context``, (features with the gold flags of the records before it,
    "True"/"False") for every record, for the second-pass running-total head; with
    ``places``, (story features, "1"/"0") for every record with a story district
    (whether the gold record is in that district), for the place head."""
    from .pipeline.event_ranker import event_candidates
    from .pipeline.features import Prior, context_features, story_features
    from .resolve.places import name_key

    linker = linker or TrainedLinker()
    out = []
    for doc in docs:
        a = analyse(doc["text"], parse_iso(doc.get("date")))
        gold, missing = _gold_by_span(a, doc["records"])
        reached = 0
        before: list[Prior] = []
        for link, f in linker.candidates(a):
            rec = gold.get((link.quantity.start, link.quantity.end))
            if rec is None:
                out.append((f, {"event": NONE}))
                continue
            reached += 1
            if events is not None:
                for ev, feats in event_candidates(link).items():
                    events.append((feats, "1" if ev == rec["event"] else "0"))
            if places is not None and link.story is not None:
                gold_district = (rec.get("location") or {}).get("district")
                places.append((story_features(a, link, f), "1" if gold_district and
                               name_key(gold_district) == name_key(link.story.district) else "0"))
            if context is not None:
                ctx = dict(f)
                ctx.update(dict.fromkeys(context_features(a, link.quantity, rec["event"], before), 1.0))
                context.append((ctx, str(bool(rec.get("cumulative")))))
            before.append(Prior(link.quantity, rec["event"], rec["value"],
                                bool(rec.get("cumulative")), rec.get("kind", "count")))
            out.append((f, {"event": rec["event"], "kind": rec.get("kind", "count"),
                            "cumulative": str(bool(rec.get("cumulative"))),
                            "setting": str(rec.get("setting"))}))
        if stats is not None:
            stats["records"] = stats.get("records", 0) + len(doc["records"])
            stats["numbers_not_found"] = stats.get("numbers_not_found", 0) + missing
            stats["not_candidates"] = stats.get("not_candidates", 0) + len(gold) - reached
    return out


def build_pipeline(linker: TrainedLinker):
    """A pipeline with the trained linker: tokenizer, sentences, vnepi_linker."""
    from .api import blank

    nlp = blank()
    nlp.add_pipe("vnepi_sentences")
    comp = nlp.add_pipe("vnepi_linker")
    comp.linker.models = linker.models
    return nlp


def evaluate_docs(nlp, docs: list[dict]):
    """Record scores of a pipeline on corpus documents (schema matching rule)."""
    from .api import extract
    from .evaluate import score_corpus

    return score_corpus((d["id"], extract(d["text"], date=d.get("date"), nlp=nlp), d["records"])
                        for d in docs)


def train(corpus: str | Path, out: str | Path, *, seed: int = 0, C: float = 0.5,
          C_cumulative: float | None = 0.25, fraction: float = 1.0, log: Callable[[str], None] | None = print,
          evaluate_on: Iterable[str] = ("dev", "test")) -> dict[str, Any]:
    """Train the linker on the train split, save the pipeline to ``out``, write its card."""
    t0 = time.time()
    say = log or (lambda _m: None)
    train_docs = load_split(corpus, "train")
    train_docs = subsample(train_docs, fraction, seed)
    say(f"train: {len(train_docs)} documents")
    stats: dict[str, int] = {}
    event_rows: list = []
    context_rows: list = []
    place_rows: list = []
    ex = examples(_progress(train_docs, "features"), stats=stats, events=event_rows,
                  context=context_rows, places=place_rows)
    say(f"{len(ex)} candidate numbers, {sum(1 for _, y in ex if y['event'] != NONE)} records "
        f"({stats.get('numbers_not_found', 0)} gold numbers not found, "
        f"{stats.get('not_candidates', 0)} filtered out by the rule layer)")
    linker = TrainedLinker().fit(ex, C=C, seed=seed, event_examples=event_rows,
                                 context_examples=context_rows, C_cumulative=C_cumulative,
                                 place_examples=place_rows)
    nlp = build_pipeline(linker)
    nlp.meta.update({"name": Path(out).name, "version": __version__, "vnepi_version": __version__,
                     "description": "vnepi trained linker", "trained": Date.today().isoformat()})
    scores: dict[str, Any] = {}
    baselines: dict[str, float] = {}
    from .api import rules_pipeline
    rules = rules_pipeline()
    for split in evaluate_on:
        try:
            docs = load_split(corpus, split)
        except FileNotFoundError:
            continue
        s = evaluate_docs(nlp, docs)
        scores[split] = s.to_dict()
        baselines[split] = evaluate_docs(rules, docs).micro()["f1"]
        say(f"{split}: record micro-F1 {s.micro()['f1']:.3f} on {len(docs)} documents "
            f"(rules only {baselines[split]:.3f})")
    out = Path(out)
    nlp.to_disk(out)
    info = {"vnepi_version": __version__, "seed": seed, "C": C,
            "C_cumulative": C if C_cumulative is None else C_cumulative, "fraction": fraction,
            "train_documents": len(train_docs), "candidates": len(ex), "stats": stats,
            "rules_only_f1": baselines,
            "scores": scores, "seconds": round(time.time() - t0, 1)}
    (out / "training.json").write_text(json.dumps(info, indent=1, ensure_ascii=False),
                                       encoding="utf-8")
    return info


def _progress(items: list, desc: str) -> Iterable:
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit="doc", file=sys.stderr)
