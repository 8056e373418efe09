"""Date rules of the rule linker: the day a bulletin reports on and the day of each figure.

The report day is the last recent day the title or lead names before the first figure
(the day the figures end, not the day they were announced); a figure takes a day named
before it in its sentence (a closed window's last day), else the report day; a total "đến
nay" and a stock "hiện có" are as of the day the bulletin came out.
"""
from __future__ import annotations

import re
from datetime import date as Date, timedelta
from typing import TYPE_CHECKING

from ..resolve.numbers import Quantity
from .structure import LEAD_SENTENCES, Analysis, Sentence

if TYPE_CHECKING:  # the linker imports this module
    from .linker import _Doc

# "Hiện có", "hiện còn", "hiện đang": a stock as of now (not "phát hiện", "thực hiện").
_NOW = re.compile(r"(?<![^\W_])(?<!phát )(?<!thực )(?<!xuất )(?<!thể )hiện(?![^\W_])")


class DateRules:
    """Mixin of :class:`vnepi.pipeline.linker.RuleLinker`: the day of a figure."""

    def _report_day(self, a: Analysis) -> Date | None:
        """The day the bulletin reports on: the last recent day its title or lead names
        before its first figure ("Bản đồ dịch ngày 5/11: 7.324 ca"; "Ngày 20/8, Ban Chỉ
        đạo cho biết, từ 17/8 đến 19/8, đã xét nghiệm cho 45.000 công nhân": the day the
        figures end, not the day they were announced), else the first recent day the title
        or lead names, else the reference date."""
        def recent(d) -> bool:
            return d.date is not None and (a.ref is None or timedelta(days=-7) <= d.date - a.ref
                                           <= timedelta(days=1))

        first = None
        for s in a.sentences[:LEAD_SENTENCES]:
            qs = [q for q in a.quantities_in(s.start, s.end) if self._countable(a, q)]
            before = [d for d in a.dates_in(s.start, qs[0].start if qs else s.end) if recent(d)]
            if qs and before:
                return before[-1].date
            if first is None:
                first = next((d for d in a.dates_in(s.start, min(s.end, s.start + 200))
                              if recent(d)), None)
        return first.date if first is not None else a.ref

    def _date(self, a: Analysis, s: Sentence, q: Quantity, prev_q: Quantity | None,
              dates_left: list, doc: _Doc) -> Date | None:
        """The day a figure refers to: a date before it in its sentence (not one it is
        compared with: "so với hôm qua"; a closed window "từ 9/7 đến 13/7" gives the day
        it ends), else the report day. A total "đến nay" or a stock "hiện có" is as of the
        day the bulletin came out, which may be a day after the day it reports on."""
        for d in reversed(dates_left):
            if d.date is None:
                continue
            if d.until_now:
                return a.ref or d.date
            if a.norm[max(0, d.start - 8):d.start].rstrip().endswith(("so với", "hơn")):
                continue
            c0, _ = a.clause_bounds(q.start)
            if d.start < c0 and d.start >= (s.header_end or s.start):
                continue  # describes an earlier figure of the sentence ("khởi phát ngày 26/10")
            if d.relative:
                if a.ref is not None and doc.report_date is not None:
                    return doc.report_date + (d.date - a.ref)
                return d.date
            return d.date
        if a.ref is not None and _NOW.search(a.norm, s.start, q.start):
            return a.ref
        return doc.report_date
