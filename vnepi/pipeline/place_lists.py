"""Lists of places around a figure, for the place rules: the items of a list ("Hoàng Mai
14, Thanh Xuân và Đống Đa cùng 9"), places named together before or after a figure (their
province's figure: "tại các quận Liên Chiểu, Thanh Khê và Sơn Trà"), the first place after a
total as its own or as the head of its breakdown, and how one mention resolves (a district
qualified by its province, a hospital named after its district).
"""
from __future__ import annotations

import re

from ..resolve.numbers import Quantity
from ..resolve.places import NATIONAL, PlaceMention
from .context_rules import LIST_GLUE, ContextRules
from .structure import Analysis, Sentence
from .topic_rules import drop_qualified_wards

# The words of the phrases that may stand between a list item's place and its figure (see
# _adjacent_group), built once rather than per word.
_GLUE_WORDS = frozenset(" ".join((
    "đều", "mỗi tỉnh", "mỗi nơi", "mỗi địa phương", "mỗi quận", "mỗi huyện", "mỗi thành phố",
    "mỗi", "có", "ghi nhận", "thêm", "tăng", "giảm", "là", "với", "hơn", "gần", "khoảng",
    "trên", "ca", "mắc", "nhiễm", "tử vong", "chỉ", "cũng", "vẫn",
    "cùng",  # "Quận 8 và Gò Vấp cùng 21": a shared figure
)).split())

# A word that shares one figure among the places before it: past it, any verb phrase may
# stand before the figure.
DISTRIBUTIVE = re.compile(r"\s*(?:mỗi|đều|cùng)(?![^\W_])")

# A hospital, airport or port named after the district it is in: "Bệnh viện Đa khoa khu vực
# Ngọc Lặc", "sân bay quốc tế Vân Đồn". A hospital's figure is its province's (guideline,
# section 3, rule 11), the district is not stated by the name.
_INSTITUTION_BEFORE = re.compile(r"(?<![^\W_])(?:bệnh viện|bv|bvđk|sân bay|cảng hàng không|cảng)"
                                 r"(?:\s+(?:đa khoa|dã chiến|quốc tế|khu vực|trung ương|phổi|nhi|"
                                 r"sản nhi|lao và bệnh phổi|y học cổ truyền|điều trị covid-19|"
                                 r"hồi sức covid-19|tâm thần|thành phố|tỉnh))*\s+\Z")

# Between the members of a list of places after a figure: "tại TP Gia Nghĩa và các huyện
# Đắk R'Lấp, Cư Jút" (a district's prefix belongs to its mention).
_COORD = re.compile(r"\s*(?:,|và|, và|hoặc|&)\s*(?:các\s+)?")


class PlaceLists(ContextRules):
    """Mixin of :class:`vnepi.pipeline.place_rules.PlaceRules`: places listed together."""

    def _joint_subject(self, a: Analysis, s: Sentence, group: list[PlaceMention], context: str,
                       gaz) -> tuple[str, None] | None:
        """The province of a clause subject that coordinates districts of it ("Vũ Thư, Kiến
        Xương và Tiền Hải"), or None when the subject is one district (or wards of one)."""
        chain = list(group)
        for x in reversed(a.places_in(s.start, group[0].start)):
            if not LIST_GLUE.fullmatch(a.norm, x.end, chain[0].start):
                break
            chain.insert(0, x)
        return self._joint(a, chain, context, gaz)

    @staticmethod
    def _chain(a: Analysis, after: list[PlaceMention]) -> list[PlaceMention]:
        """The places listed together from ``after[0]`` on: "TP Tuy Hòa, TX Sông Cầu và TX
        Đông Hòa"."""
        chain = after[:1]
        for x in after[1:]:
            if not _COORD.fullmatch(a.norm, chain[-1].end, x.start):
                break
            chain.append(x)
        return chain

    def _joint(self, a: Analysis, chain: list[PlaceMention], context: str,
               gaz) -> tuple[str, None] | None:
        """The province of several of its districts listed together, or None when the list
        names one district (or wards of one), or districts of several provinces."""
        if len(chain) < 2:
            return None
        where = {self._resolve(self._district_of(a, x), context, gaz) for x in chain}
        provinces = {prov for prov, _ in where}
        if len(where) < 2 or len(provinces) != 1 or any(d is None for _, d in where):
            return None
        return provinces.pop(), None

    def _own(self, a: Analysis, after: list[PlaceMention],
             total: Quantity | None = None) -> PlaceMention | None:
        """The place a figure's total is in, from the places ``after`` it: the first, unless
        it heads the total's breakdown ("233 ca tử vong tại TP HCM (182), Bình Dương (29)")
        or is one of several listed together ("tại Tây Ninh và TP HCM"); a ward named
        with its district is that district ("tại phường Hưng Phúc, TP Vinh")."""
        p = after[0]
        if self._heads_item(a, p):
            return None  # "TP Vinh sáu ca, Diễn Châu bốn": the place heads an item of its own
        if len(after) > 1 and a.norm[p.end:after[1].start].strip() in ("-", "–"):
            # "Vân Đồn - Quảng Ninh"
            return p if self._district_of(a, after[1]) is not after[1] else None
        chain = self._chain(a, after)
        if len(chain) == 1:
            return p
        x, last = chain[1], chain[-1]
        shared = DISTRIBUTIVE.match(a.norm, last.end)
        if shared is not None:
            # "2 ca ở huyện Tuy Phước, thị xã An Nhơn và Phù Cát mỗi nơi 1 ca": the shares
            # say whether the list after the first place is an item of its own, or the
            # whole list shares the total ("2 ca tử vong tại Đắk Lắk và Hà Nội mỗi nơi 1 ca").
            share = a.quantities_in(shared.end(), shared.end() + 20)[:1]
            if total is not None and share:
                if total.value == share[0].value * len(chain):
                    return None
                if total.value == share[0].value * (len(chain) - 1):
                    return p
            return p if "," in a.norm[p.end:x.start] else None
        if self._heads_item(a, last, _GLUE_WORDS):
            return p  # "2 ca ở huyện Tuy Phước, thị xã An Nhơn 1 ca", "TP.HCM thêm 18 ca"
        qualified = drop_qualified_wards(chain + [
            m for m in a.places_in(last.end, last.end + 40)[:1]
            if a.norm[last.end:m.start].strip() == "(" and m.districts and not m.ward])
        qualified = [m for m in qualified if m.districts or not any(
            d.province == m.province for n in qualified for d in n.districts)]  # "(Vĩnh Phúc)"
        if len(qualified) == 1:
            # "ở phường 9 và xã Bình Kiến, TP Tuy Hòa", "tại xã Bình An và xã Vĩnh Hòa Phú
            # (huyện Châu Thành)": wards in the district named with them
            return qualified[0]
        if all(m.ward for m in chain):
            return p  # "tại phường Tân Định và phường Đa Kao": wards (of one district)
        return p if self._district_of(a, x) is not x else None  # "Vân Đồn, Quảng Ninh"

    @staticmethod
    def _named_after(a: Analysis, p: PlaceMention) -> bool:
        """A district's bare name in a hospital's, airport's or port's name ("Bệnh viện Đa
        khoa Kiến An"; "Bệnh viện Đa khoa huyện Lục Ngạn" states its district, and in a
        district's bulletin its hospital is the district's)."""
        return bool(p.districts) and not p.ward and p.prefix is None and \
            _INSTITUTION_BEFORE.search(a.norm, max(0, p.start - 50), p.start) is not None

    @staticmethod
    def _heads_item(a: Analysis, p: PlaceMention, glue: frozenset[str] = frozenset()) -> bool:
        """A figure follows the place right away ("Diễn Châu bốn", "TP HCM (182)"), or past
        words of ``glue`` only ("TP.HCM thêm 18 ca")."""
        rest = a.text[p.end:p.end + 12].lstrip(" :")
        if rest[:1] == "(" and rest[1:2].isdigit():
            return True
        nxt = a.quantities_in(p.end, p.end + 24)[:1]
        if not nxt:
            return False
        between = a.norm[p.end:nxt[0].start].strip(" :")
        return all(w in glue for w in between.split())

    def _district_of(self, a: Analysis, p: PlaceMention) -> PlaceMention:
        """The district a province mention qualifies: "huyện Vân Đồn (Quảng Ninh)",
        "Cẩm Phả, Quảng Ninh" name the district; else the mention itself."""
        if not p.province or p.districts:
            return p
        before = a.places_in(max(0, p.start - 40), p.start)
        if before and before[-1].districts and a.text[before[-1].end:p.start].strip() in ("(", ",", "-", "–"):
            if any(d.province == p.province for d in before[-1].districts):
                return before[-1]
        return p

    def _adjacent_group(self, a: Analysis, q: Quantity, lo: int) -> list[PlaceMention]:
        cands = a.places_in(lo, q.start)
        if not cands:
            return []
        last = cands[-1]
        gap = a.norm[last.end:q.start]
        if ":" in gap:
            # "TP Bảo Lộc mũi 1: 88.300", "Quận 8 - F1: 412": the place's own figure under
            # an event label (its words are blanked, keeping the gap's offsets).
            for c in a.cues_in(last.end, q.start):
                if c.category == "event" and c.end <= q.start:
                    gap = gap[:c.start - last.end] + " " * (c.end - c.start) + gap[c.end - last.end:]
        head = last
        if gap.lstrip().startswith(")") and len(cands) > 1:
            # "xã Vân Hà (huyện Đông Anh) 8 ca", "Vân Đồn (Quảng Ninh) 5 ca": a place that
            # qualifies the one before it heads the item with it.
            open_at = a.text.rfind("(", cands[-2].end, last.start)
            if open_at >= 0 and not a.text[cands[-2].end:open_at].strip() \
                    and not a.text[open_at + 1:last.start].strip():
                head = cands[-2]
                gap = gap.lstrip()[1:]
        rest = gap
        for ch in ":(,–-":
            rest = rest.replace(ch, " ")
        words = rest.split()
        if len(words) > 4 or any(w not in _GLUE_WORDS for w in words):
            # "Vân Hồ và Yên Châu mỗi huyện tiêm được khoảng 1.500 liều": after a
            # distributive word the verb phrase does not matter.
            if not (DISTRIBUTIVE.match(gap) and len(words) <= 8
                    and not any(ch in gap for ch in ",;:()")):
                return []
        if not self._item_head(a, head.start):
            return []
        if head is not last:
            return [last]
        group = [last]
        for p in reversed(cands[:-1]):
            between = a.norm[p.end:group[0].start].strip()
            if between in (",", "và", ", và", "、", "-", "–", "&", "cùng"):
                group.insert(0, p)
            else:
                break
        return group

    def _item_head(self, a: Analysis, pos: int) -> bool:
        """A place that opens a list item: after a separator (a "|" or a bullet of a list
        written on one line: "TP Thanh Hóa: 642 | TX Nghi Sơn: 301"), "và", "tại"/"ở", or at
        the start of its sentence."""
        before = a.norm[max(0, pos - 12):pos].rstrip()
        s = a.sentence_of(pos)
        if pos - s.start <= 3 or not before:
            return True
        if before[-1] in ",;:(-–—|•·\n.":
            return True
        last = before.split()[-1] if before.split() else ""
        return last in ("và", "tại", "ở", "còn", "riêng", "trong", "khi", "đó")

    def _resolve(self, p: PlaceMention, context: str, gaz) -> tuple[str, str | None]:
        if p.province and not p.districts:
            return p.province, None
        cands = list(p.districts)
        in_ctx = [d for d in cands if d.province == context]
        if not in_ctx and p.prefix is None and context != NATIONAL:
            # "F0 mới theo phường: Tân Phong 31 ca, Tân Hưng 24" in a Quận 7 bulletin: a bare
            # name that is a district elsewhere but a ward here is the ward, in its district.
            home = gaz.ward_districts(p.text, context)
            if len(home) == 1:
                return context, home[0].name
        if not in_ctx and p.prefix is not None and not p.ward and context != NATIONAL:
            # "huyện Phong Điền" in a Thừa Thiên Huế report: its own district, a thị xã now,
            # over the huyện of that name in Cần Thơ the prefix chose.
            home = gaz.districts(p.districts[0].name, context)
            if len(home) == 1:
                return context, home[0].name
        if not in_ctx and p.ward and context != NATIONAL:
            # "TP. Cà Mau: ... P.Tân Thành: 01 ca": a ward the gazetteer knows only in other
            # provinces is one of this province it lacks, not a district far away.
            return context, None
        d = (in_ctx or cands)[0]
        return d.province, d.name
