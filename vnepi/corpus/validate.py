"""Checks of corpus files: every problem is reported with file, line, document id and position.

:func:`validate_doc` checks one document; :func:`validate_file` checks a JSONL file (line
syntax, encoding, duplicated ids, then each document) and either raises
:class:`~vnepi.errors.CorpusFormatError` listing every problem or, with ``skip_invalid``,
returns the valid documents together with all the problems found in the others.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from datetime import date as Date
from typing import Any, Callable, Iterable

from ..errors import CorpusFormatError
from ..records import EVENTS, KINDS, SETTINGS
from .format import (DOC_KEYS, ENTITY_KEYS, ENTITY_LABELS, LOCATION_KEYS, RECORD_KEYS,
                     RELATION_KEYS, RELATION_LABELS, RELATION_TAIL, SPLITS, scan_jsonl)

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a corpus file; ``str()`` gives ``file:line: document 'id', position: message``."""

    file: str | None
    line: int | None
    doc_id: str | None
    position: str
    message: str

    def __str__(self) -> str:
        where = self.file or "<document>"
        if self.line is not None:
            where += f":{self.line}"
        who = f"document {self.doc_id!r}" if self.doc_id is not None else "document (no id)"
        pos = f", {self.position}" if self.position else ""
        return f"{where}: {who}{pos}: {self.message}"


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return (_is_int(v) or isinstance(v, float)) and not (isinstance(v, float) and not math.isfinite(v))


def _iso_problem(v: Any, what: str) -> str | None:
    """Why ``v`` is not an ISO date (None is allowed), or None when it is fine."""
    if v is None:
        return None
    if not isinstance(v, str) or not _ISO.fullmatch(v):
        return f"{what} {v!r} is not an ISO date (YYYY-MM-DD) or null"
    try:
        Date.fromisoformat(v)
    except ValueError:
        return f"{what} {v!r} is not a calendar date"
    return None


class _Checker:
    """Collects the problems of one document."""

    def __init__(self, doc: Any, where: str, line: int | None) -> None:
        self.doc = doc
        did = doc.get("id") if isinstance(doc, dict) else None
        self.doc_id = did if isinstance(did, str) else (None if did is None else repr(did))
        self.where = where or None
        self.line = line
        self.problems: list[Problem] = []

    def add(self, position: str, message: str) -> None:
        self.problems.append(Problem(self.where, self.line, self.doc_id, position, message))

    def offsets(self, pos: str, item: dict, text: str, what: str) -> bool:
        """Check ``start``/``end`` against the text; True when they delimit a non-empty span."""
        s, e = item.get("start"), item.get("end")
        if not (_is_int(s) and _is_int(e)):
            self.add(pos, f"{what} offsets must be integers, got start={s!r}, end={e!r}")
            return False
        if s < 0 or e > len(text):
            self.add(pos, f"{what} offsets [{s}, {e}) lie outside the text (length {len(text)})")
            return False
        if s >= e:
            self.add(pos, f"{what} start {s} is not before end {e}")
            return False
        if item.get("text") != text[s:e]:
            self.add(pos, f"{what} text {item.get('text')!r} differs from text[{s}:{e}] = "
                          f"{text[s:e]!r}")
        return True


def _check_entities(c: _Checker, text: str) -> dict[str, dict]:
    """Entity checks; returns entities by id (first occurrence) for the relation checks."""
    by_id: dict[str, dict] = {}
    spans: list[tuple[int, int, str]] = []
    for i, ent in enumerate(c.doc.get("entities") or []):
        pos = f"entities[{i}]"
        if not isinstance(ent, dict):
            c.add(pos, f"an entity must be an object, got {type(ent).__name__}")
            continue
        eid = ent.get("id")
        if isinstance(eid, str):
            pos += f" ({eid})"
        missing = [k for k in ENTITY_KEYS if k not in ent]
        if missing:
            c.add(pos, f"entity is missing key(s) {', '.join(missing)}")
        if not isinstance(eid, str) or not eid:
            if "id" in ent:
                c.add(pos, f"entity id must be a non-empty string, got {eid!r}")
        elif eid in by_id:
            c.add(pos, f"entity id {eid!r} is used twice in this document")
        else:
            by_id[eid] = ent
        if ent.get("label") not in ENTITY_LABELS:
            c.add(pos, f"unknown entity label {ent.get('label')!r} (expected one of "
                       f"{', '.join(ENTITY_LABELS)})")
        if "event" in ent and ent["event"] is not None and ent["event"] not in EVENTS:
            c.add(pos, f"unknown event {ent['event']!r}")
        for key in ("date", "since"):
            msg = _iso_problem(ent.get(key), key)
            if msg:
                c.add(pos, msg)
        if ent.get("value") is not None and not _is_number(ent["value"]):
            c.add(pos, f"value {ent['value']!r} is not a number")
        if c.offsets(pos, ent, text, "entity"):
            spans.append((ent["start"], ent["end"], eid if isinstance(eid, str) else f"#{i}"))
    _check_overlaps(c, spans)
    return by_id


def _check_overlaps(c: _Checker, spans: list[tuple[int, int, str]]) -> None:
    # Sweep in start order, comparing each span with the furthest-reaching one before it:
    # every entity that overlaps an earlier one is reported once.
    spans.sort(key=lambda t: (t[0], -t[1]))
    reach: tuple[int, int, str] | None = None
    for s, e, eid in spans:
        if reach is not None and s < reach[1]:
            rs, re_, rid = reach
            if (s, e) == (rs, re_):
                how = "has the same span as"
            elif e <= re_:
                how = "is nested inside"
            else:
                how = "crosses"
            c.add(f"entity {eid} [{s}, {e})", f"overlaps: {eid} {how} {rid} [{rs}, {re_}); "
                                              "entity spans must not overlap")
        if reach is None or e > reach[1]:
            reach = (s, e, eid)


def _check_relations(c: _Checker, ents: dict[str, dict]) -> None:
    seen: set[tuple] = set()
    for i, rel in enumerate(c.doc.get("relations") or []):
        pos = f"relations[{i}]"
        if not isinstance(rel, dict):
            c.add(pos, f"a relation must be an object, got {type(rel).__name__}")
            continue
        missing = [k for k in RELATION_KEYS if k not in rel]
        if missing:
            c.add(pos, f"relation is missing key(s) {', '.join(missing)}")
        head, tail, label = rel.get("head"), rel.get("tail"), rel.get("label")
        pos += f" ({head} -{label}-> {tail})"
        if label not in RELATION_LABELS:
            c.add(pos, f"unknown relation label {label!r} (expected one of "
                       f"{', '.join(RELATION_LABELS)})")
        for role, eid in (("head", head), ("tail", tail)):
            if role in rel:
                if not isinstance(eid, str) or eid not in ents:
                    c.add(pos, f"relation {role} {eid!r} is not an entity id of this document")
        if isinstance(head, str) and isinstance(tail, str) and head in ents and tail in ents \
                and label in RELATION_LABELS:
            hl, tl = ents[head].get("label"), ents[tail].get("label")
            if hl != "COUNT" or tl != RELATION_TAIL[label]:
                c.add(pos, f"relation {label!r} goes from COUNT to {RELATION_TAIL[label]}, "
                           f"not from {hl} to {tl}")
        key = (head, tail, label)
        if all(isinstance(k, str) for k in key):
            if key in seen:
                c.add(pos, "relation repeated")
            seen.add(key)


def _check_records(c: _Checker, text: str, ents: dict[str, dict]) -> None:
    for i, rec in enumerate(c.doc.get("records") or []):
        pos = f"records[{i}]"
        if not isinstance(rec, dict):
            c.add(pos, f"a record must be an object, got {type(rec).__name__}")
            continue
        missing = [k for k in RECORD_KEYS if k not in rec]
        if missing:
            c.add(pos, f"record is missing field(s) {', '.join(missing)}")
        if "event" in rec and rec["event"] not in EVENTS:
            c.add(pos, f"unknown event {rec['event']!r}")
        if "kind" in rec and rec["kind"] not in KINDS:
            c.add(pos, f"kind {rec['kind']!r} is not one of {', '.join(KINDS)}")
        if "setting" in rec and rec["setting"] not in SETTINGS:
            c.add(pos, f"setting {rec['setting']!r} is not null or one of "
                       f"{', '.join(s for s in SETTINGS if s)}")
        if "value" in rec:
            v = rec["value"]
            if not _is_number(v):
                c.add(pos, f"value {v!r} is not a finite number")
            elif isinstance(v, float) and rec.get("kind") != "average":
                c.add(pos, f"value {v!r} is a float; only an average may be fractional "
                           f"(kind is {rec.get('kind')!r})")
        if "cumulative" in rec and not isinstance(rec["cumulative"], bool):
            c.add(pos, f"cumulative must be true or false, got {rec['cumulative']!r}")
        for key in ("date", "since"):
            msg = _iso_problem(rec.get(key), key)
            if msg:
                c.add(pos, msg)
        if "location" in rec:
            _check_location(c, pos, rec["location"])
        if "start" in rec or "end" in rec:
            c.offsets(pos, rec, text, "evidence")
        cid = rec.get("count")
        if cid is not None and (not isinstance(cid, str) or cid not in ents
                                or ents[cid].get("label") != "COUNT"):
            c.add(pos, f"count {cid!r} is not the id of a COUNT entity of this document")


def _check_location(c: _Checker, pos: str, loc: Any) -> None:
    if not isinstance(loc, dict):
        c.add(pos, f"location must be an object, got {loc!r}")
        return
    missing = [k for k in LOCATION_KEYS if k not in loc]
    if missing:
        c.add(pos, f"location is missing key(s) {', '.join(missing)}")
    if "province" in loc and (not isinstance(loc["province"], str) or not loc["province"]):
        c.add(pos, f"location province must be a non-empty string, got {loc['province']!r}")
    if loc.get("district") is not None and not isinstance(loc["district"], str):
        c.add(pos, f"location district must be a string or null, got {loc['district']!r}")
    if "code" in loc and (not isinstance(loc["code"], str) or not loc["code"]):
        c.add(pos, f"location code must be a non-empty string, got {loc['code']!r}")


def _check_tokens(c: _Checker, text: str, ents: dict[str, dict], tokenizer: Callable) -> None:
    tokens = list(tokenizer(text))
    starts = {t.idx for t in tokens}
    ends = {t.idx + len(t.text) for t in tokens}
    for eid, ent in ents.items():
        s, e = ent.get("start"), ent.get("end")
        if not (_is_int(s) and _is_int(e) and 0 <= s < e <= len(text)):
            continue
        bad = [side for side, ok in (("start", s in starts), ("end", e in ends)) if not ok]
        if bad:
            inside = [t.text for t in tokens if t.idx < e and t.idx + len(t.text) > s]
            c.add(f"entity {eid} [{s}, {e})",
                  f"{' and '.join(bad)} of {text[s:e]!r} not on a token boundary "
                  f"(tokens: {' | '.join(inside)})")


def validate_doc(doc: Any, *, where: str = "", line: int | None = None,
                 tokenizer: Callable | None = None) -> list[Problem]:
    """Every problem of one corpus document (empty list when it is valid).

    ``where`` (a file name) and ``line`` only label the problems. ``tokenizer``, a callable
    returning spaCy tokens (``nlp.tokenizer``), adds a check that entity spans start and
    end on its token boundaries (run only when the document has no other problem).
    """
    c = _Checker(doc, where, line)
    if not isinstance(doc, dict):
        c.add("", f"a document must be a JSON object, got {type(doc).__name__}")
        return c.problems
    missing = [k for k in DOC_KEYS if k not in doc]
    if missing:
        c.add("", f"missing key(s) {', '.join(missing)}")
    if "id" in doc and (not isinstance(doc["id"], str) or not doc["id"]):
        c.add("id", f"document id must be a non-empty string, got {doc['id']!r}")
    msg = _iso_problem(doc.get("date"), "date")
    if msg:
        c.add("date", msg)
    meta = doc.get("meta", {})
    if not isinstance(meta, dict):
        c.add("meta", f"meta must be an object, got {meta!r}")
    elif meta.get("split") is not None and meta["split"] not in SPLITS:
        c.add("meta.split", f"split {meta['split']!r} is not one of {', '.join(SPLITS)}")
    for key in ("entities", "relations", "records"):
        if key in doc and not isinstance(doc[key], list):
            c.add(key, f"{key} must be a list, got {type(doc[key]).__name__}")
            return c.problems
    if "text" not in doc:
        return c.problems
    text = doc["text"]
    if not isinstance(text, str):
        c.add("text", f"text must be a string, got {type(text).__name__}")
        return c.problems
    ents = _check_entities(c, text)
    _check_relations(c, ents)
    _check_records(c, text, ents)
    if tokenizer is not None and not c.problems:
        _check_tokens(c, text, ents, tokenizer)
    return c.problems


def format_problems(problems: Iterable[Problem], header: str = "") -> str:
    """Problems one per line, under an optional header."""
    lines = [header] if header else []
    lines += [f"  {p}" for p in problems]
    return "\n".join(lines)


def invalid_documents(problems: Iterable[Problem]) -> int:
    """How many documents (distinct file lines) the problems make invalid."""
    return len({(p.file, p.line, p.doc_id) for p in problems})


def validate_file(path: str | os.PathLike, *, skip_invalid: bool = False,
                  tokenizer: Callable | None = None,
                  seen_ids: dict[str, str] | None = None) -> tuple[list[dict], list[Problem]]:
    """Read and check a corpus JSONL file; returns ``(valid documents, problems)``.

    Without ``skip_invalid`` any problem raises :class:`CorpusFormatError` listing all of
    them (the exception's ``problems`` attribute holds the list). With it, invalid
    documents are left out and every problem is returned. ``seen_ids`` (id -> "file:line")
    carries document ids across files so that an id repeated in another split is caught.
    """
    name = str(path)
    seen = {} if seen_ids is None else seen_ids
    docs: list[dict] = []
    problems: list[Problem] = []
    for ln in scan_jsonl(path):
        if ln.error:
            problems.append(Problem(name, ln.number, ln.doc_id, "", ln.error))
            continue
        found = validate_doc(ln.obj, where=name, line=ln.number, tokenizer=tokenizer)
        did = ln.obj.get("id")
        if isinstance(did, str) and did:
            if did in seen:
                found.append(Problem(name, ln.number, did, "id",
                                     f"duplicate document id (first seen at {seen[did]})"))
            else:
                seen[did] = f"{name}:{ln.number}"
        if found:
            problems += found
        else:
            docs.append(ln.obj)
    if problems and not skip_invalid:
        n = invalid_documents(problems)
        err = CorpusFormatError(format_problems(
            problems, f"{name}: {len(problems)} problem(s) in {n} document(s):"))
        err.problems = problems  # type: ignore[attr-defined]
        raise err
    return docs, problems


def validate_files(paths: Iterable[str | os.PathLike], *, skip_invalid: bool = False,
                   tokenizer: Callable | None = None) -> tuple[list[dict], list[Problem]]:
    """:func:`validate_file` over several files, also catching ids repeated across them."""
    seen: dict[str, str] = {}
    docs: list[dict] = []
    problems: list[Problem] = []
    for p in paths:
        d, pr = validate_file(p, skip_invalid=skip_invalid, tokenizer=tokenizer, seen_ids=seen)
        docs += d
        problems += pr
    return docs, problems
