"""Counts over a corpus: documents, records and entities per split, and records by field."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable, Mapping

# Record fields counted one table each, in display order; "province" reads location.province.
DIMENSIONS: tuple[str, ...] = ("event", "kind", "setting", "province")
NONE = "(none)"


def _record_key(rec: dict[str, Any], dim: str) -> str:
    v = (rec.get("location") or {}).get("province") if dim == "province" else rec.get(dim)
    return NONE if v is None else str(v)


def corpus_stats(docs: Iterable[dict[str, Any]] | Mapping[str, Iterable[dict[str, Any]]]
                 ) -> dict[str, Any]:
    """Counts of a corpus, per split and in total.

    ``docs`` is a mapping split -> documents, or a flat iterable whose documents are split by
    ``meta.split``. The result maps ``documents``, ``records``, ``entities``, ``relations``
    to ``{split: n, "total": n}``, and ``event``, ``kind``, ``setting``, ``province``
    (records) and ``entity_label`` to ``{value: {split: n, "total": n}}``; ``splits`` lists
    the splits in order.
    """
    if isinstance(docs, Mapping):
        groups = {s: list(d) for s, d in docs.items()}
    else:
        groups = defaultdict(list)
        for d in docs:
            groups[str((d.get("meta") or {}).get("split") or NONE)].append(d)
    splits = list(groups)
    totals = {k: Counter() for k in ("documents", "records", "entities", "relations")}
    tables: dict[str, dict[str, Counter]] = {k: defaultdict(Counter)
                                             for k in (*DIMENSIONS, "entity_label")}
    for split, ds in groups.items():
        for d in ds:
            recs, ents = d.get("records") or [], d.get("entities") or []
            for key, n in (("documents", 1), ("records", len(recs)), ("entities", len(ents)),
                           ("relations", len(d.get("relations") or []))):
                totals[key][split] += n
                totals[key]["total"] += n
            for r in recs:
                for dim in DIMENSIONS:
                    c = tables[dim][_record_key(r, dim)]
                    c[split] += 1
                    c["total"] += 1
            for e in ents:
                c = tables["entity_label"][str(e.get("label"))]
                c[split] += 1
                c["total"] += 1
    out: dict[str, Any] = {"splits": splits}
    for key, c in totals.items():
        out[key] = {s: c[s] for s in (*splits, "total")}
    for key, t in tables.items():
        rows = sorted(t.items(), key=lambda kv: (-kv[1]["total"], kv[0]))
        out[key] = {v: {s: c[s] for s in (*splits, "total")} for v, c in rows}
    return out


def _grid(title: str, rows: list[tuple[str, list[int]]], cols: list[str]) -> list[str]:
    head = [title, *cols]
    cells = [[name, *map(str, nums)] for name, nums in rows]
    widths = [max(len(r[i]) for r in [head, *cells]) for i in range(len(head))]

    def fmt(r: list[str]) -> str:
        return "  ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])])

    return [fmt(head), "  ".join("-" * w for w in widths), *map(fmt, cells)]


def render_stats(stats: dict[str, Any]) -> str:
    """The counts of :func:`corpus_stats` as plain-text tables (one column per split)."""
    cols = [*stats["splits"], "total"]
    lines = _grid("corpus", [(k, [stats[k][c] for c in cols])
                             for k in ("documents", "records", "entities", "relations")], cols)
    for key, title in (("event", "records by event"), ("kind", "records by kind"),
                       ("setting", "records by setting"), ("province", "records by province"),
                       ("entity_label", "entities by label")):
        lines.append("")
        lines += _grid(title, [(v, [c[s] for s in cols]) for v, c in stats[key].items()], cols)
    return "\n".join(lines) + "\n"
