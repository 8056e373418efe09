"""Column rules of the rule linker: what a table cell takes from its column header.

A number in a flattened table (see :mod:`vnepi.pipeline.tables`) is named by its column's
header ("Ca mới trong ngày", "Tổng số ca từ 27/4/2021", "F1 đang cách ly tập trung") rather
than by the words around it, which are only other cells.
"""
from __future__ import annotations

from datetime import date as Date

from ..resolve.numbers import Quantity
from .event_rules import CONTACTS
from .running_totals import TOTAL_WORDS
from .structure import Analysis
from .tables import Column


class ColumnRules:
    """Mixin of :class:`vnepi.pipeline.linker.RuleLinker` (which provides ``_span_event``
    and ``_tested_positive``)."""

    def _column(self, a: Analysis, q: Quantity, col: Column, event: str | None,
                source: str | None, kind: str, cumulative: bool, since: Date | None,
                setting: str | None, blocked: str | None) -> tuple:
        """A table cell takes what its column header says: event, running total (a cue or a
        day window "từ 27/4/2021"), a daily count ("mới", "trong ngày"), kind, setting; the
        last item tells whether the header or caption states the running total outright."""
        cues = a.cues_in(col.start, col.end)
        named = self._span_event(a, col.start, col.end)
        if named is not None and blocked is None:
            event, source = named, "column"
            if named in CONTACTS and self._tested_positive(a, cues, [], None):
                event = "cases"  # "F1 có kết quả dương tính" heads cases (guideline section 1)
        cats = {c.category for c in cues}
        # "tổng số ca từ 19/6/2021": in a column header a start day alone opens a window.
        windows = [d.since or d.date for d in a.dates_in(col.start, col.end)
                   if d.since is not None or d.text.lower().startswith(("từ", "kể từ", "tính từ"))]
        if event is None and blocked is None and (windows or cats & {"new", "cumulative"}):
            # "Quận/huyện | Trong ngày | Lũy kế (từ 8/7)": columns that only say when count
            # what the caption names, else cases, as a bare "ca" does.
            event, source = self._span_event(a, col.caption_start, col.caption_end) or "cases", "column"
        if not windows and "cumulative" in cats and _row_total(a, q, col) and all(
                c.value in TOTAL_WORDS for c in cues if c.category == "cumulative"):
            # "Mũi 1 | Mũi 2 | Mũi 3 | Tổng số mũi" under "(Từ 16h ngày 22/11 đến 16h ngày
            # 23/11)": a cell that adds up its row's other figures is their total, over the
            # same days, and says no more about a running total than they do.
            cats.discard("cumulative")
        stated = True
        if windows:
            cumulative, since = True, windows[0]
        elif "cumulative" in cats:
            cumulative = True
        elif "new" in cats:
            cumulative, since = False, None
        else:
            # Silent column: a running total only if the table's caption says so.
            cumulative = any(c.category == "cumulative"
                             for c in a.cues_in(col.caption_start, col.caption_end))
            since, stated = None, cumulative
        if "average" in cats:
            kind = "average"
        elif "change" in cats:
            kind = "change"
        for c in cues:
            if c.category == "setting":
                setting = c.value
        return event, source, kind, cumulative, since, setting, stated


def _row_total(a: Analysis, q: Quantity, col: Column) -> bool:
    """``q`` is the sum of at least two figures before it on its table row."""
    lo = a.text.rfind("\n", 0, q.start) + 1
    cells = [x.value for x in a.quantities_in(lo, q.start)
             if (c := a.columns.get(x.start)) is not None and c.index < col.index
             and c.caption_start == col.caption_start]
    return len(cells) >= 2 and sum(cells) == q.value
