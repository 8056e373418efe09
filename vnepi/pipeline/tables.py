"""Tables flattened into text: which column header each number sits under.

Health departments publish tables; scrapers and press rewrites flatten them into lines:

    STT | Tỉnh/TP | Ca mới | Tổng số ca (từ 27/4/2021)
    1 | TP. Hồ Chí Minh | 1.069 | 411.227

    (ca mới trong ngày / tổng số ca từ 19/6/2021 / số F1 đang cách ly)
    01. TP Tuy Hòa: 20 / 764 / 2.318

A *row* is a line that ends in two or more cells holding only a number (or a placeholder
such as "-" or "không"), all separated by the same delimiter (``|``, tab, ``;``, `` / ``,
a dash between spaces, two or more spaces, or a comma followed by a space); the text before
them is the row's label (its place, a running number). Consecutive rows with the same
number of cells make a table. Its *header* is the nearest line above (at most three lines
up) that the rows' own delimiter splits into at least as many short labels (from its colon
on, if it has one: "Thứ tự các số liệu: F1 mới; F1 tích lũy; ..."), or a legend in its last
parenthesis split by any delimiter; the last cells are the numeric columns' headers, because
label columns ("STT", "Tỉnh") come first. Between pipes or tabs the figures may be followed
by note cells, empty or text ("| 402.118 |", "| Ghi chú"); such a table's header must have
as many cells as its rows, and is read by position. Each number in a row then gets the span
of its column's header, where the linker reads the event, running total, day window and
setting of the column, and the table's caption, which decides a column that says nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple, Sequence

from ..resolve.dates import DateExpr
from ..resolve.numbers import Quantity

_DELIMITERS: tuple[re.Pattern, ...] = tuple(re.compile(p) for p in (
    r"[ \t]*\|[ \t]*", r" *\t[ \t]*", r"[ \t]*;[ \t]*", r"[ \t]+/[ \t]+", r"[ \t]+[–—-][ \t]+",
    r" {2,}", r"[ \t]*,[ \t]+", r"(?<=\d)[ \t]*/[ \t]*(?=\d)"))
# Header cells may also be separated by a bare slash ("F0/F1/F2"); numbers only in the rows
# split_slash_rows reads ("TP Vinh: 61/9"): elsewhere "12/9" is a date, and no number.
_HEADER_ONLY = (re.compile(r"[ \t]*/[ \t]*"),)
# Delimiters that mark every cell, empty ones too: a row may end in a note column.
_EXPLICIT = _DELIMITERS[:2]
_SPACED = _DELIMITERS[3:5]  # " / " and " - "
_COMMA = _DELIMITERS[6]
_LABELLED_CELL = re.compile(r"[^\W\d_][^\n]*?[^\W\d_)][ \t]+(\d[\d.,]*)")
_CELL = re.compile(r"[+\-−]?\d[\d.,]*|[-–—x]|không|\.\.\.", re.IGNORECASE)
_LEADER = re.compile(r"[ \t]*(?:\.{3,}|…+)[ \t]*")
_PAREN = re.compile(r"\(([^()]*)\)[^()]*$")
_HEADER_LOOKBACK = 3
_MAX_HEADER_WORDS = 12
_TITLE_WORDS = 16  # a table's title line above its header
# A header names its columns; a cell with a count in it ("Trà Vinh: 9.812 mẫu") is data.
_DATE_LIKE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?")
_COUNT_LIKE = re.compile(r"\d[.,]\d{3}|\d{3,}")


@dataclass(frozen=True)
class Column:
    """The header cell ``[start, end)`` of a table column, its index (0 = first numeric
    column) and the table's caption ``[caption_start, caption_end)``: the header line's
    text before its cells ("Số liệu truy vết theo quận (F0 / F1 / F2)"), from the line
    above when that one ends with a colon."""

    start: int
    end: int
    index: int
    caption_start: int = 0
    caption_end: int = 0


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _split(text: str, lo: int, hi: int, delim: re.Pattern) -> list[tuple[int, int]]:
    """Cells of ``text[lo:hi]`` cut at ``delim``, as stripped (start, end) spans."""
    cells, pos = [], lo
    for m in delim.finditer(text, lo, hi):
        cells.append((pos, m.start()))
        pos = m.end()
    cells.append((pos, hi))
    out = []
    for a, b in cells:
        # str.strip drops what str.isspace calls white space, in C rather than char by char.
        cell = text[a:b]
        a += len(cell) - len(cell.lstrip())
        out.append((a, a + len(cell.strip())))
    return out


class _Row(NamedTuple):
    """A table row: its delimiter, its numeric cells, and where they sit among all its
    cells (``first`` of ``total``), for rows with a trailing note column."""

    delim: re.Pattern
    cells: list[tuple[int, int]]
    first: int
    total: int


def _row(text: str, lo: int, hi: int, qs: Sequence[Quantity]) -> _Row | None:
    """The numeric cells of a table row, or None: the longest run of number or placeholder
    cells that ends the line, after its label (up to a colon, or a cell). Between explicit
    pipes or tabs, the run may be followed by note cells, empty or text ("| 402.118 |",
    "| 55.963 | tiêm lưu động tại 3 xã")."""
    while hi > lo and text[hi - 1] in " \t.;,":
        hi -= 1
    starts = [lo]
    colon = text.find(":", lo, qs[-1].start)
    if colon >= 0:
        starts.append(colon + 1)
    leader = _LEADER.search(text, lo, qs[-1].start)
    if leader is not None:  # "Q. Hoàng Mai ...... 71.402 / 286.310": the label ends at its dots
        starts.append(leader.end())
    best: _Row | None = None
    for st in starts:
        for delim in _DELIMITERS:
            if delim.search(text, st, hi) is None:
                continue  # one cell: no row of this delimiter
            cells = _split(text, st, hi, delim)
            end = len(cells)
            if delim in _EXPLICIT:
                while end > 1 and not _CELL.fullmatch(text, *cells[end - 1]):
                    end -= 1  # note cells: empty or words
            k = end
            while k > 0 and cells[k - 1][1] > cells[k - 1][0] and _CELL.fullmatch(text, *cells[k - 1]):
                k -= 1
            tail = cells[k:end]
            if k > 0 and tail and delim in _SPACED:
                # "Vĩnh Tường 602 - 3.118 - 1.406": the first figure follows its label
                # after a mere space.
                first = _LABELLED_CELL.fullmatch(text, *cells[k - 1])
                if first is not None:
                    tail = [(first.start(1), cells[k - 1][1])] + tail
            # One numeric column only between explicit pipes, after a label cell:
            # "STT | Địa phương | Số ca\n1 | Bình Tân | 402".
            least = 1 if delim is _DELIMITERS[0] and k >= 1 else 2
            if len(tail) >= least and (best is None or len(tail) > len(best.cells)) and any(
                    a == q.start for q in qs for a, _ in tail):
                best = _Row(delim, tail, k, len(cells))
    return best


def _header(text: str, lines: list[tuple[int, int]], first: int, row: _Row,
            is_row: list[bool]) -> list[tuple[int, int]] | None:
    """The header cells of the numeric columns of a table whose first row is line
    ``first``: a line split by the rows' own delimiter, or a legend in parentheses
    ("(ca mới / tổng số ca / F1)") split by any. Cells are short labels, not prose. The
    last cells head the numeric columns, unless the rows end in note cells: then the
    header must have as many cells as the row, and is read by position."""
    width, delim = len(row.cells), row.delim
    notes = row.first + width < row.total
    seen = 0
    for li in range(first - 1, -1, -1):
        lo, hi = lines[li]
        if not text[lo:hi].strip():
            continue
        if is_row[li] or seen >= _HEADER_LOOKBACK:
            return None
        seen += 1
        m = _PAREN.search(text, lo, hi)
        tries = []
        if m:
            inner = text.find(":", m.start(1), m.end(1))
            if inner >= 0:  # "(lũy kế, thứ tự: mũi 1 / mũi 2)": before the colon is caption
                tries += [(inner + 1, m.end(1), d) for d in (delim,) + _DELIMITERS + _HEADER_ONLY]
            tries += [(m.start(1), m.end(1), d) for d in (delim,) + _DELIMITERS + _HEADER_ONLY]
        if delim is not _COMMA:  # comma-separated prose is no header line
            tries.append((lo, hi, delim))
            colon = text.find(":", lo, hi)
            if colon >= 0:  # "Thứ tự các số liệu: F1 mới; F1 tích lũy; ..."
                tries.append((colon + 1, hi, delim))
        for a, b, d in tries:
            if notes:  # read by position: empty cells count ("| STT | Huyện | Số ca |")
                cells = _split(text, a, b, d)
                if len(cells) != row.total:
                    continue
                head = cells[row.first:row.first + width]
            else:
                cells = [c for c in _split(text, a, b, d) if c[1] > c[0]]
                if len(cells) < width:
                    continue
                head = cells[-width:]
            if all(any(ch.isalpha() for ch in text[x:y]) and len(text[x:y].split()) <= _MAX_HEADER_WORDS
                   and not _COUNT_LIKE.search(_DATE_LIKE.sub(" ", text[x:y])) for x, y in head):
                return head
    return None


def _caption(text: str, first_cell: int) -> tuple[int, int]:
    """The header line's text before its cells, from the line above when that line ends
    with a colon ("Lũy kế từ đầu dịch theo huyện:") or is a title: a few words, no figure
    and no full stop ("Bảng: Ca tử vong báo cáo ngày 24/8 và tổng từ đầu dịch")."""
    line = text.rfind("\n", 0, first_cell) + 1
    start = line
    prev_end = line - 1
    while prev_end > 0 and text[prev_end - 1] == "\n":
        prev_end -= 1
    if prev_end > 0:
        prev = text.rfind("\n", 0, prev_end) + 1
        above = text[prev:prev_end].rstrip()
        if above.endswith(":") or (
                above and not above.endswith((".", ";")) and len(above.split()) <= _TITLE_WORDS
                and not _COUNT_LIKE.search(_DATE_LIKE.sub(" ", above))):
            start = prev
    return start, first_cell


def find_columns(text: str, quantities: Sequence[Quantity]) -> dict[int, Column]:
    """Column headers of the numbers that sit in a flattened table, keyed by the number's
    start offset. Numbers outside tables, and tables without a header, are left out."""
    lines = _lines(text)
    by_line: list[list[Quantity]] = [[] for _ in lines]
    li = 0
    for q in quantities:
        while li < len(lines) - 1 and q.start > lines[li][1]:
            li += 1
        by_line[li].append(q)
    rows = [(_row(text, lo, hi, by_line[i]) if len(by_line[i]) >= 2 else None)
            for i, (lo, hi) in enumerate(lines)]
    is_row = [r is not None for r in rows]
    out: dict[int, Column] = {}
    i = 0
    while i < len(lines):
        if rows[i] is None:
            i += 1
            continue
        width = len(rows[i].cells)
        j = i
        while j + 1 < len(lines) and rows[j + 1] is not None and len(rows[j + 1].cells) == width:
            j += 1
        header = _header(text, lines, i, rows[i], is_row)
        if header is not None:
            cap = _caption(text, header[0][0])
            for k in range(i, j + 1):
                starts = {q.start: q for q in by_line[k]}
                for col, (a, _b) in enumerate(rows[k].cells):
                    if a in starts:
                        h0, h1 = header[col]
                        out[a] = Column(h0, h1, col, *cap)
        i = j + 1
    return out


# A legend of slash-joined labels closing its line ("Chi tiết tại các địa phương (học sinh
# F0/giáo viên F0):", "Số ca theo phường (mới/lũy kế):"), and the rows under it whose
# figures are joined the same way ("- TP Vinh: 61/9", "P. Cái Vồn: 6/126").
_SLASH_LEGEND = re.compile(r"\(([^()/\n]+(?:/[^()/\n]+)+)\)[ \t]*:?[ \t]*$", re.MULTILINE)
_SLASH_CELLS = re.compile(r"(?<![\d/.,])(\d[\d.,]*(?:[ \t]*/[ \t]*\d[\d.,]*)+)[ \t.;,]*$", re.MULTILINE)
_LEGEND_WORDS = 5  # words of one label of a slash legend


def split_slash_rows(text: str, quantities: Sequence[Quantity],
                     dates: Sequence[DateExpr]) -> tuple[list[Quantity], list[DateExpr]]:
    """Read the "61/9" of the rows under a slash legend as one figure per label, not as a
    date or a ratio: the legend must have as many labels as the rows figures, and two rows
    at least must follow it. Returns the quantities and the dates left."""
    from ..resolve.numbers import parse_quantity

    spans: list[tuple[int, int]] = []
    added: list[Quantity] = []
    for legend in _SLASH_LEGEND.finditer(text):
        labels = [lab.split() for lab in legend.group(1).split("/")]
        if any(not 0 < len(lab) <= _LEGEND_WORDS or lab[0][0].isdigit() or lab[-1].isdigit()
               for lab in labels):
            continue  # words, not a date's halves ("(từ 27/4 đến nay)")
        rows = []
        pos = legend.end() + 1
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            m = _SLASH_CELLS.search(text, pos, end)
            if m is None or m.group(1).count("/") != len(labels) - 1 or \
                    not re.search(r"[^\W\d_]", text[pos:m.start(1)]):
                break  # a row has a label before its figures
            rows.append(m)
            pos = end + 1
        if len(rows) < 2:
            continue
        for m in rows:
            cells = []
            for c in re.finditer(r"\d[\d.,]*", m.group(1)):
                p = parse_quantity(c.group(0))
                if p is None:
                    break  # a cell no number reads leaves its row as it was
                a = m.start(1) + c.start()
                cells.append(Quantity(p.value, a, a + len(c.group(0)), c.group(0),
                                      multiplier=p.multiplier))
            else:
                spans.append((m.start(1), m.end(1)))
                added.extend(cells)

    def outside(x) -> bool:
        return not any(a < x.end and x.start < b for a, b in spans)

    if not spans:
        return list(quantities), list(dates)
    qs = sorted([q for q in quantities if outside(q)] + added, key=lambda q: q.start)
    return qs, [d for d in dates if outside(d)]


_DASH_PAIR = re.compile(r"(\S+)([ \t]+[–—-][ \t]+)(\S+)")


def split_dash_cells(text: str, quantities: Sequence[Quantity]) -> list[Quantity]:
    """Undo ranges that are really two table cells: in "Bắc Ninh – 12 – 1.540" the number
    reader sees the range 12–1.540, but a line that uses the dash between spaces as its
    delimiter more than once is a table row, and its "ranges" are two cells. So is a
    "range" that runs downwards ("An Giang: 1.094.218 – 285.410")."""
    from ..resolve.numbers import parse_quantity

    out: list[Quantity] = []
    for q in quantities:
        m = _DASH_PAIR.fullmatch(q.text) if q.upper is not None else None
        if m is not None:
            lo = text.rfind("\n", 0, q.start) + 1
            hi = text.find("\n", q.end)
            hi = len(text) if hi < 0 else hi
            dashes = len(re.findall(r"[ \t][–—-][ \t]", text[lo:hi]))
            left, right = parse_quantity(m.group(1)), parse_quantity(m.group(3))
            descending = left is not None and right is not None and left.value > right.value
            if (dashes >= 2 or descending) and left is not None and right is not None:
                b = q.start + m.start(3)
                out.append(Quantity(left.value, q.start, q.start + len(m.group(1)), m.group(1),
                                    multiplier=left.multiplier))
                out.append(Quantity(right.value, b, b + len(m.group(3)), m.group(3),
                                    multiplier=right.multiplier))
                continue
        out.append(q)
    return out
