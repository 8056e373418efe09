"""The rule linker: for every number of a bulletin, decide whether it is a record and link it
to its event, place, date and qualifiers.

The decisions follow one principle: a cue belongs to the nearest number in its clause,
and what a number lacks it inherits from the structure around it (the list it is an item
of, the parenthesis it sits in, the sentence's opening phrase, the document's topic).
The same candidates and cues are the features of the trained linker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date

from ..resolve.numbers import Quantity
from ..resolve.places import NATIONAL
from .cues import Cue
from .number_rules import PER_HEAD_BLOCK, NumberRules
from .column_rules import ColumnRules
from .date_rules import DateRules
from .event_rules import (BEYOND_SCHEMA, CASE_NOUNS, CASE_UNITS, CONTACTS, FAMILY,
                          NOT_CASE_COUNTS, SPECIFICITY, EventRules)
from .context_rules import Before
from .place_rules import PlaceRules
from .topic_rules import TopicRules
from .headline import take_body_qualifiers
from .link import Link
from .running_totals import STOCKS, RunningTotals, settle_stocks
from .structure import Analysis, Sentence, lead_end, opens_breakdown
from .sums import follow_totals

# Why a figure is blocked when its event is none of the schema's (a fourth dose).
BEYOND_SCHEMA_BLOCK = "beyond_schema"
# The blocks no learned head may overrule: no reading of such a figure is a record.
HARD_BLOCKS = frozenset({BEYOND_SCHEMA_BLOCK, PER_HEAD_BLOCK})
WINDOW = 40  # characters after a number in which its own cues sit
_COPULA = re.compile(r"\s*(?:là|:|đạt)\s*")  # a cue right before "là" / ":" labels the next number
# So does one before "cho" that is not the previous number's own noun phrase: "tiêm mũi 3 cho
# 41.207 người và mũi 4 cho 1.830 người", but "lấy 3.518 mẫu xét nghiệm cho 9.204 người".
_FOR = re.compile(r"\s*cho\s+")
_OWN_NOUN_GAP = 2  # characters: a cue further than this from a number's unit is not its noun
# A cue that labels the next number past a parenthesis that glosses it: "mũi 3 (mũi nhắc
# lại) 49.044 liều", "mũi 3 (mũi bổ sung và mũi nhắc lại) là 3.576.457 liều".
_GLOSSED_LABEL = re.compile(r"\s*\([^()]{1,60}\)\s*(?:là|đạt|:)?\s*")
_ARROW_BEFORE = re.compile(r"([↑↓▲▼])\s*$")  # infographic arrows: up / down from the day before


def _labels(a: Analysis, c: Cue, start: int, before_end: int) -> bool:
    """Whether cue ``c`` labels the number at ``start`` rather than belonging to the one
    before it, whose noun ends at ``before_end``: "F2: 7.010", "mũi 3 là 48.230", "mũi 4
    cho 1.830 người", but not "3.518 mẫu xét nghiệm cho 9.204 người"."""
    return _COPULA.fullmatch(a.norm, c.end, start) is not None or (
        c.start - before_end > _OWN_NOUN_GAP and _FOR.fullmatch(a.norm, c.end, start) is not None)


@dataclass
class _Doc:
    report_date: Date | None
    national: bool
    default_province: str


class RuleLinker(NumberRules, EventRules, PlaceRules, TopicRules, ColumnRules, DateRules,
                 RunningTotals):
    """Hand-weighted decisions over the rule layer's candidates (the fallback linker)."""

    def link(self, a: Analysis, keep_all: bool = False) -> list[Link]:
        """Links of the numbers the rules take for records; with ``keep_all``, also the
        countable numbers they reject (``event`` None), with their place and date, and
        each flag as the number's own surroundings read it (the parts of an exact sum do
        not yet follow their total: :func:`vnepi.pipeline.sums.follow_totals`)."""
        doc = self._document(a)
        links: list[Link] = []
        by_sentence: dict[int, list[Link]] = {}
        focus: str | None = None if doc.national else doc.default_province
        before: Before | None = None
        for s in a.sentences:
            provinces = self._sentence_provinces(a, s)
            qs = a.quantities_in(s.start, s.end)
            counted = [q for q in qs if self._countable(a, q)]
            s.header_end = counted[0].start if counted else s.end
            context = self._context_province(a, s, provinces, focus, doc, before)
            before = Before(s, provinces, context)
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
        if not keep_all:
            # The trained linker reads the rules' flags as features and settles the sums
            # itself, on its own flags (a feature that already follows the total learnt
            # worse in cross-validation over authors).
            settle_stocks(a, links)
            follow_totals(links)
        take_body_qualifiers(a, links)
        return links

    def _beyond_schema(self, a: Analysis, q: Quantity, prev_q: Quantity | None, c0: int,
                       event: str | None) -> bool:
        """The nearest event cue of the figure's family since the figure before it and its
        unit (else in its clause) names an event the schema does not have: "mũi 3 đạt
        698.540 người; mũi 4 (mũi nhắc lại lần 2) mới đạt 61.307 người". Not when the figure's
        own unit names one it has: "1.976 mũi 4 và 931 mũi 3"."""
        if event is None or FAMILY.get(event) is None:
            return False
        own = [c for c in a.cues_at(self._noun_start(a, q))
               if c.category == "event" and FAMILY.get(c.value) == FAMILY[event]]
        if own:
            return max(own, key=lambda c: c.end).value in BEYOND_SCHEMA
        lo = self._unit_end(a, prev_q) if prev_q is not None else c0
        near = [c for c in a.cues_in(lo, q.start)
                if c.category == "event" and FAMILY.get(c.value) == FAMILY[event]]
        return bool(near) and near[-1].value in BEYOND_SCHEMA

    @staticmethod
    def _same_slot(a: Analysis, s: Sentence, q: Quantity, sent_links: list[Link]) -> Link | None:
        """The record in the same position of the previous item of a list whose items are
        cut by ";" (or line breaks), when that item holds more than one figure."""
        cut = max(a.text.rfind(";", s.start, q.start), a.text.rfind("\n", s.start, q.start))
        if cut < 0:
            return None
        k = sum(1 for lk in sent_links if cut < lk.quantity.start < q.start)
        lo = max(a.text.rfind(";", s.start, cut), a.text.rfind("\n", s.start, cut))
        before = [lk for lk in sent_links if lo < lk.quantity.start < cut]
        return before[k] if len(before) > 1 and k < len(before) else None

    # -- document level -------------------------------------------------------------
    def _document(self, a: Analysis) -> _Doc:
        # The provinces the report gives figures for: not those people came from ("người về
        # từ TP.HCM, Bình Dương, Đồng Nai"), nor those of a sentence with no figure ("đề
        # nghị công dân đang ở TP HCM, Bình Dương, Đồng Nai, Long An chưa về quê").
        provs = set().union(*(self._sentence_provinces(a, s) for s in a.sentences
                              if a.quantities_in(s.start, s.end)))
        # What the headline and lead say about the scope; a "Nguồn: Bộ Y tế" footer or a
        # passing mention of the country further down does not make a report national.
        end = lead_end(a)
        national_cues = [c for c in a.cues_in(0, end) if c.category == "national"]
        # The ministry cited in the lead of a headline about one province ("Quảng Nam thêm
        # 6 bệnh nhân ... Bộ Y tế công bố") is the source, not the scope.
        head_provs = {self._province_of(p) for p in a.places_in(0, a.sentences[0].end)} - {None} \
            if a.sentences else set()
        ministry = "bộ y tế" in a.norm[:end] and len(head_provs) != 1
        national = len(provs) >= 5 or bool(national_cues) and len(provs) != 1 or ministry
        default = NATIONAL
        if not national and a.sentences:
            first = self._first_province(a, a.sentences[0])
            default = first or (next(iter(provs)) if len(provs) == 1 else NATIONAL)
        if not national:
            a.cache["district_topic"] = self._district_topic(a)
        return _Doc(self._report_day(a), national, default)

    def _owned_cues(self, a: Analysis, q: Quantity, prev_q: Quantity | None,
                    next_q: Quantity | None) -> tuple[list[Cue], list[Cue]]:
        """Cues in the number's clause (and its label: "F2: 7.010") that are nearer to it
        than to its neighbours."""
        c0, c1 = a.owner_bounds(q.start)
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
                if prev_in and c.start - prev_end <= 2 * (q.start - c.end) and \
                        not _labels(a, c, q.start, prev_end):
                    continue
                left.append(c)
            elif c.start >= q.end:
                if next_in and (2 * (next_q.start - c.end) < c.start - q_end
                                or _labels(a, c, next_q.start, q_end)):
                    continue  # nearer the next number, or its label: "..., mũi 3 là 48.230"
                if next_q is not None and c.category == "event" and \
                        _GLOSSED_LABEL.fullmatch(a.norm, c.end, next_q.start):
                    continue
                right.append(c)
        if not left and lo == c0 and a.text[max(0, c0 - 1):q.start].strip() == "(":
            # "chủ yếu là mũi 3 (81.906 liều)": a parenthesis opened by the number counts the
            # event named right before it.
            left = [c for c in a.cues_in(max(0, c0 - 25), c0)
                    if c.category == "event" and not a.text[c.end:c0 - 1].strip()]
        if hi == c1 and c1 < len(a.text) and a.text[c1] == ",":
            # A lexicon phrase with a comma of its own: "8.947 F0 đang được cách ly, điều trị
            # tại nhà" (the clause ends at its comma).
            right += [c for c in a.cues_in(q.end, c1 + 40)
                      if c.start < c1 < c.end and c.category == "event"]
            right.sort(key=lambda c: (c.start, -c.end))
        if right:
            # A phrase of cues runs on past the window: "đã được tiêm mũi 2".
            end = right[-1].end
            stop = min(next_q.start if next_in else c1, end + WINDOW)
            for c in a.cues_in(end, stop):
                if c.start - end > 1:
                    break
                if c.start >= end:
                    right.append(c)
                    end = max(end, c.end)
        return left, right

    def _link_one(self, a: Analysis, s: Sentence, q: Quantity, prev_q: Quantity | None,
                  next_q: Quantity | None, prev: Link | None, sent_links: list[Link],
                  by_sentence: dict[int, list[Link]], context: str, doc: _Doc) -> Link:
        left, right = self._owned_cues(a, q, prev_q, next_q)
        right = self._predicate_after_descriptor(a, s, q, right, next_q)
        unit = self._unit(a, q)
        near_left = [c for c in left if q.start - c.end <= 12]
        c0, _ = a.clause_bounds(q.start)
        blocked = self._blocked(a, q, c0, left, near_left, right, unit)
        paren = self._paren_parent(a, q, sent_links)
        event = self._respective_events(a, s).get(q.start) or self._event(left, right, unit) \
            or self._designated(a, s, q, unit)
        if event in CONTACTS and q.start not in a.columns and \
                self._tested_positive(a, left, right, unit):
            event = "cases"  # "4 F1 dương tính", "19 F1 chuyển thành F0" (guideline section 1)
        source = "cue" if event is not None else None
        if event in STOCKS and self._treated_part(a, q, sent_links):
            event, source = "cases", "breakdown"
        suggestions = self._suggestions(a, s, q, left, right, unit, prev, by_sentence)
        inherited = None
        if event is not None and ("left" not in suggestions and "right" not in suggestions
                                  or SPECIFICITY[event] == 1):
            # "Kết quả tiêm mũi 3 theo địa phương: TP Pleiku 118.204 mũi", "Với mũi 1, huyện
            # Sóc Sơn tiêm cho 201.740 người": a generic unit or cue under a heading that
            # names a more specific event of its family.
            for src in ("header", "parent"):
                named = suggestions.get(src, (None, 0))[0]
                if named and FAMILY.get(named) is not None and FAMILY.get(named) == FAMILY.get(event) \
                        and SPECIFICITY[named] > SPECIFICITY[event]:
                    event, source = named, src
                    break
        if event is None:
            # "Bình Tân: 241.308 mẫu, 2.870 ca": an item whose counting noun differs from
            # the previous item's starts a new series, it does not continue that one.
            same_noun = unit is None or prev is None or prev.unit is None or prev.unit == unit.value
            if unit is not None and prev is not None and unit.value in CASE_NOUNS \
                    and prev.event in NOT_CASE_COUNTS:
                same_noun = False  # "Q. Ô Môn: 16.118 mẫu gộp, 5 ca": no "ca" counts samples
            continues = paren is None and prev is not None and self._list_continues(a, prev, q)
            inherited = paren or (prev if continues and same_noun else None)
            if continues:
                # "Ninh Kiều 122.305 lượt người, 402 ca; Cờ Đỏ 19.280, 38 ca": a figure counts
                # what the figure in the same place of the item before counts (not one in
                # the parenthesis of the figure it refines: "F1 452 (+36); F2 1.387 (+120)"),
                # even after a figure in another noun ("...; Cờ Đỏ 19.280 người, 38 ca").
                slot = self._same_slot(a, s, q, sent_links)
                if slot is not None and (unit is None or slot.unit in (None, unit.value)) \
                        and (same_noun or slot.unit == unit.value):
                    inherited = slot
            source = "paren" if paren is not None else ("list" if inherited is not None else None)
            generic = unit is None or unit.value in CASE_UNITS or unit.value == "người"
            if inherited is None and generic:
                # "23 công nhân có kết quả dương tính, trong đó 15 người làm việc tại huyện Yên
                # Phong, 8 người ở huyện Quế Võ": the parts count what their total counts.
                inherited = self._breakdown_total(a, q, sent_links)
                source = "breakdown" if inherited is not None else source
            if inherited is None and generic and s.header_end is not None and s.header_end <= q.start:
                # "Phân bố ca mắc mới theo địa phương: TP Bạc Liêu 131; ...": the sentence's
                # own opening names the event, over the figure before it or the list's title.
                event = self._heading_event(a, s, s.header_end, unit)
                source = "header" if event is not None else None
            if inherited is None and event is None and generic:
                # "Trong số 1.048 F2, 862 người ở xã Sơn Lôi": the opening names what the
                # parts count (not the F1 the sentence before named first).
                among = self._among(a, s, q)
                if among is not None:
                    event, source = among[0], "header"
            if inherited is None and event is None and generic \
                    and opens_breakdown(a, s) and by_sentence.get(s.index - 1):
                # "... 245 ca tử vong. Phân theo nơi cư trú: Bình Tân 38 ca, ...": the
                # parts count what the previous sentence's figure counts.
                inherited = self._whole(by_sentence[s.index - 1], unit)
                source = "breakdown" if inherited is not None else source
            if inherited is None and event is None and s.is_item and s.parent is not None:
                parent_links = by_sentence.get(s.parent) or []
                inherited = parent_links[-1] if parent_links else None
                source = "parent"
                if inherited is None:
                    parent = a.sentences[s.parent]
                    event = self._heading_event(a, parent, parent.end, unit)
                    source = "parent_header"
                if inherited is None and event is None:
                    # "52 ca mắc mới.\nPhân bố theo quận, huyện:\nLiên Chiểu 14; ...": a heading
                    # with no figure of its own breaks down the sentence before it.
                    inherited = self._heading_whole(a, s, unit, by_sentence)
                    source = "breakdown" if inherited is not None else source
            if inherited is not None:
                event = inherited.event
            elif event is None and (unit is None or unit.value in CASE_UNITS or unit.value == "người"):
                # The list's header names the event: "Ca mắc theo địa phương: Hà Nội (430)".
                if unit is not None or self._slot(a, q):
                    event = self._heading_event(a, s, q.start, unit)
                    source = "header"
                if event is None and unit is not None and unit.value in CASE_UNITS:
                    event, source = self._title_event(a, s) or "cases", "unit"
            if event in STOCKS and unit is not None and unit.value in CASE_UNITS \
                    and any(c.category == "new" for c in near_left + right):
                # "Hơn 8.000 F0 đang điều trị tại nhà, thêm 612 ca mới": new cases, no stock
                inherited, event, source = None, "cases", "unit"
        if event in NOT_CASE_COUNTS and (event not in CONTACTS and self._counted_in_ca(a, q, unit, right)
                                         or self._cases_who_were(a, q)):
            # "Qua xét nghiệm phát hiện 18 ca dương tính", "Số ca phát hiện qua xét nghiệm
            # trong tuần là 7.612 ca": no sample, person tested or dose is counted in "ca";
            # "104 ca là F1 đã được cách ly" are cases who were contacts.
            event, source = "cases", "unit"
        # kind and sign
        kind, sign = "count", 1
        for c in near_left:
            if c.category == "change" and q.start - c.end <= 10:
                kind, sign = "change", int(c.value)
        arrow = _ARROW_BEFORE.search(a.text, max(0, q.start - 3), q.start)
        if arrow is not None:  # "Số ca khỏi bệnh: 206 ca (↓ 58 ca)"
            kind, sign = "change", 1 if arrow.group(1) in "↑▲" else -1
        if kind == "change" and source in (None, "unit", "list"):
            # "1.142 F0 đang điều trị (tăng 186 ca so với hôm qua)", "Con số này giảm 13
            # ca": a change with no cue of its own changes the figure it is compared with.
            compared = self._compared(a, s, paren, sent_links, by_sentence)
            if compared is not None:
                inherited, event, source = compared, compared.event, "compare"
                suggestions["compare"] = (compared.event, q.start - compared.quantity.end)
        if event == "tests" and self._people_tested(a, q, unit, c0):
            event, source = "people_tested", "tested_for"
            suggestions["tested_for"] = (event, 0)
        if event in BEYOND_SCHEMA or self._beyond_schema(a, q, prev_q, c0, event):
            blocked = BEYOND_SCHEMA_BLOCK  # "5.102.338 mũi 4", "mũi 4 cho 212.730 người"
        if blocked is not None:
            event = None
        if (q.text[:1] in "+-−" or (isinstance(q.value, (int, float)) and q.value < 0)) \
                and not self._plus_new(a, q, s.start, right):
            kind, sign = "change", 1  # "TP.HCM (-595)": the sign is in the number
        header = a.cues_in(s.start, s.header_end or s.start)
        if any(c.category == "average" for c in left) or (
                any(c.category == "average" for c in header) and "/ngày" in a.text[q.end:q.end + 12]):
            kind = "average"
        dates_left = a.dates_in(s.start, q.start)
        cumulative, since, stated = self._running_total(a, s, q, c0, left, header, kind, event,
                                                        inherited, dates_left, sent_links,
                                                        by_sentence, right)
        if q.text[:1] in "+-−" or arrow is not None:
            stated.add("kind")  # "TP.HCM (-595)", "| +102", "(↑ 37 ca)": the sign makes it a change
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
        col = a.columns.get(q.start)
        if col is not None:
            event, source, kind, cumulative, since, setting, col_stated = self._column(
                a, q, col, event, source, kind, cumulative, since, setting, blocked)
            if col_stated:
                stated.add("cumulative")
            if event is not None:
                suggestions["column"] = (event, 0)
        # place
        places, place_source = self._places(a, s, q, prev_q, next_q, left, paren, prev, context)
        if place_source in ("context", "topic") and event is not None:
            # "Trung tâm Y tế huyện Cẩm Giàng đã truy vết 1.236 F1 ... Trong số F1, 1.057
            # người đang cách ly": a part with no place of its own is where its total is.
            whole = self._part_of(a, s, q, event, sent_links, by_sentence)
            if whole is not None and whole.places != places and all(
                    p == context and d for p, d in whole.places):
                places, place_source = list(whole.places), "whole"
        # (a figure of "the other districts" is no one district's, nor is a joint subject's)
        story = None if place_source in ("joint", "rest") else self.story_place(a, s, q, places)
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
                    place_source=place_source, suggestions=suggestions,
                    parent=inherited if event is not None else None, stated=frozenset(stated),
                    story=story)
