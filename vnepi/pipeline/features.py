"""Features of a number for the trained linker.

Every countable number gets a bag of string features: the rule linker's own decision (so
the model learns when to trust the rules), the cues in its clause and in its sentence's
opening, the words around it, its unit and shape, and its place in lists and parentheses.
"""
from __future__ import annotations

import math
import re
from typing import Any, NamedTuple, Sequence

from ..resolve.numbers import APPROX_PREFIXES, Quantity
from .link import Link
from .running_totals import MULTI_DAY
from .structure import Analysis, coordinated, lead_end, opens_breakdown, paragraph_start

_WORD = re.compile(r"[^\W\d_]+|\d[\d.,]*|[^\w\s]")
_WINDOW = 2  # words each side: author-grouped CV 0.849 at 2, 0.848 at 4, 0.845 at 0
_ANCHOR_REACH = 1200
# Cues that make a figure planned or allocated, and the new reported action after such a
# figure that frees the next one from them (_reported_after).
_BLOCKING = frozenset(("plan", "received"))
_NEW_ACTION = re.compile(r"(?:,|(?<![^\W_])và)\s+(?:(?:đã|mới|cũng|thì)\s+)*(?:tiêm|xét nghiệm|lấy|"
                         r"thực hiện|ghi nhận|truy vết|phát hiện)(?![^\W_])")
_COORD_REACH = 80
# A counting noun of what is no record ("12 xã"), a place preposition ("tại 3 xã"): they
# speak of the number right after them, not of one further on in the clause.
_NEAR_ONLY = frozenset(("noncount", "at"))
_NEAR_REACH = 15
_LEAD_CATS = frozenset(("cumulative", "new", "national", "average"))
_PARAGRAPH_CATS = frozenset(("cumulative", "new", "period"))
_PARAGRAPH_REACH = 7  # sentences back to the paragraph's first
# Events whose figures read alike as running totals: contacts traced "đã truy vết 486 F1"
# are mostly stocks, cases "đã ghi nhận 486 ca" mostly new. The surroundings' cue
# categories are also given paired with the rule event's group, so that a cue may weigh
# differently by group.
_GROUP = {"contacts_f1": "contacts", "contacts_f2": "contacts", "contacts_f3": "contacts",
          "tests": "testing", "people_tested": "testing", "vaccine_doses": "vaccine",
          "vaccine_dose1": "vaccine", "vaccine_dose2": "vaccine", "vaccine_dose3": "vaccine"}
_GROUPED = ("Lc:", "Rc:", "Hc:", "S:", "Para:", "D:", "PS:", "Pc:", "R:length", "continues",
            "item", "anchor_cum=", "prev_cum")


def _words(text: str) -> list[str]:
    return [("<num>" if w[0].isdigit() else w) for w in _WORD.findall(text)]


def _bucket_of(n: int) -> str:
    return "0" if n <= 0 else str(min(4, int(math.log2(n + 1))))


# Distances of 15 characters or more all fall in the last bucket: a table serves the rest
# (the features ask it of every cue around every number).
_BUCKETS = tuple(_bucket_of(n) for n in range(15))


def _bucket(n: int) -> str:
    return _BUCKETS[n] if 0 <= n < 15 else _bucket_of(n)


class Prior(NamedTuple):
    """A record before a number, as the second running-total pass sees it."""

    quantity: Quantity
    event: str
    value: float
    cumulative: bool
    kind: str = "count"


def _reported_after(a: Analysis, lo: int, hi: int) -> bool:
    """A figure between ``lo`` and ``hi`` is followed by a new reported action: "được phân
    bổ 300.000 liều và đã tiêm 215.400 liều" (the plan or allocation is the first figure's)."""
    between = a.quantities_in(lo, hi)
    return bool(between) and _NEW_ACTION.search(a.norm, between[-1].end, hi) is not None


def _anchor(q: Quantity, event: str | None, before: Sequence) -> Any:
    """The total a number may break down: the nearest of the records ``before`` it (rule
    links or :class:`Prior`) of the same event, not smaller, within a few sentences
    ("Hải Dương 714 ca ... trong đó Chí Linh 322")."""
    for h in reversed(before):
        if q.start - h.quantity.end > _ANCHOR_REACH:
            break
        if h.event == event and abs(h.value) >= abs(q.value):
            return h
    return None


def link_features(a: Analysis, link: Link, prev: Link | None,
                  history: list[Link] | None = None) -> dict[str, float]:
    """String features (value 1.0) of one number and the rule linker's view of it;
    ``history``: the rule links of the numbers before it (for the total it may break down)."""
    q = link.quantity
    names: list[str] = ["bias"]
    add = names.append  # every feature is 1.0: collect the names, build the dict once

    add(f"rule_event={link.event or 'NONE'}")
    add(f"rule_event={link.event or 'NONE'}|{link.event_source}")
    add(f"rule_place_src={link.place_source}")
    add(f"rule_kind={link.kind}")
    add(f"rule_cum={link.cumulative}")
    add(f"rule_cum={link.cumulative}|{link.event or 'NONE'}")
    add(f"rule_setting={link.setting}")
    add(f"rule_since={link.since is not None}")
    if link.blocked:
        add(f"blocked={link.blocked}")
    add(f"unit={link.unit}")
    add(f"unit_event={link.unit}|{link.event or 'NONE'}")
    if q.spelled:
        add("spelled")
    if q.approximate:
        add("approx")
        # "hơn 300 ca" is a reported figure, "dưới 100 ca" mostly a threshold: the prefix
        # word tells them apart.
        head = q.text.lower()
        add(f"approx={max((p for p in APPROX_PREFIXES if head.startswith(p)), key=len, default='')}")
    if q.text[:1] in "+-−":
        add("signed")
    add(f"mult={q.multiplier}")
    add(f"digits={len(str(int(abs(q.value))))}")
    if isinstance(q.value, float) and not float(q.value).is_integer():
        add("fraction")

    s = a.sentence_of(q.start)
    c0, c1 = a.owner_bounds(q.start)
    # Cue words as features, and their categories too, so that a cue word never seen in
    # training still counts for its category.
    for c in a.cues_in(c0, q.start):
        if c.category in _BLOCKING and _reported_after(a, c.end, q.start):
            continue
        if c.category in _NEAR_ONLY and q.start - c.end > _NEAR_REACH:
            continue  # "Ổ dịch ở số nhà 12 ngõ 34 ... ghi nhận 9 ca": another number's words
        add(f"L:{c.category}={c.value}")
        add(f"Lc:{c.category}")
        add(f"Ld:{c.category}:{_bucket(q.start - c.end)}")
    for c in a.cues_in(q.end, min(c1, q.end + 60)):
        add(f"R:{c.category}={c.value}")
        add(f"Rc:{c.category}")
        add(f"Rd:{c.category}:{_bucket(c.start - q.end)}")
    if MULTI_DAY.search(a.norm, q.end, min(c1, q.end + 60)):
        add("R:length_window")  # "40.912 mẫu ... trong 4 ngày": a window named by its length
    col = a.columns.get(q.start)
    if col is not None:
        add("table_cell")
        add(f"col_index={min(col.index, 4)}")
        for c in a.cues_in(col.start, col.end):
            add(f"C:{c.category}={c.value}")
            add(f"Cc:{c.category}")
        if any(d.since is not None for d in a.dates_in(col.start, col.end)):
            add("C:date_window")
        for c in a.cues_in(col.caption_start, col.caption_end):
            add(f"Cap:{c.category}")
    head_end = s.header_end if s.header_end is not None else s.start
    shared, n_head = _sentence_features(a, s)
    if q.start >= head_end:
        # The opening's plan or allocation is not this figure's when a new reported action
        # stands between ("được phân bổ 300.000 liều vaccine và đã tiêm 215.400 liều").
        freed = {n for c in a.cues_in(s.start, head_end) if c.category in _BLOCKING
                 and _reported_after(a, c.end, q.start)
                 for n in (f"H:{c.category}={c.value}", f"Hc:{c.category}")}
        names += [n for n in shared if n not in freed] if freed else shared
    else:  # a number inside the opening sees only the opening's cues before it
        for c in a.cues_in(s.start, q.start):
            add(f"H:{c.category}={c.value}")
            add(f"Hc:{c.category}")
        names += shared[n_head:]
    for c in a.cues_in(s.start, c0):
        add(f"S:{c.category}")
    for d in a.dates_in(s.start, q.start):
        add("S:date_window" if d.since is not None or d.until_now else
            ("S:date_relative" if d.relative else "S:date_day"))
        if d.text.lower().startswith(("từ", "kể từ", "tính từ")):
            add("S:date_range")

    names += _lead_features(a)
    names += _paragraph_cues(a, s)
    anchor = _anchor(q, link.event, history or []) if link.event else None
    if anchor is not None:
        same = a.sentence_of(anchor.quantity.start) is s
        add(f"anchor_cum={anchor.cumulative}")
        add(f"anchor_cum={anchor.cumulative}|{'same' if same else 'before'}")
        add(f"anchor_cum={anchor.cumulative}|rule_cum={link.cumulative}")
        if anchor.since is not None:
            add("anchor_since")
    # Two words either side fit in 32 characters (a longer reach only costs regex time).
    left = _words(a.norm[max(s.start, q.start - 32):q.start])[-_WINDOW:]
    right = _words(a.norm[q.end:min(s.end, q.end + 32)])[:_WINDOW]
    for i, w in enumerate(reversed(left), 1):
        add(f"w-{i}={w}")
    for i, w in enumerate(right, 1):
        add(f"w+{i}={w}")
    if len(left) >= 2:
        add(f"w-2-1={left[-2]}_{left[-1]}")
    if len(right) >= 2:
        add(f"w+1+2={right[0]}_{right[1]}")
    before = a.text[max(0, q.start - 2):q.start].strip()
    after = a.text[q.end:q.end + 2].strip()
    add(f"pb={before[-1:] or '_'}")
    add(f"pa={after[:1] or '_'}")
    if a.places_in(max(s.start, q.start - 40), q.start):
        add("place_left")
    if a.places_in(q.end, min(s.end, q.end + 40)):
        add("place_right")
    if link.places and link.places[0][0] != "Việt Nam":
        add("rule_place=province" if link.places[0][1] is None else "rule_place=district")
    else:
        add("rule_place=national")
    twin = _same_unit_before(a, link, history or [])
    if twin is not None:
        # "quận Đống Đa lấy mẫu cho 187.300 người, phát hiện 9 ca; quận Thanh Xuân 142.615
        # người, 6 ca": a list's figure counts what the earlier figure of its unit counted.
        add(f"twin_event={twin.event}")
        add(f"twin_event={twin.event}|{link.event or 'NONE'}")
    if prev is not None:
        add(f"prev_event={prev.event or 'NONE'}")
        if a.sentence_of(prev.quantity.start) is s:
            add("prev_same_sentence")
            between = a.text[prev.quantity.end:q.start]
            sep = ";" if ";" in between else ("(" if "(" in between else ("," if "," in between else "_"))
            add(f"prev_sep={sep}")
            add(f"prev_cum={prev.cumulative}|{sep}")
            add(f"prev_kind={prev.kind}|{sep}")
        elif prev.quantity.start >= a.sentences[max(0, s.index - 1)].start:
            add(f"prev_cum_prev_sentence={prev.cumulative}")
    group = _GROUP.get(link.event, "outcome" if link.event else "none")
    names += [f"{n}|{group}" for n in names if n.startswith(_GROUPED)]
    return dict.fromkeys(names, 1.0)


def _same_unit_before(a: Analysis, link: Link, history: list[Link]) -> Link | None:
    """The latest record before ``link``'s number in its sentence, or in its list's earlier
    items, that has the same unit and another record between them (a parallel list:
    "X người, Y ca; Z người, W ca")."""
    if link.unit is None or not history:
        return None
    s = a.sentence_of(link.quantity.start)
    lo = a.sentences[s.parent].start if s.is_item and s.parent is not None else s.start
    between = False
    for h in reversed(history):
        if h.quantity.start < lo or link.quantity.start - h.quantity.end > _ANCHOR_REACH:
            return None
        if h.unit == link.unit:
            return h if between else None
        between = True
    return None


def _lead_features(a: Analysis) -> list[str]:
    """What a bulletin's title and lead (first two sentences) say, for every figure in it:
    that it reviews a window of several days ("Tuần từ 28/02 đến 06/3", "tháng 12/2021",
    "quý I": its lists break down period totals), its running-total and novelty cues
    ("Lũy kế đến 18h ngày 5/3 ...", "... thêm 3.214 ca mới") and its events (a vaccination
    bulletin's "mũi 3")."""
    hit = a.cache.get("lead_features")
    if hit is None:
        end = lead_end(a)
        cues = a.cues_in(0, end)
        review = any(c.category == "period" for c in cues) or any(
            d.since is not None and d.date is not None and (d.date - d.since).days >= 2
            for d in a.dates_in(0, end))
        hit = (["D:period"] if review else []) + sorted(
            {f"D:{c.category}" for c in cues if c.category in _LEAD_CATS}
            | {f"D:event={c.value}" for c in cues if c.category == "event"})
        a.cache["lead_features"] = hit
    return hit


def _paragraph_cues(a: Analysis, s) -> list[str]:
    """The running-total, window and novelty cues of the first sentence of the number's
    paragraph, when that is an earlier sentence: "Lũy kế từ 29/4/2021: ... \n Hoàng Mai
    2.344 ...", "Trong tuần, ... . Tây Ninh có 4.120 ca"."""
    key = ("paragraph_cues", s.index)
    hit = a.cache.get(key)
    if hit is None:
        first = paragraph_start(a, s, _PARAGRAPH_REACH)
        hit = [] if first is s else sorted(
            {f"Para:{c.category}" for c in a.cues_in(first.start, first.end)
             if c.category in _PARAGRAPH_CATS}
            # the events it names: a booster paragraph's later "mũi" are mostly third doses
            | {f"Para:event={c.value}" for c in a.cues_in(first.start, first.end)
               if c.category == "event"})
        a.cache[key] = hit
    return hit


def context_features(a: Analysis, q: Quantity, event: str, before: list[Prior]) -> list[str]:
    """Features of a record from the running-total flags of the records ``before`` it (in
    text order): the flag of the total it may break down, of the record it follows in its
    sentence and of the figure a coordination it is part of opens. Training reads the gold
    flags; the trained linker its own first-pass decisions."""
    names: list[str] = []
    s = a.sentence_of(q.start)
    anchor = _anchor(q, event, before)
    if anchor is None:
        names.append("ctx_anchor=none")
    else:
        where = "same" if a.sentence_of(anchor.quantity.start) is s else "before"
        names += [f"ctx_anchor={anchor.cumulative}", f"ctx_anchor={anchor.cumulative}|{where}"]
    if before and a.sentence_of(before[-1].quantity.start) is s:
        last = before[-1]
        names.append(f"ctx_prev={last.cumulative}|{'same_event' if last.event == event else 'other'}")
    # The figure a coordination opens ("1.486 F1 (tăng 213 ...), 4.392 F2 và 2.870 F3"),
    # past a change in a parenthesis that refines it.
    for h in reversed(before[-3:]):
        if h.kind != "count":
            continue
        if q.start - h.quantity.end <= _COORD_REACH and a.sentence_of(h.quantity.start) is s \
                and coordinated(a, h.quantity.end, q.start):
            names.append(f"ctx_coord={h.cumulative}")
        break
    return names


def _sentence_features(a: Analysis, s) -> tuple[list[str], int]:
    """Features every number of a sentence shares (its opening's cues, its list header's,
    the previous sentence's), computed once per sentence, and how many of them, at the
    front, come from the opening."""
    key = ("sentence_features", s.index)
    hit = a.cache.get(key)
    if hit is not None:
        return hit
    out: list[str] = []
    head_end = s.header_end if s.header_end is not None else s.start
    for c in a.cues_in(s.start, head_end):
        out.append(f"H:{c.category}={c.value}")
        out.append(f"Hc:{c.category}")
    n_head = len(out)
    if s.is_item and s.parent is not None:
        out.append("item")
        ph = a.sentences[s.parent]
        for c in a.cues_in(ph.start, ph.end):
            out.append(f"P:{c.category}={c.value}")
            out.append(f"Pc:{c.category}")
    if s.index > 0:
        ps = a.sentences[s.index - 1]
        for c in a.cues_in(ps.start, ps.end):
            if c.category in ("cumulative", "new", "average", "setting", "breakdown"):
                out.append(f"PS:{c.category}")
        if opens_breakdown(a, s):
            out.append("continues_previous")
    a.cache[key] = out, n_head
    return out, n_head


_STORY_EDGES = (30, 80, 200, 500)


def story_features(a: Analysis, link: Link, base: dict[str, float]) -> dict[str, float]:
    """Features of a figure's story district (:meth:`TopicRules.story_place`) for the place
    head: the figure's own features, how far back the district was named, what separates
    them and how the rules placed the figure."""
    st = link.story
    far = sum(st.distance >= e for e in _STORY_EDGES)
    if st.scope != "near":
        # a district named paragraphs before: its own feature set, apart from a near story's
        lines = a.text.count("\n", link.quantity.start - st.distance, link.quantity.start)
        mentions, rivals = min(st.mentions, 3), min(st.rivals, 2)
        names = ["doc_story", st.scope, f"doc_story_mentions={mentions}", f"doc_story_rivals={rivals}",
                 f"doc_story_mentions={mentions}|rivals={rivals}", f"doc_story_dist={far}",
                 f"doc_story_lines={min(lines, 4)}", f"doc_story_provinces={min(st.provinces, 3)}",
                 f"doc_story_src={link.place_source}", f"doc_story_event={link.event or 'NONE'}"]
        if st.ward:
            names.append("doc_story_ward")
        if st.headline:
            names.append("doc_story_headline")
    else:
        names = [f"story_back={st.sentences_back}", f"story_dist={far}",
                 f"story_src={link.place_source}",
                 f"story_back={st.sentences_back}|src={link.place_source}",
                 f"story_event={link.event or 'NONE'}"]
        if st.ward:
            names.append("story_ward")
        if st.sentences_back == 0 and ";" in a.text[link.quantity.start - st.distance:link.quantity.start]:
            # "thêm 2 ca ... huyện Việt Yên; 10 F0 trong khu cách ly tập trung": a semicolon
            # series lists items of their own.
            names.append("story_semicolon")
    out = dict(base)
    out.update(dict.fromkeys(names, 1.0))
    return out
