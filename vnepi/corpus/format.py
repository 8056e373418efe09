"""The vnepi corpus format: one annotated bulletin per line of a UTF-8 JSONL file.

A document has ``id``, ``text``, ``date`` (reference date, ISO or null), ``meta`` (``style``,
``source_type``, ``split``), ``entities`` (``id``, ``start``, ``end``, ``label``, ``text`` and
optional resolved attributes), ``relations`` (``head``, ``tail``, ``label`` by entity id) and
``records`` (the gold records of ``record-schema.md``). See ``annotations/GUIDELINES.md``.

:func:`scan_jsonl` reads a file line by line and keeps going past bad lines, so that
validation can report all of them; :func:`read_jsonl` is the strict reader.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import CorpusFormatError

ENTITY_LABELS: tuple[str, ...] = ("COUNT", "PLACE", "DATE", "EVENT")
RELATION_LABELS: tuple[str, ...] = ("event", "place", "date")
# The entity label a relation's tail must carry; the head is always a COUNT.
RELATION_TAIL: dict[str, str] = {"event": "EVENT", "place": "PLACE", "date": "DATE"}

DOC_KEYS: tuple[str, ...] = ("id", "text", "date", "meta", "entities", "relations", "records")
ENTITY_KEYS: tuple[str, ...] = ("id", "start", "end", "label", "text")
RELATION_KEYS: tuple[str, ...] = ("head", "tail", "label")
RECORD_KEYS: tuple[str, ...] = ("event", "value", "location", "date", "cumulative", "since",
                                "kind", "setting", "text", "start", "end")
LOCATION_KEYS: tuple[str, ...] = ("province", "district", "code")
SPLITS: tuple[str, ...] = ("train", "dev", "test")

# Pulls a document id out of a line that is not valid JSON, so a truncated line can
# still be reported by id.
_ID_IN_BROKEN_LINE = re.compile(r'"id"\s*:\s*"((?:[^"\\]|\\.)*)"')


@dataclass
class Line:
    """One non-blank line of a JSONL file: the parsed object, or why it could not be parsed."""

    number: int
    obj: Any = None
    error: str | None = None
    doc_id: str | None = None


def _reject_constant(name: str) -> float:
    # NaN and Infinity are not JSON; Python's json module accepts them unless told not to.
    raise ValueError(f"{name} is not valid JSON")


def parse_line(raw: bytes, number: int) -> Line:
    """Decode and parse one line; problems become ``Line.error`` instead of exceptions."""
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return Line(number, error=f"not UTF-8 (invalid byte 0x{raw[e.start]:02x} at byte "
                                  f"{e.start} of the line); convert the file to UTF-8")
    m = _ID_IN_BROKEN_LINE.search(s)
    guessed_id = m.group(1) if m else None
    try:
        obj = json.loads(s, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        # A cut line fails at its very end, or inside a string left open.
        if e.pos >= len(s.rstrip()) or e.msg.startswith("Unterminated string"):
            msg = f"truncated JSON (the line ends inside a value; {e.msg}, column {e.colno})"
        else:
            msg = f"not valid JSON ({e.msg}, column {e.colno})"
        return Line(number, error=msg, doc_id=guessed_id)
    except ValueError as e:
        return Line(number, error=str(e), doc_id=guessed_id)
    if not isinstance(obj, dict):
        return Line(number, error=f"expected a JSON object, got {type(obj).__name__}",
                    doc_id=guessed_id)
    did = obj.get("id")
    return Line(number, obj=obj, doc_id=did if isinstance(did, str) else guessed_id)


def scan_jsonl(path: str | os.PathLike) -> list[Line]:
    """Every non-blank line of ``path``, parsed or with the reason it could not be.

    Raises :class:`CorpusFormatError` only when the file itself cannot be read.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise CorpusFormatError(f"{path}: cannot read ({e.strerror or e})") from e
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM left by Windows editors is harmless
        data = data[3:]
    out = []
    for i, raw in enumerate(data.split(b"\n"), start=1):
        if raw.strip():
            out.append(parse_line(raw.rstrip(b"\r"), i))
    return out


def read_jsonl(path: str | os.PathLike) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file, in order.

    Only the syntax is checked here (UTF-8, one JSON object per line); use
    :func:`vnepi.corpus.validate.validate_file` to check the content as well.
    """
    lines = scan_jsonl(path)
    bad = [ln for ln in lines if ln.error]
    if bad:
        msgs = "\n".join(f"  {path}:{ln.number}"
                         + (f" (id {ln.doc_id!r})" if ln.doc_id else "") + f": {ln.error}"
                         for ln in bad)
        raise CorpusFormatError(f"{path}: {len(bad)} unreadable line(s):\n{msgs}")
    return [ln.obj for ln in lines]


def dumps_doc(doc: dict[str, Any]) -> str:
    """One document as a single JSON line (UTF-8 characters kept, no trailing newline)."""
    return json.dumps(doc, ensure_ascii=False, allow_nan=False)


def write_jsonl(docs: Iterable[dict[str, Any]], path: str | os.PathLike) -> int:
    """Write documents one per line to ``path`` (UTF-8, ``\\n``); returns how many.

    The file is written under a temporary name and renamed, so a crash never leaves a
    truncated corpus behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            for doc in docs:
                f.write(dumps_doc(doc) + "\n")
                n += 1
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n
