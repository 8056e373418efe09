"""underthesea's word-segmentation CRF, scored without building its feature strings.

``underthesea.word_tokenize`` turns every syllable into 43 feature strings ("T[-1,0]=Hà
Nội", "T[0].istitle=True", ...) and hands them to a CRFsuite tagger, which looks each one
up again. Most of the tokenizer's time went there. A feature's weight depends only on the
syllable (or the two or three syllables) it names, or on a true/false property, and on its
offset; so :class:`CrfSegmenter` reads the CRFsuite model's weights itself, arranges them
as rows (one per syllable, pair and triple of syllables the model knows, one per value of
each property), and scores a sequence by looking rows up and adding them. The tags are the
model's Viterbi path, the same as underthesea's (checked on a probe text when the
tokenizer builds the segmenter, and on every corpus text in the tests).
"""
from __future__ import annotations

import struct
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

# The 43 feature templates of underthesea's word-segmentation model
# (ws_crf_vlsp2013_20230727/features.bin), in its order.
TEMPLATES = (
    ["T[-2]", "T[-1]", "T[0]", "T[1]", "T[2]",
     "T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]", "T[-2,0]", "T[-1,1]", "T[0,2]"]
    + ["T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
       "T[-2,-1].lower", "T[-1,0].lower", "T[0,1].lower", "T[1,2].lower"]
    + ["T[-1].isdigit", "T[0].isdigit", "T[1].isdigit"]
    + ["T[-2].istitle", "T[-1].istitle", "T[0].istitle", "T[1].istitle", "T[2].istitle",
       "T[0,1].istitle", "T[0,2].istitle"]
    + ["T[-2].is_in_dict", "T[-1].is_in_dict", "T[0].is_in_dict", "T[1].is_in_dict",
       "T[2].is_in_dict", "T[-2,-1].is_in_dict", "T[-1,0].is_in_dict", "T[0,1].is_in_dict",
       "T[1,2].is_in_dict", "T[-2,0].is_in_dict", "T[-1,1].is_in_dict", "T[0,2].is_in_dict"]
)
_UNI = (-2, -1, 0, 1, 2)
_BI = (-2, -1, 0, 1)  # T[a,a+1]
_TRI = (-2, -1, 0)  # T[a,a+2]
_DIGIT_OFFSETS = {-1, 0, 1}
_LOWER_SPANS = {1}  # n-grams of this width (b - a) have a .lower feature
_TITLE_SPANS = {(0, 1), (0, 2)}
PROBE = ("Sáng nay, Bộ Y tế công bố 6.576 ca mắc COVID-19 tại TP.HCM, Hà Nội và 45 tỉnh "
          "thành khác; số F0 đang điều trị là 12.345 (tăng 3%). UBND huyện Krông Ana "
          "ghi nhận thêm một ca tử vong lúc 17h30 ngày 4/11/2021.")


class CrfError(ValueError):
    """The file is not a CRFsuite model this reader understands."""


def read_crfsuite(path: str | Path) -> tuple[list[str], dict[str, tuple], np.ndarray]:
    """Labels, state weights (attribute → weight per label) and the label-transition
    matrix of a CRFsuite model file ("lCRF" / "FOMC", first-order)."""
    data = Path(path).read_bytes()
    if len(data) < 48 or data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        raise CrfError(f"{path} is not a CRFsuite model")
    (_, _, _, _, _, n_labels, n_attrs, off_feats, off_labels, off_attrs, _, _) = \
        struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
    labels = _quarks(data, off_labels, n_labels)
    attrs = _quarks(data, off_attrs, n_attrs)
    chunk, _, n_feats = struct.unpack_from("<4sII", data, off_feats)
    if chunk != b"FEAT":
        raise CrfError(f"{path}: no feature table")
    dtype = np.dtype([("type", "<i4"), ("src", "<i4"), ("dst", "<i4"), ("w", "<f8")])
    feats = np.frombuffer(data, dtype=dtype, count=n_feats, offset=off_feats + 12)
    state = np.zeros((n_attrs, n_labels))
    trans = np.zeros((n_labels, n_labels))
    s = feats[feats["type"] == 0]
    t = feats[feats["type"] == 1]
    np.add.at(state, (s["src"], s["dst"]), s["w"])
    np.add.at(trans, (t["src"], t["dst"]), t["w"])
    weights = {a: tuple(row) for a, row in zip(attrs, state.tolist()) if any(row)}
    return labels, weights, trans


def _quarks(data: bytes, off: int, n: int) -> list[str]:
    """The strings of a CRFsuite CQDB chunk, by id (its backward array)."""
    if data[off:off + 4] != b"CQDB":
        raise CrfError("no string table where the header points")
    _, _, _, size, bwd = struct.unpack_from("<IIIII", data, off + 4)
    if size != n:
        raise CrfError("string table size differs from the header")
    out = [""] * n
    for o in np.frombuffer(data, dtype="<u4", count=n, offset=off + bwd).tolist():
        idx, ksize = struct.unpack_from("<iI", data, off + o)
        out[idx] = data[off + o + 8:off + o + 7 + ksize].decode("utf-8")
    return out


_STRING_OPS = {"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE"}
_SHAPE_OPS = {"PROTO", "FRAME", "EMPTY_LIST", "EMPTY_SET", "MARK", "APPEND", "APPENDS",
              "ADDITEMS", "STOP"}
_MEMO_PUT = {"MEMOIZE", "PUT", "BINPUT", "LONG_BINPUT"}
_MEMO_GET = {"GET", "BINGET", "LONG_BINGET"}


def read_strings(path: str | Path) -> list[str]:
    """The strings of a list or set of strings that underthesea saved with joblib (its
    dictionary and feature templates), read by walking the file's opcodes with
    ``pickletools.genops``: nothing is executed, and an opcode that could build any other
    object (a global, a call) raises :class:`CrfError`."""
    import pickletools

    out: list[str] = []
    memo: dict = {}
    top: object = None  # the object a MEMOIZE would store
    try:
        for op, arg, _ in pickletools.genops(Path(path).read_bytes()):
            if op.name in _STRING_OPS:
                out.append(arg)
                top = arg
            elif op.name in _MEMO_PUT:
                memo[len(memo) if op.name == "MEMOIZE" else arg] = top
            elif op.name in _MEMO_GET and isinstance(memo.get(arg), str):
                out.append(memo[arg])
                top = memo[arg]
            elif op.name in _SHAPE_OPS:
                top = None
            else:
                raise CrfError(f"{path}: {op.name} in what should be a list of strings")
    except ValueError as e:  # a truncated or corrupt stream
        raise CrfError(f"{path}: {e}") from e
    return out


def _title(s: str) -> bool:
    # underthesea_core's istitle: every space-separated piece starts with a character that
    # upper-casing leaves alone ("6.576", "(Hà" and "BN101" are titles, "iPhone" is not).
    return all(w[:1].upper() == w[:1] for w in s.split(" "))


def _digit(s: str) -> bool:
    return s.isascii() and s.isdigit()


def _ix(flags: list[bool]) -> np.ndarray:
    """Booleans as row numbers 0/1 (a list of bools would index as a mask)."""
    return np.asarray(flags, dtype=np.intp)


class _Family:
    """The weights of one string-valued template family ("T[a]=X" at every offset a, or
    "T[a,b].lower=X", ...), as rows: row 0 is all zeros (a value the model never saw),
    row r holds one value's weight at each offset, offset-major then label."""

    def __init__(self, width: int) -> None:
        self.index: dict[str, int] = {}
        self._rows: list[list[float]] = [[0.0] * width]
        self.rows = np.zeros((1, width))

    def add(self, value: str, start: int, weight: tuple) -> None:
        r = self.index.get(value)
        if r is None:
            r = self.index[value] = len(self._rows)
            self._rows.append([0.0] * len(self._rows[0]))
        self._rows[r][start:start + len(weight)] = weight

    def freeze(self) -> None:
        self.rows = np.asarray(self._rows)
        del self._rows

    def gather(self, values: Sequence[str]) -> np.ndarray:
        get = self.index.get
        return self.rows[[get(v, 0) for v in values]]


class CrfSegmenter:
    """Viterbi tags ("B-W"/"I-W") of underthesea's word-segmentation CRF for a list of
    regex tokens, equal to ``CRFTagger.tag(CRFFeaturizer.process(...))``."""

    def __init__(self, labels: list[str], weights: dict[str, tuple],
                 trans: np.ndarray, dictionary: set[str]) -> None:
        self.labels = list(labels)
        self._trans = np.asarray(trans, dtype=float)
        self._dict = dictionary
        k = len(self.labels)
        uni = lambda a: f"T[{a}]"  # noqa: E731
        bi = lambda a: f"T[{a},{a + 1}]"  # noqa: E731
        tri = lambda a: f"T[{a},{a + 2}]"  # noqa: E731
        self._uni_text = _Family(len(_UNI) * k)
        self._uni_lower = _Family(len(_UNI) * k)
        self._bi_text = _Family(len(_BI) * k)
        self._bi_lower = _Family(len(_BI) * k)
        self._tri_text = _Family(len(_TRI) * k)
        # One pass over the model's attributes: "T[-1,0].lower=hà nội" goes to the row of
        # "hà nội" in the bigram lower-case family, at offset slot 1.
        families: dict[str, tuple[_Family, int]] = {}
        for family, offsets, name, suffix in (
                (self._uni_text, _UNI, uni, ""), (self._uni_lower, _UNI, uni, ".lower"),
                (self._bi_text, _BI, bi, ""), (self._bi_lower, _BI, bi, ".lower"),
                (self._tri_text, _TRI, tri, "")):
            for slot, a in enumerate(offsets):
                families[name(a) + suffix] = (family, slot * k)
        for attr, w in weights.items():
            head, _, value = attr.partition("=")
            hit = families.get(head)
            if hit is not None:
                hit[0].add(value, hit[1], w)
        for family in (self._uni_text, self._uni_lower, self._bi_text, self._bi_lower,
                       self._tri_text):
            family.freeze()
        # Boolean features: a row for False and one for True, per family.
        self._uni_flags = [self._flag_rows(weights, _UNI, uni, ".isdigit", _DIGIT_OFFSETS),
                           self._flag_rows(weights, _UNI, uni, ".istitle", set(_UNI)),
                           self._flag_rows(weights, _UNI, uni, ".is_in_dict", set(_UNI))]
        self._bi_dict = self._flag_rows(weights, _BI, bi, ".is_in_dict", set(_BI))
        self._bi_title = self._flag_rows(weights, _BI, bi, ".istitle", {0})
        self._tri_dict = self._flag_rows(weights, _TRI, tri, ".is_in_dict", set(_TRI))
        self._tri_title = self._flag_rows(weights, _TRI, tri, ".istitle", {0})
        # Rows for the positions before and after the sequence, where every feature of
        # that position reads "BOS" or "EOS".
        self._uni_bos = self._edge_row(weights, _UNI, "BOS", ngram=0)
        self._uni_eos = self._edge_row(weights, _UNI, "EOS", ngram=0)
        self._bi_bos = self._edge_row(weights, _BI, "BOS", ngram=1)
        self._bi_eos = self._edge_row(weights, _BI, "EOS", ngram=1)
        self._tri_bos = self._edge_row(weights, _TRI, "BOS", ngram=2)
        self._tri_eos = self._edge_row(weights, _TRI, "EOS", ngram=2)

    @classmethod
    def from_model_dir(cls, path: str | Path) -> "CrfSegmenter":
        """Read an underthesea word-segmentation model folder (models.bin, dictionary.bin,
        features.bin). Raises :class:`CrfError` if its features are not the 43 templates
        this scorer implements."""
        path = Path(path)
        if read_strings(path / "features.bin") != TEMPLATES:
            raise CrfError(f"{path}: feature templates differ from the ones implemented")
        labels, weights, trans = read_crfsuite(path / "models.bin")
        return cls(labels, weights, trans, set(read_strings(path / "dictionary.bin")))

    def _flag_rows(self, weights: dict[str, tuple], offsets: tuple[int, ...],
                   name: Callable[[int], str], feature: str, present: set[int]) -> np.ndarray:
        rows = []
        for value in ("False", "True"):
            row: list[float] = []
            for a in offsets:
                row += (_sum(weights, [f"{name(a)}{feature}={value}"], len(self.labels))
                        if a in present else [0.0] * len(self.labels))
            rows.append(row)
        return np.asarray(rows)

    def _edge_row(self, weights: dict[str, tuple], offsets: tuple[int, ...], mark: str,
                  ngram: int) -> np.ndarray:
        row: list[float] = []
        for a in offsets:
            name = f"T[{a}]" if ngram == 0 else f"T[{a},{a + ngram}]"
            attrs = [f"{name}={mark}", f"{name}.is_in_dict={mark}"]
            if ngram == 0 or ngram in _LOWER_SPANS:
                attrs.append(f"{name}.lower={mark}")
            if ngram == 0 or (a, a + ngram) in _TITLE_SPANS:
                attrs.append(f"{name}.istitle={mark}")
            if ngram == 0 and a in _DIGIT_OFFSETS:
                attrs.append(f"{name}.isdigit={mark}")
            row += _sum(weights, attrs, len(self.labels))
        return np.asarray([row, row])

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """State scores, shape (len(tokens), labels)."""
        n = len(tokens)
        k = len(self.labels)
        d = self._dict
        low = [t.lower() for t in tokens]
        title = [_title(t) for t in tokens]
        digit, tflag, dflag = self._uni_flags
        U = (self._uni_text.gather(tokens) + self._uni_lower.gather(low)
             + digit[_ix([_digit(t) for t in tokens])] + tflag[_ix(title)]
             + dflag[_ix([w in d for w in low])])
        pairs = [a + " " + b for a, b in zip(tokens, tokens[1:])]
        low2 = [a + " " + b for a, b in zip(low, low[1:])]
        B = (self._bi_text.gather(pairs) + self._bi_lower.gather(low2)
             + self._bi_dict[_ix([w in d for w in low2])]
             + self._bi_title[_ix([a and b for a, b in zip(title, title[1:])])])
        triples = [a + " " + b for a, b in zip(pairs, tokens[2:])]
        low3 = [a + " " + b for a, b in zip(low2, low[2:])]
        T = (self._tri_text.gather(triples) + self._tri_dict[_ix([w in d for w in low3])]
             + self._tri_title[_ix([a and b and c
                                    for a, b, c in zip(title, title[1:], title[2:])])])
        # Padded: row r of U is position r - 2, of B the pair starting at r - 2, of T the
        # triple starting at r - 2. A feature of token i at offset a reads position i + a;
        # where that (or the n-gram's last position) falls outside the sequence, the value
        # is BOS (checked first) or EOS.
        U = np.concatenate([self._uni_bos, U, self._uni_eos])
        B = np.concatenate([self._bi_bos, B[:max(n - 1, 0)], self._bi_eos])
        T = np.concatenate([self._tri_bos, T[:max(n - 2, 0)], self._tri_eos[:min(2, n)]])
        out = np.zeros((n, k))
        for slot, a in enumerate(_UNI):
            out += U[a + 2:a + 2 + n, slot * k:(slot + 1) * k]
        for slot, a in enumerate(_BI):
            out += B[a + 2:a + 2 + n, slot * k:(slot + 1) * k]
        for slot, a in enumerate(_TRI):
            out += T[a + 2:a + 2 + n, slot * k:(slot + 1) * k]
        return out

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """The Viterbi label sequence for ``tokens``."""
        if not tokens:
            return []
        return [self.labels[i] for i in _viterbi(self.scores(tokens), self._trans)]


def _sum(weights: dict[str, tuple], attrs: list[str], k: int) -> list[float]:
    total = [0.0] * k
    for a in attrs:
        v = weights.get(a)
        if v is not None:
            total = [x + y for x, y in zip(total, v)]
    return total


def _viterbi(scores: np.ndarray, trans: np.ndarray) -> list[int]:
    # Plain floats: with two labels a NumPy step per token costs more than it saves. Ties
    # go to the lower label, as in CRFsuite.
    rows = scores.tolist()
    t = trans.tolist()
    k = len(t)
    best = rows[0]
    backs = []
    for row in rows[1:]:
        nxt = []
        back = []
        for j in range(k):
            m = best[0] + t[0][j]
            arg = 0
            for i in range(1, k):
                v = best[i] + t[i][j]
                if v > m:
                    m = v
                    arg = i
            nxt.append(m + row[j])
            back.append(arg)
        best = nxt
        backs.append(back)
    j = max(range(k), key=best.__getitem__)
    path = [j]
    for back in reversed(backs):
        j = back[j]
        path.append(j)
    return path[::-1]
