"""Running-total rules of the rule linker: whether a figure is a running total, and since when.

The schema's rule (``record-schema.md``; guideline section 7): a figure is a running total
when the text presents it as one, by a cue ("lũy kế", "đến nay", "từ 27/4", an outbreak
"lên 565 ca"), by the total it breaks down, or, for vaccinations, by having no day attached.
One day's total is not, even when it is called "tổng cộng".
"""
from __future__ import annotations

import re
from datetime import date as Date
from typing import TYPE_CHECKING

from ..resolve.dates import DateExpr
from ..resolve.numbers import Quantity
from .cues import Cue
from .event_rules import total_before_breakdown
from .structure import Analysis, Sentence, coordinated, opens_breakdown, paragraph_break

if TYPE_CHECKING:  # the linker imports this module
    from .link import Link

DAY_CUES = ("trong ngày", "hôm nay", "24 giờ qua", "trong 24 giờ", "cả ngày", "ngày hôm nay",
            "12 giờ qua", "trong sáng nay", "trong chiều nay", "cùng ngày",
            # one session of a day: "Ngay trong buổi sáng, các điểm tiêm đã tiêm mũi 1 cho
            # 1.836 học sinh", "Kết thúc ngày đầu, 1.327 trẻ đã được tiêm"
            "buổi sáng", "buổi chiều", "buổi tối", "kết thúc ngày")
# Words that name a total without making it a running one.
TOTAL_WORDS = ("tổng", "tổng số", "tổng cộng", "tổng cộng có")
_DAY = re.compile("|".join(map(re.escape, DAY_CUES)))
_OWN_CLAUSE = re.compile(r"[;|]")
# A clause that opens with a total of its own: "..., tổng số ca được điều trị khỏi là 916.504".
_TOTAL_OPENS = re.compile(r"[\s,]*(?:và\s+)?(?:tổng số|tổng cộng)(?![^\W_])")
# "trong 3 ngày", "5 tuần qua", "sau 2 tuần": a window of several days named by its length.
MULTI_DAY = re.compile(r"(?<![^\W_])(?:trong|qua|sau)\s+(?:[2-9]|[1-9]\d+|hai|ba|bốn|năm|sáu|bảy|"
                        r"tám|chín|mười)\s+(?:ngày|tuần|tháng)(?![^\W_])|(?<![\d.,])(?:[2-9]|[1-9]\d+)\s+"
                        r"(?:ngày|tuần|tháng)\s+qua(?![^\W_])")
# Cues that only date a figure as of a moment; the others say it accumulates.
AS_OF_CUES = ("đến nay", "tính đến nay", "cho đến nay", "tới nay", "tính đến", "đến hết", "hiện đã")
_WINDOW_REACH = 60
STOCKS = ("under_treatment", "severe")  # people in a state now: never running totals
# Cues too weak to outweigh a day cue: a total's own word, a vaccination verb ("Số liều đã
# tiêm trong ngày 19/10: 38.905").
_WEAK = TOTAL_WORDS + ("đã tiêm", "đã tiêm được")
# Cumulative cues that mean something else after a number: a total's own word ("57 ca, tổng
# cộng ..."), "lên" (a rise to the next figure), vaccination verbs.
_NOT_AFTER = TOTAL_WORDS + ("lên", "nâng tổng", "nâng tổng số", "đã tiêm", "đã tiêm được")
_NOW_IN_STATE = re.compile(r"(?<![^\W_])(?:hiện (?:còn|có|đang)|đang (?:được )?(?:cách ly|điều trị|"
                           r"theo dõi|chăm sóc|quản lý))(?![^\W_])")
# A figure's own setting with no verb before it: "Hiện 118 F1 đang cách ly tập trung, 271 F1
# cách ly tại nhà" continues the state of the figure before.
_BARE_SETTING = re.compile(r"\s*(?:\w+\s+){0,2}?(?:cách ly|điều trị)(?![^\W_])")
_DONE = re.compile(r"(?<![^\W_])đã(?![^\W_])")
# Words that spread a total over places ("tập trung ở", "phân bố tại"; not "cách ly tập trung").
_SPREAD = re.compile(r"(?<![^\W_])(?:tập trung|phân bố|chủ yếu)\s+(?:ở|tại)(?![^\W_])")
_RAISED = re.compile(r"(?<![^\W_])nâng(?![^\W_])")
_FROM = re.compile(r"(?<![^\W_])từ(?![^\W_])")
# "Riêng ngày 4/2, địa phương lấy 5.120 mẫu": a day the sentence singles out frames its
# figures; a bare "Ngày 4/2, ..." mostly dates the report.
_ONLY_BEFORE = re.compile(r"(?<![^\W_])(?:riêng|chỉ)(?:\s+(?:trong|tính))?\s*\Z")
_AS_OF_DATE = re.compile(r"(?:(?:tính|cho)\s+)?(?:đến|tới|hết)(?![^\W_])")


def settle_stocks(a: Analysis, links: list[Link]) -> None:
    """People in a state now are no running total (guideline section 7, rule 6): a flag
    of an "đang điều trị" figure stands only when a label states it or when it is a part
    of a running total of another event ("53 ca, trong đó 16 ca đã khỏi bệnh và 37 ca đang
    điều trị": rule 7). ``links`` in text order; exact sums are settled afterwards."""
    for i, link in enumerate(links):
        if link.event not in STOCKS or "cumulative" in link.stated:
            continue
        s, first = a.sentence_of(link.quantity.start), i
        while first > 0 and a.sentence_of(links[first - 1].quantity.start) is s:
            first -= 1  # the sentence's links before it: ``links`` are in text order
        total = total_before_breakdown(a, link.quantity, links[first:i])
        if total is not None and total.event not in STOCKS:
            link.cumulative, link.since = total.cumulative, total.since
        else:
            link.cumulative, link.since = False, None


class RunningTotals:
    """Mixin of :class:`vnepi.pipeline.linker.RuleLinker`: the ``cumulative`` and ``since``
    of a figure."""

    def _running_total(self, a: Analysis, s: Sentence, q: Quantity, c0: int, left: list[Cue],
                       header: list[Cue], kind: str, event: str | None, inherited: Link | None,
                       dates_left: list, sent_links: list[Link],
                       by_sentence: dict[int, list[Link]],
                       right: list[Cue] = ()) -> tuple[bool, Date | None, set[str]]:
        """(cumulative, since, fields stated outright) of the number ``q``; ``right``: the
        cues after it that are its own ("5.800 ca lũy kế", "1.200 ca từ đầu dịch")."""
        # Day cues near the number or in its sentence's opening only: a bounded look-back
        # keeps long clauses linear. The opening's day cue frames the sentence's later
        # figures too, unless they stand in a clause of their own ("Khỏi bệnh trong ngày:
        # 39.816; tổng cộng 3.042.566 ca").
        head_end = min(s.header_end or s.start, q.start, s.start + 60)
        # "Riêng ngày 4/2, địa phương lấy 5.120 mẫu", "...; riêng ngày 24/5 xét nghiệm 31.200
        # mẫu": a day the sentence singles out states that the figure is that day's.
        singled = [d for d in dates_left if (d.end <= head_end or d.start >= c0)
                   and _ONLY_BEFORE.search(a.norm, max(s.start, d.start - 12), d.start)]
        day_specific = self._day_cue(a, max(c0, q.start - 120), q.start) or (
            (self._day_cue(a, s.start, head_end)
             or self._one_day(a, [d for d in singled if d.end <= head_end], s.start))
            and _OWN_CLAUSE.search(a.text, head_end, q.start) is None
            and not (c0 >= head_end and _TOTAL_OPENS.match(a.norm, c0))) or any(
            c.category == "new" and c.value == "thêm" and q.start - c.end <= 8 for c in left) or \
            self._one_day(a, dates_left, c0)
        cum_cues = [c for c in left + header if c.category == "cumulative"]
        if cum_cues and all(c.value in AS_OF_CUES for c in cum_cues) and any(
                c.category == "new" and c.value == "mới" and c.start - q.end <= 15 for c in right):
            # "Tính đến 18h, cả nước có 212 ca mắc mới": an increment under an as-of cue
            # (not under an accumulation cue: "Từ đầu dịch đến nay có 1.200 ca mắc mới").
            day_specific = True
        near_up = a.norm[max(0, q.start - 8):q.start].rstrip().endswith("lên")
        # A day cue outweighs a mere "total" ("Trong ngày ... tổng cộng 57 ca mới" is one
        # day's total), not a running-total cue of the number's own clause ("lũy kế").
        cumulative = (bool(cum_cues) or near_up) and not (day_specific and not near_up and not any(
            c in left and c.value not in _WEAK for c in cum_cues))
        if not cumulative and not day_specific and kind == "count" and any(
                c.category == "cumulative" and c.value not in _NOT_AFTER for c in right):
            cumulative = True  # a qualifier after the noun: "Bắc Giang có 5.800 ca lũy kế"
        since = None
        if cumulative and right:
            for d in a.dates_in(q.end, right[-1].end):  # "1.200 ca từ 27/4 đến nay"
                if d.since is not None:
                    since = d.since
        for i, d in enumerate(dates_left):
            # A window, unless a day named after it frames the number: "Từ 30/4 đến nay đã
            # thực hiện 286.400 mẫu; riêng ngày 24/5 xét nghiệm 31.200 mẫu".
            if d.since is not None and not self._one_day(a, dates_left[i + 1:], d.end):
                since = d.since
                cumulative = True
        if not cumulative and kind == "count":
            window = self._window_after(a, q)
            if window is not None:
                # "Chiều 10/2, CDC công bố 14 ca tử vong ghi nhận từ ngày 5/2 đến 9/2": the
                # figure's own window outweighs the day of the report.
                cumulative, since, day_specific = True, window.since, False
        if not cumulative and kind == "count" and event not in STOCKS and not day_specific:
            cumulative = self._over_window(a, s, q, c0, left, header, dates_left) or \
                self._as_of_paragraph(a, s, q, c0)
        if cumulative and event is not None and (event == "cases" or event.startswith("contacts")) \
                and self._now_in_state(a, q):
            # "hiện còn 4.120 F1 đang cách ly tập trung": people in a state now are a stock,
            # not a running total (section 7, rule 6), unless a breakdown passes its total's
            # flag on below (rule 7).
            cumulative, since = False, None
        if s.is_item and s.parent is not None and not self._own_total_after(a, s, q):
            ph = a.sentences[s.parent]
            if any(c.category == "cumulative" for c in a.cues_in(ph.start, ph.end)):
                cumulative = True
            elif kind == "count" and event not in STOCKS and not day_specific \
                    and self._sentence_windows(a, ph):
                cumulative = True  # "Ca mắc trong tuần theo địa phương: • TP Nha Trang: 3.905 ca"
            for d in a.dates_in(ph.start, ph.end):
                if d.since is not None:
                    since, cumulative = d.since, True
        if inherited is not None and inherited.cumulative and not day_specific:
            cumulative, since = True, since or inherited.since
        elif not cumulative and not day_specific and event is not None:
            # "Hải Dương có 714 ca từ đầu dịch. Trong đó Chí Linh 322 ca": the parts of a
            # running total are running totals.
            whole = self._broken_down(a, s, q, event, sent_links, by_sentence)
            if whole is not None and whole.cumulative and whole.event == event:
                cumulative, since = True, since or whole.since
        if not cumulative and not day_specific and kind == "count":
            # "từ đầu đợt dịch đã truy vết 4.951 F1 và 13.740 F2": figures joined by "và" or
            # a comma share the qualifier the first one is given; a parenthesis between them
            # ("1.486 F1 (tăng 213 ...), 4.392 F2") is the first one's.
            prev = next((lk for lk in reversed(sent_links[-3:]) if self._coordinated(a, lk, q)),
                        None)
            if prev is not None:
                cumulative, since = True, since or prev.since
        if not cumulative and event is not None and event.startswith("vaccine") and not day_specific \
                and not any(d.date is not None and d.since is None for d in dates_left) and not any(
                c.category in ("new", "period") for c in a.cues_in(s.start, q.end + 20)) \
                and not self._day_heading(a, s) and not (
                    (whole := self._vaccination_whole(a, s, q, sent_links, by_sentence))
                    and not whole.cumulative):
            # A vaccination total with no day attached (not under a heading that names one,
            # nor a part of one day's total).
            cumulative = True
        if kind != "count" and not any(c in left for c in cum_cues):
            cumulative = False
        stated: set[str] = set()
        if near_up and cumulative and _RAISED.search(a.norm, c0, q.start) is not None:
            stated.add("cumulative")  # "nâng tổng số ca lên 57": the schema's own example
        if day_specific and not cumulative and any(c.value in TOTAL_WORDS for c in cum_cues):
            stated.add("cumulative")  # the schema's own example: one day's total
        if day_specific and not cumulative and self._one_day(a, singled, s.start):
            stated.add("cumulative")
        return cumulative, since, stated

    def _day_heading(self, a: Analysis, s: Sentence) -> bool:
        """A list item under a heading that names one day: "Kết quả tiêm chủng ngày
        17/01/2022:\n✅ Tiêm mũi 2 cho trẻ 12-17 tuổi: 431 em"."""
        if not s.is_item or s.parent is None:
            return False
        ph = a.sentences[s.parent]
        return self._one_day(a, a.dates_in(ph.start, ph.end), ph.start)

    @staticmethod
    def _vaccination_whole(a: Analysis, s: Sentence, q: Quantity, sent_links: list[Link],
                           by_sentence: dict[int, list[Link]]) -> Link | None:
        """The vaccination total the figure is a part of: the figure a "trong đó" before it
        breaks down, or, in a sentence or under a heading that opens a breakdown, the first
        vaccination figure of the sentence before ("Trong ngày 28/3 có 297.410 liều được
        tiêm. Trong đó:\n- Mũi 1: 21.306", "tiêm được 27.506 mũi tăng cường. Trong đó
        TP.Thủ Dầu Một tiêm 6.340 mũi, TP.Dĩ An 5.912 mũi")."""
        total = total_before_breakdown(a, q, sent_links)
        if total is None:
            head = a.sentences[s.parent] if s.is_item and s.parent is not None else s
            if opens_breakdown(a, head):
                before = by_sentence.get(head.index, []) if head is not s else []
                total = next((lk for lk in before or by_sentence.get(head.index - 1, [])
                              if lk.event and lk.event.startswith("vaccine")), None)
        if total is None or not (total.event or "").startswith("vaccine") or \
                total.kind != "count" or abs(total.value) < abs(q.value):
            return None
        return total

    @staticmethod
    def _own_total_after(a: Analysis, s: Sentence, q: Quantity) -> bool:
        """The list item gives its running total apart, after the number: "TP Yên Bái: 402
        ca (lũy kế 18.937)" under "Số ca mắc mới trong ngày và lũy kế theo địa bàn": the
        heading's running-total cue is that figure's, not this one's."""
        return any(c.category == "cumulative" and a.quantities_in(c.end, min(s.end, c.end + 20))
                   for c in a.cues_in(q.end, s.end))

    def _as_of_paragraph(self, a: Analysis, s: Sentence, q: Quantity, c0: int) -> bool:
        """An as-of cue opening an earlier sentence of the paragraph covers the sentences
        that continue its report (section 7, rule 7): "Tính đến 18h, cả nước có 2.330 ca.
        Đã có 1.536 ca khỏi bệnh". A day, a date or an increment on the way ends it."""
        key = ("as_of_before", s.index)  # the same walk for every figure of the sentence
        if key not in a.cache:
            a.cache[key] = self._as_of_before(a, s)
        if not a.cache[key]:
            return False
        return not any(c.category == "new" for c in a.cues_in(c0, min(s.end, q.end + 15))) \
            and not self._dated(a, s.start, q.start)

    def _as_of_before(self, a: Analysis, s: Sentence) -> bool:
        """An earlier sentence of ``s``'s paragraph opens with an as-of moment, and none
        between names a day."""
        cur = s
        for k in range(s.index - 1, max(-1, s.index - 4), -1):
            prev = a.sentences[k]
            if paragraph_break(a.text, prev, cur):
                return False
            opening = prev.header_end if prev.header_end is not None else prev.end
            if self._dated(a, prev.start, opening):
                return False  # "Trong 24 giờ qua (tính đến 17h ngày 20/9), ...": one day's report
            if any(c.category == "cumulative" and c.value in AS_OF_CUES
                   and _FROM.search(a.norm, prev.start, c.start) is None
                   for c in a.cues_in(prev.start, opening)):
                return True  # an as-of moment, not the end of a window ("từ 27/4 đến nay")
            if self._dated(a, prev.start, prev.end):
                return False
            cur = prev
        return False

    @staticmethod
    def _window_after(a: Analysis, q: Quantity) -> DateExpr | None:
        """A dated window after the number in its own clause, with no other number between:
        "công bố 14 ca tử vong ghi nhận từ ngày 5/2 đến 9/2" (section 7, rule 3)."""
        end = a.clause_bounds(q.start)[1]
        for d in a.dates_in(q.end, end):
            if d.since is not None and not a.quantities_in(q.end, d.start) \
                    and _RAISED.search(a.norm, q.end, d.start) is None:
                return d
        return None

    @staticmethod
    def _one_day(a: Analysis, dates_left: list, c0: int) -> bool:
        """A date of one day in the number's clause ("riêng ngày 14/9 tiêm được 101.237
        mũi"), not an as-of moment ("đến ngày 14/9") nor a window."""
        return any(d.start >= c0 and _AS_OF_DATE.match(a.norm, d.start) is None
                   and RunningTotals._a_day(a, d) for d in dates_left)

    def _dated(self, a: Analysis, lo: int, hi: int) -> bool:
        """[lo, hi) names a day, by a day cue or by a date that is no as-of moment."""
        if self._day_cue(a, lo, hi):
            return True
        return any(self._a_day(a, d) for d in a.dates_in(lo, hi))

    @staticmethod
    def _a_day(a: Analysis, d) -> bool:
        """The date names one day: no window, no as-of moment ("tính đến sáng nay")."""
        return d.date is not None and d.since is None and not d.until_now and \
            not RunningTotals._in_running_total_cue(a, d.start, d.end)

    @staticmethod
    def _now_in_state(a: Analysis, q: Quantity) -> bool:
        """The number's own clause, with its label ("Số F1 đang cách ly: 269"), says the
        people are in a state now; not a state said of a figure before it that a predicate
        of its own follows ("đang cách ly tập trung 5.903 người và đã truy vết được 9.318
        F1"); or it only names where the people are, after a figure in a state ("Hiện 118
        F1 đang cách ly tập trung, 271 F1 cách ly tại nhà")."""
        o0, o1 = a.owner_bounds(q.start)
        before = a.quantities_in(o0, q.start)
        if before and _DONE.search(a.norm, before[-1].end, q.start):
            o0 = before[-1].end
        if _NOW_IN_STATE.search(a.norm, o0, min(o1, q.end + 40)) is not None:
            return True
        # A list of settings that continues a state: "Hiện 118 F1 đang cách ly tập trung
        # tại ..., 271 F1 cách ly tại nhà".
        s = a.sentence_of(q.start)
        if before or o0 <= s.start or a.norm[o0 - 1] not in ",;" or a.norm[o0:q.start].strip() \
                or not _BARE_SETTING.match(a.norm, q.end, o1):
            return False
        p0, _ = a.clause_bounds(o0 - 1)  # the clause before, within the sentence
        return bool(a.quantities_in(p0, o0 - 1)) and \
            _NOW_IN_STATE.search(a.norm, p0, o0 - 1) is not None

    @staticmethod
    def _day_cue(a: Analysis, lo: int, hi: int) -> bool:
        """A day cue in [lo, hi) that is no part of an as-of moment ("tính đến 17h hôm nay"
        is a running total's cue, not a day's)."""
        return any(not RunningTotals._in_running_total_cue(a, m.start(), m.end())
                   for m in _DAY.finditer(a.norm, lo, hi))

    @staticmethod
    def _in_running_total_cue(a: Analysis, lo: int, hi: int) -> bool:
        """[lo, hi) lies inside a running-total cue ("tính đến 17h hôm nay")."""
        return any(c.category == "cumulative" and c.start <= lo and hi <= c.end
                   for c in a.cues_in(max(0, lo - 40), hi))

    def _coordinated(self, a: Analysis, prev: Link, q: Quantity) -> bool:
        """``q`` is the next member of a coordination the running total ``prev`` opens: only
        counting nouns, commas and "và" between them ("893 F1, 2.416 F2 và 3.105 F3")."""
        if not prev.cumulative or prev.kind != "count" or q.start - prev.quantity.end > 80:
            return False
        return coordinated(a, prev.quantity.end, q.start)

    def _over_window(self, a: Analysis, s: Sentence, q: Quantity, c0: int, left: list[Cue],
                     header: list[Cue], dates_left: list) -> bool:
        """The figure is totalled over a window of several days ("56 ca trong tuần", "Trong
        tháng 10, tỉnh ghi nhận 1.237 ca", "trong 3 ngày"), with no single day named between
        the window and it ("tuần qua có 1.946 ca; ngày 19/12 có 392 ca")."""
        windows = self._sentence_windows(a, s)
        if not windows:
            return False
        right_end = min(s.end, q.end + _WINDOW_REACH)
        after = a.barriers_between(q.end, right_end)
        right_end = after[0] if after else right_end
        periods = [c.end for c in left + header if c.category == "period"]
        # A length from the sentence's first figure on ("Lấy 74.000 mẫu trong 3 ngày, phát
        # hiện 28 ca"), or any window right after the number ("32 người tử vong trong 3 ngày").
        lo = min(c0, s.header_end or c0)
        periods += [e for b, e, cue in windows if e <= right_end and (
            b >= q.end or not cue and (lo < e or self._opens(a, s, b)) and e <= q.start)]
        if not periods:
            return False
        opened = min(periods)
        return not any(d.date is not None and d.since is None and opened <= d.start < q.start
                       for d in dates_left)

    @staticmethod
    def _opens(a: Analysis, s: Sentence, b: int) -> bool:
        """A window at ``b`` opens the sentence ("Trong 3 ngày, ngành y tế đã thực hiện
        21.560 mẫu ..."): it frames every figure of the sentence, not only its own clause's."""
        return not a.norm[s.start:b].strip(" \t-–—•*+:")

    def _sentence_windows(self, a: Analysis, s: Sentence) -> list[tuple[int, int, bool]]:
        """The windows of several days a sentence names, found once per sentence: (start,
        end, whether a period cue rather than a length such as "trong 3 ngày")."""
        key = ("windows", s.index)
        hit = a.cache.get(key)
        if hit is None:
            hit = [(c.start, c.end, True) for c in a.cues_in(s.start, s.end) if c.category == "period"]
            hit += [(*m.span(), False) for m in MULTI_DAY.finditer(a.norm, s.start, s.end)]
            a.cache[key] = hit
        return hit

    def _broken_down(self, a: Analysis, s: Sentence, q: Quantity, event: str,
                     sent_links: list[Link], by_sentence: dict[int, list[Link]]) -> Link | None:
        """The total a number is a part of: the figure before a "trong đó" / "gồm" that
        precedes it in its sentence, or, in a sentence that opens with a breakdown ("Trong
        đó ...", "Theo địa bàn, TP Huế có 612 F1, 1.690 F2; ..."), the previous sentence's
        figure of the same event."""
        total = total_before_breakdown(a, q, sent_links)
        if total is not None:
            return total
        before = by_sentence.get(s.index - 1)
        if before and (opens_breakdown(a, s) or not sent_links and (any(
                c.category == "breakdown" for c in a.cues_in(s.start, q.start))
                or _SPREAD.search(a.norm, s.start, q.start) is not None)):
            # "Các địa phương có nhiều ca nhất gồm TP Bảo Lộc (731 ca), ...", "Số ca mắc tập
            # trung ở các quận Liên Chiểu (498 ca), ...": a breakdown word before the
            # sentence's first figure.
            return next((lk for lk in before if lk.event == event), None)
        return None
