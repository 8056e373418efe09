"""Topic rules of the rule linker: what a story is about, for figures that name no place.

A district's bulletin or a story about one district ("Củ Chi thêm 50 ca", an outbreak in
one commune) puts its figures without a place in that district; an outbreak named after a
site ("ổ dịch chợ Phú Bài", "chùm ca bệnh tại phường Khương Đình", "ổ dịch này") stays in
the district the text placed it in when it first named the site. A figure the rules leave
at province level gets the district the text was last speaking of as a candidate
(:meth:`TopicRules.story_place`), or failing that the district the text named most, which
the trained linker's place head accepts or not.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from ..resolve.numbers import Quantity
from ..resolve.places import NATIONAL, PlaceMention, get_gazetteer
from .structure import Analysis, Sentence, paragraph_start

_STORY_MENTIONS = 2  # sentences naming the district: one in passing is no story's topic
_STORY_SENTENCES = 1  # how far back a story's district may be named (story_place)

# A site an outbreak is named after ("chợ Phú Bài", "Công ty Tân Phú", "phường Văn
# Chương"), and an outbreak: "ổ dịch chợ Phú Bài", "chùm ca bệnh tại phường Khương Đình",
# "chuỗi lây nhiễm liên quan Công ty Tân Phú", "ổ dịch này".
_SITE_NOUN = (r"(?:chợ|công ty|bệnh viện|xã|phường|thị trấn|thôn|ấp|bản|khu công nghiệp|kcn|khu|"
              r"trường|quán|cảng|nhà máy|tổ dân phố|làng|giáo xứ)")
_SITE = _SITE_NOUN + r"(?:[ \t]+[^\s,.;:()]+){1,5}"
_SITE_RE = re.compile(r"(?<![^\W_])" + _SITE, re.IGNORECASE)
_SITE_NOUN_RE = re.compile(_SITE_NOUN, re.IGNORECASE)
_CLUSTER = re.compile(
    r"(?<![^\W_])(?:ổ dịch|chùm ca bệnh|chùm ca|chùm lây nhiễm|chuỗi lây nhiễm|ổ lây nhiễm)\s+"
    r"(?:(?P<this>này|trên)(?![^\W_])|(?:liên quan\s+(?:đến\s+|tới\s+)?|tại\s+|ở\s+)?(?:một\s+)?"
    r"(?P<site>" + _SITE + "))", re.IGNORECASE)
_CLUSTER_REACH = 80


class StoryPlace(NamedTuple):
    """A district named before a figure that the rules leave at province level."""

    province: str
    district: str
    sentences_back: int  # 0: in the figure's own sentence
    distance: int  # characters from the place to the figure
    ward: bool  # named by a ward or commune of the district
    # "near": named within the reach of story_place; "doc": the district the text before
    # the figure names most, beyond that reach (story_place's fallback); "doc_after_province"
    # and "doc_after_other": that district, when a province or a place of another province
    # was named last within reach
    scope: str = "near"
    mentions: int = 1  # sentences naming the district before the figure
    rivals: int = 0  # other districts of the province named before the figure
    headline: bool = False  # the district is named in the text's first sentence
    provinces: int = 1  # provinces the text names: a roundup of several is no district's story


def drop_qualified_wards(named: list[PlaceMention]) -> list[PlaceMention]:
    """``named`` without the wards named with their district ("xã Nhân Nghĩa (huyện Lý
    Nhân)", "phường Kim Liên (quận Đống Đa)"): such a ward is that district, however many
    districts elsewhere have a ward of its name."""
    plain = {(d.province, d.name) for p in named if not p.ward for d in p.districts}
    return [p for p in named if not (p.ward and any((d.province, d.name) in plain
                                                    for d in p.districts))]


def _site_key(site: str) -> str | None:
    """A site's noun and the capitalised words of its name after it ("chợ phú bài" of
    "chợ Phú Bài đã"); None for a site with no name ("công ty may")."""
    noun = _SITE_NOUN_RE.match(site)
    words = site[noun.end():].split() if noun else []
    n = 0
    while n < len(words) and (words[n][0].isupper() or words[n][0].isdigit()):
        n += 1
    if noun is None or n == 0:
        return None
    return " ".join([noun.group(0)] + words[:n]).lower()


def _named_provinces(a: Analysis) -> set[str]:
    """The provinces a text names by themselves (not as a district's qualifier)."""
    return {p.province for p in a.places if p.province and not p.districts}


def _named_after(a: Analysis, name: str) -> set[tuple[str, str]]:
    """The districts of the provinces a text names that a market's name is the name of,
    or of one of their wards: a market is mostly named after its town ("chợ Vinh", "chợ
    Vĩnh Bảo", "chợ Phú Bài")."""
    gaz = get_gazetteer()
    return {(d.province, d.name) for province in _named_provinces(a)
            for d in gaz.districts(name, province) + gaz.ward_districts(name, province)}


class TopicRules:
    """Mixin of :class:`vnepi.pipeline.linker.RuleLinker` (which provides ``_district_of``
    and ``_province_of``)."""

    def _district_topic(self, a: Analysis) -> frozenset[tuple[str, str]]:
        """The district a bulletin is about: the only district its headline names (with,
        at most, that district's own province), else the one district its story names.
        A name several provinces have ("BCĐ huyện Châu Thành (Bến Tre)") keeps every
        candidate the headline's qualifier allows: the text's province chooses among them."""
        if not a.sentences:
            return frozenset()
        s0 = a.sentences[0]
        heads = a.places_in(s0.start, s0.end)
        named = drop_qualified_wards([p for p in heads if self._district_of(a, p) is p])
        qualifier = {id(self._district_of(a, p)): p.province for p in heads
                     if self._district_of(a, p) is not p}
        common: set[tuple[str, str]] | None = None
        for p in named:
            cands = {(d.province, d.name) for d in p.districts
                     if qualifier.get(id(p)) in (None, d.province)}
            common = cands if common is None else common & cands
        if not common:
            story = self._story_district(a)
            return frozenset() if story is None else frozenset((story,))
        return frozenset(common)

    def _story_district(self, a: Analysis) -> tuple[str, str] | None:
        """The one district a story names in more than one sentence, with its wards and at
        most its own province ("ổ dịch chợ Phú Đa (xã Phú Đa, huyện Phú Vang) ... Các ca
        mới ..."). A ward's name shared by districts elsewhere ("thị trấn Liên Nghĩa")
        counts when one of them is the district."""
        provinces: set[str] = set()
        named: list[tuple[set[tuple[str, str]], int]] = []  # candidate districts, sentence
        for p in a.places:
            if p.province and not p.districts:
                provinces.add(p.province)
            else:
                named.append(({(d.province, d.name) for d in p.districts},
                              a.sentence_of(p.start).index))
        unique = {k for keys, _ in named if len(keys) == 1 for k in keys}
        if len(unique) != 1 or any(not unique <= keys for keys, _ in named):
            return None
        (topic,) = unique
        if len({i for _, i in named}) < _STORY_MENTIONS or not provinces <= {topic[0]}:
            return None
        return topic

    def _sites(self, a: Analysis) -> dict[str, tuple[str, str] | None]:
        """The district of every site named in the text, read where it is first named:
        the places right after it ("chợ Phú Bài (phường Phú Bài ...)"), else those before
        it in its clause ("6 ca ở thị xã Hương Thủy, liên quan chợ Phú Bài")."""
        hit = a.cache.get("sites")
        if hit is not None:
            return hit
        where: dict[str, tuple[str, str] | None] = {}
        for m in _SITE_RE.finditer(a.text):
            key = _site_key(m.group(0))
            if key is None or key in where:
                continue
            near = [p for p in a.places_in(m.start(), m.end() + _CLUSTER_REACH)
                    if not any(ch in a.text[m.end():p.start] for ch in ";.\n")]
            if not near:
                c0, _ = a.clause_bounds(m.start())
                near = a.places_in(max(c0, m.start() - _CLUSTER_REACH), m.start())[-1:]
            keys = {(d.province, d.name) for p in drop_qualified_wards(near[:2]) for d in p.districts}
            if not near and key.startswith("chợ "):
                keys = _named_after(a, key[len("chợ "):])
            where[key] = next(iter(keys)) if len(keys) == 1 else None
        a.cache["sites"] = where
        return where

    def _clusters(self, a: Analysis) -> list[tuple[int, int, tuple[str, str] | None]]:
        """Every outbreak named in the text, (start, end, district of its site); "ổ dịch
        này" is the outbreak named last."""
        hit = a.cache.get("clusters")
        if hit is not None:
            return hit
        sites = self._sites(a)
        out: list[tuple[int, int, tuple[str, str] | None]] = []
        for m in _CLUSTER.finditer(a.text):
            if m.group("this"):
                if out:
                    out.append((m.start(), m.end(), out[-1][2]))
                continue
            key = _site_key(m.group("site"))
            out.append((m.start(), m.end(), sites.get(key) if key else None))
        a.cache["clusters"] = out
        return out

    def _cluster_district(self, a: Analysis, s: Sentence, q: Quantity) -> tuple[str, str] | None:
        """The district of the outbreak the number's clause speaks of, if it was placed."""
        c0, _ = a.clause_bounds(q.start)
        found = None
        for start, end, district in self._clusters(a):
            if start >= q.start:
                break
            if end > max(s.start, c0 - _CLUSTER_REACH) and start >= s.start:
                found = district
        return found

    def story_place(self, a: Analysis, s: Sentence, q: Quantity,
                    places: list[tuple[str, str | None]]) -> "StoryPlace | None":
        """The district the text was last speaking of, for a figure the rules leave at
        province level: the last place named before it in its sentence or the one before,
        when that is a district of the figure's province ("Tại TP Quy Nhơn, các ca mới ở
        phường Ghềnh Ráng (4 ca). Thành phố đã truy vết 967 F1"; "TP Nha Trang (Khánh
        Hòa) ghi nhận thêm 41 ca"), within its paragraph; with no place named there, the
        district the text named most before it (:meth:`_doc_story`). A candidate only: the
        trained linker learns when a story's district holds."""
        if len(places) != 1 or places[0][1] is not None or places[0][0] == NATIONAL:
            return None
        province = places[0][0]
        named = a.places_in(paragraph_start(a, s, _STORY_SENTENCES).start, q.start)
        if not named:
            return self._doc_story(a, s, q, province)
        p = self._district_of(a, named[-1])  # through a qualifier: "Nha Trang (Khánh Hòa)"
        if not p.districts:
            # a province itself was named last: the text's district is a weaker candidate
            st = self._doc_story(a, s, q, province)
            return None if st is None else st._replace(scope="doc_after_province")
        prov, district = self._resolve(p, province, get_gazetteer())
        if district is None or prov != province:
            # a place of another province was named last: the text's district, weaker still
            st = self._doc_story(a, s, q, province)
            return None if st is None else st._replace(scope="doc_after_other")
        back = s.index - a.sentence_of(p.start).index
        return StoryPlace(prov, district, back, q.start - p.end, p.ward is not None)

    def _doc_story(self, a: Analysis, s: Sentence, q: Quantity, province: str) -> "StoryPlace | None":
        """The district of ``province`` the text names in most sentences before the figure
        (the last of a tie), for a figure with no place in story_place's reach: a story about
        an outbreak in one district ("Ổ dịch Thanh Xuân Trung ... truy vết 1.420 F1") may name
        it only at its start. The place head weighs it by its mentions and rivals."""
        key = ("doc_districts", province)
        hit = a.cache.get(key)
        if hit is None:
            gaz = get_gazetteer()
            seen = []
            for p in a.places:
                d = self._district_of(a, p)
                if not d.districts:
                    continue
                prov, district = self._resolve(d, province, gaz)
                if district is not None and prov == province:
                    seen.append((p.start, p.end, a.sentence_of(p.start).index, district,
                                 p.ward is not None))
            hit = a.cache[key] = seen, len(_named_provinces(a) | {province})
        seen, provinces = hit
        before = [m for m in seen if m[1] <= q.start]
        if not before:
            return None
        sentences: dict[str, set[int]] = {}
        last: dict[str, int] = {}
        for n, (_, _, idx, district, _) in enumerate(before):
            sentences.setdefault(district, set()).add(idx)
            last[district] = n
        top = max(sentences, key=lambda k: (len(sentences[k]), last[k]))
        _, end, idx, _, ward = before[last[top]]
        return StoryPlace(province, top, s.index - idx, q.start - end, ward, "doc",
                          len(sentences[top]), len(sentences) - 1, 0 in sentences[top], provinces)
