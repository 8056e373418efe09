"""A headline figure takes the qualifiers of the body figure it repeats.

The schema (``record-schema.md``, "Every mention is a record"; guideline section 2, rule 8):
a figure given in the headline and again in the body is two records, and the headline's
takes the body's running-total flag, window start and setting. A headline is terse ("Hải
Dương truy vết hơn 1.100 F1 liên quan ổ dịch Chí Linh"); the body says what the figure is
("đến sáng nay đã xác định 1.146 F1").
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .structure import Analysis

if TYPE_CHECKING:  # the linkers import this module
    from .link import Link

# A rounded headline figure ("hơn 1.100", "gần 7.000") repeats a body figure this close.
_ROUNDING = 0.15


def headline_end(a: Analysis) -> int | None:
    """End of the document's first line when more text follows it, else None."""
    end = a.text.find("\n")
    if end < 0 or not a.text[end:].strip():
        return None
    return end


def _repeats(head: "Link", body: "Link") -> bool:
    if head.event != body.event or head.kind != body.kind:
        return False
    if head.places[0][0] != body.places[0][0]:
        return False
    if head.value == body.value:
        return True
    return head.quantity.approximate and abs(body.value - head.value) <= _ROUNDING * abs(body.value)


def take_body_qualifiers(a: Analysis, links: list["Link"]) -> None:
    """Give every headline record the cumulative flag, ``since`` and setting of the first body
    record it repeats (the same value first, else a figure the headline rounds)."""
    end = headline_end(a)
    if end is None:
        return
    head = [lk for lk in links if lk.event is not None and lk.quantity.end <= end]
    if not head:
        return
    body = [lk for lk in links if lk.event is not None and lk.quantity.start > end]
    for h in head:
        same = [b for b in body if _repeats(h, b)]
        if not same:
            continue
        b = min(same, key=lambda x: (x.value != h.value, x.quantity.start))
        h.cumulative, h.since, h.setting = b.cumulative, b.since, b.setting
