"""Text structure the linker reasons over: sentences, list items, clauses, mentions.

Everything is computed on character offsets of the original text, so the same analysis
serves the spaCy components (which turn it into spans) and the record builder.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date as Date
from itertools import accumulate

from ..resolve.dates import DateExpr, find_dates
from ..resolve.numbers import Quantity, find_quantities
from ..resolve.places import PlaceMention, get_gazetteer
from .cues import Cue, find_cues, normalize
from .tables import Column, find_columns, split_dash_cells, split_slash_rows

# A sentence ends at . ! ? followed by space, a capital or the end; or at a line break.
_SENT_END = re.compile(
    r"(?<![.…])[.!?…]{1,3}(?![.…])(?=\s|$|[\"“,])"  # stop before space or a stray comma;
    # a longer run of dots is a leader ("Ninh Kiều ........ 41"), not a stop
    r"|(?<=[a-zà-ỹđ)\d])[.!?](?=[A-ZÀ-ỸĐ])"   # "đồng.Theo", "đến 58.Đợt": glued stops
    r"|(?<=[a-zà-ỹđ)])[.!?](?=\d)"           # "tử vong.24 giờ qua"
    r"|\n+|\r\n")
# Abbreviations whose full stop ends no sentence ("TP. Hồ Chí Minh", "Q. 7", "PGS. TS.").
_ABBREV = {"tp", "q", "h", "tx", "p", "x", "tt", "bs", "ts", "ths", "pgs", "gs", "ks", "ô", "bà",
           "st", "tr", "vd", "v.v", "nxb", "đ", "sđt", "đt"}
_ROW_NUMBER = re.compile(r"[ \t]*(?:\d{1,2}|[IVX]{1,4})")  # a line's "3." or "II."
_SHORT_LINE = 60  # a list line without a bullet: a name and a figure or two
_CAPTION_LINE = 100  # a caption line over such a list (_caption_line)
# Numbers that are part of a caption's words, not figures: "(mũi 2)", "F1", "tuần 45".
_NUMBERED_CUE = re.compile(r"(?<![^\W_])(?:mũi|liều|lần|đợt|tuần|quý|[fF])\s*\d{1,2}(?!\d)", re.I)
_ITEM_START = re.compile(r"\s*(?:[-+•*–]|\d{1,2}[.)])\s+")
# Clause-breaking punctuation (a "|" separates table cells written on one line), and a
# dash with a space on each side.
_BARRIER = re.compile(r"[,;:()\[\]\n|]|(?<= )[-–—](?= )")


@dataclass
class Sentence:
    start: int
    end: int
    index: int
    is_item: bool = False          # a list line ("- Long An: 19 ca")
    parent: int | None = None      # the header sentence of a list item
    header_end: int | None = None  # end of the part before the first counted number
    at_line_start: bool = False    # nothing but white space before it on its line


@dataclass
class Analysis:
    """All mentions found in one text, with helpers to look around a position."""

    text: str
    norm: str
    ref: Date | None
    sentences: list[Sentence]
    quantities: list[Quantity]
    places: list[PlaceMention]
    dates: list[DateExpr]
    cues: list[Cue]
    barriers: list[int] = field(default_factory=list)
    columns: dict[int, Column] = field(default_factory=dict)  # table cells: number start → header
    cache: dict = field(default_factory=dict, repr=False)  # per-text memo of later stages
    _sent_starts: list[int] = field(default_factory=list, repr=False)
    _cue_starts: list[int] = field(default_factory=list, repr=False)
    _q_starts: list[int] = field(default_factory=list, repr=False)
    _place_starts: list[int] = field(default_factory=list, repr=False)
    _date_starts: list[int] = field(default_factory=list, repr=False)
    # Memos of clause_bounds and owner_bounds (barriers and sentences never change).
    _clauses: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)
    _owners: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)
    # Running maxima of the items' ends, for _range.
    _cue_reach: list[int] = field(default_factory=list, repr=False)
    _q_reach: list[int] = field(default_factory=list, repr=False)
    _place_reach: list[int] = field(default_factory=list, repr=False)
    _date_reach: list[int] = field(default_factory=list, repr=False)

    def sentence_of(self, pos: int) -> Sentence:
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        return self.sentences[max(i, 0)]

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        """The clause around ``pos``: between the nearest barriers inside its sentence."""
        # Memoised: several rules and the features ask it of every number.
        hit = self._clauses.get(pos)
        if hit is None:
            hit = self._clauses[pos] = self._clause_bounds(pos)
        return hit

    def _clause_bounds(self, pos: int) -> tuple[int, int]:
        s = self.sentence_of(pos)
        i = bisect.bisect_left(self.barriers, pos)
        left = self.barriers[i - 1] + 1 if i > 0 else s.start
        right = self.barriers[i] if i < len(self.barriers) else s.end
        return max(left, s.start), min(right, s.end)

    def owner_bounds(self, pos: int) -> tuple[int, int]:
        """The clause around ``pos``, with the label that names the number before a colon
        ("F2: 7.010", "Số ca mắc mới: 12") or, naming an event, a dash ("mũi 3 – 14.276")."""
        hit = self._owners.get(pos)
        if hit is None:
            hit = self._owners[pos] = self._owner_bounds(pos)
        return hit

    def _owner_bounds(self, pos: int) -> tuple[int, int]:
        c0, c1 = self.clause_bounds(pos)
        k, s = c0 - 1, self.sentence_of(pos)
        if k <= s.start or self.text[c0:pos].strip():
            return c0, c1
        lo = max(self.clause_bounds(k)[0], s.start)
        if self.text[k] == ":" or self.text[k] in "-–—" and self._dash_label(lo, k):
            c0 = lo
        return c0, c1

    def _dash_label(self, lo: int, hi: int) -> bool:
        """The clause [lo, hi) before a dash names an event and no number but the cue's own:
        "mũi 2 – 31.450", "F1 – 212" (not "118 ca – 642 F1")."""
        cues = [c for c in self.cues_in(lo, hi) if c.category == "event"]
        return bool(cues) and all(any(c.start <= q.start and q.end <= c.end for c in cues)
                                  for q in self.quantities_in(lo, hi))

    def barriers_between(self, a: int, b: int) -> list[int]:
        i = bisect.bisect_left(self.barriers, a)
        j = bisect.bisect_left(self.barriers, b)
        return self.barriers[i:j]

    def _range(self, items: list, starts: list[int], reach: list[int], a: int, b: int) -> list:
        """Items (sorted by start) that lie within [a, b). ``reach[k]`` is the largest end
        among ``items[:k + 1]``: when even that is within ``b``, the slice needs no filter
        (the common case; the linker asks hundreds of thousands of these per corpus)."""
        i = bisect.bisect_left(starts, a)
        j = bisect.bisect_left(starts, b, i)
        if i == j:
            return []
        if reach[j - 1] <= b:
            return items[i:j]
        return [x for x in items[i:j] if x.end <= b]

    def cues_in(self, a: int, b: int, category: str | None = None) -> list[Cue]:
        cs = self._range(self.cues, self._cue_starts, self._cue_reach, a, b)
        return cs if category is None else [c for c in cs if c.category == category]

    def cues_at(self, pos: int) -> list[Cue]:
        i = bisect.bisect_left(self._cue_starts, pos)
        out = []
        while i < len(self.cues) and self.cues[i].start == pos:
            out.append(self.cues[i])
            i += 1
        return out

    def quantities_in(self, a: int, b: int) -> list[Quantity]:
        return self._range(self.quantities, self._q_starts, self._q_reach, a, b)

    def cues_near(self, pos: int, reach: int = 40) -> list[Cue]:
        # Bounds by bisection: slicing the list from i onwards would copy its whole tail
        # at every call, quadratic in a long text.
        i = bisect.bisect_left(self._cue_starts, pos - reach)
        j = bisect.bisect_right(self._cue_starts, pos, i)
        return self.cues[i:j]

    def places_near(self, pos: int, reach: int = 60) -> list[PlaceMention]:
        return self._range(self.places, self._place_starts, self._place_reach, pos - reach,
                           pos + reach)

    def places_in(self, a: int, b: int) -> list[PlaceMention]:
        return self._range(self.places, self._place_starts, self._place_reach, a, b)

    def dates_in(self, a: int, b: int) -> list[DateExpr]:
        return self._range(self.dates, self._date_starts, self._date_reach, a, b)


_BREAKDOWN_OPENER = re.compile(
    r"\s*[-+•*–]?\s*(?:cụ thể|trong đó|riêng|phân theo|phân bố|theo nơi cư trú|theo địa bàn|"
    r"theo địa phương|(?:theo|tại|ở) (?:từng |các )?(?:quận|huyện|tỉnh|thành phố|địa phương|"
    r"xã|phường|đơn vị|khu vực|địa bàn)|bao gồm|gồm|trong số|nhiều nhất|cao nhất|đứng đầu|dẫn đầu|"
    r"tập trung|chủ yếu|top\s*\d+|(?:đứng sau|xếp sau|tiếp theo|tiếp đến|kế đến|kế tiếp)(?: là| đó là)?|"
    r"(?:tiếp sau|theo sau|sau đó) là)"
    r"(?![^\W_])", re.IGNORECASE)


def opens_breakdown(a: "Analysis", s: Sentence) -> bool:
    """The sentence breaks down the previous one's figure: "Trong đó ...", "Cụ thể ...",
    "Phân theo nơi cư trú: ...", "Nhiều nhất là quận Ninh Kiều (412), ..."."""
    key = ("opens_breakdown", s.index)
    if key not in a.cache:
        a.cache[key] = _BREAKDOWN_OPENER.match(a.text, s.start) is not None
    return a.cache[key]


_PARENTHESIS = re.compile(r"\([^()]*\)")
_COORDINATION = re.compile(r"\s*(?:,\s*(?:và\s+)?|và\s+|cùng\s+)")


def coordinated(a: "Analysis", lo: int, hi: int) -> bool:
    """Only a coordination lies in [lo, hi): counting nouns, commas and "và" between two
    figures ("893 F1, 2.416 F2 và 3.105 F3"). A parenthesis that refines the first figure
    ("1.486 F1 (tăng 213 ...), 4.392 F2") is no separator."""
    between = a.norm[lo:hi]
    if ")" in between:
        between = _PARENTHESIS.sub(lambda m: " " * len(m.group()), between)
        if "(" in between or ")" in between:
            return False
    chars = list(between)
    for c in a.cues_in(lo, hi):
        if not between[c.start - lo:c.end - lo].strip():
            continue  # inside the parenthesis, blanked above
        if c.category not in ("unit", "event"):
            return False
        for i in range(c.start - lo, c.end - lo):
            chars[i] = " "
    return _COORDINATION.fullmatch("".join(chars)) is not None


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_DIGIT = re.compile(r"\d")
# Digits that are no figure of a line: a day or an hour ("■ Lũy kế truy vết từ 2/7", "Tình
# hình đến 18h ngày 30/7") and the disease's names ("COVID-19", "SARS-CoV-2").
_NO_FIGURE = re.compile(r"(?<!\d)(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?(?![\d/])|\d{1,2}\s*(?:h|giờ)"
                        r"(?:\s*\d{2})?(?![\w/]))|covid-19|sars-cov-2", re.IGNORECASE)


def _has_figure(text: str) -> bool:
    """Whether ``text`` has a digit that is no day, hour or name of the disease."""
    return _DIGIT.search(_NO_FIGURE.sub("", text)) is not None


def paragraph_break(text: str, before: Sentence, s: Sentence) -> bool:
    """A blank line separates sentence ``s`` from the earlier sentence ``before`` (a
    sentence's span ends after the line breaks that close it)."""
    return _BLANK_LINE.search(text, before.start, s.start) is not None


def paragraph_start(a: Analysis, s: Sentence, reach: int) -> Sentence:
    """The first sentence of ``s``'s paragraph, at most ``reach`` sentences before it."""
    first = s
    for k in range(s.index - 1, max(-1, s.index - 1 - reach), -1):
        if paragraph_break(a.text, a.sentences[k], first):
            break
        first = a.sentences[k]
    return first


LEAD_SENTENCES = 2  # a bulletin's title and lead: its first two sentences


def lead_end(a: Analysis) -> int:
    """The end of a bulletin's title and lead."""
    return a.sentences[min(LEAD_SENTENCES, len(a.sentences)) - 1].end if a.sentences else 0


def split_sentences(text: str) -> list[Sentence]:
    """Sentences and list lines of ``text``, covering it without gaps."""
    sents: list[Sentence] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        if m.group(0) == "." and _ROW_NUMBER.fullmatch(text, text.rfind("\n", 0, m.start()) + 1,
                                                       m.start()):
            continue  # "1. Đức Hòa: 58 / 10.412": the number of a row, not a sentence
        if m.group(0) == ".":
            word = re.search(r"(\w+)$", text[max(0, m.start() - 6):m.start()])
            if word and (word.group(1).lower() in _ABBREV or
                         (len(word.group(1)) == 1 and word.group(1).isupper())):
                continue
        end = m.end()
        if text[pos:end].strip():
            sents.append(Sentence(pos, end, len(sents)))
        elif sents:
            sents[-1].end = end
        pos = end
    if pos < len(text):
        if text[pos:].strip() or not sents:
            sents.append(Sentence(pos, len(text), len(sents)))
        else:
            sents[-1].end = len(text)
    # List items: lines that start with a bullet or a number; their header is the last
    # non-item sentence before them.
    header = None
    after_colon = after_caption = False
    in_lines = False  # inside a list of unbulleted lines under a ":" header
    owner = None  # the header of the current list
    head_numbered = False  # the last line that opened a paragraph or section was numbered
    for s in sents:
        line_start = text.rfind("\n", 0, s.start) + 1
        at_line_start = s.at_line_start = not text[line_start:s.start].strip()
        line = text[s.start:s.end].strip()
        bullet = _ITEM_START.match(text, s.start)
        numbered = bullet is not None and bullet.group().lstrip()[0].isdigit()
        # "Số ca theo quận:\nNinh Kiều 41\nBình Thủy 28": short lines that follow the
        # header's first line, with no blank line between, are items of the same list.
        short = (in_lines or after_caption) and at_line_start and len(line) <= _SHORT_LINE \
            and not line.endswith(":") and _has_figure(line) \
            and not paragraph_break(text, sents[s.index - 1], s)
        continues = in_lines and short
        # "II. TIẾN ĐỘ THEO HUYỆN (mũi 1)\nTP Buôn Ma Thuột: 28.714": a caption with no colon
        # heads the short lines with a figure right under it.
        captioned = after_caption and short
        # A numbered line after a blank line, or without a figure, opens a section of a
        # report ("\n\n1. Số ca mắc mới: 86 ca", "2. Công tác điều trị"); numbered lines
        # right under their caption are the rows of a list ("1. Đức Hòa: 58 / 10.412").
        # So is the next number after such a section ("2. Lũy kế ...\n3. Khỏi bệnh: 58 ca").
        section = numbered and s.index > 0 and (
            paragraph_break(text, sents[s.index - 1], s) or
            not _DIGIT.search(text, bullet.end(), s.end) or head_numbered)
        if at_line_start and not section and (bullet or after_colon or continues or captioned):
            # A bullet line, or the line right after a header ending with ":".
            s.is_item = True
            if after_colon and s.index > 0 and sents[s.index - 1].is_item:
                # "- Số bệnh nhân nặng là 2.931 ca, trong đó:\nThở máy: 552 ca": a list
                # nested under an item belongs to that item.
                owner = s.index - 1
            elif captioned and sents[s.index - 1].is_item:
                # "- Lũy kế truy vết từ 2/7\n   F1: 9.870 | F2: 25.114": so does a caption.
                owner = s.index - 1
            elif not continues:
                owner = header
            s.parent = owner
            in_lines = (after_colon or continues or captioned) and len(line) <= _SHORT_LINE \
                and not bullet
        else:
            in_lines = False
            # (the rest of an item's line is no header: "1. Chùm A: 4 ca. Lũy kế 29 ca.\n2. ...")
            if at_line_start or header is None or not sents[header].end > s.start and \
                    not (s.index > 0 and sents[s.index - 1].is_item):
                header = s.index
            if at_line_start:
                head_numbered = numbered
        after_colon = line.endswith(":")
        after_caption = not after_colon and _caption_line(text, s, line, bullet)
    return sents


def _caption_line(text: str, s: Sentence, line: str, bullet) -> bool:
    """A whole line with no figure and no closing full stop, which captions the short
    lines under it as a list does after a colon ("II. TIẾN ĐỘ THEO HUYỆN (mũi 1)\nTP Buôn
    Ma Thuột: 28.714\nTX Buôn Hồ: 6.902")."""
    if not s.at_line_start or "\n" not in text[s.start:s.end] or len(line) > _CAPTION_LINE \
            or line.endswith((".", "!", "?", ";", ",")):
        return False
    words = _NUMBERED_CUE.sub("", text[bullet.end() if bullet else s.start:s.end])
    return not _has_figure(words)


# A number's spelled-out echo in parentheses ("38 (ba mươi tám)"), as official notices write.
ECHO = re.compile(r"[ \t]*\((?:[^\W\d_]+[ \t]?){1,6}\)")


def _barriers(text: str, protected: list[tuple[int, int]]) -> list[int]:
    """Clause-breaking punctuation outside numbers and place names."""
    protected = sorted(protected)
    starts = [a for a, _ in protected]
    out = []
    for m in _BARRIER.finditer(text):
        i = m.start()
        k = bisect.bisect_right(starts, i) - 1
        if k >= 0 and protected[k][0] <= i < protected[k][1]:
            continue
        out.append(i)
    return out


def analyse(text: str, ref: Date | None = None,
            sentences: list[Sentence] | None = None) -> Analysis:
    """Find quantities, places, dates and cues in ``text`` and its sentence structure."""
    norm = normalize(text)
    quantities, dates = split_slash_rows(text, split_dash_cells(text, find_quantities(text)),
                                         find_dates(text, ref))
    places = get_gazetteer().find(text)
    # A number inside a date ("26/10", "24 giờ qua") or a place ("quận 6") belongs to it.
    inside = sorted([(d.start, d.end) for d in dates] + [(p.start, p.end) for p in places])
    starts = [x for x, _ in inside]
    qs = []
    for q in quantities:
        k = bisect.bisect_right(starts, q.start) - 1
        if k >= 0 and inside[k][0] <= q.start and q.end <= inside[k][1]:
            continue
        if k >= 1 and inside[k - 1][0] <= q.start and q.end <= inside[k - 1][1]:
            continue
        qs.append(q)
    cues = sorted(find_cues(text, norm), key=lambda c: c.start)
    dates = sorted(dates, key=lambda d: d.start)
    sents = sentences if sentences is not None else split_sentences(text)
    protected = [(q.start, q.end) for q in qs] + [(p.start, p.end) for p in places]
    for q in qs:  # "38 (ba mươi tám) trường hợp": the echo does not end the clause
        echo = ECHO.match(text, q.end)
        if echo is not None:
            protected.append((q.end, echo.end()))
    a = Analysis(text, norm, ref, sents, qs, places, dates, cues,
                 barriers=_barriers(text, protected), columns=find_columns(text, qs))
    a._sent_starts = [s.start for s in sents]
    a._cue_starts = [c.start for c in cues]
    a._q_starts = [q.start for q in a.quantities]
    a._place_starts = [p.start for p in a.places]
    a._date_starts = [d.start for d in a.dates]
    a._cue_reach = list(accumulate((c.end for c in cues), max))
    a._q_reach = list(accumulate((q.end for q in a.quantities), max))
    a._place_reach = list(accumulate((p.end for p in a.places), max))
    a._date_reach = list(accumulate((d.end for d in a.dates), max))
    return a

