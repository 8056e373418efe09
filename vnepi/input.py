"""What callers pass in: type checks, and the text the pipeline should see.

``prepare`` cleans a caller's string (Unicode form, invisible characters, odd spaces,
Windows line endings, HTML) into the text the pipeline runs on, and keeps for every
character of that text the span of the caller's string it came from, so that records can
be mapped back: ``caller_text[record.start:record.end] == record.text`` always.
"""
from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .errors import ModelLoadError

if TYPE_CHECKING:
    from .records import Record


def check_text(text: object) -> str:
    """Return ``text`` if it is a ``str``; raise ``TypeError`` with a hint otherwise."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError("vnepi takes text (str), not bytes: decode it first, "
                        "e.g. data.decode('utf-8')")
    if text is None:
        raise TypeError("vnepi takes text (str), got None")
    raise TypeError(f"vnepi takes text (str), got {type(text).__name__}")


# Characters that carry nothing a reader sees: zero-width space/joiners, word joiner,
# byte-order mark, soft hyphen. Scraped bulletins are full of them, inside numbers too.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Spaces other than " " (no-break, narrow, figure, ideographic ...): the rule layer's
# patterns expect a plain space between a number and its unit.
_ODD_SPACES = "\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200b)))
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_SPECIAL = re.compile(f"[{_INVISIBLE}{_ODD_SPACES}\r]|{_ENTITY}")

# Markup is assumed only when the text has a tag of a real HTML element (or a comment or
# doctype), so that "<" in ordinary text ("số ca <5", "a<b và c>d") is left alone.
_KNOWN_TAGS = (
    "a|abbr|article|aside|b|blockquote|body|br|caption|center|code|dd|div|dl|dt|em|"
    "figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|"
    "label|li|link|main|meta|nav|noscript|ol|option|p|pre|script|section|select|small|span|"
    "strong|style|sub|sup|table|tbody|td|tfoot|th|thead|title|tr|u|ul")
_ATTR = r"""\s+[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=]+)"""
_LOOKS_HTML = re.compile(
    rf"<(?:(?:{_KNOWN_TAGS})(?:{_ATTR})*\s*/?>|/(?:{_KNOWN_TAGS})\s*>|!--|!doctype\s)", re.I)
# One regex for everything markup-related; text between matches is copied.
_HTML_TOKEN = re.compile(
    r"(?P<drop><(?P<raw>script|style|title)\b[^>]*>.*?(?:</(?P=raw)\s*>|\Z)"
    r"|<!--.*?(?:-->|\Z)|<![^>]*>|<\?[^>]*>)"
    r"|(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?/?>)"
    rf"|(?P<ws>[ \t\n\r\f\v{_ODD_SPACES}]+)"
    rf"|(?P<ent>{_ENTITY})"
    rf"|(?P<inv>[{_INVISIBLE}]+)",
    re.I | re.S)
# Tags that start a new line on a page: keeping them as line breaks (a blank line for
# paragraph-like blocks, a bullet line for list items) keeps the list structure the
# structure layer reads ("header:" then "- item" lines).
_PARAGRAPH_TAGS = frozenset(
    "address article aside blockquote center dl figure footer form h1 h2 h3 h4 h5 h6 header "
    "hr main nav ol p pre section table ul".split())
_LINE_TAGS = frozenset(
    "body br caption dd div dt figcaption head html tbody tfoot thead tr".split())
_CELL_TAGS = frozenset(("td", "th"))


@dataclass(frozen=True)
class Prepared:
    """The text the pipeline sees, and how to map its offsets back to the caller's.

    ``starts[i]``/``ends[i]`` give the span of the caller's string that character ``i`` of
    ``text`` came from; both are ``None`` when ``text`` is the caller's string unchanged.
    """

    text: str
    source: str
    starts: array | None = None
    ends: array | None = None
    is_html: bool = False

    @property
    def unchanged(self) -> bool:
        return self.starts is None

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """The caller's span for the span ``[start, end)`` of the prepared text."""
        if self.starts is None or self.ends is None:
            return start, end
        n = len(self.starts)
        if n == 0:
            return 0, 0
        start = min(max(start, 0), n)
        end = min(max(end, start), n)
        if start == end:  # an empty span stays empty, at the next kept character
            pos = self.starts[start] if start < n else len(self.source)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def map_records(self, records: Iterable["Record"], offset: int = 0) -> list["Record"]:
        """Move records' ``start``/``end`` to the caller's string and set ``text`` from it.

        ``offset`` is where the piece the records were read from starts in ``self.text``.
        """
        out = list(records)
        for r in out:
            r.start, r.end = self.to_source(r.start + offset, r.end + offset)
            if offset or not self.unchanged:
                r.text = self.source[r.start:r.end]
        return out


class _Builder:
    """Accumulates output text with, per output character, its span in the source."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts = array("i")
        self.ends = array("i")
        # Line breaks at the end of the output (2 at the start: no leading blank lines).
        self.tail_nl = 2

    def _track(self, out: str) -> None:
        body = out.rstrip("\n")
        self.tail_nl = self.tail_nl + len(out) if not body else len(out) - len(body)

    def copy(self, text: str, a: int, b: int) -> None:
        """Characters copied from ``source[a:b]``, NFC-normalised when they need it."""
        if a >= b:
            return
        run = text[a:b]
        if unicodedata.is_normalized("NFC", run):
            self._track(run)
            self.parts.append(run)
            self.starts.extend(range(a, b))
            self.ends.extend(range(a + 1, b + 1))
            return
        # A base letter and the combining marks after it normalise together; the output
        # characters of such a cluster all map to the whole cluster.
        i = a
        while i < b:
            j = i + 1
            while j < b and unicodedata.combining(text[j]):
                j += 1
            if j == i + 1 and unicodedata.is_normalized("NFC", text[i]):
                self.emit(text[i], i, j)
            else:
                self.emit(unicodedata.normalize("NFC", text[i:j]), i, j)
            i = j

    def emit(self, out: str, a: int, b: int) -> None:
        """``out`` (any length) stands for ``source[a:b]`` as a whole."""
        if not out:
            return
        self._track(out)
        self.parts.append(out)
        self.starts.extend([a] * len(out))
        self.ends.extend([b] * len(out))

    def space(self, a: int, b: int) -> None:
        """One space for ``source[a:b]``, unless the output already ends in white space."""
        if self.parts and not self.parts[-1][-1:].isspace():
            self.emit(" ", a, b)

    def lines(self, n: int, a: int, b: int) -> None:
        """Line breaks for ``source[a:b]`` so that the output ends with ``n`` of them."""
        if n > self.tail_nl:
            self.emit("\n" * (n - self.tail_nl), a, b)

    def special(self, text: str, m: re.Match) -> None:
        """An entity, an invisible character, an odd space or a carriage return."""
        a, b = m.span()
        s = m.group()
        if s[0] == "&":
            decoded = html.unescape(s)
            if decoded == s:  # not an entity after all ("&foo;"): keep the text
                self.copy(text, a, b)
                return
            decoded = "".join(" " if c in _ODD_SPACES else c
                              for c in decoded if c not in _INVISIBLE)
            self.emit(unicodedata.normalize("NFC", decoded), a, b)
        elif s in _ODD_SPACES:
            self.emit(" ", a, b)
        elif s == "\r":
            # "\r\n" keeps the "\n" (copied next); a lone "\r" is an old Mac line end.
            if not (b < len(text) and text[b] == "\n"):
                self.emit("\n", a, b)
        # invisible characters produce nothing

    def result(self, source: str, is_html: bool) -> Prepared:
        out = "".join(self.parts)
        assert len(out) == len(self.starts) == len(self.ends)
        if out == source and not is_html:
            return Prepared(out, source)
        return Prepared(out, source, self.starts, self.ends, is_html)


def looks_like_html(text: str) -> bool:
    """True when ``text`` has a tag of a real HTML element, a comment or a doctype."""
    return _LOOKS_HTML.search(text) is not None


def prepare(text: str) -> Prepared:
    """The text the pipeline should see for the caller's ``text``, with an offset map.

    - Unicode is normalised to NFC (a bulletin typed in NFD, or mixing forms, gives the
      same records as its NFC form).
    - Zero-width characters (U+200B/C/D, U+2060, U+FEFF) and soft hyphens are dropped;
      no-break and other Unicode spaces become " "; "\\r\\n" and "\\r" become "\\n".
    - Entities ("&nbsp;", "&amp;", "&#7889;") are decoded.
    - When the text looks like HTML (it has a tag of a real element, a comment or a
      doctype), tags are removed, ``<script>``/``<style>``/``<title>`` blocks and comments
      are dropped, block tags become line breaks (a blank line for ``<p>``, ``<h1>``,
      ``<ul>``, ``<table>`` ...; one for ``<br>``, ``<div>``, ``<tr>`` ...), a list item
      ``<li>`` a "- " bullet line, a table cell a space, and runs of white space one space,
      as a browser shows them. A "<" in ordinary text is left alone.

    The result's ``to_source``/``map_records`` map offsets back to ``text``. Text that
    needs none of this is returned as is, with no offset arrays.
    """
    check_text(text)
    is_html = looks_like_html(text)
    if not is_html and _SPECIAL.search(text) is None and unicodedata.is_normalized("NFC", text):
        return Prepared(text, text)
    b = _Builder()
    if is_html:
        _prepare_html(text, b)
    else:
        pos = 0
        for m in _SPECIAL.finditer(text):
            b.copy(text, pos, m.start())
            b.special(text, m)
            pos = m.end()
        b.copy(text, pos, len(text))
    return b.result(text, is_html)


def _prepare_html(text: str, b: _Builder) -> None:
    pos = 0
    for m in _HTML_TOKEN.finditer(text):
        b.copy(text, pos, m.start())
        pos = m.end()
        if m.group("tag") is not None:
            name = m.group("name").lower()
            if name in _PARAGRAPH_TAGS:
                b.lines(2, m.start(), m.end())
            elif name in _LINE_TAGS:
                b.lines(1, m.start(), m.end())
            elif name == "li":
                b.lines(1, m.start(), m.end())
                if not m.group().startswith("</"):
                    b.emit("- ", m.start(), m.end())
            elif name in _CELL_TAGS:
                b.space(m.start(), m.end())
            # inline tags (<b>, <span>, <a> ...) join their neighbours, as on screen
        elif m.group("ws") is not None:
            # White space inside HTML text is one space, as a browser renders it.
            b.space(m.start(), m.end())
        elif m.group("ent") is not None:
            b.special(text, m)
        # script/style blocks, comments, doctypes and invisible characters produce nothing
    b.copy(text, pos, len(text))


# Longest text handed to the pipeline in one piece. Parts of the pipeline cost more than
# linear time in the length of one text, so a huge input is cut at paragraph breaks;
# no real bulletin comes near this length, so their records are unaffected.
SECTION_CHARS = 100_000
_SECTION_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?;]\s"),
                 re.compile(r"\s"))


def sections(text: str, max_len: int = SECTION_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text`` of at most ``max_len`` characters, cut after a
    blank line where possible, else after a line break, a sentence end or a space."""
    n = len(text)
    out: list[tuple[int, int]] = []
    pos = 0
    while pos < n:
        end = min(n, pos + max_len)
        if end < n:
            for rx in _SECTION_CUTS:
                cut = -1
                for m in rx.finditer(text, pos + max_len // 2, end):
                    cut = m.end()
                if cut > pos:
                    end = cut
                    break
        out.append((pos, end))
        pos = end
    return out


# -- model folders ----------------------------------------------------------------------
# Suffixes of formats that run code when loaded; vnepi's own models are JSON and .npy.
_UNSAFE_SUFFIXES = frozenset((".pkl", ".pickle", ".joblib", ".pt", ".pth", ".ckpt", ".dill"))


def check_model_folder(path: str | os.PathLike[str]) -> dict:
    """Validate a saved pipeline folder before spaCy reads it; return its ``meta.json``.

    Raises :class:`vnepi.errors.ModelLoadError` naming the file at fault when
    ``config.cfg`` or ``meta.json`` is missing, a JSON file does not parse, an ``.npy``
    array is truncated, corrupted or holds Python objects, a linear model's arrays do not
    match the shape its JSON declares, or any file is a pickle (vnepi never unpickles).
    """
    p = Path(path)
    if not p.is_dir():
        raise ModelLoadError(f"no vnepi model folder at {p}")
    for name in ("config.cfg", "meta.json"):
        if not (p / name).is_file():
            raise ModelLoadError(f"model folder {p} is missing {name}")
    for f in sorted(x for x in p.rglob("*") if x.is_file()):
        with f.open("rb") as fh:
            head = fh.read(8)
        if f.suffix.lower() in _UNSAFE_SUFFIXES or head[:1] == b"\x80" and head[1:2] in (
                b"\x02", b"\x03", b"\x04", b"\x05"):
            raise ModelLoadError(f"refusing to load {f}: it is a pickle-style file, "
                                 "which can run code; vnepi models hold only JSON and .npy")
        if f.suffix == ".json":
            try:
                json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                raise ModelLoadError(f"model file {f} is not valid JSON: {e}") from e
        if f.suffix == ".npy" or head.startswith(b"\x93NUMPY"):
            npy_shape(f)
    meta = json.loads((p / "meta.json").read_text(encoding="utf-8"))
    if not isinstance(meta, dict):
        raise ModelLoadError(f"model file {p / 'meta.json'} is not a JSON object")
    _check_linear_shapes(p)
    try:
        from thinc.api import Config

        Config().from_disk(p / "config.cfg")
    except Exception as e:  # noqa: BLE001 - any parse failure names the file
        raise ModelLoadError(f"model file {p / 'config.cfg'} cannot be read: {e}") from e
    return meta


def npy_shape(f: Path) -> tuple[int, ...]:
    """The shape in an ``.npy`` header, after checking the file holds exactly that array."""
    import numpy as np
    from numpy.lib import format as npformat

    try:
        with f.open("rb") as fh:
            if npformat.read_magic(fh) == (1, 0):
                shape, _, dtype = npformat.read_array_header_1_0(fh)
            else:
                shape, _, dtype = npformat.read_array_header_2_0(fh)
            data_start = fh.tell()
    except (OSError, ValueError) as e:
        raise ModelLoadError(f"model file {f} is not a valid .npy array: {e}") from e
    if dtype.hasobject:
        raise ModelLoadError(f"model file {f} holds Python objects (needs unpickling)")
    expected = data_start + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if f.stat().st_size != expected:
        raise ModelLoadError(f"model file {f} is truncated or corrupted: {f.stat().st_size} "
                             f"bytes, expected {expected} for an array of shape {shape}")
    return tuple(shape)


def _check_linear_shapes(p: Path) -> None:
    """Each saved linear model (``NAME.json``, ``NAME.coef.npy``, ``NAME.intercept.npy``)
    must have arrays of the shapes its JSON declares."""
    for meta_file in p.rglob("*.json"):
        coef = meta_file.with_name(meta_file.stem + ".coef.npy")
        intercept = meta_file.with_name(meta_file.stem + ".intercept.npy")
        if not (coef.exists() or intercept.exists()):
            continue
        for f in (coef, intercept):
            if not f.is_file():
                raise ModelLoadError(f"model file missing: {f}")
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        declared = meta.get("shape") if isinstance(meta, dict) else None
        classes = len(meta.get("classes", [])) if isinstance(meta, dict) else None
        if list(npy_shape(coef)) != list(declared or []):
            raise ModelLoadError(f"model file {coef} has shape {npy_shape(coef)}, but "
                                 f"{meta_file.name} declares {declared}")
        if npy_shape(intercept) != (classes,):
            raise ModelLoadError(f"model file {intercept} has shape {npy_shape(intercept)}, "
                                 f"but {meta_file.name} declares {classes} classes")
