"""Scoring extraction against gold records with the matching rule of ``record-schema.md``.

A predicted record matches a gold record when event, value, cumulative, kind, province and
district are equal (names compared after normalisation: case, diacritic variants,
prefixes such as "TP", "tỉnh", "huyện", "Q."). Each gold record matches at most one
prediction (the nearest by evidence offset among the equal ones). Precision, recall and
F1 are computed per event and micro-averaged; date, since and setting are scored as
accuracy over the matched pairs.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .records import NATIONAL, Record
from .resolve.places import get_gazetteer, name_key


def _as_dict(r: Record | Mapping[str, Any]) -> Mapping[str, Any]:
    return r.to_dict() if isinstance(r, Record) else r


def _province_key(name: str | None) -> str:
    if not name or name_key(name) in ("viet nam", "ca nuoc", "toan quoc", "vn"):
        return "viet nam"
    p = get_gazetteer().province(name)
    return name_key(p.name) if p else name_key(name)


def _district_key(name: str | None) -> str | None:
    if not name:
        return None
    k = name_key(name)
    if k.startswith("quan ") and k[5:].isdigit():
        return k[5:]
    return k


def match_key(r: Record | Mapping[str, Any]) -> tuple:
    """The fields a match compares, normalised."""
    d = _as_dict(r)
    loc = d.get("location") or {}
    value = d.get("value")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    prov = _province_key(loc.get("province"))
    return (d.get("event"), value, bool(d.get("cumulative")), d.get("kind", "count"), prov,
            None if prov == "viet nam" else _district_key(loc.get("district")))


@dataclass
class Scores:
    """Record-level scores: counts per event, and attribute accuracy over matches."""

    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    attr_ok: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    matched: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: "Scores") -> None:
        for a, b in ((self.tp, other.tp), (self.fp, other.fp), (self.fn, other.fn),
                     (self.attr_ok, other.attr_ok)):
            for k, v in b.items():
                a[k] += v
        self.matched += other.matched
        self.errors.extend(other.errors)

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn,
                "support": tp + fn}

    def micro(self) -> dict[str, float]:
        return self._prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def per_event(self) -> dict[str, dict[str, float]]:
        events = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        return {e: self._prf(self.tp[e], self.fp[e], self.fn[e]) for e in events}

    def attributes(self) -> dict[str, float]:
        n = self.matched
        return {k: (self.attr_ok[k] / n if n else 0.0) for k in ("date", "since", "setting")}

    def to_dict(self) -> dict[str, Any]:
        return {"micro": self.micro(), "per_event": self.per_event(),
                "attributes": self.attributes(), "matched": self.matched}


def score_records(pred: Iterable[Record | Mapping[str, Any]],
                  gold: Iterable[Record | Mapping[str, Any]], *, doc_id: str | None = None,
                  keep_errors: bool = True) -> Scores:
    """Score one document's predicted records against its gold records."""
    pred = [_as_dict(r) for r in pred]
    gold = [_as_dict(r) for r in gold]
    s = Scores()
    free: dict[tuple, list[int]] = defaultdict(list)
    for i, p in enumerate(pred):
        free[match_key(p)].append(i)
    used: set[int] = set()
    for g in gold:
        k = match_key(g)
        cands = [i for i in free.get(k, []) if i not in used]
        if not cands:
            s.fn[g.get("event")] += 1
            if keep_errors:
                s.errors.append({"doc": doc_id, "type": "missed", "gold": g})
            continue
        i = min(cands, key=lambda i: abs(pred[i].get("start", 0) - g.get("start", 0)))
        used.add(i)
        p = pred[i]
        s.tp[g.get("event")] += 1
        s.matched += 1
        for attr in ("date", "since", "setting"):
            if p.get(attr) == g.get(attr):
                s.attr_ok[attr] += 1
            elif keep_errors:
                s.errors.append({"doc": doc_id, "type": f"wrong_{attr}", "gold": g, "pred": p})
    for i, p in enumerate(pred):
        if i not in used:
            s.fp[p.get("event")] += 1
            if keep_errors:
                s.errors.append({"doc": doc_id, "type": "spurious", "pred": p})
    return s


def score_corpus(pairs: Iterable[tuple[str, Iterable, Iterable]]) -> Scores:
    """Sum of :func:`score_records` over (doc_id, predicted, gold) triples."""
    total = Scores()
    for doc_id, pred, gold in pairs:
        total.add(score_records(pred, gold, doc_id=doc_id))
    return total


__all__ = ["match_key", "score_records", "score_corpus", "Scores", "NATIONAL"]
