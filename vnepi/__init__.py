"""vnepi: structured, checked epidemic figures from Vietnamese COVID-19 bulletins.

>>> import vnepi
>>> recs = vnepi.extract("Hà Nội hôm nay ghi nhận 100 ca nhiễm.", date="2021-11-04")
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import CorpusFormatError, ModelLoadError, TokenizationError, VnepiError  # noqa: E402
from .records import EVENTS, KINDS, SETTINGS, Location, Record, to_dataframe, to_jsonl  # noqa: E402
from .api import blank, extract, extract_docs, load, rules_pipeline  # noqa: E402
# Bound after their modules load, so vnepi.series / vnepi.reconcile are the functions.
from .archive import extract_archive  # noqa: E402
from .series import series  # noqa: E402
from .reconcile import reconcile  # noqa: E402
from .check import Finding, check, check_series  # noqa: E402

__all__ = [
    "__version__", "extract", "extract_docs", "load", "blank", "rules_pipeline",
    "Record", "Location", "EVENTS", "KINDS", "SETTINGS", "to_dataframe", "to_jsonl",
    "VnepiError", "ModelLoadError", "TokenizationError", "CorpusFormatError",
    "extract_archive", "series", "reconcile",
]
