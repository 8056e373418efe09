"""Numbers in Vietnamese bulletins: "6.580", "22,6 triệu", "hơn 6.000", "hai mươi mốt ca".

Standard library only; words match NFC text (normalise decomposed input first).
Ambiguity rules (each is tested in ``tests/test_numbers.py``):

* Dot: groups thousands when the first group has 1-3 digits (no leading 0) and every later
  group exactly 3 ("1.234" = 1234, "1.234.567"); otherwise one dot is a decimal point
  ("2.5" = 2.5, "1.2345"). "d.m" (1-2 digits after the dot) right after a DATE_CUES word or a
  clock time ("ngày 30.6", "từ 12.6", "17h 30.6"), or after another date + "và"/"-"/"đến",
  is a date: find_quantities skips it (unless a multiplier or "%" follows: "từ 2.5 triệu").
* Comma: a decimal separator, as Vietnamese writes decimals ("1,5" = 1.5, "1,234" = 1.234,
  "1,234 triệu" = 1 234 000). Only 2+ comma groups of 3 digits ("1,234,567") are English
  grouping. "1.234,5" = 1234.5.
* Glued to a letter means a code or a unit, never a quantity: "BN1234", "F0", "COVID-19",
  "SARS-CoV-2", "Covid19", "H5N1", "5K", "19h", "6h30", "100km".
* Dates and times are skipped: anything with "/" or ":" (dates, ratios "40/223" and "6/7",
  "6:30"), three dash-joined parts ("4-11-2021"), "d-m" after a day cue ("ngày 26-10"),
  "d.m.y", the day in "ngày 4" (unless a counting noun follows: "ngày 4 ca"), "4 tháng 11",
  "tháng 11", "năm 2021", clock times ("lúc 17 giờ", "17 giờ 30 ngày 8/9"). Durations stay:
  "12 giờ", "32 ngày", and "24 giờ qua" (find_dates reports that window; the pipeline decides).
* Phone numbers are skipped: "0912.345.678", "0912 345 678", "0912345678", "1900 9095".
* Ranges "12-17", "12 – 17", "12 -17", "12 đến 17", "từ 12 đến 17" (with "từ" in the text):
  value=lower, upper=higher (a reversed "từ 17 đến 12" is normalised); a multiplier or "%"
  on the second number applies to both ("5-7 triệu"). "từ 5-7 ngày" is a range.
* A sign glued to the digits, not after a letter, is kept: "(-595)" -> -595, "(+67)" -> 67.
* Multipliers (MULTIPLIERS) must be whole words and may stack ("nghìn tỷ" = 10**12); "rưỡi"
  adds half ("1 triệu rưỡi"); "1 triệu 200 nghìn" is one quantity; "84,8 triệu liều" stops
  before "liều". Quantity.multiplier is the (largest) one used.
* approximate: the figure is a bound or an estimate (APPROX_PREFIXES, stackable: "khoảng
  gần"). "trên" right after "<number> <up to 3 words>" means "per" ("100 ca nhiễm trên
  100.000 dân") and is no prefix there.
* Spelled numbers ("một", "hai mươi mốt", "hai trăm linh năm"; in speech a lone last unit
  names the next place down: "hai trăm năm" = 250, "ba nghìn hai" = 3200) are found only
  (a) before a SPELLED_COUNT_NOUNS word or (b) in a list slot: after a capitalised word
  (optionally + "đều"/"cùng") or after "lên"/"là" ("tổng số ca tử vong lên sáu."), and
  before punctuation or the end ("Ninh Thuận một."). A
  capitalised number word after a capitalised word belongs to a name ("Tháp Mười"). "tư",
  "lăm", "nhăm" only follow "mười"/"mươi", "mốt" only "mươi"; "hàng trăm" is no number.
  Their words are read by :mod:`vnepi.resolve.spelled_numbers`.
* A numeral with more than 18 integer digits is not a number (and nothing here raises).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .spelled_numbers import MULTIPLIERS, PAD, SPELLED_WORDS, spelled

__all__ = ["Quantity", "parse_number", "parse_quantity", "find_quantities", "format_vi",
           "SPELLED_COUNT_NOUNS", "APPROX_PREFIXES", "DATE_CUES", "MULTIPLIERS"]

SPELLED_COUNT_NOUNS: tuple[str, ...] = (
    "ca", "người", "trường hợp", "bệnh nhân", "BN", "F0", "F1", "F2", "F3", "liều", "mũi",
    "mẫu", "lượt", "ổ dịch", "chùm ca", "công nhân", "học sinh", "trẻ", "bệnh nhi",
    "nhân viên", "bác sĩ", "điều dưỡng", "sản phụ", "thai phụ", "tài xế", "lái xe", "công dân",
    "giáo viên", "hành khách", "lao động", "cán bộ", "chiến sĩ", "tiểu thương",
    "sinh viên", "thuyền viên", "tiếp viên", "du khách", "em",
)
APPROX_PREFIXES: tuple[str, ...] = ("hơn", "trên", "dưới", "gần", "gần như", "khoảng", "xấp xỉ", "chừng",
                                     "ước tính", "ước", "ít nhất", "tối thiểu", "tối đa")
# Kept identical to dates.DATE_CUES (a test checks); modules may not import each other.
DATE_CUES: tuple[str, ...] = ("ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "khuya",
                              "từ", "đến", "tới", "hết")


@dataclass(frozen=True)
class Quantity:
    """A number expression found in text; ``text == source[start:end]``."""

    value: int | float
    start: int
    end: int
    text: str
    approximate: bool = False
    percent: bool = False
    upper: int | float | None = None
    spelled: bool = False
    multiplier: int = 1


_SP = r"[^\S\r\n]+"      # expressions never run across a line break
_SP0 = r"[^\S\r\n]*"
_I = re.IGNORECASE


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", _SP)
                    for w in sorted(words, key=len, reverse=True))


_MULT = _alt(MULTIPLIERS)
_NOUNS = _alt(SPELLED_COUNT_NOUNS)
_ATOM_RE = re.compile(r"[-+\u2212]?[0-9]+(?:[.,][0-9]+)*(?:[/:\-\u2013\u2014][0-9]+(?:[.,][0-9]+)*)*")
_GROUPED_RE = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,([0-9]+))?")
_EN_GROUPED_RE = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3}){2,}(?:\.([0-9]+))?")
_PLAIN_RE = re.compile(r"([0-9]+)(?:[.,]([0-9]+))?")
_DOT_DM_RE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})")
_MULT_RE = re.compile(rf"((?:{_SP}(?:{_MULT})(?!\w))+)(?:{_SP}(rưỡi)(?!\w))?", _I)
_PCT_RE = re.compile(rf"{_SP0}%|{_SP}phần{_SP}trăm(?!\w)", _I)
_RANGE_GAP_RE = re.compile(rf"{_SP0}[-\u2013\u2014]{_SP0}|{_SP}(?:đến|tới){_SP}", _I)
_SPACES_RE = re.compile(_SP0)
_FROM_RE = re.compile(rf"(?<!\w)từ{_SP}$", _I)
_APPROX_RE = re.compile(rf"(?<!\w)(?:(?:{_alt(APPROX_PREFIXES)}){_SP})+$", _I)
_PER_RE = re.compile(rf"[0-9][^\W\d_]*(?:{_SP}[^\W\d_]+){{0,3}}{_SP}$")
# group 1 = a cue naming a day or a time; "từ 5-7 ngày" is a range, so "d-m" needs one of those
_DATE_CUE_RE = re.compile(rf"(?<!\w)(?:({_alt(DATE_CUES[:8])}|[0-9]{{1,2}}[hg][0-9]{{0,2}})|"
                          rf"{_alt(DATE_CUES[8:])}){_SP}$", _I)
_CHAIN_RE = re.compile(rf"{_SP0}(?:và|[-\u2013]|đến|tới){_SP0}", _I)
_CLOCK = rf"{_SP0}giờ(?:{_SP0}[0-9]{{1,2}}(?:{_SP0}phút)?)?"
# Every alternative starts with a digit or with "ngày", "hôm", "tháng", "năm", "lúc": the
# look-ahead rejects all other positions at once instead of trying each alternative there.
_BLOCK_RE = re.compile(
    r"(?=[0-9nhtl])(?:"
    r"(?<![\w.,])(?:0[0-9]{2,3}(?:[ .][0-9]{2,4}){2,3}|0[0-9]{8,10}|1[89]00[ .]?[0-9]{4})(?!\w)"
    rf"|(?<!\w)(?:(?:ngày|hôm){_SP})?[0-9]{{1,2}}{_SP}tháng{_SP}[0-9]{{1,2}}"
    rf"(?:(?:{_SP}năm{_SP}|{_SP0}[/,]{_SP0})[0-9]{{4}})?(?!\w)"
    rf"|(?<!\w)tháng{_SP}(?:0?[1-9]|1[0-2])(?![0-9]|[.,][0-9])"
    rf"|(?<!\w)năm{_SP}(?:1[89]|2[0-9])[0-9]{{2}}(?![0-9]|[.,][0-9])"
    rf"|(?<!\w)(?:ngày|hôm){_SP}(?:0?[1-9]|[12][0-9]|3[01])(?![0-9]|[.,/:\-\u2013][0-9])"
    rf"(?!{_SP}(?:{_NOUNS}|{_MULT})(?!\w)|{_SP0}%)"
    rf"|(?<!\w)lúc{_SP}[0-9]{{1,2}}(?:{_CLOCK})?(?!\w)"
    rf"|(?<!\w)[0-9]{{1,2}}{_CLOCK}(?={_SP}(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|nay)(?!\w)))",
    _I)

# The look-ahead on the words' first letters only rejects most positions fast.
_SPELLED_SEQ_RE = re.compile(rf"(?=[{''.join(sorted({w[0] for w in SPELLED_WORDS}))}])(?<!\w)(?:{_alt(SPELLED_WORDS)})(?:{_SP}(?:{_alt(SPELLED_WORDS)}))*(?!\w)", _I)
_WORD_RE = re.compile(r"\S+")
_NOUN_AFTER_RE = re.compile(rf"{_SP}(?:{_NOUNS})(?!\w)", _I)
_SLOT_END_RE = re.compile(rf"{_SP0}(?:[,.;:)!?…]|$)")
_PREV_WORD_RE = re.compile(rf"(?<!\w)(\w+)(?:{_SP}(?:đều|cùng|mỗi{_SP}(?:tỉnh|nơi|huyện|quận|phường|xã|"
                           rf"địa{_SP}phương|thành{_SP}phố)))?{_SP}$", _I)
_ADJ_WORD_RE = re.compile(rf"(?<!\w)(\w+){_SP}$")
_EDGE_JUNK = " \t\r\n.,;:!?()[]\"'…"
_MAX_DIGITS = 18


def _to_number(d: int | Decimal) -> int | float:
    if isinstance(d, int):
        return d
    return int(d) if d == d.to_integral_value() else float(d)


def _parse_digits(s: str) -> int | Decimal | None:
    """Value of one unsigned numeral ("6.580", "22,6"); None if the shape is not a number."""
    m = _GROUPED_RE.fullmatch(s)
    if m:
        whole, frac = s.split(",")[0].replace(".", ""), m.group(1)
    else:
        m = _EN_GROUPED_RE.fullmatch(s)
        if m:
            whole, frac = s.split(".")[0].replace(",", ""), m.group(1)
        else:
            m = _PLAIN_RE.fullmatch(s)
            if not m or (m.group(2) and s[0] == "0" and len(m.group(1)) > 1 and len(m.group(2)) == 3):
                return None     # "012.345": a phone fragment, not 12.345
            whole, frac = m.group(1), m.group(2)
    if len(whole) > _MAX_DIGITS:
        return None
    return Decimal(f"{whole}.{frac}") if frac else int(whole)


def parse_number(s: str) -> int | float | None:
    """Value of one bare surface form ("6.580", "22,6 triệu", "hai mươi mốt"); never raises."""
    if not isinstance(s, str):
        return None
    s = s.strip()
    m = _ATOM_RE.match(s)
    if m:
        v = _parse_digits(m.group().lstrip("+-\u2212"))
        end, mult, half, pct = _suffix(s, m.end())
        if v is None or pct or end != len(s):
            return None
        return _to_number(_scale(-v if m.group()[0] in "-\u2212" else v, mult, half))
    words = s.lower().split()
    r = spelled(words + PAD, 0) if words else None
    return r[0] if r is not None and r[1] == len(words) else None


_COMPARISON_RE = re.compile(r"(?:ít|nhiều|cao|thấp|lớn|tăng|giảm)\s*$", re.IGNORECASE)


def _approx_start(text: str, start: int) -> int:
    m = _APPROX_RE.search(text, max(0, start - 32), start)
    if m is None:
        return start
    if m.group().lower().startswith("hơn") and _COMPARISON_RE.search(text, max(0, m.start() - 8), m.start()):
        return start  # "ít hơn 12 ca so với hôm qua": a comparison, not an approximate figure
    if m.group().lower().startswith("trên") and _PER_RE.search(text, max(0, m.start() - 48), m.start()):
        rest = _WORD_RE.search(text, m.start() + 4)          # drop "trên"; keep e.g. "gần" after it
        return rest.start() if rest and rest.start() < start else start
    return m.start()


def _is_glued(text: str, s: int, e: int) -> bool:
    return (s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_")) or (
        e < len(text) and (text[e].isalnum() or text[e] == "_"))


def _atoms(text: str) -> list[tuple]:
    """(start, end, kind, value, upper, signed) for each digit run; kind 'n', 'r' or 'd' (date)."""
    blocks = [m.span() for m in _BLOCK_RE.finditer(text)]
    out: list[tuple] = []
    bi, last_date = 0, -1
    for m in _ATOM_RE.finditer(text):
        s, e = m.span()
        raw = m.group()
        if _is_glued(text, s, e):
            continue
        while bi < len(blocks) and blocks[bi][1] <= s:
            bi += 1
        signed = raw[0] in "+-\u2212"
        body = raw[1:] if signed else raw
        parts = re.split("[-\u2013\u2014]", body)
        chain = last_date >= 0 and _CHAIN_RE.fullmatch(text, last_date, s) is not None
        cm = _DATE_CUE_RE.search(text, max(0, s - 24), s)
        cue, strong = chain or cm is not None, chain or (cm is not None and cm.group(1) is not None)
        dm = _DOT_DM_RE.fullmatch(body) if len(parts) == 1 else None
        if ((bi < len(blocks) and blocks[bi][0] < e) or "/" in body or ":" in body or len(parts) > 2
                or (strong and len(parts) == 2 and _valid_dm(parts[0], parts[1]))
                or (cue and dm and _valid_dm(dm.group(1), dm.group(2))
                    and not _MULT_RE.match(text, e) and not _PCT_RE.match(text, e))):
            out.append((s, e, "d", None, None, False))
            last_date = e
            continue
        vals = [_parse_digits(p) for p in parts]
        if any(v is None for v in vals):
            continue
        v = -vals[0] if raw[0] in "-\u2212" else vals[0]
        out.append((s, e, "r", v, vals[1], signed) if len(vals) == 2 else (s, e, "n", v, None, signed))
    return out


def _valid_dm(d: str, m: str) -> bool:
    return (len(d) <= 2 and len(m) <= 2 and d.isdigit() and m.isdigit()
            and 1 <= int(d) <= 31 and 1 <= int(m) <= 12)


def _suffix(text: str, end: int) -> tuple[int, int, bool, int]:
    """(end, multiplier, half, percent?) of the words after a numeral."""
    mult, half = 1, False
    mm = _MULT_RE.match(text, end)
    if mm:
        for word in mm.group(1).split():
            mult *= MULTIPLIERS[word.lower()]
        half, end = bool(mm.group(2)), mm.end()
    pm = _PCT_RE.match(text, end)
    return (pm.end() if pm else end), mult, half, bool(pm)


def _scale(v, mult: int, half: bool):
    return v * mult + (mult // 2 if half else 0) * (1 if v >= 0 else -1)


def _digit_quantities(text: str) -> list[Quantity]:
    atoms = _atoms(text)
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        s, e, kind, v, up, _ = atoms[i]
        i += 1
        if kind == "d":
            continue
        end, mult, half, pct = _suffix(text, e)
        v = _scale(v, mult, half)
        nxt = atoms[i] if i < len(atoms) else None
        if nxt and kind == "n" and mult > 1 and not pct and nxt[2] == "n" and not nxt[5] \
                and isinstance(nxt[3], int) and nxt[3] < 1000 and _SPACES_RE.fullmatch(text, end, nxt[0]):
            end2, mult2, half2, pct2 = _suffix(text, nxt[1])
            if 1 < mult2 < mult:          # "1 triệu 200 nghìn"
                v, end, pct = v + _scale(nxt[3], mult2, half2), end2, pct2
                i += 1
                nxt = atoms[i] if i < len(atoms) else None
        if kind == "n" and nxt and not pct:
            gap_ok = _RANGE_GAP_RE.fullmatch(text, end, nxt[0]) is not None
            if nxt[2] == "d" and gap_ok:
                continue                  # "1 - 5/11": a day of a date range
            if nxt[2] == "n" and (gap_ok or (nxt[5] and text[nxt[0]] != "+" and _SPACES_RE.fullmatch(text, end, nxt[0]))):
                end2, mult2, half2, pct = _suffix(text, nxt[1])
                if mult == 1 and mult2 > 1:
                    v, mult, half = _scale(v, mult2, half2), mult2, half2
                up = _scale(abs(nxt[3]), mult2, half2)
                end, kind = end2, "r"
                i += 1
        elif kind == "r":
            up = _scale(up, mult, half)
        fm = _FROM_RE.search(text, max(0, s - 8), s) if kind == "r" else None
        start = fm.start() if fm else s
        if kind == "r" and up < v:
            v, up = up, v
        a = _approx_start(text, start)
        out.append(Quantity(_to_number(v), a, end, text[a:end], a < start, pct,
                            None if kind != "r" else _to_number(up), False, mult))
    return out


def _spelled_quantities(text: str, lenient: bool) -> list[Quantity]:
    out: list[Quantity] = []
    for seq in _SPELLED_SEQ_RE.finditer(text):
        spans = [(m.start() + seq.start(), m.end() + seq.start()) for m in _WORD_RE.finditer(seq.group())]
        words = [text[a:b].lower() for a, b in spans] + PAD
        i = 0
        while i < len(spans):
            a = spans[i][0]
            adj = _ADJ_WORD_RE.search(text, max(0, a - 40), a)
            name = text[a].isupper() and adj is not None and adj.group(1)[0].isupper()   # "Tháp Mười"
            r = None if name and not lenient else spelled(words, i)
            end = spans[r[1] - 1][1] if r else a
            prev = _PREV_WORD_RE.search(text, max(0, a - 40), a) if r else None
            # "Ninh Thuận một.", "nâng tổng số ca tử vong lên sáu.": a list slot, or the value
            # a running total is raised to.
            slot = prev is not None and (prev.group(1)[0].isupper() or prev.group(1).lower() in
                                         ("lên", "là")) and _SLOT_END_RE.match(text, end)
            if r is None or not (lenient or slot or _NOUN_AFTER_RE.match(text, end)):
                i += 1
                continue
            start = _approx_start(text, a)
            out.append(Quantity(r[0], start, end, text[start:end], start < a, False, None, True, r[2]))
            i = r[1]
    return out


def _find(text: str, lenient: bool) -> list[Quantity]:
    out: list[Quantity] = []
    for q in sorted(_digit_quantities(text) + _spelled_quantities(text, lenient), key=lambda q: q.start):
        if not out or q.start >= out[-1].end:
            out.append(q)
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Every number expression in running text, in order and non-overlapping; never raises."""
    if not isinstance(text, str) or not text:
        return []
    return _find(text, False)


def parse_quantity(s: str) -> Quantity | None:
    """The single number expression that makes up ``s`` (surrounding whitespace/punctuation
    allowed); spelled numbers need no counting noun here. Offsets are into ``s``."""
    found = _find(s, True) if isinstance(s, str) else []
    if len(found) != 1 or s[:found[0].start].strip(_EDGE_JUNK) or s[found[0].end:].strip(_EDGE_JUNK):
        return None
    return found[0]


def format_vi(n: int | float) -> str:
    """Vietnamese notation: 6580 -> "6.580", 22.6 -> "22,6", 1234567.5 -> "1.234.567,5"."""
    if isinstance(n, float) and (n != n or n in (float("inf"), float("-inf"))):
        raise ValueError(f"cannot format {n!r}")
    d = Decimal(repr(n)) if isinstance(n, float) else Decimal(int(n))   # repr: shortest exact digits
    whole, _, frac = format(d.copy_abs(), "f").partition(".")
    frac = frac.rstrip("0")
    return ("-" if d < 0 else "") + f"{int(whole):,}".replace(",", ".") + ("," + frac if frac else "")
