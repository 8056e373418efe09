"""Vietnamese word segmentation (underthesea) as a spaCy tokenizer with exact offsets.

underthesea's ``word_tokenize`` returns strings, joins a number with the next syllable
("6.576 ca") and keeps a sentence-final full stop inside abbreviations ("TP.HCM."). This
tokenizer runs underthesea's two steps (regex tokens, word-segmentation CRF) itself (the
CRF's model scored by :mod:`vnepi.segmentation`, five times faster with the same tags) and
reads each word's span from the regex matches (or, where underthesea's character
normalisation changes the text, aligns ``word_tokenize``'s strings back onto it), keeps
every syllable with a digit a token of its own, splits such trailing stops, and hands spaCy
words and spaces so that ``doc.text == text`` for every input string.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .errors import TokenizationError
from .segmentation import PROBE, CrfError, CrfSegmenter

# Segments passed to the CRF one at a time: bounds memory on huge inputs and lets a
# failure be pinned to a place in the text.
DEFAULT_MAX_CHUNK = 3000
TEXT_KEY = "vnepi_text"  # doc.user_data key of the tokenized string

_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")
_SPACE = re.compile(r"\s+")
# "cộng đồng.Theo": a full stop with no space after it, between a lower-case letter and a
# capital, ends a sentence in scraped bulletins; "TP.HCM" has a capital before the dot.
_GLUED_STOP = re.compile(r"(?<=[a-zà-ỹđ])\.(?=[A-ZÀ-ỸĐ])")


def _underthesea_words(segment: str) -> list[str]:
    from underthesea import word_tokenize

    return word_tokenize(segment, use_token_normalize=False)


_CRF: tuple | None = None


def _crf() -> tuple | None:
    """underthesea's own regex tokenizer and word-segmentation CRF, the two steps of
    ``word_tokenize``: (pattern, tag function, character normaliser); None if this
    underthesea lays them out differently. The tag function is :class:`CrfSegmenter`,
    which reads the same model's weights, when it tags a probe text as underthesea_core
    does; otherwise underthesea_core's featurizer and tagger themselves."""
    global _CRF
    if _CRF is None:
        try:
            from underthesea import word_tokenize
            import underthesea.pipeline.word_tokenize as wt
            from underthesea.pipeline.word_tokenize import regex_tokenize as rt
            from underthesea.pipeline.text_normalize.character_normalize import (
                normalize_characters_in_text)

            word_tokenize("a")  # loads the CRF model
            model = wt.word_tokenize_model
            # Our own copy: word_tokenize(fixed_words=...) rebinds the module's pattern.
            pattern = re.compile(rt.regex_patterns_combine, re.VERBOSE | re.UNICODE)
            featurizer, tagger = model.featurizer, model.estimator

            def tag(tokens: list[str]) -> list[str]:
                return tagger.tag(featurizer.process([[[t] for t in tokens]])[0])

            try:
                seg = CrfSegmenter.from_model_dir(
                    Path(wt.__file__).parent / "models" / "ws_crf_vlsp2013_20230727")
                probe = [m.group() for m in pattern.finditer(PROBE)]
                if seg.tag(probe) == tag(probe):
                    tag = seg.tag
            except (OSError, CrfError, ImportError, ValueError):
                pass
            _CRF = (pattern, tag, normalize_characters_in_text)
        except (ImportError, AttributeError):
            _CRF = ()
    return _CRF or None


def _underthesea_spans(segment: str, offset: int) -> list[tuple[int, int]] | None:
    """The word segmentation of ``word_tokenize(segment, use_token_normalize=False)`` read
    as character spans: the same regex tokens and CRF tags (identical on every corpus
    text), but the tokens' positions come from the regex matches, so no word has to be
    searched for in the text again, and no per-token group lookup is made. None when
    the fast path does not apply (underthesea's character normalisation changes the text,
    or its internals differ): the caller then aligns ``word_tokenize``'s strings."""
    crf = _crf()
    if crf is None:
        return None
    pattern, tag_tokens, normalize_chars = crf
    if normalize_chars(segment) != segment:
        return None
    matches = [m.span() for m in pattern.finditer(segment)]
    if not matches:
        return []
    tags = tag_tokens([segment[a:b] for a, b in matches])
    spans = [(matches[0][0] + offset, matches[0][1] + offset)]
    for (pa, pb), (a, b), tag in zip(matches, matches[1:], tags[1:]):
        if tag == "I-W" and _joins(segment[pa:pb], segment[a:b], segment[pb:a]):
            spans[-1] = (spans[-1][0], b + offset)
        else:
            spans.append((a + offset, b + offset))
    return spans


def _fallback_words(segment: str) -> list[str]:
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    return tokenize(segment)


def _chunks(text: str, max_chunk: int) -> Iterator[tuple[int, int]]:
    """(start, end) spans of ``text`` no longer than ``max_chunk``, cut at line or
    sentence ends where possible, else at white space, else anywhere."""
    n = len(text)
    pos = 0
    while pos < n:
        end = min(n, pos + max_chunk)
        if end < n:
            window = text[pos:end]
            cut = window.rfind("\n")
            if cut < max_chunk // 4:
                m = None
                for m in _SENT_SPLIT.finditer(window):
                    pass
                cut = m.start() if m and m.start() >= max_chunk // 4 else -1
            if cut < max_chunk // 4:
                m = None
                for m in _SPACE.finditer(window):
                    pass
                cut = m.start() if m and m.start() > 0 else -1
            if cut > 0:
                end = pos + cut
        yield pos, end
        pos = end


def _has_digit(s: str) -> bool:
    return any(ch.isdigit() for ch in s)


def _joins(prev: str, syllable: str, gap: str) -> bool:
    """A syllable the segmenter puts in the word before it stays there only when neither has
    a digit ("6.576 ca", "cách ly F0" stay apart) and one space separates them."""
    return gap == " " and not _has_digit(prev) and not _has_digit(syllable)


def _split_syllables(word: str) -> list[str]:
    return word.split(" ") if " " in word else [word]


def _align(segment: str, words: list[str], offset: int) -> list[tuple[int, int]] | None:
    """Character spans of the tokens in ``segment`` (plus ``offset``), or None when
    the words are not substrings in order (then the caller falls back)."""
    spans: list[tuple[int, int]] = []
    cur = 0
    n = len(segment)
    for w in words:
        if " " not in w:  # one syllable, most tokens: no grouping to decide
            if not w:
                continue
            while cur < n and segment[cur].isspace():
                cur += 1
            if not segment.startswith(w, cur):
                return None
            spans.append((cur + offset, cur + len(w) + offset))
            cur += len(w)
            continue
        sylls = [s for s in _split_syllables(w) if s]
        if not sylls:
            continue
        pieces: list[tuple[int, int, str]] = []
        for s in sylls:
            while cur < n and segment[cur].isspace():
                cur += 1
            if not segment.startswith(s, cur):
                return None
            pieces.append((cur, cur + len(s), s))
            cur += len(s)
        start = pieces[0]
        for prev, p in zip(pieces, pieces[1:]):
            if not _joins(prev[2], p[2], segment[prev[1]:p[0]]):
                spans.append((start[0] + offset, prev[1] + offset))
                start = p
        spans.append((start[0] + offset, pieces[-1][1] + offset))
    return spans


def _refine(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split sentence stops glued to abbreviations or to the next sentence."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        tok = text[s:e]
        if len(tok) > 2 and tok.endswith(".") and "." in tok[:-1] and (
                e == len(text) or text[e].isspace()):
            out.append((s, e - 1))
            out.append((e - 1, e))
            continue
        m = _GLUED_STOP.search(tok)
        if m and " " not in tok:
            k = s + m.start()
            out += [(s, k), (k, k + 1), (k + 1, e)]
            continue
        out.append((s, e))
    return out


def words_and_spaces(text: str, spans: list[tuple[int, int]]) -> tuple[list[str], list[bool]]:
    """spaCy's words and trailing-space flags for ``text`` cut at ``spans``: one space after
    a token is its flag, any other white space becomes a token of its own (linear time,
    unlike re-searching the text word by word)."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for s, e in list(spans) + [(len(text), len(text))]:
        gap = text[pos:s]
        if gap:
            if words and gap[0] == " " and not spaces[-1]:
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
        if e > s:
            words.append(text[s:e])
            spaces.append(False)
        pos = max(pos, e)
    return words, spaces


class ViTokenizer:
    """spaCy tokenizer for Vietnamese built on underthesea word segmentation.

    Multi-syllable words are single tokens whose text contains a space ("Bắc Giang",
    "ghi nhận"); runs of white space other than one space become their own tokens, as in
    spaCy's own Vietnamese tokenizer. ``doc.text`` always equals the input.
    """

    def __init__(self, vocab: Vocab, max_chunk: int = DEFAULT_MAX_CHUNK,
                 segmenter: Callable[[str], list[str]] | None = None) -> None:
        self.vocab = vocab
        self.max_chunk = int(max_chunk)
        self._segmenter = segmenter or _underthesea_words
        self._fast = segmenter is None  # underthesea's steps run directly, see _underthesea_spans

    def token_spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the non-white-space tokens of ``text``."""
        spans: list[tuple[int, int]] = []
        for a, b in _chunks(text, self.max_chunk):
            segment = text[a:b]
            if not segment.strip():
                continue
            try:
                aligned = _underthesea_spans(segment, a) if self._fast else None
                if aligned is None:
                    aligned = _align(segment, self._segmenter(segment), a)
            except Exception:  # noqa: BLE001 - a dependency failure on odd text
                aligned = None
            if aligned is None:
                try:
                    aligned = _align(segment, _fallback_words(segment), a)
                except Exception as e:  # noqa: BLE001
                    raise TokenizationError(
                        f"underthesea could not segment the text at characters {a}-{b}: {e}"
                    ) from e
            if aligned is None:
                # Last resort keeps offsets exact: white-space separated pieces.
                aligned = [(m.start() + a, m.end() + a) for m in re.finditer(r"\S+", segment)]
            spans.extend(aligned)
        return _refine(text, spans)

    def __call__(self, text: str) -> Doc:
        if not isinstance(text, str):
            raise TypeError(f"the tokenizer takes str, not {type(text).__name__}")
        words, spaces = words_and_spaces(text, self.token_spans(text))
        doc = Doc(self.vocab, words=words, spaces=spaces)
        # spaCy rebuilds doc.text from the tokens on every access; later components read
        # the text several times, so the tokenizer keeps the string it was given.
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for t in texts:
            yield self(t)

    # spaCy serialisation: settings only, as JSON.
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps({"max_chunk": self.max_chunk}).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "ViTokenizer":
        cfg = json.loads(data.decode("utf-8"))
        self.max_chunk = int(cfg.get("max_chunk", DEFAULT_MAX_CHUNK))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "ViTokenizer":
        return self.from_bytes((Path(path) / "cfg.json").read_bytes())


def doc_text(doc: Doc) -> str:
    """``doc.text`` without rebuilding it: the string the tokenizer kept, when the Doc still
    matches it (same length), else spaCy's own ``doc.text``."""
    text = doc.user_data.get(TEXT_KEY)
    if isinstance(text, str) and len(doc):
        last = doc[-1]
        if last.idx + len(last.text_with_ws) == len(text):
            return text
    return doc.text


@spacy.registry.tokenizers("vnepi.ViTokenizer.v1")
def create_vi_tokenizer(max_chunk: int = DEFAULT_MAX_CHUNK) -> Callable[[spacy.Language], ViTokenizer]:
    def factory(nlp: spacy.Language) -> ViTokenizer:
        return ViTokenizer(nlp.vocab, max_chunk=max_chunk)

    return factory
