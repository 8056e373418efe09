"""The public entry points: ``load``, ``extract``, ``extract_docs``."""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from datetime import date as Date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language

from . import __version__
from .errors import ModelLoadError
from .input import check_model_folder, check_text, prepare, sections
from .records import Record
from .resolve.dates import parse_iso

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_MODEL = "vnepi_vi_default"


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

    Before spaCy reads anything, every file of the folder is checked
    (:func:`vnepi.input.check_model_folder`): ``config.cfg`` and ``meta.json`` present and
    readable, JSON files parse, ``.npy`` arrays complete and free of Python objects, the
    linker's arrays of the shapes their JSON declares. Loading never unpickles: a pickle
    or joblib file in the folder is refused.
    """
    from . import tokenizer  # noqa: F401
    from .pipeline import components  # noqa: F401

    p = Path(path) if path is not None else default_model_path()
    if path is None and not p.exists():
        return rules_pipeline()
    meta = check_model_folder(p)
    trained_by = meta.get("vnepi_version")
    if isinstance(trained_by, str) and _newer(trained_by, __version__):
        raise ModelLoadError(f"model {p} was written by vnepi {trained_by}, newer than the "
                             f"installed {__version__}; upgrade vnepi to load it")
    try:
        return spacy.load(p)
    except ModelLoadError:
        raise
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

    The text is first cleaned by :func:`vnepi.input.prepare` (NFC normalisation, no
    zero-width characters or soft hyphens, plain spaces, ``\\n`` line ends, HTML tags and
    entities resolved when the text is markup); the pipeline runs on the cleaned text,
    and every record's ``start``/``end`` are mapped back so that
    ``text[record.start:record.end] == record.text`` on the caller's own string. The same
    bulletin in NFC or NFD gives the same records (with offsets into each string).
    There is no length limit (spaCy's ``nlp.max_length`` is not applied). A text longer
    than ``vnepi.input.SECTION_CHARS`` (100,000 characters) is run in sections cut at
    paragraph breaks, so time and memory grow linearly; context (a section's topic place,
    the opening dateline) does not reach across a cut.
    """
    check_text(text)
    if not text.strip():
        return []
    prep = prepare(text)
    if not prep.text.strip():
        return []
    nlp = nlp or _default_nlp()
    ref = _ref(date)
    records: list[Record] = []
    with _gc_paused(len(prep.text) >= GC_PAUSE_CHARS):
        for a, b in sections(prep.text):
            # Not nlp.make_doc: its max_length guard is for parsers and NER.
            doc = nlp.tokenizer(prep.text[a:b])
            doc._.ref_date = ref
            doc._.doc_id = doc_id
            for _, proc in nlp.pipeline:
                doc = proc(doc)
            records += prep.map_records(doc._.records or [], offset=a)
    return records


# Texts from this length on are extracted with the cyclic garbage collector paused.
GC_PAUSE_CHARS = 50_000


@contextmanager
def _gc_paused(pause: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector (when it runs) for one long text. Its full
    collections walk every live object, and a long text keeps many (its records, the
    sections' analyses), so time per KB grew with the text: a 1 MB text took 1.10x the
    time of its hundred 10 KB pieces, 0.91x with the collector paused. Reference counting
    still frees the pipeline's garbage; on a bulletin the pause saves nothing measurable,
    so short texts run as they are."""
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def extract_docs(texts: Iterable[str], *, date: str | Date | None = None,
                 nlp: Language | None = None, batch_size: int = 32) -> Iterator[list[Record]]:
    """Records for each of ``texts``, in order (a generator; same ``date`` for all).

    Each text is prepared and mapped back as in :func:`extract`: offsets index the
    caller's strings. A non-``str`` item raises ``TypeError`` when it is reached.
    """
    nlp = nlp or _default_nlp()
    ref = _ref(date)

    def docs():
        for t in texts:
            prep = prepare(check_text(t))
            cuts = sections(prep.text) or [(0, 0)]
            for i, (a, b) in enumerate(cuts):
                d = nlp.tokenizer(prep.text[a:b])  # no max_length guard, as in extract
                d._.ref_date = ref
                yield d, (prep, a, i == len(cuts) - 1)

    records: list[Record] = []
    for doc, (prep, a, last) in nlp.pipe(docs(), batch_size=batch_size, as_tuples=True):
        records += prep.map_records(doc._.records or [], offset=a)
        if last:
            yield records
            records = []
