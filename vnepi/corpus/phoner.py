"""Reader for PhoNER_COVID19 files (VinAI): BIO-tagged words as JSON lines.

Each line is ``{"words": [...], "tags": [...]}``, word level ("Phước_Hoà", syllables joined
by underscores) or syllable level. The dataset's licence forbids redistribution, so vnepi
never ships it: :func:`read_phoner` reads a copy from a path the user gives.

The text is rebuilt by joining the words with single spaces (underscores become spaces) and
each entity's offsets are those of its tokens in that walk, so a repeated name gets the
offsets of its own mention (searching the text for the entity string would put every
repeat on the first one).
"""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Any, Sequence

from ..errors import CorpusFormatError
from .format import SPLITS, scan_jsonl

PHONER_TYPES: tuple[str, ...] = (
    "PATIENT_ID", "NAME", "GENDER", "AGE", "JOB", "LOCATION", "ORGANIZATION",
    "SYMPTOM_AND_DISEASE", "TRANSPORTATION", "DATE",
)
# PhoNER type -> vnepi entity label; types absent here have no vnepi counterpart.
LABEL_MAP: dict[str, str] = {"LOCATION": "PLACE", "DATE": "DATE"}


def _spans(tags: Sequence[str], where: str) -> list[tuple[str, int, int]]:
    """(type, first token, last token + 1) for each entity of a BIO tag sequence.

    An ``I-X`` that does not continue an ``X`` entity starts a new one, as conlleval does.
    """
    out: list[tuple[str, int, int]] = []
    cur: list[Any] | None = None
    for i, tag in enumerate(tags):
        if tag == "O":
            cur = None
            continue
        prefix, _, typ = tag.partition("-")
        if prefix not in ("B", "I") or not typ:
            raise CorpusFormatError(f"{where}: tag {i} {tag!r} is not O, B-TYPE or I-TYPE")
        if prefix == "B" or cur is None or cur[0] != typ:
            cur = [typ, i, i + 1]
            out.append(cur)  # type: ignore[arg-type]
        else:
            cur[2] = i + 1
    return [tuple(s) for s in out]  # type: ignore[misc]


def phoner_doc(words: Sequence[str], tags: Sequence[str], *, doc_id: str,
               keep_all: bool = False, split: str | None = None,
               where: str = "") -> dict[str, Any]:
    """One PhoNER sentence as a vnepi corpus document (entities only, no records).

    LOCATION becomes PLACE and DATE stays DATE; other types are dropped unless ``keep_all``,
    which keeps them under their PhoNER names (such documents do not validate as vnepi
    documents, whose labels are COUNT/PLACE/DATE/EVENT).
    """
    where = where or doc_id
    if not isinstance(words, list) or not isinstance(tags, list) \
            or not all(isinstance(w, str) for w in words) \
            or not all(isinstance(t, str) for t in tags):
        raise CorpusFormatError(f"{where}: 'words' and 'tags' must be lists of strings")
    if len(words) != len(tags):
        raise CorpusFormatError(f"{where}: {len(words)} words but {len(tags)} tags")
    offsets: list[tuple[int, int]] = []
    pieces: list[str] = []
    pos = 0
    for i, w in enumerate(words):
        piece = unicodedata.normalize("NFC", w.replace("_", " "))
        if i:
            pos += 1  # the joining space
        offsets.append((pos, pos + len(piece)))
        pieces.append(piece)
        pos += len(piece)
    text = " ".join(pieces)
    entities = []
    for typ, a, b in _spans(tags, where):
        label = LABEL_MAP.get(typ, typ if keep_all else None)
        start, end = offsets[a][0], offsets[b - 1][1]
        # empty or blank words at the edges would leave spaces inside the span
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if label is None or start == end:
            continue
        entities.append({"id": f"T{len(entities) + 1}", "start": start, "end": end,
                         "label": label, "text": text[start:end]})
    return {"id": doc_id, "text": text, "date": None,
            "meta": {"style": None, "source_type": "phoner_covid19", "split": split},
            "entities": entities, "relations": [], "records": []}


def _split_of(path: Path) -> str | None:
    head = path.stem.split("_")[0].lower()
    return head if head in SPLITS else None


def read_phoner(path: str | os.PathLike, *, keep_all: bool = False, split: str | None = None,
                id_prefix: str | None = None) -> list[dict[str, Any]]:
    """Every sentence of a PhoNER_COVID19 JSONL file as a vnepi document.

    Ids are ``<id_prefix>_<line>`` (default prefix ``phoner_<file stem>``); ``split`` defaults
    to the file name's first part when it is train/dev/test ("train_word.json" -> train).
    """
    path = Path(path)
    prefix = id_prefix or (path.stem if path.stem.lower().startswith("phoner")
                           else f"phoner_{path.stem}")
    split = split if split is not None else _split_of(path)
    docs = []
    for ln in scan_jsonl(path):
        where = f"{path}:{ln.number}"
        if ln.error:
            raise CorpusFormatError(f"{where}: {ln.error}")
        if "words" not in ln.obj or "tags" not in ln.obj:
            raise CorpusFormatError(f"{where}: a PhoNER line needs 'words' and 'tags'")
        docs.append(phoner_doc(ln.obj["words"], ln.obj["tags"], doc_id=f"{prefix}_{ln.number:05d}",
                               keep_all=keep_all, split=split, where=where))
    return docs
