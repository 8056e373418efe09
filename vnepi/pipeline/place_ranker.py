"""Count → place relations: candidate places for a number and their features.

Candidates are every place mention in the number's sentence, its list header and the two
sentences before it (a district mention also as its province alone), the country, and the
rule linker's own choice. A trained ranker scores each candidate; the best one wins.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..resolve.places import NATIONAL, PlaceMention, get_gazetteer
from .linker import Link, RuleLinker
from .structure import Analysis

Place = tuple[str, str | None]


@dataclass
class Candidate:
    place: Place
    features: dict[str, float]


def _bucket(n: int) -> str:
    for i, b in enumerate((0, 3, 10, 30, 80, 200)):
        if n <= b:
            return str(i)
    return "6"


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
    for lo, hi, tag in scopes:
        for p in a.places_in(lo, hi):
            between = a.quantities_in(min(p.end, q.end), max(p.start, q.start))
            before = p.end <= q.start
            dist = q.start - p.end if before else p.start - q.end
            for i, place in enumerate(_resolve(p, context)):
                f = feats(place)
                lvl = "district" if place[1] else "province"
                via = "" if i == 0 else "_up"
                for name in (f"scope={tag}", f"dir={'L' if before else 'R'}{via}",
                             f"dist={_bucket(dist)}", f"between_q={min(len(between), 3)}",
                             f"level={lvl}{via}", f"clause={c0 <= p.start and p.end <= c1}",
                             f"dir_dist={'L' if before else 'R'}{_bucket(dist)}|{tag}"):
                    f[name] = 1.0
                for name in _mention_features(a, p, rules):
                    f[name] = 1.0
                gap = a.norm[p.end:q.start] if before else a.norm[q.end:p.start]
                for ch, nm in ((";", "semi"), ("(", "paren"), (":", "colon"), ("\n", "nl")):
                    if ch in gap:
                        f[f"gap_{nm}"] = 1.0
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
        elif place[0] == context:
            f["same_as_context"] = 1.0
        if place[0] != NATIONAL and gaz.province(place[0]) is None:
            f["unknown"] = 1.0
    return [Candidate(p, f) for p, f in out.items()]
