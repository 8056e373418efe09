"""Annotators' drafts: a bulletin in ``<id>.txt`` and its records in ``<id>.json``.

A draft record names its evidence by a verbatim string (and ``nth`` occurrence) instead of
offsets, and leaves out fields that have their default value; :func:`read_draft` turns it
into a document with full schema records (``text``, ``start``, ``end``, ``code``...).
The format is described in ``annotations/GUIDELINES.md`` and checked by ``tools/check_drafts.py``.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import CorpusFormatError
from ..records import NATIONAL, NATIONAL_CODE
from ..resolve.places import get_gazetteer


def _nth_index(text: str, needle: str, nth: int) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            return -1
    return pos


def draft_record(text: str, r: dict[str, Any], doc_date: str | None, where: str) -> dict[str, Any]:
    """A full schema record from a draft record (offsets found from its evidence)."""
    ev = r.get("evidence")
    if not isinstance(ev, str) or not ev:
        raise CorpusFormatError(f"{where}: record has no evidence string")
    start = _nth_index(text, ev, int(r.get("nth", 0)))
    if start < 0:
        raise CorpusFormatError(f"{where}: evidence {ev!r} (occurrence {r.get('nth', 0)}) "
                                "not found in the text")
    prov = r.get("province") or NATIONAL
    if prov == NATIONAL:
        loc = {"province": NATIONAL, "district": None, "code": NATIONAL_CODE}
    else:
        p = get_gazetteer().province(prov)
        if p is None:
            raise CorpusFormatError(f"{where}: unknown province {prov!r}")
        loc = {"province": p.name, "district": r.get("district"), "code": p.code}
    return {
        "event": r["event"], "value": r["value"], "location": loc,
        "date": r.get("date", doc_date), "cumulative": bool(r.get("cumulative", False)),
        "since": r.get("since"), "kind": r.get("kind", "count"), "setting": r.get("setting"),
        "text": ev, "start": start, "end": start + len(ev),
    }


def read_draft(json_path: str | Path) -> dict[str, Any]:
    """One draft as a corpus document: ``id``, ``text``, ``date``, ``meta``, ``records``."""
    json_path = Path(json_path)
    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
        text = json_path.with_suffix(".txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CorpusFormatError(f"{json_path}: cannot read the draft: {e}") from e
    text = unicodedata.normalize("NFC", text)
    did = meta.get("id", json_path.stem)
    recs = [draft_record(text, r, meta.get("date"), f"{json_path} record {i}")
            for i, r in enumerate(meta.get("records") or [])]
    return {
        "id": did, "text": text, "date": meta.get("date"),
        "meta": {"style": meta.get("style"), "source_type": meta.get("source_type"),
                 "split": json_path.parent.name},
        "records": recs,
    }


def read_drafts(folder: str | Path) -> list[dict[str, Any]]:
    """Every draft below ``folder`` (sorted by id; ``example_*`` files are skipped)."""
    out = []
    for p in sorted(Path(folder).rglob("*.json")):
        if p.stem.startswith("example_") or not p.with_suffix(".txt").exists():
            continue
        out.append(read_draft(p))
    return out
