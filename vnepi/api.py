"""The public entry points: ``load``, ``extract``, ``extract_docs``."""
from __future__ import annotations

import os
from datetime import date as Date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language

from . import __version__
from .errors import ModelLoadError
from .input import check_text
from .records import Record
from .resolve.dates import parse_iso

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_MODEL = "vnepi_vi_default"
MODEL_FILES = ("config.cfg", "meta.json")


def blank() -> Language:
    """An empty Vietnamese pipeline with the vnepi tokenizer (no pyvi needed)."""
    from . import tokenizer  # noqa: F401 - registers the tokenizer
    from .pipeline import components  # noqa: F401 - registers the factories

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vnepi.ViTokenizer.v1"}}})


def rules_pipeline() -> Language:
    """The rule-based pipeline: tokenizer, sentences, rule layer with the rule linker."""
    nlp = blank()
    nlp.add_pipe("vnepi_sentences")
    nlp.add_pipe("vnepi_rules")
    nlp.meta.update({"name": "vi_rules", "version": __version__,
                     "description": "vnepi rule pipeline"})
    return nlp


def default_model_path() -> Path:
    """Where the shipped default model lives (``$VNEPI_MODEL`` overrides)."""
    env = os.environ.get("VNEPI_MODEL")
    return Path(env) if env else MODELS_DIR / DEFAULT_MODEL


def load(path: str | os.PathLike | None = None) -> Language:
    """Load a vnepi pipeline from ``path``, or the shipped default model.

    Raises :class:`vnepi.errors.ModelLoadError` naming the missing or bad file when the
    folder is incomplete, corrupted, or written by a newer vnepi.
    """
    from . import tokenizer  # noqa: F401
    from .pipeline import components  # noqa: F401

    p = Path(path) if path is not None else default_model_path()
    if path is None and not p.exists():
        return rules_pipeline()
    if not p.is_dir():
        raise ModelLoadError(f"no vnepi model folder at {p}")
    for f in MODEL_FILES:
        if not (p / f).is_file():
            raise ModelLoadError(f"model folder {p} is missing {f}")
    try:
        import json

        meta = json.loads((p / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ModelLoadError(f"{p / 'meta.json'} is not valid JSON: {e}") from e
    trained_by = meta.get("vnepi_version")
    if trained_by and _newer(trained_by, __version__):
        raise ModelLoadError(f"model {p} was written by vnepi {trained_by}, newer than the "
                             f"installed {__version__}; upgrade vnepi to load it")
    try:
        return spacy.load(p)
    except Exception as e:  # noqa: BLE001 - any failure inside spaCy's loader
        raise ModelLoadError(f"could not load the model at {p}: {e}") from e


def _newer(a: str, b: str) -> bool:
    def key(v: str) -> tuple[int, ...]:
        return tuple(int(x) for x in v.split(".")[:3] if x.isdigit())
    return key(a) > key(b)


@lru_cache(maxsize=1)
def _default_nlp() -> Language:
    return load()


def _ref(date: str | Date | datetime | None) -> Date | None:
    return parse_iso(date)


def extract(text: str, *, date: str | Date | None = None, nlp: Language | None = None,
            doc_id: str | None = None) -> list[Record]:
    """Extract the records of one bulletin.

    ``date`` is the reference date (the bulletin's publication day): it resolves years
    and relative days ("hôm nay", "24 giờ qua"). Without it, the bulletin's own dateline
    only gives day and month, and such dates stay null.

    Empty or white-space text gives ``[]``. ``None``, bytes or any non-``str`` raise
    ``TypeError`` (decode bytes first: ``data.decode("utf-8")``).
    """
    check_text(text)
    if not text.strip():
        return []
    nlp = nlp or _default_nlp()
    doc = nlp.make_doc(text)
    doc._.ref_date = _ref(date)
    doc._.doc_id = doc_id
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return list(doc._.records or [])


def extract_docs(texts: Iterable[str], *, date: str | Date | None = None,
                 nlp: Language | None = None, batch_size: int = 32) -> Iterator[list[Record]]:
    """Records for each of ``texts``, in order (a generator; same ``date`` for all)."""
    nlp = nlp or _default_nlp()
    ref = _ref(date)

    def docs():
        for t in texts:
            check_text(t)
            d = nlp.make_doc(t)
            d._.ref_date = ref
            yield d

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield list(doc._.records or [])
