"""Count → place relations: candidate places for a number and their features.

Candidates are every place mention in the number's sentence, its list header and the two
sentences before it (a district mention also as its province alone), the country, and the
rule linker's own choice. A trained ranker scores each candidate; the best one wins.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..resolve.places import NATIONAL, PlaceMention, get_gazetteer
from .linker import Link, RuleLinker
from .structure import Analysis

Place = tuple[str, str | None]
_GAPS = ((";", "semi"), ("(", "paren"), (":", "colon"), ("\n", "nl"))


@dataclass
class Candidate:
    place: Place
    features: dict[str, float]


_BUCKET_EDGES = (0, 3, 10, 30, 80, 200)
# Mentions a number is compared with, per scope: in its own sentence the nearest ones on
# each side and the sentence's first (its subject); in the list header and the sentences
# before, the first ones (the subject) and the last (the nearest). Long province lists make
# every pair quadratic otherwise, and the right place is nearly always among these.
_NEAR_LEFT, _NEAR_RIGHT, _FIRST, _LAST = 4, 2, 2, 1


def _bucket(n: int) -> str:
    return str(bisect.bisect_left(_BUCKET_EDGES, n))


def _nearby(a: Analysis, lo: int, hi: int, pos: int, own: bool) -> list[PlaceMention]:
    """The place mentions of [lo, hi) a number at ``pos`` is compared with."""
    starts = a._place_starts
    i = bisect.bisect_left(starts, lo)
    j = bisect.bisect_left(starts, hi)
    while j > i and a.places[j - 1].end > hi:
        j -= 1
    if own:
        k = bisect.bisect_left(starts, pos, i, j)
        keep = a.places[max(i, k - _NEAR_LEFT):min(j, k + _NEAR_RIGHT)]
        if i < j and k - _NEAR_LEFT > i:
            keep = [a.places[i]] + keep
        return keep
    if j - i <= _FIRST + _LAST:
        return a.places[i:j]
    return a.places[i:i + _FIRST] + a.places[j - _LAST:j]


def _resolve(p: PlaceMention, context: str) -> list[Place]:
    if p.province and not p.districts:
        return [(p.province, None)]
    in_ctx = [d for d in p.districts if d.province == context]
    d = (in_ctx or list(p.districts))[0]
    return [(d.province, d.name), (d.province, None)]


def _mention_features(a: Analysis, p: PlaceMention, rules: RuleLinker) -> tuple[str, ...]:
    """Features of a mention that do not depend on the number (computed once per text)."""
    cache = a.cache.setdefault("place_mention_features", {})
    key = (p.start, p.end)
    if key not in cache:
        names = [f"prefix={p.prefix}", f"head={rules._item_head(a, p.start)}"]
        prep = a.norm[max(0, p.start - 6):p.start].split()
        if prep:
            names.append(f"prep={prep[-1]}")
        cache[key] = tuple(names)
    return cache[key]


def candidates(a: Analysis, link: Link, rules: RuleLinker, national_doc: bool) -> list[Candidate]:
    """Place candidates of one number with their features."""
    q = link.quantity
    s = a.sentence_of(q.start)
    rule_place = link.places[0] if link.places else (NATIONAL, None)
    context = rule_place[0]
    scopes = [(s.start, s.end, "S0")]
    if s.is_item and s.parent is not None:
        ph = a.sentences[s.parent]
        scopes.append((ph.start, ph.end, "PH"))
    for k, tag in ((1, "S-1"), (2, "S-2")):
        if s.index - k >= 0:
            ps = a.sentences[s.index - k]
            scopes.append((ps.start, ps.end, tag))
    c0, c1 = a.clause_bounds(q.start)
    out: dict[Place, dict[str, float]] = {}

    def feats(place: Place) -> dict[str, float]:
        return out.setdefault(place, {"bias": 1.0})

    gaz = get_gazetteer()
    norm = a.norm
    anaphor = rules._anaphor(a, s)
    for lo, hi, tag in scopes:
        for p in _nearby(a, lo, hi, q.start, tag == "S0"):
            before = p.end <= q.start
            side = "L" if before else "R"
            dist = _bucket(q.start - p.end if before else p.start - q.end)
            n_between = a.count_quantities_in(min(p.end, q.end), max(p.start, q.start))
            shared = (f"scope={tag}", f"dist={dist}", f"between_q={min(n_between, 3)}",
                      f"clause={c0 <= p.start and p.end <= c1}", f"dir_dist={side}{dist}|{tag}",
                      f"anaphor={anaphor}|{tag}")
            if tag in ("S-1", "S-2") and "\n\n" in a.text[p.end:q.start]:
                shared += (f"other_paragraph|{tag}",)
            gap = norm[p.end:q.start] if before else norm[q.end:p.start]
            gaps = [f"gap_{nm}" for ch, nm in _GAPS if ch in gap]
            mention = _mention_features(a, p, rules)
            for i, place in enumerate(_resolve(p, context)):
                f = feats(place)
                via = "" if i == 0 else "_up"
                f[f"dir={side}{via}"] = 1.0
                f[f"level={'district' if place[1] else 'province'}{via}"] = 1.0
                for name in shared:
                    f[name] = 1.0
                for name in mention:
                    f[name] = 1.0
                for name in gaps:
                    f[name] = 1.0
    for place, tag in (((NATIONAL, None), "national"), ((context, None), "context")):
        feats(place)[f"src={tag}"] = 1.0
    for place in link.places:
        feats(place)["rule_choice"] = 1.0
        feats(place)[f"rule_choice|src={link.place_source}"] = 1.0
        feats(place)[f"rule_choice|national_doc={national_doc}"] = 1.0
    for place, f in out.items():
        if place[0] == NATIONAL:
            f["is_national"] = 1.0
            f[f"is_national|national_doc={national_doc}"] = 1.0
            f[f"is_national|anaphor={anaphor}"] = 1.0
        elif place[0] == context:
            f["same_as_context"] = 1.0
        if place[0] != NATIONAL and gaz.province(place[0]) is None:
            f["unknown"] = 1.0
    return [Candidate(p, f) for p, f in out.items()]
