"""Event rules of the rule linker: which event a number counts.

A number's own cues (the most specific wins; a predicate past a descriptor "bệnh nhân điều
trị tại ..."), the heading of its sentence or list, the figure a parenthesis or a change
refers to, the list it continues; and every event its surroundings suggest, for the
trained event ranker.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..resolve.numbers import Quantity
from .cues import Cue
from .structure import Analysis, Sentence, opens_breakdown, paragraph_break, paragraph_start

if TYPE_CHECKING:  # the linker imports this module
    from .link import Link

# How specific an event cue is: a specific cue wins over a generic one in the same scope
# ("tiêm 1 mũi là 58,8 triệu liều" is dose 1; "bệnh nhân nặng đang điều trị" is severe).
SPECIFICITY = {
    "cases": 1, "vaccine_doses": 1, "tests": 2, "under_treatment": 2,
    "deaths": 3, "recovered": 3, "severe": 3, "people_tested": 3,
    "vaccine_dose1": 3, "vaccine_dose2": 3, "vaccine_dose3": 3, "vaccine_dose4": 3,
    "contacts_f1": 3, "contacts_f2": 3, "contacts_f3": 3,
}
FAMILY = {"vaccine_doses": "vaccine", "vaccine_dose1": "vaccine", "vaccine_dose2": "vaccine",
          "vaccine_dose3": "vaccine", "vaccine_dose4": "vaccine", "tests": "tests",
          "people_tested": "tests", "under_treatment": "treatment", "severe": "treatment"}
# Events the cues know but the schema does not: their figures are no records.
BEYOND_SCHEMA = frozenset({"vaccine_dose4"})
# Units that make a bare number a count of cases when no event cue is in reach.
CASE_UNITS = {"ca", "trường hợp", "bệnh nhân", "f0", "bn", "ca bệnh", "ca nhiễm", "ca mắc",
              "công nhân", "học sinh", "người dân"}
UNIT_EVENT = {"f1": "contacts_f1", "f2": "contacts_f2", "f3": "contacts_f3", "liều": "vaccine_doses",
              "mũi": "vaccine_doses", "mẫu": "tests", "lượt người": "people_tested",
              "lượt": "people_tested", "xét nghiệm": "tests", "ca tử vong": "deaths"}
# Events whose figures are never counted in "ca" / "ca mắc" / "F0".
CASE_NOUNS = ("ca", "ca bệnh", "ca nhiễm", "ca mắc", "f0")
NOT_CASE_COUNTS = ("tests", "people_tested", "vaccine_doses", "vaccine_dose1", "vaccine_dose2",
                   "vaccine_dose3", "contacts_f1", "contacts_f2", "contacts_f3")
# Words that open a sentence about the previous sentence's figure ("Con số này giảm 13 ca").
ANAPHORS = ("con số này", "số này", "con số trên", "số ca này", "số trên", "mức này")
# Words that carry a ranked list on: "tiếp theo là", "kế đến", "đứng sau là".
_NEXT_IN_RANK = re.compile(r"(?<![^\W_])(?:tiếp theo|tiếp đến|kế đến|kế tiếp|đứng sau|xếp sau|sau đó)"
                           r"(?: là)?(?![^\W_])")
# Words that may stand between two items of one list besides places (_list_continues).
_LIST_GLUE = frozenset({"và", "đều", "mỗi", "tỉnh", "nơi", "địa", "phương", "quận", "huyện", "tại",
                        "ở", "có", "ca", "còn", "trong", "khi", "thì", "tăng", "giảm", "riêng", "là",
                        "với", "thêm", "ghi", "nhận", "thành", "phố", "xã", "thị", "tp", "tx"})
# Who a test was given to: "lấy 2.964 mẫu xét nghiệm cho 8.130 người", "21.380 mẫu gộp
# (tương đương 57.600 người)", "test nhanh 412.380 người": people counted under a testing
# cue are the people tested.
_TESTED_FOR = re.compile(r"(?<![^\W_])(?:cho|tương đương|tương ứng|của|xét nghiệm|test nhanh|lấy mẫu|"
                         r"(?:đã|được) test)\s+(?:(?:khoảng|hơn|gần|trên|tổng cộng|được|toàn bộ)\s+)?$")
# ... and the people a count of samples is given in: "2.862 mẫu gộp (14.310 người)", "9.820
# mẫu / 61.208 người".
_SAMPLES_OF = re.compile(r"(?<![^\W_])mẫu(?: gộp| đơn)?\s*[(/]\s*(?:(?:khoảng|hơn|gần|trên)\s+)?$")
# People named by who they are, counted under a testing cue: "xét nghiệm cho 732 cán bộ",
# "test nhanh cho 640 thuyền viên", "lấy mẫu cho 2.000 tiểu thương".
_PERSON_NOUN = re.compile(r"\s*(?:lượt\s+)?(?:người lao động|lao động|tiểu thương|sinh viên|hành khách|"
                          r"nhân viên|nvyt|lái xe|tài xế|phụ xe|thuyền viên|cán bộ|công chức|ngư dân|"
                          r"du khách|giáo viên|trẻ em|trẻ|công dân|người bệnh|người nhà|thí sinh|"
                          r"chiến sĩ|y bác sĩ|tiếp viên|hộ dân|khách)(?![^\W_])")
CONTACTS = frozenset({"contacts_f1", "contacts_f2", "contacts_f3"})
_CONTACT_OF = re.compile(r"(?<![^\W_])(?:với|của|liên quan|tiếp xúc|từ)(?![^\W_])")
_POSITIVE_REACH = 30  # characters from a contact cue to the result that makes them cases
_TITLE_REACH = 6  # lines of a section under its title
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)/]\s*")  # "4. ", "II. ", "3) "
# A heading that counts people, not samples: "Số người lấy mẫu", "lượt người được xét nghiệm",
# "(mẫu RT-PCR / người test nhanh)".
_PEOPLE_COUNTED = re.compile(r"(?<![^\W_])(?:số người|số lượt người|lượt người|người được|"
                             r"người (?:xét nghiệm|test|lấy mẫu))(?![^\W_])")
PERSON_UNITS = frozenset({"người", "người dân", "công nhân", "học sinh"})
_DESCRIPTOR_REACH = 120  # "N bệnh nhân điều trị tại <hospitals> ... đã xuất viện"
_PREDICATE_EVENTS = ("recovered", "deaths", "severe")
_TITLE_WORDS = 4
# "Trong số 1.048 F2, 862 người ở xã Sơn Lôi": a breakdown that names what it breaks down.
_AMONG = re.compile(r"\s*[-+•*–]?\s*trong số(?![^\W_])")
_DESIGNATED = re.compile(r"(?<![^\W_])(?:xác định|xếp|coi|thuộc diện)\s+(?:là\s+)?(f[123])(?![^\W_])")


def total_before_breakdown(a: Analysis, q: Quantity, sent_links: list[Link]) -> Link | None:
    """The record of the number's sentence (``sent_links``, in text order) that a "trong đó"
    / "gồm" between it and the number breaks down: the nearest such record."""
    for link in reversed(sent_links):
        if any(c.category == "breakdown" for c in a.cues_in(link.quantity.end, q.start)):
            return link
    return None


_STATE_NOW = re.compile(r"(?<![^\W_])(?:đang|hiện|còn)(?![^\W_])")


class EventRules:
    """Mixin of :class:`vnepi.pipeline.linker.RuleLinker`: the event of a figure."""

    def _predicate_after_descriptor(self, a: Analysis, s: Sentence, q: Quantity, right: list[Cue],
                                    next_q: Quantity | None) -> list[Cue]:
        """Right cues, plus the predicate's when the number's only cue says who is counted:
        in "3 bệnh nhân điều trị tại Bệnh viện Bãi Cháy đã đủ tiêu chuẩn xuất viện" the
        patients treated at a hospital are what happened to them further on."""
        events = [c for c in right if c.category == "event"]
        if len(events) != 1 or events[0].value != "under_treatment":
            return right
        c = events[0]
        if a.norm[c.start:c.end] != "điều trị" or not a.norm.startswith("tại", c.end + 1):
            return right
        hi = min(s.end, c.end + _DESCRIPTOR_REACH, next_q.start if next_q is not None else s.end)
        later = [x for x in a.cues_in(c.end, hi)
                 if x.category == "event" and x.value in _PREDICATE_EVENTS]
        return [x for x in right if x is not c] + later[:1] if later else right

    @staticmethod
    def _designated(a: Analysis, s: Sentence, q: Quantity, unit: Cue | None) -> str | None:
        """The contacts the people counted are designated as further on in their clause:
        "326 khách mời, người nấu cỗ và phục vụ được xác định là F1", "12 nhân viên y tế và 3
        người bệnh ngồi cùng phòng chờ được xác định là F1". Cases are no contacts."""
        if unit is not None and unit.value in CASE_NOUNS:
            return None
        hi = min(s.end, q.end + _DESCRIPTOR_REACH)
        cut = a.norm.find(";", q.end, hi)
        m = _DESIGNATED.search(a.norm, q.end, hi if cut < 0 else cut)
        return None if m is None else UNIT_EVENT[m.group(1)]

    def _event(self, left: list[Cue], right: list[Cue], unit: Cue | None) -> str | None:
        cands: list[tuple[int, int, int, str]] = []
        for c in right:
            if c.category == "event":
                cands.append((SPECIFICITY[c.value], 1, -c.start, c.value))
        for c in left:
            if c.category == "event":
                cands.append((SPECIFICITY[c.value], 0, c.end, c.value))
        if not cands:
            if unit is not None and unit.value in UNIT_EVENT:
                return UNIT_EVENT[unit.value]
            return None
        cands.sort(reverse=True)
        best = cands[0][3]
        if best == "people_tested" and unit is not None and unit.value == "mẫu":
            return "tests"  # "12.000 mẫu được xét nghiệm": samples, whatever was done to them
        # A right cue of the same family but generic loses to a specific left cue only.
        right_events = [c.value for c in right if c.category == "event"]
        if right_events:
            r = max(right_events, key=lambda e: SPECIFICITY[e])
            if SPECIFICITY[r] >= SPECIFICITY[best] or FAMILY.get(r) and FAMILY.get(r) == FAMILY.get(best):
                return best if FAMILY.get(r) and FAMILY.get(r) == FAMILY.get(best) else r
        return best

    @staticmethod
    def _people_tested(a: Analysis, q: Quantity, unit: Cue | None, c0: int) -> bool:
        """The number counts people a test was given to: a count of people under a testing
        cue ("cho 8.130 người", "TX Phú Mỹ 84.126 người" in a list of tests), or people
        named by who they are given a test ("test nhanh cho 640 thuyền viên", "2.862 mẫu
        gộp (14.310 người)")."""
        if unit is not None:
            return unit.value in PERSON_UNITS  # no sample is counted in people
        return _PERSON_NOUN.match(a.norm, q.end) is not None and (
            _TESTED_FOR.search(a.norm, max(c0, q.start - 30), q.start) is not None
            or _SAMPLES_OF.search(a.norm, max(0, q.start - 20), q.start) is not None)

    def _compared(self, a: Analysis, s: Sentence, paren: Link | None, sent_links: list[Link],
                  by_sentence: dict[int, list[Link]]) -> Link | None:
        """The figure a change is measured against: the one its parenthesis refines, the
        previous figure of its sentence, or, after "con số này", the previous sentence's."""
        if paren is not None:
            return paren
        if sent_links:
            return sent_links[-1]
        before = by_sentence.get(s.index - 1)
        if before and a.norm[s.start:s.start + 20].lstrip().startswith(ANAPHORS):
            return before[-1]
        return None

    @staticmethod
    def _breakdown_total(a: Analysis, q: Quantity, sent_links: list[Link]) -> Link | None:
        """The figure a "trong đó / gồm" before the number breaks down, when it is a count
        no smaller than the number."""
        total = total_before_breakdown(a, q, sent_links)
        return total if total is not None and total.kind == "count" and \
            abs(total.value) >= abs(q.value) else None

    def _treated_part(self, a: Analysis, q: Quantity, sent_links: list[Link]) -> bool:
        """Whether a figure of people treated is a part of new cases by where they are
        treated, with no word of a state now: "29.017 ca mắc mới, trong đó 26.455 F0 được
        điều trị tại nhà" (but "1.318 F0 đang điều trị, trong đó 702 ca điều trị tại nhà")."""
        total = self._breakdown_total(a, q, sent_links)
        if total is None or total.event != "cases" or total.cumulative:
            return False
        c0, c1 = a.clause_bounds(q.start)
        return _STATE_NOW.search(a.norm, max(c0, q.start - 12), c1) is None

    @staticmethod
    def _whole(links: list[Link], unit: Cue | None) -> Link | None:
        """The figure of the sentence before a breakdown that a part counted in ``unit``
        breaks down: the first in the same counting noun ("512.000 lượt người, 1.146 ca.
        Theo địa bàn: Ninh Kiều 122.305 lượt người, 402 ca"), else the first; none for
        parts in "ca" after figures of people only ("Số F1 trong công ty là 1.136 người.
        Theo địa bàn: huyện Bình Xuyên 132 ca, ...": the cases of an earlier sentence)."""
        if unit is not None and unit.category == "unit":
            named = UNIT_EVENT.get(unit.value) or ("cases" if unit.value in CASE_UNITS else None)
            for link in links:
                if link.unit == unit.value or named is not None and link.event == named:
                    return link
            if unit.value in CASE_NOUNS:
                # "... 58.210 xét nghiệm. Riêng ngày 5/3, tỉnh ghi nhận 1.057 ca mới": no
                # sample, dose or contact is counted in "ca".
                return next((link for link in links if link.event not in NOT_CASE_COUNTS), None)
            if unit.value in CASE_UNITS and all(link.event in CONTACTS for link in links):
                return None
        return links[0]

    def _heading_whole(self, a: Analysis, s: Sentence, unit: Cue | None,
                       by_sentence: dict[int, list[Link]]) -> Link | None:
        """The figure a list item's heading breaks down when the heading has no figure of
        its own: that of the sentence before it, in the same paragraph ("52 ca mắc mới.\nPhân
        bố theo quận, huyện:\nLiên Chiểu 14; Thanh Khê 10")."""
        if s.parent is None:
            return None
        ph = a.sentences[s.parent]
        if ph.index == 0 or by_sentence.get(ph.index) or not opens_breakdown(a, ph) \
                or paragraph_break(a.text, a.sentences[ph.index - 1], ph):
            return None
        before = by_sentence.get(ph.index - 1)
        return self._whole(before, unit) if before else None

    def _suggestions(self, a: Analysis, s: Sentence, q: Quantity, left: list[Cue],
                     right: list[Cue], unit: Cue | None, prev: Link | None,
                     by_sentence: dict[int, list[Link]]) -> dict[str, tuple[str, int]]:
        """(event, distance in characters) suggested by each source around a number."""
        out: dict[str, tuple[str, int]] = {}
        for side, cues in (("right", right), ("left", list(reversed(left)))):
            evs = [c for c in cues if c.category == "event"]
            if evs:
                best = max(evs, key=lambda c: SPECIFICITY[c.value])
                near = evs[0]
                dist = best.start - q.end if side == "right" else q.start - best.end
                out[side] = (best.value, dist)
                if near.value != best.value:
                    out[side + "_near"] = (near.value, abs(near.start - q.end) if side == "right"
                                           else q.start - near.end)
        if unit is not None and unit.category == "unit":
            ev = UNIT_EVENT.get(unit.value) or ("cases" if unit.value in CASE_UNITS else None)
            if ev:
                out["unit"] = (ev, 0)
        paren = self._paren_parent(a, q, by_sentence.get(s.index, []) + ([prev] if prev else []))
        if paren is not None and paren.event:
            out["paren"] = (paren.event, q.start - paren.quantity.end)
        if prev is not None and prev.event and a.sentence_of(prev.quantity.start) is s:
            out["prev"] = (prev.event, q.start - prev.quantity.end)
        header = self._header_event(a, s, before=min(q.start, s.header_end or q.start))
        if header:
            out["header"] = (header, q.start - s.start)
        if s.parent is not None:
            parent = a.sentences[s.parent]
            ph = self._header_event(a, parent)
            if ph:
                out["parent"] = (ph, q.start - parent.end)
            else:
                whole = self._heading_whole(a, s, unit, by_sentence)
                if whole is not None:
                    out["breakdown"] = (whole.event, q.start - whole.quantity.end)
        if s.index > 0:
            ps = self._header_event(a, a.sentences[s.index - 1])
            if ps:
                out["prev_sentence"] = (ps, q.start - a.sentences[s.index - 1].end)
            before = by_sentence.get(s.index - 1)
            among = self._among(a, s, q)
            if among is not None:
                out["breakdown"] = among
            elif before and opens_breakdown(a, s):
                whole = self._whole(before, unit)
                if whole is not None:
                    out["breakdown"] = (whole.event, q.start - whole.quantity.end)
        return out

    @staticmethod
    def _among(a: Analysis, s: Sentence, q: Quantity) -> tuple[str, int] | None:
        """(event, distance) of what a sentence opening "Trong số ..." says it breaks down,
        up to its first comma: "Trong số 1.048 F2, 862 người ...", "Trong số F1 nêu trên,
        ..." (not the figure of the sentence before: the F1 traced before the F2)."""
        m = _AMONG.match(a.norm, s.start)
        if m is None:
            return None
        comma = a.norm.find(",", m.end(), q.start)
        if comma < 0:
            return None
        named = [c for c in a.cues_in(m.end(), comma) if c.category == "event"]
        if not named:
            return None
        best = max(named, key=lambda c: SPECIFICITY[c.value])
        return best.value, q.start - best.end

    @staticmethod
    def _tested_positive(a: Analysis, left: list[Cue], right: list[Cue], unit: Cue | None) -> bool:
        """Contacts the number counts tested positive: a case cue ("dương tính", "F0") right
        after the contact cue ("1.349 F1 sau đó cho kết quả dương tính", "Số F1 dương tính
        trong tuần là 173")."""
        own = left + right + ([unit] if unit is not None else [])
        contact_ends = [c.end for c in own if c.value in CONTACTS or c.value in ("f1", "f2", "f3")]
        # (not the case they are contacts of: "5.216 người tiếp xúc gần với các ca bệnh",
        # "F1 của F0")
        return any(c.category == "event" and a.norm[c.start:c.end] in ("dương tính", "f0") and
                   any(0 <= c.start - end <= _POSITIVE_REACH and not _CONTACT_OF.search(
                       a.norm, end, c.start) for end in contact_ends)
                   for c in own)

    def _title_event(self, a: Analysis, s: Sentence) -> str | None:
        """The event a title line right above the sentence names: a line of a few words
        with no figure ("Tử vong\nTrong 24 giờ qua: 68 ca, gồm ..."), in dashboards."""
        if s.index == 0 or not s.at_line_start:
            return None
        # the line right above, else the line that opens the paragraph ("4. Tử vong\nTrong
        # ngày: 277 ca (...)\nLũy kế: 12.793 ca")
        for t in (a.sentences[s.index - 1], paragraph_start(a, s, _TITLE_REACH)):
            line = _SECTION_NUMBER.sub("", a.text[t.start:t.end].strip())  # "4. Tử vong"
            if t is s or not line or len(line.split()) > _TITLE_WORDS or \
                    any(ch.isdigit() for ch in line) or a.text[t.start:t.end].count("\n") != 1:
                continue
            return self._span_event(a, t.start, t.end)
        return None

    def _heading_event(self, a: Analysis, s: Sentence, before: int, unit: Cue | None) -> str | None:
        """The event the sentence's words before ``before`` name for a number counted in
        ``unit``: "Kết quả xét nghiệm: Hải An 41.205 mẫu, 38 ca" names tests, but 38 ca are
        cases."""
        event = self._header_event(a, s, before=before)
        if event in NOT_CASE_COUNTS and unit is not None and unit.value in CASE_NOUNS:
            return None
        return event

    def _header_event(self, a: Analysis, s: Sentence, before: int | None = None) -> str | None:
        return self._span_event(a, s.start, before or s.end)

    def _span_event(self, a: Analysis, lo: int, hi: int) -> str | None:
        """The event a heading names: its most specific event cue, else its counting noun."""
        key = ("span_event", lo, hi)  # every number of a sentence asks about the same spans
        if key not in a.cache:
            a.cache[key] = self._span_event_uncached(a, lo, hi)
        return a.cache[key]

    def _span_event_uncached(self, a: Analysis, lo: int, hi: int) -> str | None:
        cues = a.cues_in(lo, hi)
        events = [c for c in cues if c.category == "event"]
        if events:
            best = max(events, key=lambda c: (SPECIFICITY[c.value], c.end)).value
            if best == "tests" and _PEOPLE_COUNTED.search(a.norm, lo, hi):
                return "people_tested"  # "Số người lấy mẫu", "Lượt người xét nghiệm"
            return best
        # "Các địa phương có nhiều ca: ..." names the unit only; so does a setting phrase
        # built on it ("Địa phương ghi nhận nhiều ca trong nước:").
        for c in reversed(cues):
            if c.category == "setting" and a.norm.startswith(("ca ", "f0 "), c.start):
                return "cases"
            if c.category == "unit":
                if c.value in UNIT_EVENT:
                    return UNIT_EVENT[c.value]
                if c.value in CASE_UNITS:
                    return "cases"
        return None

    def _list_continues(self, a: Analysis, prev: Link, q: Quantity) -> bool:
        """The number continues the list the previous record opened (only separators,
        places and list words between them)."""
        lo = max(prev.evidence[1], prev.quantity.end)
        if lo > q.start:
            return False
        spans = [(p.start, p.end) for p in a.places_in(lo, q.start)]
        chars = list(a.norm[lo:q.start])
        for ps, pe in spans:
            for i in range(ps - lo, pe - lo):
                chars[i] = " "
        between = _NEXT_IN_RANK.sub(" ", "".join(chars))  # "...; tiếp theo là Cái Răng 1.023"
        words = [w for w in between.replace(",", " ").replace(":", " ").replace(";", " ")
                 .replace("(", " ").replace(")", " ").replace("-", " ").split()]
        return sum(1 for w in words if w not in _LIST_GLUE) <= 1

    def _paren_open(self, a: Analysis, q: Quantity) -> int | None:
        """Where the parenthesis a number sits in opens, when it may refine a record: open
        at most 60 characters before the number, and not right after a place. Cached: the
        rules ask it twice per number, with different candidate records."""
        key = ("paren_open", q.start)
        if key in a.cache:
            return a.cache[key]
        # The last "(" before the number, if within 60 characters; no ")" between them.
        open_at: int | None = a.text.rfind("(", max(0, q.start - 60), q.start)
        if open_at < 0 or a.text.find(")", open_at, q.start) >= 0:
            open_at = None
        elif any(open_at - p.end <= 2 for p in a.places_in(max(0, open_at - 60), open_at)):
            open_at = None  # "Long An (187 ca)": a place's own figure, not a refinement
        a.cache[key] = open_at
        return open_at

    def _paren_parent(self, a: Analysis, q: Quantity, sent_links: list[Link]) -> Link | None:
        """The record a parenthesised number refines: "3.687 ca (tăng 278 ca)"."""
        open_at = self._paren_open(a, q)
        if open_at is None:
            return None
        inside = [x for x in sent_links if open_at < x.quantity.start < q.start]
        if inside:
            # "Đồng Nai (172 ca, trong đó 35 ca trong cộng đồng)": the figure the
            # parenthesis opens with, not the record before it.
            return inside[0]
        for link in reversed(sent_links):
            if link.quantity.end <= open_at and open_at - link.quantity.end <= 120 and \
                    ";" not in a.text[link.quantity.end:open_at]:
                return link
        return None
