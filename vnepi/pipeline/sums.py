"""Breakdowns found by arithmetic: the figures that add up to an earlier figure of the same
event are its parts.

Bulletins give a total and then spread it over places or settings, often without a word
that says so ("Đà Nẵng ghi nhận tổng cộng 4.697 ca. Quận Liên Chiểu có nhiều ca nhất
(1.206 ca), tiếp theo là Thanh Khê 1.047 ca, ..." — the seven districts add up to 4.697).
When the parts add up exactly, the arithmetic is a better witness of the breakdown than
any cue: in the training drafts, 2,425 of the 2,453 parts found this way (99 %) carry their
total's running-total flag (guideline section 7, rule 5), wherever they sit from it.
"""
from __future__ import annotations

from typing import Callable, Container, Protocol, Sequence

from .event_rules import CASE_NOUNS, NOT_CASE_COUNTS

# The first part must follow its total closely; the last may be further off (a list over
# several lines). Characters.
FIRST_PART_REACH = 600
LAST_PART_REACH = 2500
GENERIC = "cases"  # the event a bare "ca", "F0", "người" is read as
# The event a bare "mũi", "liều" is read as, and the doses it may stand for: "đã tiêm 47.912
# mũi 3. Cụ thể: TP. Thủ Dầu Một: 9.874 mũi; TP. Dĩ An: 10.215 mũi; ..." counts third doses.
GENERIC_OF = {"vaccine_dose1": "vaccine_doses", "vaccine_dose2": "vaccine_doses",
              "vaccine_dose3": "vaccine_doses"}
MIN_TOTAL = 3  # below this, coincidences ("2 ca: 1 ca ... 1 ca") are as likely as sums


class _Record(Protocol):
    quantity: object  # with .start / .end
    event: str | None
    kind: str


def sum_parents(records: Sequence[_Record], values: Sequence[float],
                shares: Sequence[int] | None = None,
                counts_for: Callable[[str, str | None], bool] | None = None,
                taken: Container[int] = ()) -> dict[int, int]:
    """``{part index: total index}`` for ``records`` in text order whose counts add up to an
    earlier count of the same event. ``values``: each record's value; ``shares``: how many
    places share a figure ("Hải Phòng và Hưng Yên mỗi nơi 4 ca" counts twice; default 1).

    The parts of a total are the records of its event that follow it one after another
    (changes and averages are skipped; so are parts already given to a later total, so a
    nested breakdown "Tiền Giang 15 ca (Cái Bè 6, Châu Thành 5, Mỹ Tho 4)" does not spoil the
    sum around it). Totals are tried from the last to the first for that reason; a total
    still without parts then takes the records right after it that add up to it, over sums
    found among them by coincidence. At least two parts, adding up to the total exactly.
    ``counts_for(total event, record event)``:
    which records may be parts (default: the same event); ``taken``: indices that may be
    neither."""
    n = len(records)
    counts_for = counts_for or (lambda total, part: part == total)
    shares = shares or [1] * n
    parent: dict[int, int] = {}
    for t in range(n - 1, -1, -1):
        if _may_total(records[t], values[t]) and t not in taken:
            parts = _parts(records, values, shares, counts_for, t, skip=(parent, taken))
            for i in parts:
                parent[i] = t
    # A total left without parts may have lost them to a sum by coincidence among them
    # ("21 ca. Trong đó Yên Lạc 3 ca, Vĩnh Tường 9 ca, Vĩnh Yên 6 ca, Bình Xuyên 3 ca": 9 =
    # 6 + 3). When the records after it add up to it flat, they are its parts.
    totals = set(parent.values())
    for t in range(n):
        if t in totals or t in parent or t in taken or not _may_total(records[t], values[t]):
            continue
        parts = _parts(records, values, shares, counts_for, t, skip=(taken,))
        for i in parts:
            parent[i] = t
        if parts:
            totals.add(t)
    return parent


def _may_total(record: _Record, value: float) -> bool:
    return record.event is not None and record.kind == "count" and abs(value) >= MIN_TOTAL


def _parts(records: Sequence[_Record], values: Sequence[float], shares: Sequence[int],
           counts_for: Callable[[str, str | None], bool], t: int,
           skip: Sequence[Container[int]]) -> list[int]:
    """The records after total ``t`` that add up to it exactly (at least two; else none),
    passing over the indices in any of ``skip``."""
    total = records[t]
    target, end, acc = abs(values[t]), total.quantity.end, 0.0
    parts: list[int] = []
    for i in range(t + 1, len(records)):
        r = records[i]
        # Past the reach, whatever the event: a long text stays linear.
        if r.quantity.start - end > (LAST_PART_REACH if parts else FIRST_PART_REACH):
            break
        if not counts_for(total.event, r.event) or r.kind != "count" or any(i in c for c in skip):
            continue
        acc += abs(values[i]) * shares[i]
        parts.append(i)
        if acc >= target:
            break
    return parts if acc == target and len(parts) >= 2 else []


class _Linked(_Record, Protocol):
    value: float
    event_source: str | None
    unit: str | None
    cumulative: bool
    since: object
    places: list
    stated: frozenset


def follow_totals(links: Sequence[_Linked]) -> None:
    """Give each part of an exact sum its total's running-total flag and ``since``
    (guideline section 7, rule 5), in text order, so a part of a part follows the total
    above both; parts read as plain cases (or plain doses, under a total of one dose) also
    take the event of a total of another event that they add up to. A flag a label states
    outright (a table column "lũy kế") is kept. Links with no event are skipped."""
    records = [lk for lk in links if lk.event is not None]
    values = [lk.value for lk in records]
    shares = [max(1, len(lk.places)) for lk in records]
    totals = sum_parents(records, values, shares)
    # "8.947 F0 đang điều trị tại nhà. Cụ thể, TP Bạc Liêu 2.816 F0, thị xã Giá Rai 1.752,
    # ...": the districts' "F0" are people treated at home, not new cases.
    # Not cases a cue past their counting noun names ("lấy mẫu cho 520 người, phát hiện 8 ca
    # dương tính; ... 4 ca; ... 507 người, 1 ca": 8 + 4 + 507 + 1 = 520 by chance).
    generic = {GENERIC, *GENERIC_OF.values()}
    named = {i for i, lk in enumerate(records)
             if lk.event in generic and lk.event_source == "cue" and lk.unit is None}
    retold = sum_parents(
        records, values, shares, taken=totals.keys() | named,
        counts_for=lambda total, part: total != GENERIC and (
            part in (total, GENERIC) or part == GENERIC_OF.get(total)))
    for i in sorted(retold):
        if records[i].unit in CASE_NOUNS and records[retold[i]].event in NOT_CASE_COUNTS:
            # "27 trường hợp có kết quả xét nghiệm dương tính ... Thuận Thành 15 ca, ...":
            # what is counted in "ca" is no sample, dose or contact, whatever it adds up to.
            del retold[i]
            continue
        records[i].event = records[retold[i]].event
    totals.update(retold)
    for i in sorted(totals):
        part, total = records[i], records[totals[i]]
        if "cumulative" in part.stated:
            continue
        part.cumulative = total.cumulative
        part.since = total.since if total.cumulative else None
