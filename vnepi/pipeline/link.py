"""What the rule linker decides for one number, and the trained linker reads and revises."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date

from ..resolve.numbers import Quantity
from ..resolve.places import NATIONAL
from .topic_rules import StoryPlace


@dataclass
class Link:
    """What the linker decided for one number."""

    quantity: Quantity
    event: str | None
    value: int | float
    kind: str = "count"
    cumulative: bool = False
    since: Date | None = None
    setting: str | None = None
    places: list[tuple[str, str | None]] = field(default_factory=lambda: [(NATIONAL, None)])
    date: Date | None = None
    evidence: tuple[int, int] = (0, 0)
    confidence: float = 1.0
    blocked: str | None = None  # why the rules reject the number ("threshold", "rate", ...)
    unit: str | None = None
    event_source: str | None = None  # how the rules found the event: "cue", "list", "header"...
    place_source: str | None = None  # how they found the place: "item", "clause", "context"...
    # Every event the structure suggests, by source ("right", "left", "unit", "paren", "prev",
    # "parent", "header", "prev_sentence"): the trained event ranker weighs them.
    suggestions: dict[str, tuple[str, int]] = field(default_factory=dict)
    # The record this one took its event from (the figure a parenthesis refines, the item a
    # list continues, the total a breakdown or a change refers to): the trained linker
    # passes its own decision for that record on.
    parent: "Link | None" = None
    # Fields a label states outright (a table column headed "lũy kế"): the trained linker
    # keeps the rules' value for them.
    stated: frozenset[str] = frozenset()
    # A district the story was speaking of, for a figure placed at province level only:
    # the trained linker's place head decides whether it holds.
    story: StoryPlace | None = None
