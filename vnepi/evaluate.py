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

from .records import Record
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

    def table(self) -> str:
        """Per-event precision, recall, F1 and support, the micro average, and attribute
        accuracy over matched records, as printed by the scoring tools."""
        m = self.micro()
        rows = [f"{'event':18s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>5s}"]
        for e, v in list(self.per_event().items()) + [("micro", m)]:
            rows.append(f"{e:18s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} "
                        f"{v['support']:5d}")
        rows.append("attribute accuracy over matches: " + ", ".join(
            f"{k} {v:.3f}" for k, v in self.attributes().items()))
        return "\n".join(rows)

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


__all__ = ["match_key", "score_records", "score_corpus", "Scores", "evaluate", "format_report",
           "underthesea_places"]


# -- full report: entities, relations, records, numbers ----------------------------------
def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    return Scores._prf(tp, fp, fn)


def _set_scores(pred: set, gold: set, label_of) -> dict[str, dict[str, float]]:
    """P/R/F1 per label of two sets of hashable items (strict equality)."""
    labels = sorted({label_of(x) for x in pred | gold})
    out = {}
    for lab in labels:
        p = {x for x in pred if label_of(x) == lab}
        g = {x for x in gold if label_of(x) == lab}
        out[lab] = _prf(len(p & g), len(p - g), len(g - p))
    return out


def _relations(doc_id: str, records: Iterable[Mapping[str, Any]], count_spans: Mapping) -> set:
    """Count → event/place/date relations of records, keyed by the count's span.

    A record's count span is its ``count`` entity when given, else the span of the number
    inside its evidence (``count_spans`` maps record index to it)."""
    out = set()
    for i, r in enumerate(records):
        span = count_spans.get(i)
        if span is None:
            continue
        loc = r.get("location") or {}
        place = (_province_key(loc.get("province")), _district_key(loc.get("district")))
        out.add((doc_id, span, "event", r.get("event")))
        out.add((doc_id, span, "place", place))
        out.add((doc_id, span, "date", r.get("date")))
    return out


def _count_span(text: str, rec: Mapping[str, Any]) -> tuple[int, int] | None:
    from .corpus.build import record_count
    from .resolve.numbers import find_quantities

    s, e = rec.get("start", 0), rec.get("end", 0)
    q = record_count(find_quantities(text[s:e]), rec)
    return None if q is None else (s + q.start, s + q.end)


def evaluate(nlp, docs: list[Mapping[str, Any]]) -> dict[str, Any]:
    """Score a pipeline on corpus documents (``text``, ``date``, ``entities``, ``records``).

    Returns entity P/R/F1 per label (strict spans, against the corpus's entity layer),
    relation P/R/F1 per label (count → event/place/date, against all gold pairs, so a
    missed count lowers recall), record P/R/F1 per event with the schema's matching rule,
    date/since/setting accuracy, and number resolution accuracy on the gold counts.
    """
    from .resolve.dates import parse_iso
    from .resolve.numbers import parse_quantity

    rec_scores = Scores()
    ent_pred: set = set()
    ent_gold: set = set()
    rel_pred: set = set()
    rel_gold: set = set()
    numbers_ok = numbers_all = 0
    for d in docs:
        text, did = d["text"], d["id"]
        doc = nlp.make_doc(text)
        doc._.ref_date = parse_iso(d.get("date"))
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        pred = list(doc._.records or [])
        rec_scores.add(score_records(pred, d["records"], doc_id=did))
        for sp in doc.spans.get("vnepi", []):
            ent_pred.add((did, sp.start_char, sp.end_char, sp.label_))
        for e in d.get("entities", []):
            ent_gold.add((did, e["start"], e["end"], e["label"]))
            if e["label"] == "COUNT" and e.get("value") is not None:
                numbers_all += 1
                q = parse_quantity(text[e["start"]:e["end"]])
                numbers_ok += int(q is not None and abs(abs(q.value) - abs(e["value"])) < 1e-6)
        pd = [r.to_dict() for r in pred]
        rel_pred |= _relations(did, pd, {i: _count_span(text, r) for i, r in enumerate(pd)})
        rel_gold |= _relations(did, d["records"], {i: _count_span(text, r)
                                                   for i, r in enumerate(d["records"])})
    return {
        "documents": len(docs),
        "records": rec_scores.to_dict(),
        "entities": _set_scores(ent_pred, ent_gold, lambda x: x[3]),
        "relations": _set_scores(rel_pred, rel_gold, lambda x: x[2]),
        "number_resolution": {"accuracy": numbers_ok / numbers_all if numbers_all else 0.0,
                              "n": numbers_all},
    }


def underthesea_places(docs: list[Mapping[str, Any]]) -> dict[str, float]:
    """Baseline: underthesea.ner's LOC spans scored against the corpus's PLACE entities."""
    from underthesea import ner

    pred: set = set()
    gold: set = set()
    for d in docs:
        text, did = d["text"], d["id"]
        for e in d.get("entities", []):
            if e["label"] == "PLACE":
                gold.add((did, e["start"], e["end"]))
        cur = 0
        start = None
        last_end = 0
        for line_start, line in _lines(text):
            try:
                tags = ner(line)
            except Exception:  # noqa: BLE001 - a baseline must not stop the report
                continue
            cur = 0
            for word, *_, tag in tags:
                pos = line.find(word, cur)
                if pos < 0:
                    continue
                cur = pos + len(word)
                if tag == "B-LOC" or (tag == "I-LOC" and start is None):
                    if start is not None:
                        pred.add((did, start, last_end))
                    start = line_start + pos
                elif tag != "I-LOC" and start is not None:
                    pred.add((did, start, last_end))
                    start = None
                last_end = line_start + cur
            if start is not None:
                pred.add((did, start, last_end))
                start = None
    return _prf(len(pred & gold), len(pred - gold), len(gold - pred))


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1


def format_report(report: Mapping[str, Any]) -> str:
    """A plain-text rendering of :func:`evaluate`'s report."""
    lines = [f"documents: {report['documents']}"]
    rec = report["records"]
    lines.append(f"{'records':24s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>6s}")
    for e, v in rec["per_event"].items():
        lines.append(f"  {e:22s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:6d}")
    m = rec["micro"]
    lines.append(f"  {'micro':22s} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['support']:6d}")
    lines.append("  attribute accuracy over matches: " +
                 ", ".join(f"{k} {v:.3f}" for k, v in rec["attributes"].items()))
    for section in ("entities", "relations"):
        lines.append(section)
        for lab, v in report[section].items():
            lines.append(f"  {lab:22s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:6d}")
    nr = report["number_resolution"]
    lines.append(f"number resolution accuracy: {nr['accuracy']:.4f} on {nr['n']} gold counts")
    for name, b in report.get("baselines", {}).items():
        if "micro" in b:
            lines.append(f"baseline {name}: record micro-F1 {b['micro']['f1']:.3f}")
        else:
            lines.append(f"baseline {name}: P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f}")
    return "\n".join(lines) + "\n"
