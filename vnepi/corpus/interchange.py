"""Conversion between the vnepi corpus format and the annotation tools doccano and Label Studio.

The tools only know text, labelled spans and labelled relations. Everything else of a vnepi
document travels in places the tools keep untouched, so that vnepi -> tool -> vnepi gives
back the same document:

- doccano JSONL (relation project): the document's ``date``, ``meta``, ``records`` and any
  other extra key are top-level keys of the line (doccano keeps them as metadata);
  ``vnepi_entities`` maps each span, keyed ``"start:end:LABEL"``, to its vnepi entity id and
  resolved attributes (``value``, ``province``, ``date``, ``event``...). The key is the span,
  not doccano's entity id, because doccano renumbers entities on import: unchanged spans
  find their attributes again, and a span moved or relabelled in doccano comes back as a
  new entity without stale attributes. ``vnepi_relations`` keeps relation attributes beyond
  head/tail/label (when there are any), keyed ``"head>tail:label"`` by vnepi ids.
- Label Studio tasks: those keys go into ``data`` next to ``text`` (``doc_id`` holds the vnepi
  id, because Label Studio renumbers tasks); entity attributes go into the span result's
  ``meta.vnepi``. Result ids are the vnepi entity ids.

An entity's ``text`` is never stored: it is cut from the text by its offsets on the way back.
"""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any, Iterable

from ..errors import CorpusFormatError
from .format import read_jsonl, scan_jsonl, write_jsonl

FORMATS: tuple[str, ...] = ("vnepi", "doccano", "labelstudio", "phoner")
_ENTITY_CORE = ("id", "start", "end", "label", "text")
_DOC_CORE = ("id", "text", "entities", "relations")
_DOC_DEFAULTS: dict[str, Any] = {"date": None, "meta": {}, "records": []}


def _entity(eid: str, start: Any, end: Any, label: Any, text: str, where: str) -> dict[str, Any]:
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise CorpusFormatError(f"{where}: span [{start!r}, {end!r}) is not a non-empty span "
                                f"of the text (length {len(text)})")
    return {"id": eid, "start": start, "end": end, "label": label, "text": text[start:end]}


def _fresh_ids(used: set[str]) -> Iterable[str]:
    n = 1
    while True:
        if f"T{n}" not in used:
            yield f"T{n}"
        n += 1


def _span_key(start: Any, end: Any, label: Any) -> str:
    return f"{start}:{end}:{label}"


def _doc_extras(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in _DOC_CORE}


# ---------------------------------------------------------------- doccano


def to_doccano(doc: dict[str, Any]) -> dict[str, Any]:
    """A vnepi document as a doccano relation-project line (integer entity ids from 1)."""
    num = {e["id"]: i for i, e in enumerate(doc.get("entities", []), start=1)}
    out: dict[str, Any] = {"id": doc["id"], "text": doc["text"], "entities": [], "relations": []}
    attrs: dict[str, dict[str, Any]] = {}
    for e in doc.get("entities", []):
        out["entities"].append({"id": num[e["id"]], "label": e["label"],
                                "start_offset": e["start"], "end_offset": e["end"]})
        attrs[_span_key(e["start"], e["end"], e["label"])] = {
            "id": e["id"], **{k: v for k, v in e.items() if k not in _ENTITY_CORE}}
    rel_extra: dict[str, dict[str, Any]] = {}
    for i, r in enumerate(doc.get("relations", []), start=1):
        out["relations"].append({"id": i, "from_id": num[r["head"]], "to_id": num[r["tail"]],
                                 "type": r["label"]})
        extra = {k: v for k, v in r.items() if k not in ("head", "tail", "label")}
        if extra:
            rel_extra[f"{r['head']}>{r['tail']}:{r['label']}"] = extra
    out.update(_doc_extras(doc))
    out["vnepi_entities"] = attrs
    if rel_extra:
        out["vnepi_relations"] = rel_extra
    return out


def from_doccano(obj: dict[str, Any], *, default_id: str | None = None) -> dict[str, Any]:
    """A vnepi document from a doccano line (relation project, or spans-only ``label`` list).

    Entities created in doccano (without vnepi attributes) get fresh ids ``T<n>``.
    """
    where = f"doccano document {obj.get('id', default_id)!r}"
    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str):
        raise CorpusFormatError(f"{where}: no 'text' string")
    did = obj.get("id", default_id)
    if did is None:
        raise CorpusFormatError(f"{where}: no 'id'")
    attrs = obj.get("vnepi_entities") or {}
    if "entities" in obj:
        raw = [(e.get("id"), e.get("start_offset"), e.get("end_offset"), e.get("label"))
               for e in obj["entities"]]
    else:  # spans-only projects export [[start, end, label], ...]
        raw = [(None, *span) for span in obj.get("label", [])]
    used = {a["id"] for a in attrs.values() if "id" in a}
    fresh = _fresh_ids(used)
    entities, vid = [], {}
    for tool_id, start, end, label in raw:
        extra = dict(attrs.get(_span_key(start, end, label), {}))
        eid = extra.pop("id", None) or next(fresh)
        ent = _entity(eid, start, end, label, text, f"{where}, entity {tool_id}")
        ent.update(extra)
        entities.append(ent)
        if tool_id is not None:
            vid[tool_id] = eid
    rel_extra = obj.get("vnepi_relations") or {}
    relations = []
    for r in obj.get("relations", []):
        if r.get("from_id") not in vid or r.get("to_id") not in vid:
            raise CorpusFormatError(f"{where}: relation {r.get('id')} joins unknown entity ids "
                                    f"{r.get('from_id')!r} -> {r.get('to_id')!r}")
        head, tail, label = vid[r["from_id"]], vid[r["to_id"]], r.get("type")
        relations.append({"head": head, "tail": tail, "label": label,
                          **rel_extra.get(f"{head}>{tail}:{label}", {})})
    doc: dict[str, Any] = {"id": did if isinstance(did, str) else str(did), "text": text}
    skip = {"id", "text", "data", "entities", "relations", "label", "vnepi_entities",
            "vnepi_relations"}
    doc.update({k: v for k, v in obj.items() if k not in skip})
    for k, v in _DOC_DEFAULTS.items():
        doc.setdefault(k, copy.deepcopy(v))
    doc["entities"], doc["relations"] = entities, relations
    return doc


# ------------------------------------------------------------ Label Studio


def to_labelstudio(doc: dict[str, Any]) -> dict[str, Any]:
    """A vnepi document as a Label Studio task with one annotation (labels + relations)."""
    result: list[dict[str, Any]] = []
    for e in doc.get("entities", []):
        res: dict[str, Any] = {
            "id": e["id"], "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": e["start"], "end": e["end"], "text": doc["text"][e["start"]:e["end"]],
                      "labels": [e["label"]]}}
        extra = {k: v for k, v in e.items() if k not in _ENTITY_CORE}
        if extra:
            res["meta"] = {"vnepi": extra}
        result.append(res)
    for r in doc.get("relations", []):
        res = {"type": "relation", "from_id": r["head"], "to_id": r["tail"],
               "direction": "right", "labels": [r["label"]]}
        extra = {k: v for k, v in r.items() if k not in ("head", "tail", "label")}
        if extra:
            res["meta"] = {"vnepi": extra}
        result.append(res)
    data = {"text": doc["text"], "doc_id": doc["id"], **_doc_extras(doc)}
    return {"id": doc["id"], "data": data, "annotations": [{"result": result}]}


def _utf16_to_index(text: str, off: int) -> int:
    """Python index of a UTF-16 code-unit offset (what JavaScript counts)."""
    units = 0
    for i, ch in enumerate(text):
        if units >= off:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _ls_span(text: str, value: dict[str, Any], where: str) -> tuple[int, int]:
    start, end = value.get("start"), value.get("end")
    shown = value.get("text")
    if shown is None or (isinstance(start, int) and isinstance(end, int)
                         and text[start:end] == shown):
        return start, end
    # Label Studio measures offsets in the browser, in UTF-16 units: they drift from
    # Python's after any character outside the BMP (emoji).
    if isinstance(start, int) and isinstance(end, int):
        s, e = _utf16_to_index(text, start), _utf16_to_index(text, end)
        if text[s:e] == shown:
            return s, e
    raise CorpusFormatError(f"{where}: value text {shown!r} is not at [{start}, {end}) "
                            f"of the task text")


def from_labelstudio(obj: dict[str, Any], *, annotation: int = 0) -> dict[str, Any]:
    """A vnepi document from a Label Studio task.

    Reads the ``annotation``-th annotation that was not cancelled (the first by default);
    only ``labels`` and ``relation`` results are read, other controls are ignored.
    """
    data = obj.get("data")
    where = f"Label Studio task {obj.get('id')!r}"
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise CorpusFormatError(f"{where}: no data.text string")
    text = data["text"]
    done = [a for a in obj.get("annotations") or [] if not a.get("was_cancelled")]
    if len(done) > annotation:
        results = done[annotation].get("result") or []
    elif not done:
        results = []
    else:
        raise CorpusFormatError(f"{where}: has {len(done)} annotation(s), no #{annotation}")
    did = data.get("doc_id", obj.get("id"))
    if did is None:
        raise CorpusFormatError(f"{where}: no document id (data.doc_id or id)")
    used = {r["id"] for r in results if isinstance(r.get("id"), str)}
    fresh = _fresh_ids(used)
    entities, relations, ids = [], [], set()
    for r in results:
        if r.get("type") == "labels":
            rid = r.get("id") or next(fresh)
            labels = (r.get("value") or {}).get("labels") or []
            if len(labels) != 1:
                raise CorpusFormatError(f"{where}, result {rid}: a span needs exactly one "
                                        f"label, got {labels}")
            s, e = _ls_span(text, r["value"], f"{where}, result {rid}")
            ent = _entity(str(rid), s, e, labels[0], text, f"{where}, result {rid}")
            ent.update((r.get("meta") or {}).get("vnepi", {}))
            entities.append(ent)
            ids.add(ent["id"])
    for r in results:
        if r.get("type") == "relation":
            labels = r.get("labels") or []
            pair = f"{r.get('from_id')} -> {r.get('to_id')}"
            if len(labels) != 1:
                raise CorpusFormatError(f"{where}: relation {pair} needs exactly one label, "
                                        f"got {labels}")
            if r.get("from_id") not in ids or r.get("to_id") not in ids:
                raise CorpusFormatError(f"{where}: relation {pair} joins unknown results")
            head, tail = r["from_id"], r["to_id"]
            if r.get("direction") == "left":
                head, tail = tail, head
            relations.append({"head": head, "tail": tail, "label": labels[0],
                              **(r.get("meta") or {}).get("vnepi", {})})
    doc: dict[str, Any] = {"id": str(did), "text": text}
    doc.update({k: v for k, v in data.items() if k not in ("text", "doc_id")})
    for k, v in _DOC_DEFAULTS.items():
        doc.setdefault(k, copy.deepcopy(v))
    doc["entities"], doc["relations"] = entities, relations
    return doc


# ------------------------------------------------------------------ files


def read_doccano(path: str | os.PathLike) -> list[dict[str, Any]]:
    """vnepi documents from a doccano JSONL export (ids default to ``<file stem>_<n>``)."""
    stem = Path(path).stem
    return [from_doccano(o, default_id=f"{stem}_{i}") for i, o in enumerate(read_jsonl(path), 1)]


def write_doccano(docs: Iterable[dict[str, Any]], path: str | os.PathLike) -> int:
    """Write documents as doccano JSONL; returns how many."""
    return write_jsonl((to_doccano(d) for d in docs), path)


def _load_json_or_jsonl(path: str | os.PathLike) -> list[Any]:
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise CorpusFormatError(f"{path}: cannot read ({e.strerror or e})") from e
    except UnicodeDecodeError as e:
        raise CorpusFormatError(f"{path}: not UTF-8 (byte {e.start})") from e
    if raw.lstrip().startswith("["):
        try:
            tasks = json.loads(raw)
        except json.JSONDecodeError as e:
            raise CorpusFormatError(f"{path}: not valid JSON ({e.msg}, line {e.lineno})") from e
        return tasks
    return read_jsonl(path)


def read_labelstudio(path: str | os.PathLike) -> list[dict[str, Any]]:
    """vnepi documents from a Label Studio export (a JSON list of tasks, or JSON lines)."""
    return [from_labelstudio(t) for t in _load_json_or_jsonl(path)]


def write_labelstudio(docs: Iterable[dict[str, Any]], path: str | os.PathLike) -> int:
    """Write documents as a Label Studio JSON task list (importable as is); returns how many."""
    tasks = [to_labelstudio(d) for d in docs]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(tasks)


def sniff(obj: Any) -> str | None:
    """The format one parsed object is in, or None when it could be several."""
    if not isinstance(obj, dict):
        return None
    if "words" in obj and "tags" in obj:
        return "phoner"
    if isinstance(obj.get("data"), dict) and ("annotations" in obj or "text" in obj["data"]):
        return "labelstudio"
    if "vnepi_entities" in obj or isinstance(obj.get("label"), list):
        return "doccano"
    ents = obj.get("entities")
    if isinstance(ents, list) and ents and isinstance(ents[0], dict):
        if "start_offset" in ents[0]:
            return "doccano"
        if "start" in ents[0]:
            return "vnepi"
    rels = obj.get("relations")
    if isinstance(rels, list) and rels and isinstance(rels[0], dict):
        return "doccano" if "from_id" in rels[0] else "vnepi" if "head" in rels[0] else None
    if "records" in obj and "entities" in obj:  # to_doccano always adds vnepi_entities
        return "vnepi"
    return None


def detect_format(path: str | os.PathLike) -> str:
    """``vnepi``, ``doccano``, ``labelstudio`` or ``phoner``, judged from the file's content."""
    try:
        head = Path(path).read_bytes().lstrip()[:1]
    except OSError as e:
        raise CorpusFormatError(f"{path}: cannot read ({e.strerror or e})") from e
    # Bad lines are skipped here: the reader of the detected format reports them all.
    objs = _load_json_or_jsonl(path) if head == b"[" else [ln.obj for ln in scan_jsonl(path)
                                                            if ln.error is None]
    for o in objs:
        fmt = sniff(o)
        if fmt:
            return fmt
    raise CorpusFormatError(f"{path}: cannot tell its format from the content (no entity, "
                            "relation or tool-specific key found); name it with --from")
