"""Place mentions in running text: every province, district or ward a bulletin names,
with the prefix it was written with ("huyện Yên Thế", "Q.7", "TP. Vinh", "xã Sơn Lôi").

Every syllable of a name must be capitalised in the text (or be a digit, "Quận 7"), which
keeps common words ("ba", "năm") from matching; names are compared on folded text
(:mod:`vnepi.resolve.place_names`), so spellings without diacritics match too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .place_names import APOSTROPHES, exact_key, fold, name_key

if TYPE_CHECKING:  # the gazetteer builds its finder
    from .places import District, Gazetteer


@dataclass(frozen=True)
class PlaceMention:
    """A place named in text. ``province`` is set for a province-level mention;
    ``districts`` lists the candidate districts of a district-level one (several when
    the name is shared, such as "Châu Thành"); context picks among them."""

    start: int
    end: int
    text: str
    province: str | None
    districts: tuple[District, ...] = ()
    prefix: str | None = None
    ward: str | None = None  # the ward or commune named, when the mention is one

    @property
    def level(self) -> str:
        return "province" if self.province and not self.districts else "district"


# Prefixes a name may follow in running text (MentionFinder._prefix_at), folded.
_TWO_WORD_PREFIXES = ("thanh pho", "thi xa", "thi tran", "khu pho", "to dan pho", "chung cu",
                      "khu cong nghiep", "benh vien")
_ONE_WORD_PREFIXES = ("tinh", "tp", "huyen", "quan", "tx", "xa", "phuong", "thon", "ap", "kcn",
                      "duong", "pho", "cho", "tt", "kp")
_ABBREVIATED_PREFIXES = ("q", "h", "p")  # "Q.7", "H. Củ Chi", "Q7", "P. Tân Thành" (phường)
_DOTTED_PREFIXES = ("tp", "tx", "tt")  # "TP. Vinh", "TX.Phú Mỹ"
# How the prefixes with diacritics are spelled: a word that folds like one but is written
# with other diacritics is another word ("địa phương: Hà Nội" is no ward "phường Hà Nội").
_PREFIX_SPELLING = {"thanh pho": "thành phố", "thi xa": "thị xã", "thi tran": "thị trấn",
                    "khu pho": "khu phố", "to dan pho": "tổ dân phố", "chung cu": "chung cư",
                    "khu cong nghiep": "khu công nghiệp", "benh vien": "bệnh viện", "tinh": "tỉnh",
                    "huyen": "huyện", "quan": "quận", "xa": "xã", "phuong": "phường", "thon": "thôn",
                    "ap": "ấp", "duong": "đường", "pho": "phố", "cho": "chợ"}
# The syllables a prefix can begin with: any other lower-case word starts no name.
_PREFIX_FIRST = frozenset([p.split()[0] for p in _TWO_WORD_PREFIXES] + list(_ONE_WORD_PREFIXES)
                          + list(_ABBREVIATED_PREFIXES))


# Aliases written with only their first word capitalised ("Thủ đô ghi nhận 1.698 F0"),
# as folded keys; every other name has each word capitalised.
_SENTENCE_CASE_ALIASES = {"thu do"}
# Names that are a province when bare, a district only with a district prefix.
_DISTRICT_PREFIX_TYPES = {"thanh pho": "Thành phố", "tp": "Thành phố", "thi xa": "Thị xã",
                          "tx": "Thị xã", "quan": "Quận", "q": "Quận", "huyen": "Huyện",
                          "h": "Huyện"}
# Prefixes of names that are not districts or provinces themselves (streets, hamlets,
# hospitals, markets). An industrial park ("KCN Quế Võ") is not among them: it is named
# after, and lies in, its district.
_WARD_PREFIXES = {"xa", "phuong", "thi tran", "thon", "ap", "khu pho", "to dan pho", "duong",
                  "pho", "chung cu", "benh vien", "cho", "tt", "kp"}


# The heading of a list of wards, up to its colon: "Phường/xã nhiều ca:", "Số ca theo xã,
# thị trấn:" (spelled out: "địa phương:" is no ward's heading).
_WARD_LIST = re.compile(r"(?<![^\W_])(?<![Tt]hị )(?:[Pp]hường|[Xx]ã|[Tt]hị trấn)(?![^\W_])"
                        r"(?:[^:\n.;]{0,40}:|(?:\s*[,/]\s*(?:phường|xã|thị trấn))*\s*\()")
# ... unless districts are listed too ("quận, huyện, thị xã:").
_DISTRICT_WORDS = re.compile(r"(?i)quận|huyện|thị xã|thành phố|tỉnh|địa phương")
# A district's type in parentheses after its name, folded: "Tây Ninh (thành phố)".
_TYPE_AFTER = re.compile(r"[ \t]*\((thanh pho|tp|thi xa|tx|huyen|quan)\)")


class MentionFinder:
    """Finds the gazetteer's names in text (:meth:`Gazetteer.find` is the public entry)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gaz = gazetteer
        keys = list(gazetteer.province_keys) + list(gazetteer.district_keys)
        self._max_words = max(len(k.split()) for k in keys)
        # Every leading run of words of every name: matching stops as soon as the words
        # read so far begin no name, so most syllables cost one set lookup.
        self._key_prefixes: set[str] = set()
        for k in keys + list(gazetteer.ward_keys):
            words = k.split()
            for m in range(1, len(words) + 1):
                self._key_prefixes.add(" ".join(words[:m]))

    def find(self, text: str) -> list[PlaceMention]:
        """Every province or district named in ``text``, left to right, non-overlapping."""
        # One pass maps typographic apostrophes ("Ea H’leo") onto the names' own.
        folded = fold(text).translate(APOSTROPHES)
        sylls = [m.span() for m in _SYLL.finditer(text)]
        out: list[PlaceMention] = []
        ward_lists = [(m.end(), _line_end(text, m.end()) if m.group().endswith(":")
                       else _paren_end(text, m.end()))
                      for m in _WARD_LIST.finditer(text) if not _DISTRICT_WORDS.search(m.group())]
        i, n = 0, len(sylls)
        while i < n:
            s0 = sylls[i][0]
            if not (text[s0].isupper() or text[s0].isdigit()) and \
                    folded[s0:sylls[i][1]] not in _PREFIX_FIRST:
                i += 1  # a lower-case word that opens no prefix starts no name
                continue
            prefix, j = self._prefix_at(folded, sylls, i)
            if prefix in _PREFIX_SPELLING:
                written = " ".join(text[a:b] for a, b in sylls[i:j]).lower()
                if written != prefix and written != _PREFIX_SPELLING[prefix]:
                    prefix, j = None, i  # written without diacritics, or rightly, or not at all
                elif written == prefix and i > 0 and text[sylls[i - 1][1]:s0] == " " and \
                        folded[sylls[i - 1][0]:sylls[i - 1][1]] != text[sylls[i - 1][0]:sylls[i - 1][1]].lower():
                    # "LIÊN QUAN 02 CA": right after a word with its diacritics, a word
                    # without them is another word, not the prefix spelled plainly.
                    prefix, j = None, i
            if prefix == "p":
                prefix = "phuong"  # "P. Tân Thành", "P.5"
            if prefix is not None and i > 0 and text[sylls[i - 1][0]:sylls[i - 1][1]].lower() == "mỗi":
                i += 1  # "mỗi quận 2 ca", "mỗi phường 4 ca": a share per unit, not Quận 2
                continue
            hit = None
            if prefix in _WARD_PREFIXES and text[sylls[i][0]].isupper():
                # "Dương Kinh", "Chợ Gạo", "Phổ Yên": a name that folds like a street or
                # market prefix ("đường", "chợ", "phố") is the name.
                hit = self._match_at(text, folded, sylls, i, None)
                if hit is not None:
                    prefix, j = None, i
            in_list = prefix is None and any(lo <= s0 < hi for lo, hi in ward_lists)
            if hit is None:
                # (an item of a list of wards may be any ward: "phường (Hàng Bài 6, Hàng
                # Trống 3)", not only one named like a district)
                hit = self._match_at(text, folded, sylls, j, "phuong" if in_list else prefix)
            numbered = hit is None and prefix in ("phuong", "xa") and j < n and \
                folded[sylls[j][0]:sylls[j][1]].isdigit()
            if numbered:
                # "Phường 5: 118": a numbered ward is named only with its prefix.
                key = f"{prefix} {int(folded[sylls[j][0]:sylls[j][1]])}"
                hit = (j + 1, key) if key in self._gaz.ward_keys else None
            if hit is None and prefix is not None and text[s0].isupper():
                # "Quan Hóa", "Tịnh Biên": a name whose first word folds like a prefix.
                hit = self._match_at(text, folded, sylls, i, None)
                if hit is not None:
                    prefix, j = None, i
            if hit is None:
                i += 1
                continue
            k, key = hit
            if prefix is None and (_name_word(text, sylls, k, k - 1)
                                   or _name_word(text, sylls, i - 1, i) and i >= 2
                                   and text[sylls[i - 2][1]:sylls[i - 1][0]] == " "):
                # "Tân Phú Trung", "Phước Vĩnh An": a bare name inside a longer name (a
                # commune's) is not the district or province it folds like.
                i += 1
                continue
            if prefix is None and self._in_ward_name(text, folded, sylls, i, k):
                # "Linh Xuân (184), Hiệp Bình Chánh (167)": after a comma the word before is
                # no proof of a longer name, but the gazetteer's wards are.
                i += 1
                continue
            if in_list:
                # "Phường/xã nhiều ca: Đông Hương 21, Điện Biên 12": the items of a list of
                # wards are wards, not the district or province of the same name.
                if key in self._gaz.ward_keys:
                    out.append(self._ward(text, s0, sylls[k - 1][1], key, None, s0))
                i = k
                continue
            if prefix in _WARD_PREFIXES:
                if prefix in ("xa", "phuong", "thi tran") and key in self._gaz.ward_keys \
                        and not _name_word(text, sylls, k, k - 1):
                    # (not "Phường Hồ" of "Phường Hồ Nam", a ward the gazetteer lacks)
                    out.append(self._ward(text, sylls[i][0], sylls[k - 1][1], key, prefix,
                                          sylls[i if numbered else j][0]))
                i = k
                continue
            start, end = sylls[i][0] if prefix else sylls[j][0], sylls[k - 1][1]
            typed = _TYPE_AFTER.match(folded, end) if prefix is None else None
            if typed is not None:
                # "Tây Ninh (thành phố) 38", "Phú Thọ (TX)": the unit's type, written after it.
                prefix, end = typed.group(1), typed.end()
                while k < n and sylls[k][0] < end:
                    k += 1
            mention = self._mention(text, start, end, key, prefix)
            if mention is not None:
                out.append(mention)
            i = k
        return self._home_districts(self._home_wards(out))

    def _ward(self, text: str, start: int, end: int, key: str, prefix: str | None,
              name_start: int) -> PlaceMention:
        """The ward named by ``text[start:end]`` (its name from ``name_start``), in every
        district that has a ward of that key."""
        return PlaceMention(start, end, text[start:end], None, tuple(self._gaz.ward_keys[key]),
                            prefix, ward=text[name_start:end])

    def _home_wards(self, found: list[PlaceMention]) -> list[PlaceMention]:
        """``found`` with the bare names that are a ward of the text's own province read as
        that ward: "Các phường còn nhiều F0 gồm Linh Xuân (184), Tam Bình (139)" in a TP
        Thủ Đức bulletin names the ward, not huyện Tam Bình of Vĩnh Long. The text's own
        province is the one named outright most, at least twice as often as any other;
        a name whose own province the text names outright stays a district."""
        named: dict[str, int] = {}
        for p in found:
            provs = {p.province} if p.province and not p.districts else \
                {d.province for d in p.districts} if p.prefix is not None else set()
            if len(provs) == 1:
                prov = next(iter(provs))
                named[prov] = named.get(prov, 0) + 1
        if not named:
            return found
        ranked = sorted(named.values(), reverse=True)
        home = max(named, key=named.get)
        if len(ranked) > 1 and ranked[0] < 2 * ranked[1]:
            return found
        out = []
        for p in found:
            if p.prefix is None and p.province is None and p.districts and not p.ward \
                    and all(d.province != home and d.province not in named for d in p.districts):
                wards = tuple(self._gaz.ward_keys.get(name_key(p.text), ()))
                wards = tuple(d for d in wards if d.province == home)
                if wards:
                    p = PlaceMention(p.start, p.end, p.text, None, wards, None, ward=p.text)
            out.append(p)
        return out

    @staticmethod
    def _home_districts(found: list[PlaceMention]) -> list[PlaceMention]:
        """``found`` with each ward that several districts have narrowed to those of them
        the text names: "Phường 5" is a ward of nine districts of TP HCM, and of Quận 11 in
        a bulletin of Quận 11."""
        named = {(d.province, d.name) for p in found if p.ward is None and len(p.districts) == 1
                 for d in p.districts}
        out = []
        for p in found:
            if p.ward is not None and len(p.districts) > 1:
                keep = tuple(d for d in p.districts if (d.province, d.name) in named)
                if keep and len(keep) < len(p.districts):
                    p = replace(p, districts=keep)
            out.append(p)
        return out

    def _in_ward_name(self, text: str, folded: str, sylls: list[tuple[int, int]], i: int,
                      k: int) -> bool:
        """The name of syllables [i, k) ends a ward's or commune's name that starts one or
        two capitalised words before it ("Hiệp Bình Chánh", "Phường Tân Phú Trung")."""
        key = " ".join(folded[a:b] for a, b in sylls[i:k])
        for w in (i - 1, i - 2):
            if not _name_word(text, sylls, w, w + 1):
                return False
            key = folded[sylls[w][0]:sylls[w][1]] + " " + key
            if key in self._gaz.ward_keys:
                return True
        return False

    def _prefix_at(self, folded: str, sylls: list[tuple[int, int]], i: int) -> tuple[str | None, int]:
        """A prefix ("huyện", "TP", "Q.") starting at syllable i: (prefix, next index)."""
        n = len(sylls)
        if i + 1 < n and _gap_ok(folded, sylls[i], sylls[i + 1]):
            two = folded[sylls[i][0]:sylls[i][1]] + " " + folded[sylls[i + 1][0]:sylls[i + 1][1]]
            if two in _TWO_WORD_PREFIXES and _prefix_gap_ok(folded, sylls, i + 1, two):
                return two, i + 2
        one = folded[sylls[i][0]:sylls[i][1]]
        if one in _ONE_WORD_PREFIXES and _prefix_gap_ok(folded, sylls, i, one):
            return one, i + 1
        if one in _ABBREVIATED_PREFIXES and i + 1 < n and folded[sylls[i][1]:sylls[i][1] + 1] == ".":
            return one, i + 1
        if one == "q" and i + 1 < n and sylls[i + 1][0] == sylls[i][1]:  # "Q7"
            return one, i + 1
        return None, i

    def _match_at(self, text: str, folded: str, sylls: list[tuple[int, int]],
                  j: int, prefix: str | None) -> tuple[int, str] | None:
        """Longest name starting at syllable j: (end syllable index, key)."""
        n = len(sylls)
        if j < n and prefix in ("q", "quan") and folded[sylls[j][0]:sylls[j][1]].isdigit():
            word = text[sylls[j - 1][0]:sylls[j - 1][1]] if j > 0 else ""
            if word.lower() not in ("quận", "q") and not (word.lower() == "quan" and word[:1].isupper()):
                return None  # "liên quan 4 ca", "bình quân 7 ngày": no "quận" before the number
            key = "quan " + str(int(folded[sylls[j][0]:sylls[j][1]]))
            return (j + 1, key) if key in self._gaz.district_keys else None
        best = None
        parts: list[str] = []
        for k in range(j, min(n, j + self._max_words + 1)):
            s, e = sylls[k]
            if k > j and not _gap_ok(folded, sylls[k - 1], sylls[k]):
                break
            first = text[s]
            parts.append(folded[s:e])
            key = " ".join(parts)
            if not (first.isupper() or first.isdigit()) and key not in _SENTENCE_CASE_ALIASES:
                break
            if key not in self._key_prefixes:
                break
            if key in self._gaz.province_keys or key in self._gaz.district_keys or (
                    prefix in ("xa", "phuong", "thi tran") and key in self._gaz.ward_keys):
                best = (k + 1, key)
        return best

    def _mention(self, text: str, start: int, end: int, key: str,
                 prefix: str | None) -> PlaceMention | None:
        prov = self._gaz.province_keys.get(key)
        dists = tuple(self._gaz.district_keys.get(key, ()))
        surface = exact_key(text[start:end])
        accented = surface != fold(surface)  # written with diacritics, which then must fit
        if prefix is None and " " not in key and accented:
            # "Phó Chủ tịch" is no huyện Chũ: a bare one-word name written with diacritics
            # must be written with its own.
            dists = tuple(d for d in dists if exact_key(d.name) == surface)
        elif accented:
            # "DIỄN BIẾN" is no Điện Biên: "d" and "đ" are two letters, not a diacritic.
            dists = tuple(d for d in dists if _same_d(surface, exact_key(d.name)))
        if prov and accented and not self._gaz.spelled_as(prov, surface):
            # "Hải Phong 97" (a commune), "DIỄN BIẾN": a name written with diacritics is the
            # province only when written with the province's own.
            prov = None
        dtype = _DISTRICT_PREFIX_TYPES.get(prefix or "")
        if prov and dists and dtype:
            # "thị xã Phú Thọ", "TP Bắc Ninh": a district of the same name as its province,
            # unless the province itself is a city ("TP Cần Thơ").
            typed = tuple(d for d in dists if d.type == dtype or prefix in ("tp", "thanh pho"))
            if typed and not (self._gaz.by_name[prov].is_city and prefix in ("tp", "thanh pho")):
                dists, prov = typed, None
            else:
                dists = ()
        elif prov:
            exact = tuple(d for d in dists if d.province != prov
                          and surface.endswith(exact_key(d.name)))
            if exact and accented and not surface.endswith(
                    exact_key(self._gaz.by_name[prov].name)):
                # "Phù Yên 5 ca" is huyện Phù Yên of Sơn La, "Quang Bình" a huyện of Hà
                # Giang: a name written with a district's diacritics, not the province's.
                dists, prov = exact, None
            else:
                dists = ()
        if len(dists) > 1 and dtype:
            # "huyện Cao Lãnh" vs "TP Cao Lãnh": the prefix names the type.
            dists = tuple(d for d in dists if d.type == dtype) or dists
        if prov is None and not dists:
            return None
        if len(dists) > 1:
            # Folding merges names that differ only by diacritics ("Phù Ninh"/"Phú Ninh"):
            # an exact spelling wins.
            exact = tuple(d for d in dists if surface.endswith(exact_key(d.name)))
            dists = exact or dists
        return PlaceMention(start, end, text[start:end], prov, dists, prefix)


_SYLL = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*|\d+")  # "M'gar" is one syllable


def _same_d(surface: str, name: str) -> bool:
    """Each "đ" of ``name``'s end is an "đ" in ``surface``'s end, and each "d" a "d"."""
    tail = surface[len(surface) - len(name):] if len(surface) >= len(name) else surface
    return [c == "đ" for c in tail if c in "dđ"] == [c == "đ" for c in name if c in "dđ"]


def _paren_end(text: str, pos: int) -> int:
    end = text.find(")", pos)
    return _line_end(text, pos) if end < 0 else min(end, _line_end(text, pos))


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _name_word(text: str, sylls: list[tuple[int, int]], w: int, other: int) -> bool:
    """Syllable ``w`` is a capitalised word ("Trung", not "TP" or "UBND"; a lone capital
    letter after a name, "Vĩnh Lộc A") set off from syllable ``other`` by one space only:
    the two are words of one name."""
    if not 0 <= w < len(sylls) or not 0 <= other < len(sylls):
        return False
    a, b = sorted((w, other))
    word = text[sylls[w][0]:sylls[w][1]]
    letter = len(word) == 1 and word.isalpha() and w > other
    return text[sylls[a][1]:sylls[b][0]] == " " and word[0].isupper() \
        and (not word.isupper() or letter) and fold(word) not in _PREFIX_FIRST


def _prefix_gap_ok(folded: str, sylls: list[tuple[int, int]], i: int, prefix: str) -> bool:
    """A prefix ending at syllable ``i`` may name the word after it. "quận, huyện:\nNinh
    Kiều" and "13 tỉnh, thành phố.\n\nQuảng Ninh ...": a prefix ends at a line break, and a
    full word at a full stop ("TP. Hà Tĩnh" is an abbreviation); "theo phường: Hoàng Liệt
    11 ca" still names wards, but a ";" or "," ends the prefix's phrase ("Bệnh viện Đa khoa
    quận; 3 ca phải thở oxy")."""
    if i + 1 >= len(sylls):
        return False
    gap = folded[sylls[i][1]:sylls[i + 1][0]]
    return not any(ch in gap for ch in "\n;,") and ("." not in gap or prefix in _DOTTED_PREFIXES)


def _gap_ok(folded: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    gap = folded[a[1]:b[0]]
    return gap in (" ", "-", " - ", " – ", "–", ".", ". ", "") and len(gap) <= 3
