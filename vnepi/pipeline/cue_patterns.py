"""Cues found by pattern rather than looked up in the lexicon (:mod:`vnepi.pipeline.cues`):
as-of moments ("đến 17h hôm nay", "Đến ngày 3/12,", "Hiện đã") and windows named by their
month, quarter or week ("Tháng 12/2021", "quý I/2022", "tuần 45"). They run on the
normalised text (lower case, new-style tones), so their offsets are the caller's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    """A cue phrase at ``start:end``: its category and value (see :mod:`vnepi.pipeline.cues`)."""

    start: int
    end: int
    category: str
    value: str | int


# An as-of moment makes a running total (guideline section 7, rule 1): "đến sáng nay", "tính
# đến 17h hôm nay", "đến 16h cùng ngày", "đến 12h ngày 2/2", "tới thời điểm này". Read as the
# cue "đến nay". Not the end of a report window ("từ 18h ngày 3/11 đến 18h cùng ngày").
_AS_OF = re.compile(
    r"(?=[tcđ])(?<![^\W_])(?:tính\s+)?(?:cho\s+)?(?:đến|tới)\s+"
    r"(?:(?:\d{1,2}\s*(?:h|giờ)(?:\s*\d{2}(?:p|phút)?)?|\d{1,2}:\d{2})\s+)?"
    r"(?:(?:sáng|trưa|chiều|tối)\s+(?:nay|hôm nay|cùng ngày)|(?:ngày\s+)?hôm nay|cùng ngày|"
    r"thời điểm (?:này|hiện tại)|hiện tại)(?![^\W_])"
    r"|(?=[tđ])(?<![^\W_])(?:tính\s+)?(?:đến|tới)\s+\d{1,2}\s*(?:h|giờ)(?:\s*\d{2})?\s+(?:(?:sáng|trưa|chiều|tối)\s+)?"
    r"ngày\s+\d{1,2}[/.-]\d{1,2}(?![\d/.-])")
# "Hiện đã", "Hiện ngành y tế đã truy vết được 312 F1": what has been done so far, as of now
# (guideline section 7, rule 1); not "hiện" inside a word ("phát hiện", "thực hiện").
_DONE_BY_NOW = re.compile(r"(?=h)(?<![^\W_])(?<!phát )(?<!thực )(?<!xuất )(?<!thể )(?<!biểu )"
                          r"hiện(?: nay| tại)?(?:,)?\s+"
                          r"(?:[^\W\d_]+\s+){0,5}?đã(?![^\W_])")
_WINDOW_START = re.compile(r"(?<![^\W_])từ\s+(?:\d|sáng|trưa|chiều|tối|0h)")
# "Đến ngày 3/12, toàn tỉnh đã tiêm ...", "Tới hết ngày 27/12, ...": a date that opens its
# sentence, set off by a comma, is the moment the sentence reports as of (rule 1). Elsewhere
# "đến ngày 15/8" is as often a deadline ("giãn cách đến ngày 15/8") or a window's end.
_AS_OF_OPENING = re.compile(
    r"(?:^|(?<=[.;:!?\n])\s*)(?:[-+•*–]\s*)?((?:đến|tới)\s+"
    r"(?:\d{1,2}\s*(?:h|giờ)(?:\s*\d{2})?\s+)?(?:(?:sáng|trưa|chiều|tối|đêm)\s+)?(?:hết\s+)?(?:ngày\s+)?"
    r"\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{4})?)\s*,", re.MULTILINE)


# A window named by its month, quarter or week number ("Tháng 12/2021, tỉnh ghi nhận 9.804
# ca", "quý I/2022", "tuần 45", "sáu tháng đầu năm"): a period (guideline section 7, rule 4);
# not a day's month ("ngày 3 tháng 12").
_NAMED_PERIOD = re.compile(
    r"(?<![^\W_])(?<!ngày )(?:tháng\s+(?:\d{1,2}|một|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười(?:\s+(?:một|hai))?)"
    r"(?:\s*[/.-]\s*\d{4}|\s+năm\s+\d{4})?(?![\d/.-]*\d)|(?:quý|qúy)\s+(?:i{1,3}|iv|[1-4])(?:\s*[/.-]\s*\d{4})?"
    r"|tuần\s+(?:thứ\s+)?\d{1,2}(?![\d/.,-]*\d)|(?:\d{1,2}|hai|ba|sáu|chín)\s+tháng\s+(?:đầu|cuối)\s+năm"
    r"|nửa\s+(?:đầu|cuối)\s+(?:tháng|năm))(?![^\W_])")
_DAY_BEFORE = re.compile(r"ngày\s+\d{1,2}\s+$")


def _named_periods(norm: str) -> list[Cue]:
    return [Cue(m.start(), m.end(), "period", "") for m in _NAMED_PERIOD.finditer(norm)
            if not _DAY_BEFORE.search(norm, max(0, m.start() - 12), m.start())]


def _as_of(norm: str) -> list[Cue]:
    out = []
    for m in _AS_OF.finditer(norm):
        before = norm[max(0, m.start() - 40):m.start()]
        cut = max(before.rfind("."), before.rfind(";"), before.rfind("\n"))
        if _WINDOW_START.search(before[cut + 1:]) is None:
            out.append(Cue(m.start(), m.end(), "cumulative", "đến nay"))
    out += [Cue(m.start(), m.end(), "cumulative", "hiện đã") for m in _DONE_BY_NOW.finditer(norm)]
    out += [Cue(m.start(1), m.end(1), "cumulative", "đến nay")
            for m in _AS_OF_OPENING.finditer(norm)]
    return out


def pattern_cues(norm: str) -> list[Cue]:
    """The as-of and named-period cues of normalised text, in no particular order."""
    out = _as_of(norm) if "đến" in norm or "tới" in norm or "hiện" in norm else []
    if "tháng" in norm or "qúy" in norm or "tuần" in norm:
        out += _named_periods(norm)
    return out
