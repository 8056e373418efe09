"""Typed errors raised by vnepi, so that callers can tell vnepi's complaints apart."""
from __future__ import annotations


class VnepiError(Exception):
    """Base class of every error vnepi raises on purpose."""


class TokenizationError(VnepiError):
    """The word segmenter failed on a piece of the input."""


class ModelLoadError(VnepiError, OSError):
    """A model folder is missing, incomplete, corrupted or from a newer vnepi."""


class CorpusFormatError(VnepiError, ValueError):
    """An annotation file is malformed (the message names file, line and document id)."""
