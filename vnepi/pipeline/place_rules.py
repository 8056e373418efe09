"""Place rules of the rule linker: the place of each number (a list item's head, its
clause's subject, a list line's subject, a place after it, its parenthesis, the previous
record of its list, else the context of :mod:`.context_rules`).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..resolve.numbers import Quantity
from ..resolve.places import NATIONAL, PlaceMention, get_gazetteer
from .cues import Cue
from .place_lists import DISTRIBUTIVE, PlaceLists
from .structure import Analysis, Sentence, paragraph_break
from .topic_rules import drop_qualified_wards

if TYPE_CHECKING:  # the linker imports this module
    from .link import Link


_WHOLE_PROVINCE = re.compile(r"(?<![^\W_])(?:toàn tỉnh|cả tỉnh|tỉnh này|trên địa bàn tỉnh|toàn thành phố|toàn tp|"
                             r"toàn thành|thủ đô|cả nước|toàn quốc|các huyện|các quận|"
                             r"(?<!các )(?<!nhiều )(?<!những )(?<!mỗi )tỉnh(?= (?:đã|đang|có|ghi nhận|còn|"
                             r"tiêm|lấy|xét nghiệm|truy vết|thực hiện|hiện)))(?![^\W_])")
_DATELINE = re.compile(r"\s*[,(]?\s*(?:ngày\s*)?\d{1,2}\s*[/.-]\s*\d{1,2}")
# A place after a locative opens no dateline: "Tại huyện Việt Yên, ngày 27/5 đã lấy 9.650 mẫu".
_LOCATIVE_BEFORE = re.compile(r"(?<![^\W_])(?:tại|ở|trên địa bàn)\s+\Z")
# "các huyện còn lại 41", "các địa phương khác 13 ca", "các huyện Bàu Bàng, Phú Giáo còn lại
# 153 ca", "4 huyện còn lại: 2", "Các huyện còn lại | 15.025", "Các quận, huyện còn lại ghi
# nhận 38 ca": the rest of a list of districts or provinces is no one district's figure.
_REST = re.compile(r"(?<![^\W_])(?:(?:các|những|\d+)\s+)?(?:quận|huyện|thị xã|tỉnh|thành phố|"
                   r"địa phương|nơi|đơn vị|khu vực)(?![^\W_])[^;:.()\d]{0,60}?(?:còn lại|khác)"
                   r"(?![^\W_])[\s:|–—-]*(?:(?:là|có|với|ghi nhận|đều)(?![^\W_])[\s:]*)*\Z")
# ... or said so after the figure: "7 người còn lại ở các quận, huyện khác", "15 ca còn lại ở
# 6 huyện khác", "số còn lại rải rác ở các địa phương khác" (the other wards of a district are
# still the district's).
_REST_AFTER = re.compile(r"\s*(?:[^\W\d_]+\s+){0,3}?(?:rải rác\s+)?(?:ở|tại|thuộc)\s+(?:các|những|\d+|"
                         r"hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+(?:quận|huyện|thị xã|tỉnh|thành phố|"
                         r"địa phương|nơi|khu vực)(?![^\W_])[^;:.()\d]{0,30}?(?:khác|còn lại)"
                         r"(?![^\W_])")
# A clause that puts all of the figure before it in one place: ", đều ở huyện Kim Thành".
_ALL_IN = re.compile(r"\s*[,;]?\s*(?:đều|tất cả|cả \w+)\s+(?:(?:cư )?trú\s+)?(?:ở|tại|thuộc)\s+")
# What a list's caption may hold besides its place: "- Tại huyện Núi Thành:", "2. TP Tam Kỳ".
_CAPTION_REACH = 12  # lines
_CAPTION_OPEN = re.compile(r"\s*(?:[-+•*–]|\d{1,2}[.)/]|[ivx]{1,4}[.)/])?\s*(?:(?:tại|ở)\s+)?")
_CAPTION_CLOSE = re.compile(r"\s*:?\s*")
# A site the figure is put in, then its place in parentheses: " ở cơ sở tân triều (".
_SITE_IN_PAREN = re.compile(r"\s*(?:[^\W\d_]+\s+){0,3}?(?:ở|tại)\s+[^,;:()\d]{2,40}\(\s*\Z")
# Several units named as such before the list of their names: "các huyện", "4 quận",
# "các quận, huyện".
_UNITS_BEFORE = re.compile(r"(?<![^\W_])(?:các|những|\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+"
                           r"(?:(?:quận|huyện|thị xã|thành phố|tp|tx)(?:\s*,\s*(?:quận|huyện|thị xã|"
                           r"thành phố))*\s+)?\Z")
# A figure that each of the places listed after it has: "mỗi tỉnh một ca gồm Đồng Tháp, ...".
_EACH_BEFORE = re.compile(r"(?<![^\W_])mỗi\s+(?:tỉnh|nơi|huyện|quận|địa phương|thành phố|thị xã|xã|"
                          r"phường|đơn vị)\s+\Z")


def _inside_paren(text: str, lo: int, pos: int) -> bool:
    """A parenthesis opened between ``lo`` and ``pos`` is still open at ``pos``."""
    opened = text.rfind("(", lo, pos)
    return opened >= 0 and text.find(")", opened, pos) < 0


class PlaceRules(PlaceLists):
    """Mixin of :class:`vnepi.pipeline.linker.RuleLinker`: where a figure applies."""

    # -- one number -----------------------------------------------------------------

    def _places(self, a: Analysis, s: Sentence, q: Quantity, prev_q: Quantity | None,
                next_q: Quantity | None, left: list[Cue], paren: Link | None,
                prev: Link | None, context: str) -> tuple[list[tuple[str, str | None]], str]:
        """The record's places and how they were found."""
        gaz = get_gazetteer()
        c0, c1 = a.clause_bounds(q.start)
        lo = prev_q.end if prev_q is not None else s.start
        if prev_q is not None:
            # "3 ca ở huyện Đông Anh, 1 ca ở quận Hoàng Mai": Đông Anh is the 3's, not the 1's.
            taken = self._attached(a, prev_q, c1)
            lo = max(lo, taken.end) if taken is not None else lo
        run = self._respective_runs(a, s).get(q.start)
        if run is not None:
            # 0. "Tiền Giang, Vĩnh Long lần lượt 7.662 và 6.940 ca": the place in the same rank.
            return [self._resolve(self._district_of(a, run[0]), context, gaz)], "respectively"
        if _REST.search(a.norm[lo:q.start]) or _REST_AFTER.match(a.norm, self._unit_end(a, q)):
            return [(context, None)], "rest"
        # 1. a list item: places right before the number, joined by "," / "và".
        group, how = self._adjacent_group(a, q, lo), "item"
        if len(group) > 1 and _UNITS_BEFORE.search(a.norm, max(0, group[0].start - 30), group[0].start) \
                and not DISTRIBUTIVE.search(a.norm[group[-1].end:q.start]):
            joint = self._joint(a, group, context, gaz)
            if joint is not None:
                # "Các huyện Bàu Bàng, Dầu Tiếng, Phú Giáo: 31.840", "khu vực thành thị gồm
                # các quận Ninh Kiều, Bình Thủy có 702 ca": the units' figure together.
                return [joint], "joint"
        if not group:
            # 2. the subject of the number's clause
            # (not a place the clause comes from or is linked to: "18 ca liên quan đến Đà
            # Nẵng và 3 ca nhập cảnh")
            group = [p for p in a.places_in(max(c0, lo), q.start)][-1:]
            if group and self._origin(a, max(c0, lo), group[0].start):
                group = []
            how = "clause"
            joint = self._joint_subject(a, s, group, context, gaz) if group else None
            if joint is not None:
                # "các huyện Vũ Thư, Kiến Xương và Tiền Hải tổ chức tiêm cho 6.830 trẻ": the
                # figure of several districts together is their province's.
                return [joint], "joint"
        national_here = any(c.category == "national" for c in left)
        attached = None if national_here else self._attached(a, q, c1) or \
            self._all_in(a, c1, next_q)
        if attached is not None and (not group or len(group) == 1 and group[0].province and not
                                     group[0].districts and any(d.province == group[0].province
                                                                for d in attached.districts)):
            # 2a. the place the figure is put in: "5 ca tại TP Bắc Kạn", "3 ca ở huyện Đông
            # Anh", "Quảng Ninh có 2 ca, đều trú tại TP Hạ Long" (over the clause's subject
            # when that is the district's own province).
            group, how = [attached], "attached"
        if not group:
            # 2b. the subject of a list line: "- Quận 8: lấy 186.420 mẫu, 1.684 ca"
            group, how = self._line_subject(a, s, q), "line"
        if not group:
            # 3. a place after the number in its clause ("16 ca ... tại huyện Yên Thế")
            hi = min(c1, next_q.start if next_q else c1)
            after = [p for p in a.places_in(q.end, c1) if not self._origin(a, q.end, p.start)]
            if after:
                # (a list of places goes on past the clause's commas)
                after = a.places_in(after[0].start, s.end)
            own = self._own(a, after, q) if after and after[0].start < hi else None
            group = [own] if own is not None else []
            how = "after"
            if after and not group and after[0].start < hi:
                chain = self._chain(a, after)
                if len(chain) > 1 and _EACH_BEFORE.search(a.norm, max(s.start, q.start - 20), q.start):
                    # "còn lại mỗi tỉnh một ca gồm Đồng Tháp, Hậu Giang, Sóc Trăng": one
                    # figure for each place listed.
                    return [self._resolve(self._district_of(a, x), context, gaz) for x in chain], "after"
                joint = self._joint(a, chain, context, gaz)
                if joint is not None:
                    # "lấy mẫu cho 96.020 người tại các quận Liên Chiểu, Thanh Khê và Sơn
                    # Trà": the figure of several districts together is their province's.
                    return [joint], "joint"
        if not group:
            # 3a. the place its list is captioned with: "Cẩm Lệ\nF1 truy vết mới: 226\nF2
            # truy vết mới: 671", "- Huyện Núi Thành:\n+ F1 mới: 58"
            group, how = self._caption_place(a, s), "caption"
            if group is None:
                return [(context, None)], "rest"
        if not group and paren is None and (
                prev is None or prev_q is None or ";" in a.text[prev_q.end:q.start]) and \
                not any(c.category == "national" for c in a.cues_in(s.start, q.start)):
            # 3b. the one place the sentence opens with, however many commas away, when no
            # record comes before in the sentence: "Tại Bệnh viện Hồi sức (TP Thủ Đức), hiện
            # có 412 bệnh nhân nặng", "Trung tâm Y tế huyện Nghi Lộc đã phong tỏa 3 xóm, truy
            # vết 38 F1".
            # After a ";" only the sentence's opening proper counts, not the places of the
            # clauses before ("thêm 2 ca ... huyện Việt Yên; 10 F0 trong khu cách ly").
            end = c0 if prev_q is None else min(c0, s.header_end or c0)
            group, how = self._opening_place(a, s, end), "opening"
        if not group and paren is not None:
            return list(paren.places), "paren"
        if not group:
            # 4. a parenthesised figure after a place: "Việt Trì (465 ca"
            open_at = a.text.rfind("(", s.start, q.start)
            if open_at >= 0 and a.text.rfind(")", open_at, q.start) < 0:
                before = [p for p in a.places_in(open_at - 80, open_at) if open_at - p.end <= 2]
                group, how = before[-1:], "paren_place"
        if not group and not national_here and prev is not None \
                and a.sentence_of(prev.quantity.start) is s \
                and ";" not in a.text[prev.quantity.end:q.start] \
                and not (")" in a.text[prev.quantity.end:q.start]  # "(…, Ô Môn 15) và 1.574 F2"
                         and _inside_paren(a.text, s.start, prev.quantity.start)) and all(
                    p is a.cache.get(("attached", prev.quantity.start))
                    or self._origin(a, prev.quantity.end, p.start)
                    for p in a.places_in(prev.quantity.end, q.start)):
            # "huyện Cẩm Giàng 205 F1, 640 F2, 1.915 F3": the list keeps its subject, and so
            # does a clause after a figure put in a place ("lấy 86.000 mẫu tại TP Pleiku,
            # phát hiện 9 ca").
            return list(prev.places), "previous"
        if not group and not national_here:
            named = self._district_anaphor(a, s, q)
            if named is not None:
                # "Từ ngày 31/5, quận tổ chức xét nghiệm diện rộng, đã lấy 108.350 mẫu": the
                # district the text was just speaking of.
                return [self._resolve(named, context, gaz)], "anaphor"
        if not group:
            if national_here:
                return [(NATIONAL, None)], "national"
            cluster = self._cluster_district(a, s, q)
            if cluster is not None and cluster[0] == context:
                # "ổ dịch chợ Phú Bài đã có 15 ca": the outbreak was placed when named first.
                return [cluster], "cluster"
            topic = [t for t in a.cache.get("district_topic", ()) if t[0] == context]
            if len(topic) == 1 and not _WHOLE_PROVINCE.search(a.norm, s.start, s.end):
                # A district's bulletin ("Củ Chi thêm 50 ca"): its figures without a place
                # are the district's, unless the sentence speaks of the whole province.
                return topic, "topic"
            return [(context, None)], "context"
        if len(group) == 1:
            group = [self._district_of(a, group[0])]
        out = [self._resolve(p, context, gaz) for p in group]
        topic = a.cache.get("district_topic", ())
        return [(prov, None) if self._named_after(a, p) and (prov, dist) not in topic
                else (prov, dist) for p, (prov, dist) in zip(group, out)], how

    def _attached(self, a: Analysis, q: Quantity, c1: int) -> PlaceMention | None:
        """The one place a figure is said to be in, right after it: "5 ca dương tính tại TP
        Bắc Kạn", "3 ca ở huyện Đông Anh" (not an origin, not the head of a list)."""
        key = ("attached", q.start)
        if key in a.cache:
            return a.cache[key]
        found = None
        end = self._unit_end(a, q)
        after = a.places_in(end, min(c1, end + 45))
        if after:
            # (the whole list, past the clause's commas, for _own)
            after = a.places_in(after[0].start, a.sentence_of(q.start).end)
            gap = a.norm[end:after[0].start]
            words = gap.split()
            # Not "truy vết 520 F1 liên quan ổ dịch tại Yên Lạc": related to, not found in.
            # Nor "9 ca tử vong gồm 3 ca ở Bình Chánh": the place of a part counted alike.
            unit = self._unit(a, q)
            noun = unit.value.split()[0] if unit is not None else None  # "ca" of "ca tử vong"
            part = noun is not None and any((u := self._unit(a, x)) is not None and u.value.split()[0] == noun
                                            for x in a.quantities_in(end, after[0].start))
            if words and words[-1] in ("ở", "tại", "thuộc") and len(words) <= 6 and not part and \
                    "liên quan" not in gap and not any(ch in gap for ch in ",;:()"):
                found = self._own(a, after, q)
        if found is None:
            # "4 ca ở cơ sở Tân Triều (huyện Thanh Trì)": the site's own parenthesis names
            # the place it is in (the parenthesis ends the clause, so look past it).
            s = a.sentence_of(q.start)
            past = a.places_in(end, min(s.end, end + 60))
            if past and _SITE_IN_PAREN.match(a.norm, end, past[0].start):
                found = self._own(a, past, q)
            elif past and a.norm[end:past[0].start].strip() == "(" and \
                    a.text[past[0].end:past[0].end + 2].lstrip()[:1] == ")":
                found = past[0]  # "Quảng Ninh 3 ca (thị xã Đông Triều)": where in the province
        a.cache[key] = found
        return found

    @staticmethod
    def _all_in(a: Analysis, c1: int, next_q: Quantity | None) -> PlaceMention | None:
        """The place a clause right after the figure's puts all of it in: "phát hiện 03 ca
        dương tính mới, đều ở huyện Kim Thành"."""
        shared = _ALL_IN.match(a.norm, c1)
        if shared is None or next_q is not None and next_q.start < shared.end():
            return None
        return next((p for p in a.places_in(shared.end(), shared.end() + 60)
                     if p.start - shared.end() <= 1), None)

    def _opening_place(self, a: Analysis, s: Sentence, c0: int) -> list[PlaceMention]:
        """The place named before the number's clause when the sentence names only one
        (a district with its province, "huyện Vân Đồn (Quảng Ninh)", counts as one)."""
        found = [p for p in a.places_in(s.start, c0) if not self._origin(a, s.start, p.start)
                 and not (_DATELINE.match(a.norm, p.end)  # "Hà Nội, ngày 3/11/2021 - Bộ Y tế ..."
                          and not _LOCATIVE_BEFORE.search(a.norm, max(s.start, p.start - 16), p.start))]
        named = [p for p in found if self._district_of(a, p) is p]
        named = drop_qualified_wards(named)  # "phường Kim Liên (quận Đống Đa)"
        if len(named) > 1:
            # An aside in parentheses names no place of the figure when it is in another
            # province ("Tại TX Đông Triều (ổ dịch từ công nhân làm việc tại Hải Dương trở
            # về), ... 1.432 F1"); a province named with one of its districts is that district
            # ("Tại Công ty Samsung Thái Nguyên (SEVT, TX Phổ Yên), ...").
            home = self._province_of(named[0])
            named = named[:1] + [p for p in named[1:] if not (
                self._province_of(p) not in (home, None) and _inside_paren(a.text, named[0].end, p.start))]
            with_district = {self._province_of(p) for p in named if p.districts}
            named = [p for p in named if p.districts or p.province not in with_district]
        keys = {(self._province_of(p), p.districts[0].name if p.districts else None) for p in named}
        return named[-1:] if len(keys) == 1 else []

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

    def _caption_place(self, a: Analysis, s: Sentence) -> list[PlaceMention] | None:
        """The place that captions the lines of ``s``'s paragraph down to it: the nearest
        line above naming a place, when it names that place alone (but for a bullet, "Tại"
        and a colon); None when that line captions "the other districts" instead ("Các
        địa phương còn lại\n6.384 mẫu; 43 ca"). Cached per sentence: each figure asks."""
        key = ("caption", s.index)
        if key not in a.cache:
            a.cache[key] = self._caption_place_uncached(a, s)
        return a.cache[key]

    @staticmethod
    def _caption_place_uncached(a: Analysis, s: Sentence) -> list[PlaceMention] | None:
        for k in range(s.index - 1, max(-1, s.index - 1 - _CAPTION_REACH), -1):
            line = a.sentences[k]
            if paragraph_break(a.text, line, a.sentences[k + 1]):
                return []
            head = a.places_in(line.start, line.end)
            if not head:
                if line.at_line_start and not a.quantities_in(line.start, line.end) and \
                        _REST.fullmatch(a.norm, line.start, line.end):
                    return None
                continue  # a line of the block: "F1 truy vết mới: 402"
            if len(head) > 1 or not line.at_line_start:
                return []
            p = head[0]
            return head if _CAPTION_OPEN.fullmatch(a.norm, line.start, p.start) and \
                _CAPTION_CLOSE.fullmatch(a.norm, p.end, line.end) else []
        return []
