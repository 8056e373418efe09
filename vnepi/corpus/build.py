"""Build the corpus (``annotations/{train,dev,test}.jsonl``) from annotators' drafts.

Annotators write records; the entity and relation layers are *projected* from them:

- ``COUNT``: the number inside a record's evidence whose value is the record's value;
- ``PLACE``: every province or district mention the gazetteer finds in the text;
- ``DATE``: every date expression the date resolver finds;
- ``EVENT``: every event cue of the cue lexicon whose event is in the schema;
- relations from each record's COUNT to the EVENT cue, PLACE mention and DATE expression that
  carry its event, place and date (the nearest matching one in its sentence, if any).

Projection problems (a record whose number cannot be found in its evidence) are reported,
never dropped silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..pipeline.structure import Analysis, analyse
from ..records import EVENTS
from ..resolve.dates import parse_iso
from ..resolve.numbers import Quantity, find_quantities
from ..resolve.places import get_gazetteer, name_key
from .drafts import read_drafts

PRIORITY = {"COUNT": 0, "PLACE": 1, "DATE": 2, "EVENT": 3}


@dataclass
class BuildReport:
    documents: dict[str, int] = field(default_factory=dict)
    records: dict[str, int] = field(default_factory=dict)
    unprojected: list[str] = field(default_factory=list)


def record_count(quantities: Iterable[Quantity], rec: Mapping[str, Any]) -> Quantity | None:
    """The number among ``quantities`` (those of a record's evidence) that carries the
    record's value: the last of several for a change ("6.576 ca, tăng 401"), else the first."""
    qs = [q for q in quantities if abs(abs(q.value) - abs(rec["value"])) < 1e-6]
    if not qs:
        return None
    return qs[-1] if len(qs) > 1 and rec.get("kind") == "change" else qs[0]


def _find_count(a: Analysis, rec: dict) -> tuple[int, int, Any] | None:
    s, e = rec["start"], rec["end"]
    q = record_count(a.quantities_in(s, e), rec)
    if q is not None:
        return q.start, q.end, q.value
    q = record_count(find_quantities(a.text[s:e]), rec)
    return None if q is None else (q.start + s, q.end + s, q.value)


def _place_matches(p, rec: dict) -> bool:
    loc = rec["location"]
    if loc["district"]:
        return any(name_key(d.name) == name_key(loc["district"]) and d.province == loc["province"]
                   for d in p.districts)
    return p.province == loc["province"] and not p.districts


def project(doc: dict) -> tuple[dict, list[str]]:
    """Add ``entities`` and ``relations`` to a document that has ``text`` and ``records``."""
    text = doc["text"]
    a = analyse(text, parse_iso(doc.get("date")))
    problems: list[str] = []
    spans: dict[tuple[int, int], dict] = {}

    def add(start: int, end: int, label: str, **attrs) -> dict:
        key = (start, end)
        if key in spans:
            if PRIORITY[label] < PRIORITY[spans[key]["label"]]:
                spans[key] = {"start": start, "end": end, "label": label, **attrs}
            return spans[key]
        spans[key] = {"start": start, "end": end, "label": label, **attrs}
        return spans[key]

    for p in a.places:
        d = p.districts[0] if p.districts and not p.province else None
        prov = p.province or (d.province if d else None)
        code = get_gazetteer().canonical(prov)[1] if prov else None
        add(p.start, p.end, "PLACE", province=prov, district=d.name if d else None, code=code)
    for dt in a.dates:
        add(dt.start, dt.end, "DATE", date=dt.date.isoformat() if dt.date else None,
            since=dt.since.isoformat() if dt.since else None)
    for c in a.cues:
        # A cue of an event the schema lacks ("mũi 4") stops a figure from being read as
        # another event's, but has no label to train on.
        if c.category == "event" and c.value in EVENTS:
            add(c.start, c.end, "EVENT", event=c.value)

    links: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    counts: list[tuple[int, int] | None] = []
    for i, rec in enumerate(doc["records"]):
        found = _find_count(a, rec)
        if found is None:
            problems.append(f"{doc['id']} record {i}: value {rec['value']} not found in "
                            f"evidence {rec['text']!r}")
            counts.append(None)
            continue
        cs, ce, value = found
        add(cs, ce, "COUNT", value=value)
        counts.append((cs, ce))
        sent = a.sentence_of(cs)
        lo, hi = min(sent.start, rec["start"]), max(sent.end, rec["end"])
        ev = [c for c in a.cues_in(lo, hi) if c.category == "event" and c.value == rec["event"]]
        if ev:
            best = min(ev, key=lambda c: abs(c.start - cs))
            links.append(((cs, ce), (best.start, best.end), "event"))
        pl = [p for p in a.places_in(max(0, lo - 300), hi) if _place_matches(p, rec)]
        if pl:
            inside = [p for p in pl if rec["start"] <= p.start and p.end <= rec["end"]]
            best = (inside or [min(pl, key=lambda p: abs(p.start - cs))])[0]
            links.append(((cs, ce), (best.start, best.end), "place"))
        dts = [d for d in a.dates_in(lo, hi)
               if d.date and d.date.isoformat() == rec["date"] or
               d.since and d.since.isoformat() == rec.get("since")]
        if dts:
            best = min(dts, key=lambda d: abs(d.start - cs))
            links.append(((cs, ce), (best.start, best.end), "date"))

    # Non-overlapping entities, by priority then length.
    chosen: list[dict] = []
    for sp in sorted(spans.values(), key=lambda s: (PRIORITY[s["label"]], s["start"] - s["end"])):
        if all(sp["end"] <= o["start"] or o["end"] <= sp["start"] for o in chosen):
            chosen.append(sp)
    chosen.sort(key=lambda s: (s["start"], s["end"]))
    ids: dict[tuple[int, int], str] = {}
    entities = []
    for i, sp in enumerate(chosen, 1):
        eid = f"T{i}"
        ids[(sp["start"], sp["end"])] = eid
        ent = {"id": eid, "start": sp["start"], "end": sp["end"], "label": sp["label"],
               "text": text[sp["start"]:sp["end"]]}
        ent.update({k: v for k, v in sp.items() if k not in ("start", "end", "label")})
        entities.append(ent)
    relations, seen = [], set()
    for head, tail, label in links:
        if head in ids and tail in ids and (head, tail, label) not in seen:
            seen.add((head, tail, label))
            relations.append({"head": ids[head], "tail": ids[tail], "label": label})
    records = []
    for rec, cnt in zip(doc["records"], counts):
        r = dict(rec)
        if cnt is not None and cnt in ids:
            r["count"] = ids[cnt]
        records.append(r)
    out = {"id": doc["id"], "text": text, "date": doc.get("date"), "meta": doc.get("meta", {}),
           "entities": entities, "relations": relations, "records": records}
    return out, problems


def build_corpus(drafts_dir: str | Path, out_dir: str | Path) -> BuildReport:
    """Project every draft below ``drafts_dir/{train,dev,test}`` and write the JSONL splits."""
    from .format import write_jsonl

    drafts_dir, out_dir = Path(drafts_dir), Path(out_dir)
    report = BuildReport()
    for split in ("train", "dev", "test"):
        docs = []
        for d in read_drafts(drafts_dir / split):
            built, problems = project(d)
            built["meta"]["split"] = split
            docs.append(built)
            report.unprojected.extend(problems)
        write_jsonl(docs, out_dir / f"{split}.jsonl")
        report.documents[split] = len(docs)
        report.records[split] = sum(len(d["records"]) for d in docs)
    return report
