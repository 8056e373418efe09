"""The annotated bulletin corpus: format, validation, loaders, converters and statistics.

Importing this package stays light: ``datasets`` and ``spacy`` are imported only inside the
functions that need them (:func:`load`, :func:`vnepi.corpus.dataset.to_docbin`).
"""
from __future__ import annotations

from .dataset import load
from .format import ENTITY_LABELS, RELATION_LABELS, read_jsonl, write_jsonl
from .stats import corpus_stats, render_stats
from .validate import Problem, validate_doc, validate_file

__all__ = [
    "load", "read_jsonl", "write_jsonl", "validate_file", "validate_doc", "Problem",
    "corpus_stats", "render_stats", "ENTITY_LABELS", "RELATION_LABELS",
]
