"""Context rules of the rule linker: which province a sentence speaks of, the place a
figure without a place of its own belongs to (the sentence's, the paragraph's, the
document's), and the places a word such as "tỉnh này" or a bare "huyện" refers back to.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ..resolve.numbers import Quantity
from ..resolve.places import NATIONAL, PlaceMention, get_gazetteer
from .event_rules import total_before_breakdown
from .structure import Analysis, Sentence, paragraph_break

if TYPE_CHECKING:  # the linker imports this module
    from .link import Link
    from .linker import _Doc


_ANAPHOR = re.compile(r"(?<![^\W_])(?:toàn tỉnh|toàn thành phố|thành phố này|tỉnh này|địa phương này|"
                      r"thủ đô|thành phố|tỉnh|huyện này|quận này)(?![^\W_])")
# A bare district noun as a subject ("quận tổ chức", "huyện đã lấy"), not a name's prefix.
_DISTRICT_ANAPHOR = re.compile(r"(?<![^\W_])(?<!các )(?<!những )(?<!\d )(?<!\d\d )"
                               r"(quận|huyện|thị xã|thành phố)\s+(?=(?:đã|đang|có|ghi nhận|tổ chức|"
                               r"lấy|thực hiện|xét nghiệm|tiêm|phát hiện|truy vết|còn(?! lại)|vẫn|cũng|này)"
                               r"(?![^\W_]))")
# The words of _ANAPHOR that can only mean a province, when no name follows them ("tỉnh
# Nghệ An" names a place, and is found as one).
_PROVINCE_WORDS = frozenset(("toàn tỉnh", "tỉnh này", "tỉnh"))
_NAME_AFTER = re.compile(r"\s+[A-ZĐ]")
_ANAPHOR_SENTENCES = 3  # how far back the district referred to may be named
_OPENING_REACH = 40  # a paragraph's topic is named in its first few words
_PLURAL_BEFORE = re.compile(r"(?:các|nhiều|những|mỗi|\d)\s*$")
LIST_GLUE = re.compile(r"\s*(?:,|và|hoặc)\s*")  # between the members of a list of places
# "22 quận, huyện và TP Thủ Đức": a place named to complete the list of every district.
_ALL_UNITS_BEFORE = re.compile(r"(?<![^\W_])(?:các|\d+)\s+quận\s*,?\s*(?:huyện|thị xã)"
                               r"(?:\s*,?\s*thị xã)?\s*(?:,|và)\s*\Z")

# A sentence that breaks the previous one's total down: "Trong số F1, 1.057 người ...".
_PART_OPENER = re.compile(r"\s*(?:trong (?:số|đó)|số này)(?![^\W_])", re.IGNORECASE)
# How a total's place was found when its own clause gave it (see _part_of).
_OWN_PLACE = frozenset({"clause", "attached", "opening", "after", "anaphor"})


class Before(NamedTuple):
    """The sentence before, as the context rules saw it."""

    sentence: Sentence
    provinces: set[str]
    context: str


class ContextRules:
    """Mixin of :class:`vnepi.pipeline.linker.RuleLinker`: the context a sentence's figures
    inherit."""

    def _province_of(self, p: PlaceMention) -> str | None:
        if p.province:
            return p.province
        provs = {d.province for d in p.districts}
        return next(iter(provs)) if len(provs) == 1 else None

    def _sentence_provinces(self, a: Analysis, s: Sentence) -> set[str]:
        """The provinces a sentence speaks of: not those people came from ("cùng trở về từ
        TP Hồ Chí Minh") or a figure is related to ("liên quan đến Đà Nẵng")."""
        key = ("provinces", s.index)
        if key not in a.cache:
            found: set[str | None] = set()
            prev, origin = None, False
            for p in a.places_in(s.start, s.end):
                if prev is None or not LIST_GLUE.fullmatch(a.norm, prev.end, p.start):
                    # (the members of a list share its first member's reading: "về từ
                    # TP.HCM, Bình Dương, Đồng Nai")
                    lo = a.clause_bounds(p.start)[0]
                    if a.norm[max(0, lo - 3):lo].rstrip().endswith("("):
                        # a list in parentheses reads like the phrase it elaborates: "người
                        # về từ các tỉnh phía Nam (TP.HCM, Bình Dương)"
                        lo = a.clause_bounds(a.norm.rfind("(", 0, lo))[0]
                    origin = self._origin(a, max(s.start, lo), p.start)
                if not origin and not self._stray(a, p):
                    found.add(self._province_of(p))
                prev = p
            a.cache[key] = found - {None}
        return a.cache[key]

    @staticmethod
    def _stray(a: Analysis, p: PlaceMention) -> bool:
        """A place of a province the text never names, when it names some and the name may
        be read as one of them: a ward or bare name (no "huyện", "TP" before it), mostly a
        commune, market or person of the text's own province ("xã Đức Thắng" of Hiệp Hòa,
        which the gazetteer knows in Hà Nội; "ông Vinh nói" in a Đà Nẵng report), or a
        district whose prefix chose a namesake elsewhere ("Huyện Phong Điền" in a Thừa
        Thiên Huế report, a huyện of Cần Thơ by the gazetteer's current types)."""
        if p.province or not p.districts:
            return False
        named = a.cache.get("named_provinces")
        if named is None:
            gaz = get_gazetteer()
            # provinces named outright, or by a district name no other province has
            sure = {m.province for m in a.places if m.province} | {
                m.districts[0].province for m in a.places if m.prefix is not None
                and not m.ward and m.districts and len(gaz.districts(m.districts[0].name)) == 1}
            named = a.cache["named_provinces"] = (sure, sure | {
                d.province for m in a.places if m.prefix is not None and not m.ward
                for d in m.districts})
        sure, loose = named
        if p.prefix is None or p.ward:
            return bool(loose) and not any(d.province in loose for d in p.districts)
        return bool(sure) and not any(d.province in sure for d in p.districts) and any(
            d.province in sure for d in get_gazetteer().districts(p.districts[0].name))

    @staticmethod
    def _country_first(a: Analysis, s: Sentence) -> bool:
        """The sentence speaks of the country before any place: "cả nước ghi nhận 152.840
        ca mắc, trong đó Hà Nội 19.201 ca" (the province is a part of the country's figure)."""
        places = a.places_in(s.start, s.end)
        end = places[0].start if places else s.end
        return any(c.category == "national" for c in a.cues_in(s.start, end))

    def _first_province(self, a: Analysis, s: Sentence) -> str | None:
        for p in a.places_in(s.start, s.end):
            prov = self._province_of(p)
            if prov:
                return prov
        return None

    def _context_province(self, a: Analysis, s: Sentence, provinces: set[str],
                          focus: str | None, doc: _Doc, before: Before | None = None) -> str:
        """The place a figure without a place of its own belongs to; ``before`` is the
        previous sentence, whose paragraph this one may continue."""
        sent_text = a.norm[s.start:s.end]
        if focus and not doc.national and provinces and focus not in provinces and all(
                p.ward for p in a.places_in(s.start, s.end) if self._province_of(p) in provinces):
            # A ward the gazetteer knows only in another province says little of where the
            # report is: "dự đám tang tại xã Triệu Sơn" in a Quảng Trị report.
            provinces = set()
        continues = not provinces and before is not None and \
            not paragraph_break(a.text, before.sentence, s)
        if continues and before.context == NATIONAL and not before.provinces \
                and not self._anaphor(a, s):
            # "Tính đến 18h, Việt Nam có 2.330 ca mắc. Đã có 1.536 ca khỏi bệnh" in a
            # province's bulletin: the paragraph goes on about the country.
            return NATIONAL
        if any(c.category == "national" for c in a.cues_in(s.start, s.end)) and not provinces:
            return NATIONAL
        if "trong nước" in sent_text and not provinces and doc.national:
            return NATIONAL  # in a province's bulletin "ca trong nước" are its domestic cases
        if doc.national:
            first = a.places_in(s.start, s.header_end if s.header_end is not None else s.end)
            if not first and focus and self._anaphor(a, s) and (
                    self._same_paragraph(a, s) or self._province_anaphor(a, s)):
                # "Tại Hà Nội, 521 ca mới. Thành phố đã truy vết 4.305 F1."; a province
                # is no country even paragraphs later: "... Vĩnh Phúc ... \n\nToàn tỉnh đã
                # lấy 1.116 mẫu".
                return focus
            if not first and not provinces:
                topic = self._paragraph_topic(a, s)
                if topic is not None:
                    return topic
            named = self._province_of(first[0]) if first else None
            if named:
                return named
            if continues and len(before.provinces) == 1 and not self._country_first(a, before.sentence) \
                    and not self._after_list(a, before.sentence, s):
                # "Kể từ 27/4, Nghệ An có 1.482 ca mắc. Từ các ca bệnh mới, ngành y tế đã
                # truy vết 3.210 F1" in a national round-up: the paragraph goes on about the
                # province (a national cue or "trong nước" above would have kept the country).
                return next(iter(before.provinces))
            return NATIONAL
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
                ds = [p for p in a.places_in(nxt.start, nxt.end) if not self._stray(a, p)]
                dprovs = {self._province_of(p) for p in ds}
                if ds and all(not p.province for p in ds) and len(dprovs) == 1 and None not in dprovs:
                    return next(iter(dprovs))
        if focus and not doc.national:
            return focus
        if provinces and not doc.national:
            return self._first_province(a, s) or doc.default_province
        return doc.default_province

    @staticmethod
    def _part_of(a: Analysis, s: Sentence, q: Quantity, event: str, sent_links: list[Link],
                 by_sentence: dict[int, list[Link]]) -> Link | None:
        """The one total of ``event`` a "trong đó" / "trong số" breaks the number out of, in
        its sentence or as the previous sentence's only figure of that event, when the
        total's own clause placed it (not a list item's figure)."""
        whole = total_before_breakdown(a, q, sent_links)
        if whole is None and not sent_links and _PART_OPENER.match(a.text, s.start):
            before = [lk for lk in by_sentence.get(s.index - 1) or () if lk.event == event]
            whole = before[0] if len(before) == 1 else None
        if whole is None or whole.event != event or whole.place_source not in _OWN_PLACE:
            return None
        return whole

    @staticmethod
    def _after_list(a: Analysis, last: Sentence, s: Sentence) -> bool:
        """``s`` is a new line of prose after a list line or table row ``last``: it goes on
        about the list's whole, not its last line's place ("12 | Vĩnh Long | 189\nTrong
        ngày có 2.108 ca phát hiện tại cộng đồng")."""
        if s.is_item or not s.at_line_start:
            return False
        return last.is_item or any(q.start in a.columns for q in a.quantities_in(last.start, last.end))

    @staticmethod
    def _references_back(a: Analysis, s: Sentence) -> list[re.Match]:
        """The words by which the sentence refers back to one place: "thành phố", "tỉnh
        này", "thủ đô", "toàn tỉnh", "địa phương này" (not "các tỉnh", "61 tỉnh, thành phố")."""
        key = ("anaphor", s.index)
        if key not in a.cache:
            a.cache[key] = [m for m in _ANAPHOR.finditer(a.norm, s.start, s.end)
                            if not _PLURAL_BEFORE.search(a.norm, max(0, m.start() - 12), m.start())]
        return a.cache[key]

    def _anaphor(self, a: Analysis, s: Sentence) -> bool:
        """The sentence refers back to one place (:meth:`_references_back`)."""
        return bool(self._references_back(a, s))

    def _province_anaphor(self, a: Analysis, s: Sentence) -> bool:
        """The sentence refers back to one province by that word: "toàn tỉnh", "tỉnh đã
        lấy", "ngành y tế tỉnh" (not "tỉnh Nghệ An")."""
        return any(m.group() in _PROVINCE_WORDS and not _NAME_AFTER.match(a.text, m.end())
                   for m in self._references_back(a, s))

    def _paragraph_topic(self, a: Analysis, s: Sentence) -> str | None:
        """The province a paragraph of a national round-up opens with ("GIA LAI – Tuần qua
        tỉnh ghi nhận 14.087 ca. ... Trong tuần có 7 người tử vong"; "Ngày 7/12, Tây Ninh
        ghi nhận 245 F0 mới. ..."), when its first sentence names no other."""
        line_start = a.text.rfind("\n", 0, s.start) + 1
        p0 = a.sentence_of(line_start)
        if p0.index >= s.index or p0.is_item:
            return None
        opening = a.places_in(p0.start, min(p0.header_end if p0.header_end is not None else p0.end,
                                            p0.start + _OPENING_REACH))
        provinces = self._sentence_provinces(a, p0)
        if len(opening) != 1 or len(provinces) != 1:
            return None
        return self._province_of(opening[0])

    def _district_anaphor(self, a: Analysis, s: Sentence, q: Quantity) -> PlaceMention | None:
        """The district a bare "quận"/"huyện"/"thị xã" before the number refers back to: the
        last district named in the sentences just before, in its paragraph."""
        m = _DISTRICT_ANAPHOR.search(a.norm, s.start, q.start)
        if m is None:
            return None
        lo = a.sentences[max(0, s.index - _ANAPHOR_SENTENCES)].start
        for p in reversed(a.places_in(lo, m.start())):
            if p.ward or len({(d.province, d.name) for d in p.districts}) != 1:
                continue
            if m.group(1) == "thành phố" and not self._provincial_city(p):
                # "thành phố" is a district only after a provincial city ("3 ca cộng đồng
                # tại TP. Vinh. ... thành phố đã truy vết 168 F1"); after a district of Hà
                # Nội it is Hà Nội.
                return None
            # (the kind of unit is not compared: many a huyện of 2021 is a thị xã now)
            if a.sentence_of(p.start) is not s and paragraph_break(a.text, a.sentence_of(p.start), s):
                return None
            return p
        return None

    @staticmethod
    def _provincial_city(p: PlaceMention) -> bool:
        """A district that is a city of a province that is no city itself ("TP Vinh")."""
        d = p.districts[0]
        province = get_gazetteer().province(d.province)
        return d.type == "Thành phố" and province is not None and not province.is_city

    def _same_paragraph(self, a: Analysis, s: Sentence) -> bool:
        return s.index > 0 and not paragraph_break(a.text, a.sentences[s.index - 1], s)

    def _origin(self, a: Analysis, lo: int, pos: int) -> bool:
        """A place in an origin phrase ("từ Quế Võ - Bắc Ninh về ...", "qua cửa khẩu Mộc
        Bài"): the last preposition before it is "từ" or "qua" (or "gửi", where samples are
        sent); or a place a figure is linked to, right after "liên quan (đến)": "18 ca liên
        quan đến Đà Nẵng"; or a place that completes the list of every district ("22 quận,
        huyện và TP Thủ Đức")."""
        if _ALL_UNITS_BEFORE.search(a.norm, max(0, pos - 40), pos):
            return True
        words = re.findall(r"[^\W\d_]+", a.norm[lo:pos])
        if words[-2:] == ["liên", "quan"] or words[-3:-1] == ["liên", "quan"] and \
                words[-1] in ("đến", "tới", "với"):
            # related to a place is not found in it; but "liên quan chợ Hòa Khánh (quận
            # Liên Chiểu)" names where the related site is
            return True
        if "từng" in words[-4:]:
            return True  # where someone has been: "từng đến Đà Nẵng", "từng làm việc tại"
        for w in reversed(words):
            if w in ("từ", "qua"):  # "nhập cảnh qua sân bay Cam Ranh": an entry point
                return True
            if w == "gửi":  # "143 mẫu gửi Viện Pasteur TP HCM xét nghiệm": where samples go
                return True
            if w in ("về", "tại", "ở", "được", "của", "cho"):
                return False
        return False
