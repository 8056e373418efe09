"""Place names as keys: folding (diacritics off, one character for one) and the key a
name is compared by, with its prefixes ("TP", "tỉnh", "Q.") dropped.

Folding an NFC string keeps its length, so a match in the folded text is a match at the
same offsets in the original; diacritic variants ("Đăk Lăk"/"Đắk Lắk", "Hoà"/"Hòa")
therefore match without a list of variants.
"""
from __future__ import annotations

import re
import unicodedata


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


# Typographic apostrophes ("Ea H’leo") mapped onto the names' own.
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_NAME_SEP = re.compile(r"[\s\-–—.]+")
_PREFIXES = (("thanh pho", "thành phố"), ("thi xa", "thị xã"), ("tinh", "tỉnh"), ("tp", "tp"),
             ("huyen", "huyện"), ("quan", "quận"), ("tx", "tx"), ("q", "q"), ("h", "h"))
def joined_letters(key: str) -> list[str]:
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
    k = fold(low).translate(APOSTROPHES)
    plain = k == low.translate(APOSTROPHES)
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


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def tone_key(s: str) -> str:
    """:func:`exact_key` with each syllable's tone moved after it: "Hoà" and "Hòa" (where
    the mark sits is a spelling habit) alike, "Phong" and "Phòng" apart."""
    out = []
    for syl in exact_key(s).split():
        d = unicodedata.normalize("NFD", syl)
        tone = "".join(c for c in d if c in _TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS)) + tone)
    return " ".join(out)


def exact_key(s: str) -> str:
    """A name's words, lower-cased with their diacritics kept: tells "Phù Ninh" from
    "Phú Ninh", which fold alike."""
    return " ".join(_NAME_SEP.split(unicodedata.normalize("NFC", s).lower())).strip()
