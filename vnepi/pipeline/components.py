"""spaCy components of the vnepi pipeline.

``vnepi_sentences`` sets sentence boundaries the way bulletins need them (a full stop glued
to the next sentence, list lines); ``vnepi_rules`` runs the rule layer (numbers, places,
dates, cues), the linker and the record builder, writing ``doc.spans["vnepi"]``,
``doc.ents`` and ``doc._.records``.
"""
from __future__ import annotations

import bisect
from datetime import date as Date
from typing import Iterable

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..resolve.dates import parse_iso
from ..records import Record
from ..tokenizer import doc_text
from .builder import build_records
from .linker import RuleLinker
from .trained import TrainedLinker
from .structure import Sentence, analyse, split_sentences

SPANS_KEY = "vnepi"
RECORDS_KEY = "vnepi_records"
SENTENCES_KEY = "vnepi_sentences"


def _get_records(doc: Doc) -> list[Record] | None:
    data = doc.user_data.get(RECORDS_KEY)
    return None if data is None else [Record.from_dict(d) for d in data]


def _set_records(doc: Doc, records: Iterable[Record] | None) -> None:
    # Stored as plain dicts: Doc.to_bytes (and so nlp.pipe(n_process=2)) can carry them.
    doc.user_data[RECORDS_KEY] = None if records is None else [r.to_dict() for r in records]


if not Doc.has_extension("records"):
    Doc.set_extension("records", getter=_get_records, setter=_set_records)
for _name, _default in (("ref_date", None), ("doc_id", None), ("analysis", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _char_spans(doc: Doc, layers: list[tuple[tuple[int, int], str]]) -> list[Span]:
    """Spans of character ranges: the tokens inside each range, else the tokens it
    overlaps (``char_span``'s "contract" then "expand", with one index for all ranges)."""
    if not len(doc):
        return []
    arr = doc.to_array([IDX, LENGTH]).astype("int64")
    starts = arr[:, 0].tolist()
    ends = (arr[:, 0] + arr[:, 1]).tolist()
    out = []
    for (start, end), label in layers:
        i, j = bisect.bisect_left(starts, start), bisect.bisect_right(ends, end)
        if i >= j:
            i, j = bisect.bisect_right(ends, start), bisect.bisect_left(starts, end)
        if i < j:
            out.append(Span(doc, i, j, label=label))
    return out


class SentenceSetter:
    """Sentence starts at bulletin sentence ends and list lines."""

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        sents = split_sentences(doc_text(doc))
        # Kept for the extractor, which needs the same sentences (and list structure); as
        # plain tuples so that the Doc still serialises.
        doc.user_data[SENTENCES_KEY] = [(s.start, s.end, s.is_item, s.parent, s.at_line_start)
                                        for s in sents]
        starts = numpy.array(sorted(s.start for s in sents), dtype="int64")
        # One array write: setting token.is_sent_start one by one is quadratic in spaCy.
        idx = doc.to_array([IDX]).astype("int64")
        # A token starts a sentence when its offset is one of the (sorted) starts;
        # searchsorted costs a fraction of numpy.isin's set-up on a bulletin's few tokens.
        at = numpy.minimum(numpy.searchsorted(starts, idx), len(starts) - 1)
        flags = numpy.where(starts[at] == idx, 1, -1).astype("int64")
        flags[0] = 1
        flags = flags.astype("uint64")
        doc.from_array([SENT_START], flags.reshape(-1, 1))
        return doc


@Language.factory("vnepi_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> SentenceSetter:
    return SentenceSetter()


class _Extractor:
    """Shared body of the extractors: analyse, link, build records and spans."""

    linker: object

    def __init__(self, name: str, ref_date: str | None, keep_analysis: bool) -> None:
        self.name = name
        self.ref_date = ref_date
        self.keep_analysis = keep_analysis

    def __call__(self, doc: Doc) -> Doc:
        ref = doc._.ref_date or (parse_iso(self.ref_date) if self.ref_date else None)
        if isinstance(ref, str):
            ref = parse_iso(ref)
        text = doc_text(doc)
        kept = doc.user_data.pop(SENTENCES_KEY, None)
        sents = None
        if kept and kept[-1][1] == len(text) and len(kept[-1]) == 5:
            sents = [Sentence(a, b, i, item, parent, at_line_start=first)
                     for i, (a, b, item, parent, first) in enumerate(kept)]
        a = analyse(text, ref, sents)
        links = self.linker.link(a)
        doc._.records = build_records(text, links, doc_id=doc._.doc_id)
        counted = {(lk.quantity.start, lk.quantity.end) for lk in links}
        layers = [((q.start, q.end), "COUNT") for q in a.quantities if (q.start, q.end) in counted]
        layers += [((p.start, p.end), "PLACE") for p in a.places]
        layers += [((d.start, d.end), "DATE") for d in a.dates]
        layers += [((c.start, c.end), "EVENT") for c in a.cues if c.category == "event"]
        spans = _char_spans(doc, layers)
        doc.spans[SPANS_KEY] = spans
        doc.ents = filter_spans(spans)
        if self.keep_analysis:
            doc._.analysis = a
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


class RuleExtractor(_Extractor):
    """The rule layer with the rule linker: candidates, links and records.

    ``ref_date`` (ISO string) is the default reference date for documents whose
    ``doc._.ref_date`` is unset; with neither, day/month dates stay unresolved.
    """

    def __init__(self, name: str = "vnepi_rules", ref_date: str | None = None,
                 keep_analysis: bool = False) -> None:
        super().__init__(name, ref_date, keep_analysis)
        self.linker = RuleLinker()


@Language.factory("vnepi_rules", default_config={"ref_date": None, "keep_analysis": False},
                  assigns=["doc.ents", "doc._.records"])
def make_rules(nlp: Language, name: str, ref_date: str | None,
               keep_analysis: bool) -> RuleExtractor:
    return RuleExtractor(name, ref_date, keep_analysis)


class TrainedExtractor(_Extractor):
    """The rule layer with the trained linker (its weights are saved with the pipeline)."""

    def __init__(self, name: str = "vnepi_linker", ref_date: str | None = None,
                 keep_analysis: bool = False) -> None:
        super().__init__(name, ref_date, keep_analysis)
        self.linker = TrainedLinker()

    def to_disk(self, path, *, exclude=()) -> None:
        self.linker.to_disk(path)

    def from_disk(self, path, *, exclude=()) -> "TrainedExtractor":
        self.linker.from_disk(path)
        return self


@Language.factory("vnepi_linker", default_config={"ref_date": None, "keep_analysis": False},
                  assigns=["doc.ents", "doc._.records"])
def make_linker(nlp: Language, name: str, ref_date: str | None,
                keep_analysis: bool) -> TrainedExtractor:
    return TrainedExtractor(name, ref_date, keep_analysis)


def as_date(value) -> Date | None:
    return parse_iso(value)
