"""Spelled-out Vietnamese numerals: "một" = 1, "hai mươi mốt" = 21, "hai trăm linh năm" = 205.

Standard library only; words are lower-case NFC. In speech a lone last unit names the next
place down ("hai trăm năm" = 250, "ba nghìn hai" = 3200); "tư", "lăm", "nhăm" only follow
"mười"/"mươi" and "mốt" only "mươi"; scales stack ("nghìn tỷ" = 10**12) and "rưỡi" adds half.
:func:`vnepi.resolve.numbers.find_quantities` decides where a spelled number may stand.
"""
from __future__ import annotations

__all__ = ["MULTIPLIERS", "SPELLED_WORDS", "PAD", "spelled"]

MULTIPLIERS: dict[str, int] = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_UNITS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
          "tám": 8, "chín": 9}
_AFTER_MUOI = {**_UNITS, "tư": 4, "lăm": 5, "nhăm": 5}        # "mười một", never "mười mốt"
_AFTER_MUOI2 = {**_AFTER_MUOI, "mốt": 1}                        # "hai mươi mốt"
# Every word a spelled number is made of.
SPELLED_WORDS: tuple[str, ...] = (*_AFTER_MUOI2, "mười", "mươi", "linh", "lẻ", "không", "trăm",
                                  "chục", "rưỡi", *MULTIPLIERS)
# Appended to a word list so that look-ahead needs no bounds checks.
PAD = [""] * 4


def spelled(w: list[str], i: int, limit: int | None = None,
            after_scale: bool = False) -> tuple[int, int, int] | None:
    """(value, next index, largest scale) of the longest spelled number at ``w[i]``, or None;
    ``w`` is padded with :data:`PAD`. ``limit`` bounds the scale (the rest of "ba nghìn hai
    trăm" is below a thousand); ``after_scale`` admits "linh"/"không trăm" after a scale."""
    g = _below_1000(w, i, after_scale)
    if g is None:
        return None
    (v, j), s = g, 1
    while MULTIPLIERS.get(w[j], 0) > s and (limit is None or s * MULTIPLIERS[w[j]] < limit):
        s *= MULTIPLIERS[w[j]]          # stacked scales: "nghìn tỷ"
        j += 1
    if s == 1:
        return v, j, 1
    v *= s
    if w[j] == "rưỡi":
        return v + s // 2, j + 1, s
    rest = spelled(w, j, s, True)
    if rest is not None:
        # a lone unit names the next place down in speech: "ba nghìn hai" = 3200
        v += rest[0] * s // 10 if rest[1] == j + 1 and w[j] in _UNITS else rest[0]
        j = rest[1]
    return v, j, s


def _below_1000(w: list[str], i: int, after_scale: bool) -> tuple[int, int] | None:
    """(value, next index) below 1000 at w[i]."""
    if after_scale and w[i] in ("linh", "lẻ") and w[i + 1] in _UNITS:
        return _UNITS[w[i + 1]], i + 2
    if w[i + 1] == "trăm" and (w[i] in _UNITS or (after_scale and w[i] == "không")):
        v, j = 100 * _UNITS.get(w[i], 0), i + 2
        if w[j] in ("linh", "lẻ") and w[j + 1] in _UNITS:
            return v + _UNITS[w[j + 1]], j + 2
        if w[j] == "rưỡi":
            return v + 50, j + 1
        t = _tens(w, j)
        if t is None:
            return v, j
        # "hai trăm năm" is 250 in speech; "hai trăm linh năm" is 205
        return v + (t[0] * 10 if t[1] == j + 1 and w[j] in _UNITS else t[0]), t[1]
    return _tens(w, i)


def _tens(w: list[str], i: int) -> tuple[int, int] | None:
    if w[i] == "mười":
        return (10 + _AFTER_MUOI[w[i + 1]], i + 2) if w[i + 1] in _AFTER_MUOI else (10, i + 1)
    u = _UNITS.get(w[i])
    if u is None:
        return None
    if w[i + 1] == "mươi" and u > 1:
        return (u * 10 + _AFTER_MUOI2[w[i + 2]], i + 3) if w[i + 2] in _AFTER_MUOI2 else (u * 10, i + 2)
    return (u * 10, i + 2) if w[i + 1] == "chục" else (u, i + 1)
