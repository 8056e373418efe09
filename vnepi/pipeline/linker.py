"""The rule linker: for every number of a bulletin, decide whether it is a record and link it
to its event, place, date and qualifiers.

The decisions follow one principle: a cue belongs to the nearest number in its clause,
and what a number lacks it inherits from the structure around it (the list it is an item
of, the parenthesis it sits in, the sentence's opening phrase, the document's topic).
The same candidates and cues are the features of the trained linker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date, timedelta

from ..resolve.numbers import Quantity
from ..resolve.places import NATIONAL, PlaceMention, get_gazetteer
from .cues import Cue
from .structure import Analysis, Sentence

# How specific an event cue is: a specific cue wins over a generic one in the same scope
# ("tiêm 1 mũi là 58,8 triệu liều" is dose 1; "bệnh nhân nặng đang điều trị" is severe).
SPECIFICITY = {
    "cases": 1, "vaccine_doses": 1, "tests": 2, "under_treatment": 2,
    "deaths": 3, "recovered": 3, "severe": 3, "people_tested": 3,
    "vaccine_dose1": 3, "vaccine_dose2": 3, "vaccine_dose3": 3,
    "contacts_f1": 3, "contacts_f2": 3, "contacts_f3": 3,
}
FAMILY = {"vaccine_doses": "vaccine", "vaccine_dose1": "vaccine", "vaccine_dose2": "vaccine",
          "vaccine_dose3": "vaccine", "tests": "tests", "people_tested": "tests",
          "under_treatment": "treatment", "severe": "treatment"}
# Units that make a bare number a count of cases when no event cue is in reach.
CASE_UNITS = {"ca", "trường hợp", "bệnh nhân", "f0", "bn", "ca bệnh", "ca nhiễm", "ca mắc",
              "công nhân", "học sinh", "người dân"}
UNIT_EVENT = {"f1": "contacts_f1", "f2": "contacts_f2", "f3": "contacts_f3", "liều": "vaccine_doses",
              "mũi": "vaccine_doses", "mẫu": "tests", "lượt người": "people_tested",
              "lượt": "people_tested", "xét nghiệm": "tests", "ca tử vong": "deaths"}
DAY_CUES = ("trong ngày", "hôm nay", "24 giờ qua", "trong 24 giờ", "cả ngày", "ngày hôm nay",
            "12 giờ qua", "trong sáng nay", "trong chiều nay")
WINDOW = 40  # characters after a number in which its own cues sit
# Words after which a bare number is an identifier or part of an address, not a count.
ID_WORDS = ("số", "bn", "bệnh nhân", "ca bệnh", "mã", "phòng", "tầng", "tổ", "khu phố", "phường",
            "ấp", "thôn", "ngõ", "ngách", "hẻm", "kiệt", "đường", "lô", "nhà", "căn hộ", "block",
            "khu", "xóm", "bản", "chuyến bay", "xe", "giường", "buồng", "khoa", "cổng", "km")
_PER_DAY = re.compile(r"\s*(?:[^\W\d_]+ ?){0,2}/ ?(?:ngày|tuần)")


@dataclass
class Link:
    """What the linker decided for one number."""

    quantity: Quantity
    event: str | None
    value: int | float
    kind: str = "count"
    cumulative: bool = False
    since: Date | None = None
    setting: str | None = None
    places: list[tuple[str, str | None]] = field(default_factory=lambda: [(NATIONAL, None)])
    date: Date | None = None
    evidence: tuple[int, int] = (0, 0)
    confidence: float = 1.0
    blocked: str | None = None  # why the rules reject the number ("threshold", "rate", ...)
    unit: str | None = None
    event_source: str | None = None  # how the rules found the event: "cue", "list", "header"...
    place_source: str | None = None  # how they found the place: "item", "clause", "context"...
    # Every event the structure suggests, by source ("right", "left", "unit", "paren", "prev",
    # "parent", "header", "prev_sentence"): the trained event ranker weighs them.
    suggestions: dict[str, tuple[str, int]] = field(default_factory=dict)


@dataclass
class _Doc:
    report_date: Date | None
    national: bool
    default_province: str


class RuleLinker:
    """Hand-weighted decisions over the rule layer's candidates (the fallback linker)."""

    def link(self, a: Analysis, keep_all: bool = False) -> list[Link]:
        """Links of the numbers the rules take for records; with ``keep_all``, also the
        countable numbers they reject (``event`` None), with their place and date."""
        doc = self._document(a)
        links: list[Link] = []
        by_sentence: dict[int, list[Link]] = {}
        focus: str | None = None if doc.national else doc.default_province
        for s in a.sentences:
            provinces = self._sentence_provinces(a, s)
            qs = a.quantities_in(s.start, s.end)
            counted = [q for q in qs if self._countable(a, q)]
            s.header_end = counted[0].start if counted else s.end
            context = self._context_province(a, s, provinces, focus, doc)
            prev: Link | None = None
            sent_links: list[Link] = []
            for i, q in enumerate(counted):
                prev_q = counted[i - 1] if i else None
                next_q = counted[i + 1] if i + 1 < len(counted) else None
                link = self._link_one(a, s, q, prev_q, next_q, prev, sent_links, by_sentence,
                                      context, doc)
                if link.event is not None:
                    sent_links.append(link)
                    prev = link
                if link.event is not None or keep_all:
                    links.append(link)
            by_sentence[s.index] = sent_links
            if len(provinces) == 1:
                focus = next(iter(provinces))
            elif provinces and not doc.national:
                focus = self._first_province(a, s) or focus
        return links

    # -- document level -------------------------------------------------------------
    def _document(self, a: Analysis) -> _Doc:
        provs = {self._province_of(p) for p in a.places} - {None}
        # What the headline and lead say about the scope; a "Nguồn: Bộ Y tế" footer or a
        # passing mention of the country further down does not make a report national.
        lead_end = a.sentences[min(1, len(a.sentences) - 1)].end if a.sentences else 0
        national_cues = [c for c in a.cues_in(0, lead_end) if c.category == "national"]
        ministry = "bộ y tế" in a.norm[:lead_end]
        national = len(provs) >= 5 or bool(national_cues) and len(provs) != 1 or ministry
        default = NATIONAL
        if not national and a.sentences:
            first = self._first_province(a, a.sentences[0])
            default = first or (next(iter(provs)) if len(provs) == 1 else NATIONAL)
        report = a.ref
        if a.sentences:
            s0 = a.sentences[0]
            for d in a.dates_in(s0.start, min(s0.end, s0.start + 200)):
                if d.date and (a.ref is None or timedelta(days=-7) <= d.date - a.ref
                               <= timedelta(days=1)):
                    report = d.date
                    break
        return _Doc(report, national, default)

    def _province_of(self, p: PlaceMention) -> str | None:
        if p.province:
            return p.province
        provs = {d.province for d in p.districts}
        return next(iter(provs)) if len(provs) == 1 else None

    def _sentence_provinces(self, a: Analysis, s: Sentence) -> set[str]:
        return {self._province_of(p) for p in a.places_in(s.start, s.end)} - {None}

    def _first_province(self, a: Analysis, s: Sentence) -> str | None:
        for p in a.places_in(s.start, s.end):
            prov = self._province_of(p)
            if prov:
                return prov
        return None

    def _context_province(self, a: Analysis, s: Sentence, provinces: set[str],
                          focus: str | None, doc: _Doc) -> str:
        """The place a figure without a place of its own belongs to."""
        sent_text = a.norm[s.start:s.end]
        if any(c.category == "national" for c in a.cues_in(s.start, s.end)) and not provinces:
            return NATIONAL
        if "trong nước" in sent_text and not provinces:
            return NATIONAL
        if doc.national:
            first = a.places_in(s.start, s.header_end if s.header_end is not None else s.end)
            return self._province_of(first[0]) or NATIONAL if first else NATIONAL
        if len(provinces) == 1:
            return next(iter(provinces))
        if s.is_item and s.parent is not None:
            parent = a.sentences[s.parent]
            pp = self._sentence_provinces(a, parent)
            if len(pp) == 1:
                return next(iter(pp))
        if not provinces:
            # The figure's breakdown often follows: "883 ca. Việt Trì (465 ca) ..."
            nxt = a.sentences[s.index + 1] if s.index + 1 < len(a.sentences) else None
            if nxt is not None:
                ds = [p for p in a.places_in(nxt.start, nxt.end)]
                dprovs = {self._province_of(p) for p in ds}
                if ds and all(not p.province for p in ds) and len(dprovs) == 1 and None not in dprovs:
                    return next(iter(dprovs))
        if focus and not doc.national:
            return focus
        if provinces and not doc.national:
            return self._first_province(a, s) or doc.default_province
        return doc.default_province

    # -- one number -----------------------------------------------------------------
    def _unit(self, a: Analysis, q: Quantity) -> Cue | None:
        """The counting (or non-counting) noun right after a number."""
        pos = q.end
        while pos < len(a.text) and a.text[pos] in " )\u00a0":
            pos += 1
        best = None
        for c in a.cues_at(pos):
            if c.category in ("unit", "noncount"):
                if best is None or c.end - c.start > best.end - best.start:
                    best = c
        return best

    def _countable(self, a: Analysis, q: Quantity) -> bool:
        if q.percent or q.upper is not None:
            return False
        # "tiêm 1 mũi", "mũi 2", "đợt dịch thứ 4", "tầng 3": the number is part of a cue.
        if any(c.start <= q.start and q.end <= c.end and c.category != "unit"
               for c in a.cues_near(q.start)):
            return False
        if _PER_DAY.match(a.norm, q.end):
            return self._rate_is_average(a, q)
        unit = self._unit(a, q)
        if unit is not None and unit.category == "noncount":
            return False
        before = a.norm[max(0, q.start - 14):q.start].rstrip()
        # Numbers that name something (patients, rooms, wards, alleys) or give an age.
        if unit is None and before.endswith(ID_WORDS):
            return False
        if before.endswith(("tuổi", "độ tuổi", "lần thứ", "thứ")):
            return False
        if a.text[q.end:q.end + 4].lstrip().startswith("(BN"):
            return False
        if isinstance(q.value, int) and 1900 <= q.value <= 2099 and (
                before.endswith("năm") or unit is None and not q.text.count(".")):
            return False
        if q.spelled and unit is None and not self._list_slot(a, q):
            return False
        return True

    def _rate_is_average(self, a: Analysis, q: Quantity) -> bool:
        """"5.656 ca/ngày" is an average when the sentence says so; else a capacity."""
        s = a.sentence_of(q.start)
        return any(c.category == "average" for c in a.cues_in(s.start, q.start))

    def _slot(self, a: Analysis, q: Quantity) -> bool:
        """A bare number in a list position: after a place ("Hà Nội (430)", "Bình Dương
        13") or after a colon ("Tử vong: 233")."""
        before = a.text[max(0, q.start - 3):q.start].rstrip(" (")
        if before.endswith(":"):
            return True
        return any(p.end <= q.start and q.start - p.end <= 3 for p in a.places_near(q.start))

    def _list_slot(self, a: Analysis, q: Quantity) -> bool:
        """A bare number closing a list item: "Hà Nội và Ninh Thuận một."."""
        after = a.text[q.end:q.end + 2]
        return (not after or after[0] in ",.;)\n") and any(
            p.end <= q.start and q.start - p.end <= 8 for p in a.places_in(q.start - 80, q.start))

    def _owned_cues(self, a: Analysis, q: Quantity, prev_q: Quantity | None,
                    next_q: Quantity | None) -> tuple[list[Cue], list[Cue]]:
        """Cues in the number's clause that are nearer to it than to its neighbours."""
        c0, c1 = a.clause_bounds(q.start)
        prev_in = prev_q is not None and prev_q.end > c0
        next_in = next_q is not None and next_q.start < c1
        lo = prev_q.end if prev_in else c0
        hi = min(next_q.start if next_in else c1, q.end + WINDOW)
        # Modifiers follow the noun: distances count from the end of a number's unit.
        q_end = self._unit_end(a, q)
        prev_end = self._unit_end(a, prev_q) if prev_in else 0
        left, right = [], []
        for c in a.cues_in(lo, hi):
            if c.end <= q.start:
                if c.start < prev_end:
                    continue
                # A cue right after the previous number is that number's (right bias).
                if prev_in and c.start - prev_end <= 2 * (q.start - c.end):
                    continue
                left.append(c)
            elif c.start >= q.end:
                if next_in and 2 * (next_q.start - c.end) < c.start - q_end:
                    continue
                right.append(c)
        return left, right

    def _unit_end(self, a: Analysis, q: Quantity) -> int:
        unit = self._unit(a, q)
        return unit.end if unit is not None and unit.category == "unit" else q.end

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
        # A right cue of the same family but generic loses to a specific left cue only.
        right_events = [c.value for c in right if c.category == "event"]
        if right_events:
            r = max(right_events, key=lambda e: SPECIFICITY[e])
            if SPECIFICITY[r] >= SPECIFICITY[best] or FAMILY.get(r) and FAMILY.get(r) == FAMILY.get(best):
                return best if FAMILY.get(r) and FAMILY.get(r) == FAMILY.get(best) else r
        return best

    def _link_one(self, a: Analysis, s: Sentence, q: Quantity, prev_q: Quantity | None,
                  next_q: Quantity | None, prev: Link | None, sent_links: list[Link],
                  by_sentence: dict[int, list[Link]], context: str, doc: _Doc) -> Link:
        left, right = self._owned_cues(a, q, prev_q, next_q)
        unit = self._unit(a, q)
        near_left = [c for c in left if q.start - c.end <= 12]
        blocked = None
        c0, _ = a.clause_bounds(q.start)
        if any(c.category in ("threshold",) for c in near_left):
            blocked = "threshold"
        elif "tỷ lệ" in a.norm[c0:q.start]:
            blocked = "rate"
        elif any(c.category == "subset" for c in right if c.start - q.end < 25):
            blocked = "subset"
        paren = self._paren_parent(a, q, sent_links)
        event = self._event(left, right, unit)
        source = "cue" if event is not None else None
        suggestions = self._suggestions(a, s, q, left, right, unit, prev, by_sentence)
        inherited = None
        if event is None:
            inherited = paren or (prev if prev is not None and self._list_continues(a, prev, q) else None)
            source = "paren" if paren is not None else ("list" if inherited is not None else None)
            if inherited is None and s.is_item and s.parent is not None:
                parent_links = by_sentence.get(s.parent) or []
                inherited = parent_links[-1] if parent_links else None
                source = "parent"
                if inherited is None:
                    event = self._header_event(a, a.sentences[s.parent])
                    source = "parent_header"
            if inherited is not None:
                event = inherited.event
            elif event is None and (unit is None or unit.value in CASE_UNITS or unit.value == "người"):
                # The list's header names the event: "Ca mắc theo địa phương: Hà Nội (430)".
                if unit is not None or self._slot(a, q):
                    event = self._header_event(a, s, before=q.start)
                    source = "header"
                if event is None and unit is not None and unit.value in CASE_UNITS:
                    event, source = "cases", "unit"
        if blocked is not None:
            event = None

        # kind and sign
        kind, sign = "count", 1
        for c in near_left:
            if c.category == "change" and q.start - c.end <= 10:
                kind, sign = "change", int(c.value)
        if q.text[:1] in "+-−" or (isinstance(q.value, (int, float)) and q.value < 0):
            kind, sign = "change", 1  # "TP.HCM (-595)": the sign is in the number
        header_lo = s.start
        header = a.cues_in(header_lo, s.header_end or s.start)
        own = left + right
        if any(c.category == "average" for c in left) or (
                any(c.category == "average" for c in header) and "/ngày" in a.text[q.end:q.end + 12]):
            kind = "average"
        if kind == "change" and a.norm[q.end:q.end + 20].lstrip().startswith(("ca/ngày",)):
            pass
        # cumulative and since
        # Day cues near the number only: a bounded look-back keeps long clauses linear.
        day_specific = any(a.norm.find(d, max(c0, q.start - 120), q.start) >= 0
                           for d in DAY_CUES) or any(
            c.category == "new" and c.value == "thêm" and q.start - c.end <= 8 for c in left)
        cum_cues = [c for c in left + header if c.category == "cumulative"]
        near_up = a.norm[max(0, q.start - 8):q.start].rstrip().endswith("lên")
        cumulative = (bool(cum_cues) or near_up) and not (day_specific and not near_up and not any(
            c in left for c in cum_cues))
        since = None
        dates_left = a.dates_in(s.start, q.start)
        for d in dates_left:
            if d.since is not None:
                since = d.since
                cumulative = True
        if s.is_item and s.parent is not None:
            ph = a.sentences[s.parent]
            if any(c.category == "cumulative" for c in a.cues_in(ph.start, ph.end)):
                cumulative = True
            for d in a.dates_in(ph.start, ph.end):
                if d.since is not None:
                    since, cumulative = d.since, True
        if inherited is not None and inherited.cumulative and not day_specific:
            cumulative, since = True, since or inherited.since
        if kind != "count" and not any(c in left for c in cum_cues):
            cumulative = False
        # setting
        setting = None
        for c in right + list(reversed(left)):
            if c.category == "setting":
                setting = c.value
                break
        if setting is None and paren is not None:
            setting = paren.setting
        if setting is None and inherited is not None and inherited is not paren and s.is_item:
            setting = inherited.setting
        # place
        places, place_source = self._places(a, s, q, prev_q, next_q, left, paren, prev, context)
        # date
        when = self._date(a, s, q, prev_q, dates_left, doc)
        value = q.value * sign if kind == "change" else q.value
        if kind != "average" and isinstance(value, float) and value.is_integer():
            value = int(value)
        ev_start = min([q.start] + [c.start for c in near_left if c.category in ("change",)])
        ev_end = q.end
        if unit is not None:
            ev_end = max(ev_end, unit.end)
        for c in right:
            if c.category == "event" and c.start - ev_end <= 3:
                ev_end = max(ev_end, c.end)
        pl = [p for p in a.places_in(c0, q.start) if q.start - p.end <= 25]
        if pl:
            ev_start = min(ev_start, pl[-1].start)
        return Link(q, event, value, kind, cumulative, since, setting, places, when,
                    (ev_start, ev_end), blocked=blocked,
                    unit=unit.value if unit is not None else None,
                    event_source=source if event is not None else None,
                    place_source=place_source, suggestions=suggestions)

    def _date(self, a: Analysis, s: Sentence, q: Quantity, prev_q: Quantity | None,
              dates_left: list, doc: _Doc) -> Date | None:
        """The day a figure refers to: a date before it in its sentence (not one it is
        compared with: "so với hôm qua"), else the report day."""
        for d in reversed(dates_left):
            if d.date is None or d.since is not None:
                continue
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
        return doc.report_date

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
            ph = self._header_event(a, a.sentences[s.parent])
            if ph:
                out["parent"] = (ph, q.start - a.sentences[s.parent].end)
        if s.index > 0:
            ps = self._header_event(a, a.sentences[s.index - 1])
            if ps:
                out["prev_sentence"] = (ps, q.start - a.sentences[s.index - 1].end)
        return out

    def _header_event(self, a: Analysis, s: Sentence, before: int | None = None) -> str | None:
        cues = a.cues_in(s.start, before or s.end)
        events = [c for c in cues if c.category == "event"]
        if events:
            return max(events, key=lambda c: (SPECIFICITY[c.value], c.end)).value
        # "Các địa phương có nhiều ca: ..." names the unit only.
        for c in reversed(cues):
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
        words = [w for w in "".join(chars).replace(",", " ").replace(":", " ").replace(";", " ")
                 .replace("(", " ").replace(")", " ").replace("-", " ").split()]
        glue = {"và", "đều", "mỗi", "tỉnh", "nơi", "địa", "phương", "quận", "huyện", "tại", "ở",
                "có", "ca", "còn", "trong", "khi", "thì", "tăng", "giảm", "riêng", "là", "với",
                "thêm", "ghi", "nhận", "thành", "phố", "xã", "thị", "tp", "tx"}
        return sum(1 for w in words if w not in glue) <= 1

    def _paren_parent(self, a: Analysis, q: Quantity, sent_links: list[Link]) -> Link | None:
        """The record a parenthesised number refines: "3.687 ca (tăng 278 ca)"."""
        open_at = a.text.rfind("(", 0, q.start)
        close_at = a.text.rfind(")", 0, q.start)
        if open_at < 0 or close_at > open_at or q.start - open_at > 60:
            return None
        for link in reversed(sent_links):
            if link.quantity.end <= open_at and open_at - link.quantity.end <= 120 and \
                    ";" not in a.text[link.quantity.end:open_at]:
                return link
        return None

    def _places(self, a: Analysis, s: Sentence, q: Quantity, prev_q: Quantity | None,
                next_q: Quantity | None, left: list[Cue], paren: Link | None,
                prev: Link | None, context: str) -> tuple[list[tuple[str, str | None]], str]:
        """The record's places and how they were found."""
        gaz = get_gazetteer()
        c0, c1 = a.clause_bounds(q.start)
        lo = prev_q.end if prev_q is not None else s.start
        # 1. a list item: places right before the number, joined by "," / "và".
        group, how = self._adjacent_group(a, q, lo), "item"
        if not group:
            # 2. the subject of the number's clause
            group, how = [p for p in a.places_in(max(c0, lo), q.start)][-1:], "clause"
        if not group:
            # 2b. the subject of a list line: "- Quận 8: lấy 186.420 mẫu, 1.684 ca"
            group, how = self._line_subject(a, s, q), "line"
        if not group:
            # 3. a place after the number in its clause ("16 ca ... tại huyện Yên Thế")
            hi = min(c1, next_q.start if next_q else c1)
            group = [p for p in a.places_in(q.end, hi) if not self._origin(a, q.end, p.start)][:1]
            how = "after"
        if not group and paren is not None:
            return list(paren.places), "paren"
        if not group:
            # 4. a parenthesised figure after a place: "Việt Trì (465 ca"
            open_at = a.text.rfind("(", s.start, q.start)
            if open_at >= 0 and a.text.rfind(")", open_at, q.start) < 0:
                before = [p for p in a.places_in(open_at - 80, open_at) if open_at - p.end <= 2]
                group, how = before[-1:], "paren_place"
        if not group and prev is not None and a.sentence_of(prev.quantity.start) is s and \
                ";" not in a.text[prev.quantity.end:q.start] and \
                not a.places_in(prev.quantity.end, q.start):
            # "huyện Cẩm Giàng 205 F1, 640 F2, 1.915 F3": the list keeps its subject.
            return list(prev.places), "previous"
        if not group:
            national_here = any(c.category == "national" for c in left)
            return [(NATIONAL if national_here else context, None)], (
                "national" if national_here else "context")
        return [self._resolve(p, context, gaz) for p in group], how

    def _adjacent_group(self, a: Analysis, q: Quantity, lo: int) -> list[PlaceMention]:
        glue_words = ("đều", "mỗi tỉnh", "mỗi nơi", "mỗi địa phương", "mỗi quận", "mỗi huyện",
                      "mỗi thành phố", "mỗi", "có", "ghi nhận", "thêm", "tăng", "giảm", "là",
                      "với", "hơn", "gần", "khoảng", "trên", "ca", "mắc", "nhiễm", "tử vong")
        cands = a.places_in(lo, q.start)
        if not cands:
            return []
        last = cands[-1]
        gap = a.norm[last.end:q.start]
        rest = gap
        for ch in ":(,–-":
            rest = rest.replace(ch, " ")
        words = rest.split()
        if len(words) > 4 or any(w not in " ".join(glue_words).split() for w in words):
            return []
        if not self._item_head(a, last.start):
            return []
        group = [last]
        for p in reversed(cands[:-1]):
            between = a.norm[p.end:group[0].start].strip()
            if between in (",", "và", ", và", "、", "-", "–", "&", "cùng"):
                group.insert(0, p)
            else:
                break
        return group

    def _line_subject(self, a: Analysis, s: Sentence, q: Quantity) -> list[PlaceMention]:
        """A place opening the sentence or list line and followed by a colon, with no other
        place between it and the number."""
        head = a.places_in(s.start, min(q.start, s.start + 60))
        if not head:
            return []
        p = head[0]
        opening = a.text[s.start:p.start].strip(" \t\n-+•*–0123456789.)")
        if opening or not a.text[p.end:p.end + 3].lstrip().startswith(":"):
            return []
        if a.places_in(p.end, q.start):
            return []
        return [p]

    def _origin(self, a: Analysis, lo: int, pos: int) -> bool:
        """A place in an origin phrase ("từ Quế Võ - Bắc Ninh về ..."): the last
        preposition before it is "từ"."""
        words = re.findall(r"[^\W\d_]+", a.norm[lo:pos])
        for w in reversed(words):
            if w in ("từ",):
                return True
            if w in ("về", "tại", "ở", "được", "của", "cho"):
                return False
        return False

    def _item_head(self, a: Analysis, pos: int) -> bool:
        """A place that opens a list item: after a separator, "và", "tại"/"ở", or at the
        start of its sentence."""
        before = a.norm[max(0, pos - 12):pos].rstrip()
        s = a.sentence_of(pos)
        if pos - s.start <= 3 or not before:
            return True
        if before[-1] in ",;:(-–\n.":
            return True
        last = before.split()[-1] if before.split() else ""
        return last in ("và", "tại", "ở", "còn", "riêng", "trong", "khi", "đó")

    def _resolve(self, p: PlaceMention, context: str, gaz) -> tuple[str, str | None]:
        if p.province and not p.districts:
            return p.province, None
        cands = list(p.districts)
        in_ctx = [d for d in cands if d.province == context]
        d = (in_ctx or cands)[0]
        return d.province, d.name
