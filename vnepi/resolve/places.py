"""Places: the 63 pre-2025 provinces, their districts, aliases, and mentions in running text.

Names and codes come from ``vietnamadminunits`` (built into ``vnepi/data/admin_units.json``
by ``tools/build_admin_units.py``); the spellings bulletins use are added here.

Matching works on *folded* text: diacritics removed, "đ" → "d", lower case. Folding an NFC
string keeps its length, so a match in the folded text is a match at the same offsets in
the original. Diacritic variants ("Đăk Lăk"/"Đắk Lắk", "Hoà"/"Hòa") therefore match without
a list of variants. Every syllable of a name must be capitalised in the text (or be a
digit, "Quận 7"), which keeps common words ("ba", "năm") from matching.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

NATIONAL = "Việt Nam"
_CITIES_BEFORE_2025 = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"})
NATIONAL_CODE = "VN"


class _FoldTable(dict):
    """``str.translate`` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            out = "d"
        else:
            base = unicodedata.normalize("NFD", ch)[0] if code > 127 else ch
            out = base.lower() if len(base.lower()) == 1 else ch
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(s: str) -> str:
    """Lower-case ``s`` and strip its diacritics, one character for one (on NFC text)."""
    return s.translate(_FOLD)


_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_NAME_SEP = re.compile(r"[\s\-–—.]+")
_PREFIXES = (("thanh pho", "thành phố"), ("thi xa", "thị xã"), ("tinh", "tỉnh"), ("tp", "tp"),
             ("huyen", "huyện"), ("quan", "quận"), ("tx", "tx"), ("q", "q"), ("h", "h"))
# Prefixes a name may follow in running text (Gazetteer._prefix_at), folded.
_TWO_WORD_PREFIXES = ("thanh pho", "thi xa", "thi tran", "khu pho", "to dan pho", "chung cu",
                      "khu cong nghiep", "benh vien")
_ONE_WORD_PREFIXES = ("tinh", "tp", "huyen", "quan", "tx", "xa", "phuong", "thon", "ap", "kcn",
                      "duong", "pho", "cho", "tt")
_ABBREVIATED_PREFIXES = ("q", "h")  # "Q.7", "H. Củ Chi", "Q7"
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


def _joined_letters(key: str) -> list[str]:
    """The key with a one-letter syllable written together with the next one, as the press
    often spells the Central Highlands' names ("krong a na" → "krong ana")."""
    words = key.split()
    return [" ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2:])
            for i in range(len(words) - 1) if len(words[i]) == 1 and words[i].isalpha()]


def name_key(s: str) -> str:
    """Comparison key of a place name: folded, prefixes ("TP", "tỉnh", "Q.") dropped.

    A prefix is dropped only as it is spelled ("quận", "tỉnh"), or unaccented in an
    unaccented name: "Quan Hóa", "Tịnh Biên" and "Quản Bạ" are names, not prefixed ones."""
    low = " ".join(p for p in _NAME_SEP.split(unicodedata.normalize("NFC", s).lower()) if p)
    k = fold(low).translate(_APOSTROPHES)
    plain = k == low.translate(_APOSTROPHES)
    changed = True
    while changed:
        changed = False
        for p, spelled in _PREFIXES:
            if k.startswith(p + " ") and len(k) > len(p) + 1 and (plain or low.startswith(spelled + " ")):
                rest = k[len(p) + 1:]
                if p in ("q", "quan") and rest.isdigit():
                    return "quan " + str(int(rest))
                k, low, changed = rest, low[len(spelled) + 1:], True
    return k


@dataclass(frozen=True)
class District:
    name: str
    type: str
    code: str | None
    province: str
    merged_into: str | None = None
    wards: tuple[str, ...] = field(repr=False, default=())


@dataclass(frozen=True)
class Province:
    name: str
    code: str
    full_name: str
    province_2025: str
    code_2025: str
    districts: tuple[District, ...] = field(repr=False, default=())

    @property
    def is_city(self) -> bool:
        """Centrally-run city ("thành phố trực thuộc trung ương") in the bulletins' era:
        Huế became one only in 2025, so "TP Huế" in a 2021 bulletin is the district."""
        return self.name in _CITIES_BEFORE_2025


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


# Spellings used by bulletins on top of the official names (keys are folded by name_key).
PROVINCE_ALIASES = {
    "Hồ Chí Minh": ["TP HCM", "TPHCM", "HCM", "TP.HCM", "Sài Gòn", "TP Hồ Chí Minh", "HCMC"],
    "Hà Nội": ["Thủ đô", "Thủ đô Hà Nội"],
    "Bà Rịa - Vũng Tàu": ["BR-VT", "BRVT", "Bà Rịa Vũng Tàu", "Vũng Tàu"],
    "Thừa Thiên Huế": ["Thừa Thiên-Huế", "TT-Huế", "TT Huế", "TTH", "Huế"],
    "Đắk Lắk": ["Daklak", "Đắc Lắc", "Dak Lak", "ĐắkLắk"],
    "Đắk Nông": ["Daknong", "Đắc Nông"],
    "Bắc Kạn": ["Bắc Cạn"],
    "Kon Tum": ["Kontum"],
    "Hải Phòng": ["TP Hải Phòng"],
}
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
                  "pho", "chung cu", "benh vien", "cho", "tt"}


class Gazetteer:
    """Provinces, districts and their aliases, with lookup and mention finding."""

    def __init__(self, data: dict) -> None:
        provs = []
        for p in data["provinces"]:
            ds = tuple(District(d["name"], d["type"], d.get("code"), p["name"],
                                d.get("merged_into"), tuple(d.get("wards", ())))
                       for d in p["districts"])
            provs.append(Province(p["name"], p["code"], p["full_name"], p["province_2025"],
                                  p["code_2025"], ds))
        self.provinces: tuple[Province, ...] = tuple(provs)
        self.by_name = {p.name: p for p in provs}
        self.by_code = {p.code: p for p in provs}
        self._province_keys: dict[str, str] = {}
        for p in provs:
            self._province_keys[name_key(p.name)] = p.name
            self._province_keys[name_key(p.full_name)] = p.name
            for a in PROVINCE_ALIASES.get(p.name, ()):
                self._province_keys[name_key(a)] = p.name
        self._district_keys: dict[str, list[District]] = {}
        for p in provs:
            for d in p.districts:
                keys = {name_key(d.name), name_key(_PAREN.sub("", d.name))}
                # "Cư M'gar" is also written "Cư Mgar", "Krông A Na" "Krông Ana".
                keys |= {k.replace("'", "") for k in keys}
                keys |= {j for k in keys for j in _joined_letters(k)}
                for k in keys:
                    self._district_keys.setdefault(k, []).append(d)
        # Ward and commune names, to place "xã Sơn Lôi" in its district.
        self._ward_keys: dict[str, list[District]] = {}
        for p in provs:
            for d in p.districts:
                for w in d.wards:
                    for k in {name_key(w), name_key(w).replace("'", "")}:
                        self._ward_keys.setdefault(k, []).append(d)
        self._max_words = max(len(k.split()) for k in
                              list(self._province_keys) + list(self._district_keys))
        # Every leading run of words of every name: matching stops as soon as the words
        # read so far begin no name, so most syllables cost one set lookup.
        self._key_prefixes: set[str] = set()
        for k in list(self._province_keys) + list(self._district_keys) + list(self._ward_keys):
            words = k.split()
            for m in range(1, len(words) + 1):
                self._key_prefixes.add(" ".join(words[:m]))

    # -- lookup ---------------------------------------------------------------------
    def province(self, name: str | None) -> Province | None:
        """The province a name, alias or code refers to, or None."""
        if not name:
            return None
        if name in self.by_name:
            return self.by_name[name]
        if name in self.by_code:
            return self.by_code[name]
        canon = self._province_keys.get(name_key(name))
        return self.by_name.get(canon) if canon else None

    def districts(self, name: str, province: str | None = None) -> list[District]:
        """Districts called ``name`` (any prefix or spelling), within ``province`` if given."""
        ds = self._district_keys.get(name_key(name), [])
        if province is not None:
            ds = [d for d in ds if d.province == province]
        return list(ds)

    def ward_districts(self, name: str, province: str | None = None) -> list[District]:
        """Districts that have a ward or commune called ``name``, within ``province`` if
        given."""
        ds = self._ward_keys.get(name_key(name), [])
        if province is not None:
            ds = [d for d in ds if d.province == province]
        return list(ds)

    def canonical(self, province: str | None) -> tuple[str, str]:
        """(canonical name, code) of a province, ("Việt Nam", "VN") for national/unknown."""
        p = self.province(province) if province and name_key(province) not in (
            "viet nam", "ca nuoc", "toan quoc") else None
        return (p.name, p.code) if p else (NATIONAL, NATIONAL_CODE)

    def to_2025(self, province: str) -> tuple[str, str] | None:
        """The post-2025 province (name, code) an old province became part of."""
        p = self.province(province)
        return (p.province_2025, p.code_2025) if p else None

    # -- mentions in text -----------------------------------------------------------
    def find(self, text: str) -> list[PlaceMention]:
        """Every province or district named in ``text``, left to right, non-overlapping."""
        # One pass maps typographic apostrophes ("Ea H’leo") onto the names' own.
        folded = fold(text).translate(_APOSTROPHES)
        sylls = [m.span() for m in _SYLL.finditer(text)]
        out: list[PlaceMention] = []
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
            if hit is None:
                hit = self._match_at(text, folded, sylls, j, prefix)
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
            if prefix in _WARD_PREFIXES:
                if prefix in ("xa", "phuong", "thi tran") and key in self._ward_keys:
                    s0, e0 = sylls[i][0], sylls[k - 1][1]
                    out.append(PlaceMention(s0, e0, text[s0:e0], None,
                                            tuple(self._ward_keys[key]), prefix,
                                            ward=text[sylls[j][0]:e0]))
                i = k
                continue
            mention = self._mention(text, sylls[i][0] if prefix else sylls[j][0],
                                    sylls[k - 1][1], key, prefix)
            if mention is not None:
                out.append(mention)
            i = k
        return self._home_wards(out)

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
                wards = tuple(self._ward_keys.get(name_key(p.text), ()))
                wards = tuple(d for d in wards if d.province == home)
                if wards:
                    p = PlaceMention(p.start, p.end, p.text, None, wards, None, ward=p.text)
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
            if key in self._ward_keys:
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
            return (j + 1, key) if key in self._district_keys else None
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
            if key in self._province_keys or key in self._district_keys or (
                    prefix in ("xa", "phuong", "thi tran") and key in self._ward_keys):
                best = (k + 1, key)
        return best

    def _mention(self, text: str, start: int, end: int, key: str,
                 prefix: str | None) -> PlaceMention | None:
        prov = self._province_keys.get(key)
        dists = tuple(self._district_keys.get(key, ()))
        dtype = _DISTRICT_PREFIX_TYPES.get(prefix or "")
        if prov and dists and dtype:
            # "thị xã Phú Thọ", "TP Bắc Ninh": a district of the same name as its province,
            # unless the province itself is a city ("TP Cần Thơ").
            typed = tuple(d for d in dists if d.type == dtype or prefix in ("tp", "thanh pho"))
            if typed and not (self.by_name[prov].is_city and prefix in ("tp", "thanh pho")):
                dists, prov = typed, None
            else:
                dists = ()
        elif prov:
            dists = ()
        if len(dists) > 1 and dtype:
            # "huyện Cao Lãnh" vs "TP Cao Lãnh": the prefix names the type.
            dists = tuple(d for d in dists if d.type == dtype) or dists
        if prov is None and not dists:
            return None
        if len(dists) > 1:
            # Folding merges names that differ only by diacritics ("Phù Ninh"/"Phú Ninh"):
            # an exact spelling wins.
            surface = _exact_key(text[start:end])
            exact = tuple(d for d in dists if surface.endswith(_exact_key(d.name)))
            dists = exact or dists
        return PlaceMention(start, end, text[start:end], prov, dists, prefix)


_SYLL = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*|\d+")  # "M'gar" is one syllable
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")


def _name_word(text: str, sylls: list[tuple[int, int]], w: int, other: int) -> bool:
    """Syllable ``w`` is a capitalised word ("Trung", not "TP" or "UBND") set off from
    syllable ``other`` by one space only: the two are words of one name."""
    if not 0 <= w < len(sylls) or not 0 <= other < len(sylls):
        return False
    a, b = sorted((w, other))
    word = text[sylls[w][0]:sylls[w][1]]
    return text[sylls[a][1]:sylls[b][0]] == " " and word[0].isupper() and not word.isupper() \
        and fold(word) not in _PREFIX_FIRST


def _prefix_gap_ok(folded: str, sylls: list[tuple[int, int]], i: int, prefix: str) -> bool:
    """A prefix ending at syllable ``i`` may name the word after it. "quận, huyện:\nNinh
    Kiều" and "13 tỉnh, thành phố.\n\nQuảng Ninh ...": a prefix ends at a line break, and a
    full word at a full stop ("TP. Hà Tĩnh" is an abbreviation); "theo phường: Hoàng Liệt
    11 ca" still names wards."""
    if i + 1 >= len(sylls):
        return False
    gap = folded[sylls[i][1]:sylls[i + 1][0]]
    return "\n" not in gap and ("." not in gap or prefix in _DOTTED_PREFIXES)


def _exact_key(s: str) -> str:
    return " ".join(_NAME_SEP.split(unicodedata.normalize("NFC", s).lower())).strip()


def _gap_ok(folded: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    gap = folded[a[1]:b[0]]
    return gap in (" ", "-", " - ", " – ", "–", ".", ". ", "") and len(gap) <= 3


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The shared gazetteer, built once from the packaged admin-unit data."""
    raw = resources.files("vnepi").joinpath("data/admin_units.json").read_text(encoding="utf-8")
    return Gazetteer(json.loads(raw))
