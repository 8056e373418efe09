"""The corpus as a Hugging Face ``DatasetDict`` and as spaCy training data.

:func:`load` reads ``<path>/{train,dev,test}.jsonl`` (a split is a set of whole documents),
checks them, and builds each split with ``datasets.Dataset.from_list(rows, features=FEATURES)``
under the explicit :data:`FEATURES` (loading scripts are refused by ``datasets`` >= 4, and
inferred schemas change with the content).

Why not ``datasets.load_dataset("json", data_files=..., features=FEATURES)``: the json
builder lets pyarrow's JSON reader infer types first and casts to the features afterwards,
and pyarrow reads every ISO date string as a timestamp, so ``"2021-11-04"`` comes back as
``"2021-11-04 00:00:00"`` (datasets 5.2; ``load_dataset`` passes no explicit schema to the
reader). Use :func:`load` rather than ``load_dataset("json")`` on these files.

Types worth knowing:

- ``value`` (records and entities) is ``float64``: an Arrow column holds one type, and an
  average may be fractional (83.5). Counts come back as floats (32.0); every figure is far
  below 2**53, so ``int(value)`` restores it exactly.
- offsets are ``int32``; attributes an entity does not have (``value`` on a PLACE) are null.
- Fields outside :data:`SCHEMA` (the schema allows extras) cannot go into a fixed Arrow
  schema: they are left out of the dataset with a warning naming them.

``datasets`` and ``spacy`` are imported inside the functions, so ``import vnepi.corpus``
stays light; ``FEATURES`` is built on first access.
"""
from __future__ import annotations

import os
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import CorpusFormatError
from .format import ENTITY_LABELS, SPLITS, read_jsonl
from .validate import validate_file

_S, _F, _I, _B = "string", "float64", "int32", "bool"
LOCATION = {"province": _S, "district": _S, "code": _S}
ENTITY = {"id": _S, "start": _I, "end": _I, "label": _S, "text": _S, "value": _F,
          "province": _S, "district": _S, "code": _S, "date": _S, "since": _S, "event": _S}
RELATION = {"head": _S, "tail": _S, "label": _S}
RECORD = {"event": _S, "value": _F, "location": LOCATION, "date": _S, "cumulative": _B,
          "since": _S, "kind": _S, "setting": _S, "text": _S, "start": _I, "end": _I,
          "count": _S, "approximate": _B}
META = {"style": _S, "source_type": _S, "split": _S}
# The dataset's schema as plain data: a str is a scalar type, a dict a struct, [x] a list of x.
SCHEMA: dict[str, Any] = {"id": _S, "text": _S, "date": _S, "meta": META, "entities": [ENTITY],
                          "relations": [RELATION], "records": [RECORD]}

_features_cache: Any = None


def features(schema: dict[str, Any] | None = None) -> Any:
    """``datasets.Features`` for ``schema`` (default :data:`SCHEMA`)."""
    import datasets

    def conv(t: Any) -> Any:
        if isinstance(t, str):
            return datasets.Value(t)
        if isinstance(t, list):
            return datasets.List(conv(t[0]))
        return {k: conv(v) for k, v in t.items()}

    return datasets.Features(conv(schema or SCHEMA))


def __getattr__(name: str) -> Any:
    # FEATURES is built lazily so that importing this module does not import datasets.
    global _features_cache
    if name == "FEATURES":
        if _features_cache is None:
            _features_cache = features()
        return _features_cache
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def project(obj: Any, schema: Any, dropped: Counter, path: str = "") -> Any:
    """``obj`` cut down to ``schema``; keys outside it are counted in ``dropped`` by path."""
    if isinstance(schema, list):
        return [project(x, schema[0], dropped, path + "[]") for x in obj or []]
    if isinstance(schema, dict):
        obj = obj if isinstance(obj, dict) else {}
        for k in obj:
            if k not in schema:
                dropped[f"{path}.{k}" if path else k] += 1
        return {k: project(obj.get(k), sub, dropped, f"{path}.{k}" if path else k)
                for k, sub in schema.items()}
    return obj


def load(path: str | os.PathLike, *, validate: bool = True) -> Any:
    """The corpus at ``path`` as a ``datasets.DatasetDict`` with splits train, dev and test.

    With ``validate`` (the default) the files are checked first and any problem, including
    a document id repeated across splits, raises :class:`CorpusFormatError`.
    """
    import datasets

    root = Path(path)
    files = {s: root / f"{s}.jsonl" for s in SPLITS}
    for s, f in files.items():
        if not f.is_file():
            raise CorpusFormatError(f"{root}: no {f.name} (a corpus folder holds "
                                    f"{', '.join(p.name for p in files.values())})")
    if validate:
        seen: dict[str, str] = {}
        by_split = {s: validate_file(f, seen_ids=seen)[0] for s, f in files.items()}
    else:
        by_split = {s: read_jsonl(f) for s, f in files.items()}
    dropped: Counter = Counter()
    rows = {s: [project(d, SCHEMA, dropped) for d in docs] for s, docs in by_split.items()}
    if dropped:
        warnings.warn("fields outside vnepi.corpus.dataset.SCHEMA are left out of the dataset: "
                      + ", ".join(f"{k} ({n}x)" for k, n in sorted(dropped.items())),
                      stacklevel=2)
    feats = features()
    # from_list([]) cannot see the columns, so an empty split is built from empty columns
    return datasets.DatasetDict({
        s: datasets.Dataset.from_list(r, features=feats) if r
        else datasets.Dataset.from_dict({k: [] for k in feats}, features=feats)
        for s, r in rows.items()})


@dataclass
class AlignmentReport:
    """What :func:`to_docbin` had to do to put entity spans on token boundaries."""

    docs: int = 0
    spans: int = 0
    exact: int = 0
    expanded: int = 0
    dropped_overlap: int = 0
    dropped_unaligned: int = 0
    skipped_label: int = 0
    details: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.docs} docs, {self.spans} entity spans: {self.exact} on token boundaries, "
                f"{self.expanded} expanded to token boundaries, {self.dropped_overlap} dropped as "
                f"overlapping after expansion, {self.dropped_unaligned} dropped (no token), "
                f"{self.skipped_label} skipped (label not in {', '.join(ENTITY_LABELS)})")


def to_docbin(docs: Iterable[dict[str, Any]], nlp: Any, *,
              report: AlignmentReport | None = None) -> Any:
    """spaCy ``DocBin`` of the documents tokenized by ``nlp``, with ``doc.ents`` set.

    Spans that do not fall on token boundaries are expanded to the tokens they touch
    (``alignment_mode="expand"``); a span that then overlaps an earlier one is dropped.
    The counts go into ``report`` when given, else into a warning whenever any span was
    expanded or dropped. The document id is kept in ``doc.user_data["id"]``.
    """
    from spacy.tokens import DocBin

    rep = report if report is not None else AlignmentReport()
    db = DocBin(store_user_data=True)
    for d in docs:
        sdoc = nlp.make_doc(d["text"])
        kept: list[Any] = []
        for e in sorted(d.get("entities", []), key=lambda e: (e["start"], -e["end"])):
            where = f"{d['id']} {e['id']} [{e['start']}, {e['end']}) {e['label']}"
            if e["label"] not in ENTITY_LABELS:
                rep.skipped_label += 1
                rep.details.append(f"{where}: label skipped")
                continue
            rep.spans += 1
            span = sdoc.char_span(e["start"], e["end"], label=e["label"], alignment_mode="expand")
            if span is None or len(span) == 0:
                rep.dropped_unaligned += 1
                rep.details.append(f"{where}: no token under the span, dropped")
                continue
            if (span.start_char, span.end_char) != (e["start"], e["end"]):
                rep.expanded += 1
                rep.details.append(f"{where}: expanded to {span.text!r}")
            else:
                rep.exact += 1
            clash = next((k for k in kept if span.start < k.end and k.start < span.end), None)
            if clash is not None:
                rep.dropped_overlap += 1
                rep.details.append(f"{where}: overlaps {clash.text!r} after expansion, dropped")
                continue
            kept.append(span)
        sdoc.ents = kept
        sdoc.user_data["id"] = d["id"]
        db.add(sdoc)
        rep.docs += 1
    if report is None and (rep.expanded or rep.dropped_overlap or rep.dropped_unaligned
                           or rep.skipped_label):
        warnings.warn("to_docbin: " + rep.summary(), stacklevel=2)
    return db
