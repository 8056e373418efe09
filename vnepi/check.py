"""Consistency checks on extracted records: figures that contradict each other.

Bulletins are typed by hand, and extraction can go wrong; either way, figures of one
bulletin that cannot all be true point at a typo in the source or an extraction error.
``check`` reports them as :class:`Finding` s (warnings, never exceptions):

- ``provinces_exceed_national``: province figures of one event, day and kind add up to
  more than the national figure they are part of;
- ``breakdown_exceeds_whole``: the parts of a figure ("6.098 F1 (trong đó 253 ... và
  5.845 ...)") add up to more than the figure;
- ``running_total_below_daily``: a running total smaller than the count of a day it covers;
- ``wider_window_smaller``: a running total over a wider window ("từ đầu dịch") smaller
  than one over a window it contains ("đợt dịch thứ 4", "từ 27/4 đến nay");
- ``running_total_decreased`` (across bulletins, ``check_series``): a running total that
  shrinks from one day to the next.

Only ``kind == "count"`` records are compared: changes are signed and averages are not
totals. Figures are compared only within one event, place (province and district) and
date (a running total with the counts and totals dated on or before it), and a part is
only compared with a whole whose ``setting`` contains it (a figure with no setting
contains all; "domestic" contains all but "imported").
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from .records import NATIONAL, Record

__all__ = ["Finding", "check", "check_series"]


@dataclass(frozen=True)
class Finding:
    """One contradiction between records: ``kind`` names the check, ``message`` says what."""

    kind: str
    message: str
    records: tuple[Record, ...]
    severity: str = "warning"

    def __str__(self) -> str:
        return f"{self.severity} [{self.kind}] {self.message}"


# -- window of a running total -------------------------------------------------------------
# Cues read in the sentence before a running total; the last one before the number wins.
_WINDOW_CUES = (
    ("start", re.compile(r"từ (?:khi )?(?:bắt )?đầu (?:mùa |đại |vụ )?dịch|từ đầu năm 2020"
                         r"|từ trước (?:đến|tới) nay")),
    ("wave", re.compile(r"đợt dịch (?:lần )?(?:thứ \w+|này|mới|hiện nay)|đợt (?:thứ )?(?:4|tư)\b"
                        r"|làn sóng (?:dịch )?(?:thứ \w+|này)")),
    # A cluster's total is only part of its place's: never compared as the place's total.
    ("cluster", re.compile(r"ổ dịch|chùm ca|chuỗi lây nhiễm|cụm dịch|cụm ca")),
)
_SENT_END = re.compile(r"[.!?…](?=\s|$|[A-ZÀ-ỸĐ])|[;\n]")
_BREAKDOWN_OPEN = re.compile(r"\s*(?:\(|,?\s*(?:trong đó|bao gồm|gồm)\b)", re.I)
_LOOKBACK = 400
# Without the text, a part must start this close after the whole (or the previous part).
_ADJACENT = 30


def _window(r: Record, text: str | None) -> tuple[int, str] | None:
    """The window of a running total, as (rank, label): lower rank is a wider window;
    ``None`` when unknown (no cue, or no text), or ``(-1, "cluster")`` for a cluster."""
    if r.since:
        return 2, r.since  # ISO dates order as strings; rank 2 is compared by date
    if text is None:
        return None
    lo = max(0, r.start - _LOOKBACK)
    before = text[lo:r.start]
    ends = list(_SENT_END.finditer(before))
    seg = before[ends[-1].end():] if ends else before
    seg = unicodedata.normalize("NFC", seg + text[r.start:r.end]).lower()
    best: tuple[int, str] | None = None
    for label, rx in _WINDOW_CUES:
        for m in rx.finditer(seg):
            if best is None or m.start() >= best[0]:
                best = (m.start(), label)
    if best is None:
        return None
    return {"start": (0, "start"), "wave": (1, "wave"), "cluster": (-1, "cluster")}[best[1]]


def _wider(a: tuple[int, str], b: tuple[int, str]) -> bool:
    """True when window ``a`` strictly contains window ``b`` (both known, no cluster)."""
    if a[0] < 0 or b[0] < 0:
        return False
    if a[0] == 0:
        return b[0] > 0
    if a[0] == 2 and b[0] == 2:
        return a[1] < b[1]
    return False  # a wave and a dated window cannot be ordered without the wave's start


def _window_name(w: tuple[int, str] | None) -> str:
    if w is None:
        return "running total"
    if w[0] == 0:
        return "running total since the start of the epidemic"
    if w[0] == 1:
        return "running total of the current wave"
    return f"running total since {w[1]}"


# -- helpers -------------------------------------------------------------------------------
def _contains(whole: str | None, part: str | None) -> bool:
    """Whether a figure with setting ``whole`` includes figures with setting ``part``."""
    if whole is None or whole == part:
        return True
    return whole == "domestic" and part in ("community", "quarantine", "home_isolation")


def _place(r: Record) -> str:
    return r.province + (f" ({r.district})" if r.district else "")


def _day(r: Record) -> str:
    return f" on {r.date}" if r.date else ""


def _fig(r: Record) -> str:
    return f'{r.value:,} ("{r.text}", characters {r.start}-{r.end})'


def _as_records(records: Iterable[Record | Mapping]) -> list[Record]:
    return [r if isinstance(r, Record) else Record.from_dict(r) for r in records]


def _counts(records: Sequence[Record]) -> list[Record]:
    return [r for r in records if r.kind == "count" and isinstance(r.value, (int, float))]


# -- checks within one bulletin -----------------------------------------------------------
def _provinces_vs_national(recs: list[Record], win: dict[int, tuple | None]) -> list[Finding]:
    groups: dict[tuple, list[Record]] = defaultdict(list)
    for r in recs:
        w = win[id(r)]
        if w is not None and w[0] < 0:
            continue
        # Running totals of one bulletin may be dated a day apart (a total "đến nay" the
        # day it came out, the others the day it reports on): they are compared by date
        # order below, day counts only within their day.
        groups[(r.event, None if r.cumulative else r.date, r.cumulative, r.since, w)].append(r)
    out: list[Finding] = []
    for (event, _date, cumulative, _since, w), rs in groups.items():
        national = [r for r in rs if r.province == NATIONAL]
        # District figures are parts of their province's: summing both would count twice.
        provincial = [r for r in rs if r.province != NATIONAL and not r.district]
        if not national or len({r.province for r in provincial}) < 2:
            continue
        for setting in dict.fromkeys(r.setting for r in national):
            # Against the largest national figure of this setting: a repeated or
            # rounded national figure never makes a false alarm.
            whole = max((r for r in national if r.setting == setting), key=lambda r: r.value)
            best: dict[str, Record] = {}
            for r in provincial:
                if _contains(setting, r.setting) and _not_later(r, whole) and (
                        r.province not in best or r.value > best[r.province].value):
                    best[r.province] = r
            total = sum(r.value for r in best.values())
            if len(best) >= 2 and total > whole.value:
                what = _window_name(w) if cumulative else "daily count"
                out.append(Finding(
                    "provinces_exceed_national",
                    f"{event}{_day(whole)}: the {len(best)} provinces' figures ({what}) add up "
                    f"to {total:,}, more than the national figure {_fig(whole)}",
                    (whole, *best.values())))
    return out


def _breakdown_region(r: Record, text: str | None) -> tuple[int, int] | None:
    """Where the parts of ``r`` are written: a parenthesis or a "trong đó" clause right
    after it (with text); without text, ``None`` (adjacency is used instead)."""
    if text is None:
        return None
    m = _BREAKDOWN_OPEN.match(text, r.end)
    if not m or m.end() - r.end > 20:
        return r.end, r.end
    if m.group().rstrip().endswith("("):
        close = text.find(")", m.end())
        end = close if close >= 0 else len(text)
    else:
        end_m = _SENT_END.search(text, m.end())
        end = end_m.start() if end_m else len(text)
    return m.end(), end


def _breakdowns(recs: list[Record], text: str | None) -> list[Finding]:
    by_key: dict[tuple, list[Record]] = defaultdict(list)
    for r in recs:  # a part shares its whole's event, place, day and window
        by_key[(r.event, r.province, r.district, r.date, r.cumulative, r.since)].append(r)
    out: list[Finding] = []
    for rs in by_key.values():
        rs.sort(key=lambda r: (r.start, -r.end))
        for i, whole in enumerate(rs):
            region = _breakdown_region(whole, text)
            parts: list[Record] = []
            last_end = whole.end
            for p in rs[i + 1:]:
                if (p.start, p.end) == (whole.start, whole.end) or not _contains(
                        whole.setting, p.setting):
                    continue
                nested = whole.start <= p.start and p.end <= whole.end
                if region is not None:
                    inside = region[0] <= p.start < region[1]
                else:
                    inside = 0 <= p.start - last_end <= _ADJACENT
                if not (nested or inside):
                    if p.start >= (region[1] if region else last_end):
                        break
                    continue
                # A part's own breakdown is not a second part of the whole.
                if any(q.start <= p.start < _breakdown_region(q, text)[1]
                       for q in parts if text is not None):
                    continue
                parts.append(p)
                last_end = p.end
            total = sum(p.value for p in parts)
            if parts and total > whole.value:
                out.append(Finding(
                    "breakdown_exceeds_whole",
                    f"{whole.event} in {_place(whole)}{_day(whole)}: the parts "
                    f"{' + '.join(f'{p.value:,}' for p in parts)} = {total:,} exceed their "
                    f"whole {_fig(whole)}",
                    (whole, *parts)))
    return out


def _running_totals(recs: list[Record], win: dict[int, tuple | None]) -> list[Finding]:
    by_key: dict[tuple, list[Record]] = defaultdict(list)
    for r in recs:
        by_key[(r.event, r.province, r.district)].append(r)
    out: list[Finding] = []
    for rs in by_key.values():
        totals = [r for r in rs if r.cumulative and (win[id(r)] is None or win[id(r)][0] >= 0)]
        daily = [r for r in rs if not r.cumulative]
        for c in totals:
            # A total "đến nay" is dated the day the bulletin came out, its day's count the
            # day it reports on (often the day before): every count of a day the total
            # covers is part of it.
            bigger = [d for d in daily if d.value > c.value and _contains(c.setting, d.setting)
                      and _covers(c, d)]
            if bigger:
                d = max(bigger, key=lambda r: r.value)
                out.append(Finding(
                    "running_total_below_daily",
                    f"{c.event} in {_place(c)}{_day(c)}: the {_window_name(win[id(c)])} "
                    f"{_fig(c)} is smaller than the day's count {_fig(d)}",
                    (c, d)))
        for a in totals:
            for b in totals:
                wa, wb = win[id(a)], win[id(b)]
                if (a is not b and _not_later(b, a) and wa is not None and wb is not None
                        and _wider(wa, wb)
                        and a.value < b.value and _contains(a.setting, b.setting)):
                    out.append(Finding(
                        "wider_window_smaller",
                        f"{a.event} in {_place(a)}{_day(a)}: the {_window_name(wa)} "
                        f"{_fig(a)} is smaller than the {_window_name(wb)} {_fig(b)}, "
                        "which covers a shorter period",
                        (a, b)))
    return out


def _not_later(r: Record, total: Record) -> bool:
    """``r`` is dated on or before ``total`` (ISO dates compare as strings)."""
    if total.date is None or r.date is None:
        return total.date == r.date
    return r.date <= total.date


def _covers(total: Record, day: Record) -> bool:
    """Whether a running total's period holds a day's count: the day is not after the
    total's date, nor before its window's start."""
    return _not_later(day, total) and (total.since is None or day.date is None
                                       or day.date >= total.since)


def _within(records: list[Record], text: str | None) -> list[Finding]:
    recs = _counts(records)
    win = {id(r): (_window(r, text) if r.cumulative else None) for r in recs}
    return (_provinces_vs_national(recs, win) + _breakdowns(recs, text)
            + _running_totals(recs, win))


def check(records: Iterable[Record | Mapping], *, text: str | None = None,
          across_documents: bool = False) -> list[Finding]:
    """Figures of one bulletin that contradict each other.

    ``text`` (the string the records were extracted from) sharpens two checks: the
    window of each running total is read from the sentence before it ("từ đầu dịch" is
    the widest window, "đợt dịch thứ 4" a narrower one, and a cluster's total "ổ dịch ..."
    is never taken for its place's), and a breakdown is recognised only in the
    parenthesis or "trong đó"/"gồm" clause right after its whole. Without ``text``, only
    windows with a ``since`` date are ordered, and the parts of a whole are the records
    of the same event, place, date and running-total flag whose evidence is nested in the
    whole's or starts within 30 characters after it (or after the previous part).

    With ``across_documents=True``, ``records`` come from several bulletins: they are
    checked one bulletin (``doc_id``) at a time, then as a series (:func:`check_series`).
    """
    recs = _as_records(records)
    if not across_documents:
        return _within(recs, text)
    if text is not None:
        raise ValueError("text= describes one bulletin; it cannot go with across_documents")
    by_doc: dict[str | None, list[Record]] = defaultdict(list)
    for r in recs:
        by_doc[r.doc_id].append(r)
    out = [f for rs in by_doc.values() for f in _within(rs, None)]
    return out + check_series(by_doc.values())


def check_series(records_by_doc: Mapping[str, Sequence[Record]] | Iterable[Sequence[Record]]
                 ) -> list[Finding]:
    """Running totals that shrink from one reported day to the next, across bulletins.

    Running totals (``cumulative`` counts with a ``date``) are grouped by event, place,
    setting and ``since``; for each pair of consecutive days in a group, a finding is
    reported when every figure of the later day is smaller than every figure of the
    earlier one (so two windows reported under the same key, e.g. "từ đầu dịch" and
    "đợt dịch thứ 4", do not raise false alarms).
    """
    docs = records_by_doc.values() if isinstance(records_by_doc, Mapping) else records_by_doc
    series: dict[tuple, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for doc in docs:
        for r in _counts(_as_records(doc)):
            if r.cumulative and r.date:
                series[(r.event, r.province, r.district, r.setting, r.since)][r.date].append(r)
    out: list[Finding] = []
    for by_day in series.values():
        days = sorted(by_day)
        for d1, d2 in zip(days, days[1:]):
            low = min(by_day[d1], key=lambda r: r.value)
            high = max(by_day[d2], key=lambda r: r.value)
            if high.value < low.value:
                out.append(Finding(
                    "running_total_decreased",
                    f"{low.event} in {_place(low)}: the running total fell from "
                    f"{low.value:,} on {d1} to {high.value:,} on {d2}",
                    (low, high)))
    return out
