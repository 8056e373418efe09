"""Dates in Vietnamese bulletins: "tối 4/11", "ngày 4 tháng 11", "từ 27/4 đến nay", "hôm qua".

Standard library only; words match NFC text (normalise decomposed input first).
Rules (each one is tested in ``tests/test_dates.py``):

* Year roll-over (resolve_day_month): a day/month without a year takes ref.year - 1, ref.year
  or ref.year + 1, whichever is nearest to ref. Up to 7 days after ref counts at face
  value; further into the future the distance counts 1.25 times, so a bulletin reaches
  back to the past year up to ~202 days and ahead to the next year up to ~163 days
  ("31/12" in a bulletin of 2/1/2022 is 2021-12-31; "2/1" in one of 30/12/2021 is
  2022-01-02; "31/12" in one of 3/11/2021 is 2021-12-31). No ref and no year -> None; a
  date no nearer than a year (a 29/2 far from any leap year) -> None. Two-digit years are
  20yy. Invalid days ("31/2", "45/13") -> None, never an exception.
* "d/m" with no year: a date when a date cue precedes (a part of the day, a clock time,
  "ngày"/"hôm", or "từ", "đến", "tới", "hết", "tính đến", "trong"...); otherwise a ratio
  ("40/223", "6/7 quận") when preceded by a rank or share word ("thứ", "hạng", "tỷ lệ",
  "chiếm", "khoảng", "hơn"...) or followed by a counting noun or an administrative unit;
  else a date if valid. "d/m/y", "d-m-y", "d.m.y" and ISO "y-m-d" are always dates.
  "d.m" needs a cue from DATE_CUES (or "và"/"-"/"đến" right after another date);
  "d-m" needs a day cue (not "từ"/"đến": "từ 5-7 ngày" is a range). With a cue, an
  impossible day/month is still reported, with date=None.
* Windows: "(kể) từ X đến nay" -> since=X (never after ref unless X has a year), date=ref,
  until_now. "kể từ X" alone is read the
  same way (it opens a window that runs to the report). "từ X" alone ("Từ ngày 1/11, các
  trường ...") is a start day: date=X, since=None. "từ X đến Y" / "X - Y" -> date=Y, and
  since=X when the window spans several days (a total over it is a running total; a
  report period "từ 18h ngày 4/2 đến 6h ngày 5/2" is not). A day range in one month
  ("21-27/12", "từ 13 đến 19/12", "hai ngày 11 và 12/8") is read the same way: date=27/12,
  since=21/12; its days are whole, so two of them are already a window. "từ đầu dịch (đến nay)" -> date=ref,
  until_now; "từ đầu năm/tháng" also sets since to its first day. "(tính|cho) đến nay"
  -> date=ref, until_now. "tính đến 17h ngày 8/9" -> date=8/9. "lũy kế" has no date and
  is not returned; "7 ngày qua" (a look-back span) is not returned either.
* relative=True when `date` comes from ref rather than from a day written in the text:
  "hôm nay" (ref), "hôm qua"/"ngày hôm qua"/"tối qua" (ref-1), "hôm kia" (ref-2),
  "ngày mai" (ref+1), "N giờ qua", "trong ngày" (ref), and windows ending "đến nay".
  "trong ngày 3/11" is the explicit day, not relative.
* part_of_day: "sáng", "trưa", "chiều", "tối", "đêm", "rạng sáng" ("sáng sớm" -> "sáng",
  "khuya" -> "đêm"). A clock time ("17h", "6h30", "17 giờ") is kept in the span only.
* Spans include the cue words ("tính đến 17h ngày 8/9", "Từ ngày 26/10 đến nay").
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

__all__ = ["DateExpr", "resolve_day_month", "parse_date", "find_dates", "parse_iso",
           "DATE_CUES", "PARTS_OF_DAY"]

# Kept identical to numbers.DATE_CUES (a test checks); modules may not import each other.
DATE_CUES: tuple[str, ...] = ("ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "khuya",
                              "từ", "đến", "tới", "hết")
PARTS_OF_DAY: tuple[str, ...] = ("rạng sáng", "sáng", "trưa", "chiều", "tối", "đêm")
_GRACE_DAYS = 7
_FUTURE_WEIGHT = 1.25
_WINDOW_DAYS = 2  # a closed range this long or longer is a window, not a report period


@dataclass(frozen=True)
class DateExpr:
    """A date expression found in text; ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    date: datetime.date | None
    since: datetime.date | None = None
    relative: bool = False
    part_of_day: str | None = None
    until_now: bool = False


_SP = r"[^\S\r\n]+"
_SP0 = r"[^\S\r\n]*"
_I = re.IGNORECASE
_POD = rf"rạng{_SP}sáng|sáng{_SP}sớm|sáng|trưa|chiều|tối|đêm|khuya"
_TIME = rf"[0-9]{{1,2}}(?:[hg](?:[0-9]{{1,2}}(?:phút|p|')?)?|:[0-9]{{2}}|{_SP0}giờ(?:{_SP0}[0-9]{{1,2}}(?:{_SP0}phút)?)?)"
_NOW = rf"nay|hiện{_SP}nay|hiện{_SP}tại|thời{_SP}điểm{_SP}này|bây{_SP}giờ"
_CORE = (rf"(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{1,2}})-(?P<id>[0-9]{{1,2}})"
         rf"|(?P<td>[0-9]{{1,2}}){_SP}tháng{_SP}(?P<tm>[0-9]{{1,2}})"
         rf"(?:(?:{_SP}năm{_SP}|{_SP0}[/,]{_SP0})(?P<ty>[0-9]{{4}}))?"
         r"|(?P<nd>[0-9]{1,2})(?P<sep>[/.\-\u2013])(?P<nm>[0-9]{1,2})(?:(?P=sep)(?P<ny>[0-9]{4}|[0-9]{2}))?")
# Every alternative starts with a digit or with one of the letters of the look-ahead ("kể
# từ", "tính đến", "chiều", "đêm", "rạng sáng", "ngày", "hôm", "trong"...): it rejects all
# other positions at once instead of trying each alternative there.
_MASTER_RE = re.compile(
    r"(?=[0-9chknrstđ])(?<![\w/])(?<![0-9][.,])(?<![^\W\d_][\-\u2013])(?:"
    rf"(?P<fs>(?:kể{_SP})?từ{_SP}đầu{_SP}(?:(?P<fsd>(?:đợt{_SP})?dịch)|(?P<fsn>năm)(?:{_SP}(?P<fsy>[0-9]{{4}}))?"
    rf"|(?P<fst>tháng)(?:{_SP}(?P<fsm>[0-9]{{1,2}}))?))"
    rf"|(?P<now>(?:(?:tính|cho){_SP})?(?:đến|tới){_SP}(?:{_NOW}))"
    rf"|(?P<pt>(?:(?P<pod>{_POD}){_SP})?(?:(?P<time>{_TIME}){_SP})?(?:(?P<pod2>{_POD}){_SP})?"
    rf"(?:(?P<ngay>ngày|hôm){_SP})?(?:{_CORE})(?![\w/]|[.,:][0-9]))"
    rf"|(?P<rel>(?:(?P<rpod>{_POD}){_SP})?(?:(?:trong{_SP})?ngày{_SP})?hôm{_SP}(?P<rw>nay|qua|kia)"
    rf"|(?P<rpod2>{_POD}){_SP}(?P<rw2>nay|qua)"
    rf"|(?:trong{_SP})?[0-9]{{1,3}}{_SP0}(?:giờ|h|tiếng){_SP}qua"
    rf"|(?P<mai>ngày{_SP}mai)"
    rf"|trong{_SP}ngày(?!{_SP}(?:hôm|[0-9]{{1,2}}(?:[/.\-\u2013][0-9]|{_SP}tháng))))"
    r")(?!\w)", _I)
_CUE_BEFORE_RE = re.compile(
    rf"(?<!\w)(?P<cue>kể{_SP}từ|từ|(?:tính|cho){_SP}(?:đến|tới)(?:{_SP}hết)?|(?:đến|tới)(?:{_SP}hết)?"
    rf"|hết|trong){_SP}$", _I)
_RATIO_BEFORE_RE = re.compile(
    rf"(?<!\w)(?:thứ|hạng|xếp|tỷ{_SP}lệ|tỉ{_SP}lệ|chiếm|đạt|khoảng|gần|hơn|trên|dưới){_SP}$", _I)
_FRACTION_NOUN_RE = re.compile(
    rf"{_SP}(?:ca|người|trường{_SP}hợp|bệnh{_SP}nhân|quận|huyện|tỉnh|thành{_SP}phố|thành|xã|phường"
    rf"|thị{_SP}trấn|thị{_SP}xã|quốc{_SP}gia|nước|địa{_SP}phương|mẫu|liều|mũi|lượt|F[0-3]|đơn{_SP}vị"
    rf"|cơ{_SP}sở|trường|lớp|tiêu{_SP}chí|chỉ{_SP}tiêu|khu|điểm|ổ|bệnh{_SP}viện|doanh{_SP}nghiệp)(?!\w)", _I)
_CLOSE_GAP_RE = re.compile(rf"{_SP0}(?:(?:cho{_SP})?(?:đến|tới)(?:{_SP}hết)?|[-\u2013]){_SP0}", _I)
_DASH_GAP_RE = re.compile(rf"{_SP0}[-\u2013]{_SP0}")
_SPACE_GAP_RE = re.compile(_SP0 + r",?" + _SP0)
_CHAIN_RE = re.compile(rf"{_SP0}(?:và|[-\u2013]|đến|tới){_SP0}", _I)
_ISO_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The first day of a day range sharing its month: "21-27/12", "(16 - 18/10)", "từ 13 đến
# 19/12", "từ ngày 13 đến ngày 19/12", "hai ngày 11 và 12/8".
_DAY_RANGE_START_RE = re.compile(
    rf"(?<![\w.,/\-\u2013])(?:(?:kể{_SP})?từ{_SP})?(?:ngày{_SP})?(?P<d1>[0-9]{{1,2}})"
    rf"(?:{_SP0}[-\u2013]{_SP0}|{_SP}(?:đến|tới|và){_SP}(?:ngày{_SP})?)$", _I)
_EDGE_JUNK = " \t\r\n.,;:!?()[]\"'…"
_REL_OFFSET = {"nay": 0, "qua": -1, "kia": -2}


def _as_date(d) -> datetime.date | None:
    if isinstance(d, str):
        return parse_iso(d)
    if isinstance(d, datetime.datetime):
        return d.date()
    return d if isinstance(d, datetime.date) else None


def _shift(ref: datetime.date | None, days: int) -> datetime.date | None:
    if ref is None:
        return None
    try:
        return ref + datetime.timedelta(days=days)
    except OverflowError:
        return None


def resolve_day_month(day: int, month: int, ref: datetime.date | None,
                      year: int | None = None) -> datetime.date | None:
    """The date of ``day``/``month``: in ``year`` if given, else the year nearest ``ref``."""
    try:
        if year is not None:
            y = int(year)
            return datetime.date(y + 2000 if 0 <= y < 100 else y, int(month), int(day))
        ref = _as_date(ref)
        if ref is None:
            return None
        r = ref.toordinal()
        best, best_cost = None, None
        for y in (ref.year - 1, ref.year, ref.year + 1):
            try:
                d = datetime.date(y, int(month), int(day))
            except (ValueError, OverflowError):
                continue
            delta = d.toordinal() - r
            cost = abs(delta) if delta <= _GRACE_DAYS else _GRACE_DAYS + _FUTURE_WEIGHT * (delta - _GRACE_DAYS)
            if best_cost is None or cost < best_cost:
                best, best_cost = d, cost
        return best if best_cost is not None and best_cost <= 366 else None
    except (TypeError, ValueError, OverflowError):
        return None


def _pod(m: re.Match, *names: str) -> str | None:
    for name in names:
        v = m.group(name)
        if v:
            v = " ".join(v.lower().split())
            return {"sáng sớm": "sáng", "khuya": "đêm"}.get(v, v)
    return None


def _point(text: str, m: re.Match, ref, cue: str | None, chained: bool, force: bool):
    """(accepted, date) for a matched day expression."""
    explicit = bool(m.group("pod") or m.group("time") or m.group("pod2") or m.group("ngay"))
    if m.group("iy"):
        return True, resolve_day_month(m.group("id"), m.group("im"), None, m.group("iy"))
    if m.group("td"):
        return True, resolve_day_month(m.group("td"), m.group("tm"), ref, m.group("ty"))
    d, mo, y, sep = m.group("nd"), m.group("nm"), m.group("ny"), m.group("sep")
    date = resolve_day_month(d, mo, ref, y)
    valid = resolve_day_month(d, mo, None, 2020) is not None     # a leap year admits 29/2
    if y or force:
        return True, date
    if sep == "/":
        if explicit or cue:
            return True, date
        s, e = m.start(), m.end()
        ratio = (_RATIO_BEFORE_RE.search(text, max(0, s - 16), s) is not None
                 or _FRACTION_NOUN_RE.match(text, e) is not None)
        return valid and not ratio, date
    if sep == ".":
        return explicit or chained or (cue is not None and cue != "trong"), date
    return explicit or chained, date            # "d-m": only after a day cue


def _not_after(m: re.Match, d: datetime.date | None, ref) -> datetime.date | None:
    """A window that runs to the report cannot start after it: a year-less start goes back a year."""
    if d is None or ref is None or d <= ref or m.group("iy") or m.group("ty") or m.group("ny"):
        return d
    return resolve_day_month(d.day, d.month, None, d.year - 1)


def _scan(text: str, ref, force: bool) -> list[DateExpr]:
    ref = _as_date(ref)
    atoms = list(_MASTER_RE.finditer(text))
    out: list[DateExpr] = []
    last_end = -1
    i = 0
    while i < len(atoms):
        m = atoms[i]
        i += 1
        s, e = m.span()
        nxt = atoms[i] if i < len(atoms) else None
        if m.group("pt"):
            cm = _CUE_BEFORE_RE.search(text, max(0, s - 24), s)
            cue = " ".join(cm.group("cue").lower().split()) if cm else None
            chained = last_end >= 0 and _CHAIN_RE.fullmatch(text, last_end, s) is not None
            ok, date = _point(text, m, ref, cue, chained, force)
            if not ok:
                continue
            start, pod = (cm.start() if cm else s), _pod(m, "pod", "pod2")
            expr = DateExpr(start, e, text[start:e], date, part_of_day=pod)
            nd = m.start("nd") if m.group("nd") else -1
            bare = nd == s or nd > s and not (m.group("pod") or m.group("time") or m.group("pod2"))
            rm = _DAY_RANGE_START_RE.search(text, max(0, s - 24), s) \
                if bare and m.group("sep") in "/." else None
            if rm is not None and date is not None:
                # "Trong tuần qua (21-27/12)": the range's first day shares its month.
                first = resolve_day_month(rm.group("d1"), m.group("nm"), None, date.year)
                if first is not None and first < date:
                    # Whole days, both counted: "11 và 12/8" are two days, several.
                    window = (date - first).days >= _WINDOW_DAYS - 1
                    start = min(rm.start(), cm.start() if cm else rm.start())
                    expr = DateExpr(start, e, text[start:e], date, since=first if window else None)
            if nxt is not None and cue in ("từ", "kể từ") and nxt.group("now") \
                    and _SPACE_GAP_RE.fullmatch(text, e, nxt.start()):
                expr = DateExpr(start, nxt.end(), text[start:nxt.end()], ref, _not_after(m, date, ref),
                                True, pod, True)
                i += 1
            elif nxt is not None and nxt.group("pt") and (
                    (cue in ("từ", "kể từ") and _CLOSE_GAP_RE.fullmatch(text, e, nxt.start()))
                    or _DASH_GAP_RE.fullmatch(text, e, nxt.start())):
                ok2, date2 = _point(text, nxt, ref, "đến", True, force)
                if ok2:
                    # A window of several days ("từ 1/11 đến 7/11") is a running total from
                    # its first day; a report period of a day ("từ 18h ngày 24/11 đến 6h ngày
                    # 25/11") is not.
                    window = date is not None and date2 is not None and \
                        (date2 - date).days >= _WINDOW_DAYS
                    expr = DateExpr(start, nxt.end(), text[start:nxt.end()], date2,
                                    since=date if window else None,
                                    part_of_day=_pod(nxt, "pod", "pod2"))
                    i += 1
            elif cue == "kể từ":
                expr = DateExpr(start, e, text[start:e], ref, _not_after(m, date, ref), True, pod, True)
            out.append(expr)
            last_end = expr.end
            continue
        if m.group("fs") or m.group("now"):
            since = None
            if m.group("fsn"):
                y = m.group("fsy") or (ref.year if ref else None)
                since = resolve_day_month(1, 1, None, y) if y else None
            elif m.group("fst"):
                mo = m.group("fsm") or (ref.month if ref else None)
                since = resolve_day_month(1, mo, ref) if mo else None
            end = e
            if m.group("fs") and nxt is not None and nxt.group("now") and _SPACE_GAP_RE.fullmatch(text, e, nxt.start()):
                end = nxt.end()
                i += 1
            out.append(DateExpr(s, end, text[s:end], ref, since, True, None, True))
        else:
            word = (m.group("rw") or m.group("rw2") or "").lower()
            offset = 1 if m.group("mai") else _REL_OFFSET.get(word, 0)
            out.append(DateExpr(s, e, text[s:e], _shift(ref, offset), None, True, _pod(m, "rpod", "rpod2")))
        last_end = out[-1].end
    return out


def find_dates(text: str, ref: datetime.date | None = None) -> list[DateExpr]:
    """Every date expression in running text, in order and non-overlapping; never raises.

    ``ref`` (a date, a datetime or an ISO string) is the report day: it supplies missing
    years and the meaning of "hôm nay"."""
    if not isinstance(text, str) or not text:
        return []
    return _scan(text, ref, False)


def parse_date(s: str, ref: datetime.date | None = None) -> datetime.date | None:
    """The day named by one date expression ("4/11", "ngày 4 tháng 11", "hôm qua",
    "30.6", "2021-11-04"); None if ``s`` is not exactly one date or cannot be resolved."""
    if not isinstance(s, str):
        return None
    found = _scan(s, ref, True)
    if len(found) != 1:
        return None
    d = found[0]
    if s[:d.start].strip(_EDGE_JUNK) or s[d.end:].strip(_EDGE_JUNK):
        return None
    return d.date


def parse_iso(value: str | datetime.date | datetime.datetime | None) -> datetime.date | None:
    """A date for API arguments: None, a date, a datetime (its day) or an ISO string
    ("2021-11-04", "2021-11-04T17:00:00"). Raises ValueError on any other string
    (including an empty one) and TypeError on other types."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date string, a date or None, got {type(value).__name__}")
    v = value.strip()
    try:
        if _ISO_RE.fullmatch(v):
            return datetime.date.fromisoformat(v)
        if _ISO_RE.match(v) and len(v) > 10 and v[10] in "T ":
            return datetime.datetime.fromisoformat(v).date()
    except ValueError as e:
        raise ValueError(f"invalid date {value!r}: {e} (expected YYYY-MM-DD)") from None
    raise ValueError(f"invalid date {value!r}: expected an ISO date YYYY-MM-DD, e.g. 2021-11-04")
