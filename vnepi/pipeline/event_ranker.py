"""Which event a number counts: a ranking over the events its surroundings suggest.

The rule linker collects, for every number, the event each source suggests: a cue after
it or before it in its clause, its unit, the record its parenthesis refines, the previous
record of its list, its sentence's opening, its list header, the previous sentence. The
ranker scores each suggested event by *which sources agree on it and how far they are*,
not by the event's name, so what it learns about lists of cases carries over to lists of
F1 contacts or vaccine doses.
"""
from __future__ import annotations

import bisect

from .event_rules import SPECIFICITY
from .linker import Link


_EDGES = (0, 3, 10, 30, 80)


def _bucket(n: int) -> str:
    return str(bisect.bisect_left(_EDGES, n))


def event_candidates(link: Link) -> dict[str, dict[str, float]]:
    """Feature dicts of each event suggested for a number."""
    out: dict[str, dict[str, float]] = {}
    for src, (event, dist) in link.suggestions.items():
        f = out.setdefault(event, {"bias": 1.0})
        f[f"src={src}"] = 1.0
        f[f"src={src}|d={_bucket(dist)}"] = 1.0
        f[f"src={src}|unit={link.unit}"] = 1.0
    if link.event:
        f = out.setdefault(link.event, {"bias": 1.0})
        f["rule"] = 1.0
        f[f"rule|{link.event_source}"] = 1.0
    n_sources = {e: sum(1 for k in f if k.startswith("src=") and "|" not in k)
                 for e, f in out.items()}
    for event, f in out.items():
        f[f"n_sources={min(n_sources[event], 4)}"] = 1.0
        f[f"specificity={SPECIFICITY.get(event, 1)}"] = 1.0
        f[f"event={event}"] = 1.0
        if len(out) == 1:
            f["only_candidate"] = 1.0
        srcs = sorted(k[4:] for k in f if k.startswith("src=") and "|" not in k)
        if len(srcs) >= 2:
            f["pair=" + "+".join(srcs[:2])] = 1.0
    return out
