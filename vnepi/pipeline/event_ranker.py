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
from .link import Link


_EDGES = (0, 3, 10, 30, 80)


def _bucket(n: int) -> str:
    return str(bisect.bisect_left(_EDGES, n))


def event_candidates(link: Link) -> dict[str, dict[str, float]]:
    """Feature dicts of each event suggested for a number."""
    out: dict[str, dict[str, float]] = {}
    # The sources suggesting each event, in suggestion order (source names hold no "|", so
    # these are the features "src=<source>" of its dict).
    sources: dict[str, list[str]] = {}
    unit = f"|unit={link.unit}"
    for src, (event, dist) in link.suggestions.items():
        f = out.get(event)
        if f is None:
            f = out[event] = {"bias": 1.0}
            sources[event] = []
        sources[event].append(src)
        f[f"src={src}"] = 1.0
        f[f"src={src}|d={_bucket(dist)}"] = 1.0
        f[f"src={src}{unit}"] = 1.0
    if link.event:
        f = out.get(link.event)
        if f is None:
            f = out[link.event] = {"bias": 1.0}
            sources[link.event] = []
        f["rule"] = 1.0
        f[f"rule|{link.event_source}"] = 1.0
    only = len(out) == 1
    for event, f in out.items():
        srcs = sources[event]
        f[f"n_sources={min(len(srcs), 4)}"] = 1.0
        f[f"specificity={SPECIFICITY.get(event, 1)}"] = 1.0
        f[f"event={event}"] = 1.0
        if only:
            f["only_candidate"] = 1.0
        if len(srcs) >= 2:
            f["pair=" + "+".join(sorted(srcs)[:2])] = 1.0
    return out
