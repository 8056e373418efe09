"""Breakdowns found by arithmetic (vnepi.pipeline.sums), on hand-made record lists."""
from __future__ import annotations

from dataclasses import dataclass, field

from vnepi.pipeline.sums import FIRST_PART_REACH, follow_totals, sum_parents


@dataclass
class Q:
    start: int
    end: int


@dataclass
class R:
    quantity: Q
    event: str | None
    value: float
    kind: str = "count"
    cumulative: bool = False
    since: object = None
    places: list = field(default_factory=lambda: [("Việt Nam", None)])
    stated: frozenset = frozenset()
    event_source: str | None = None
    unit: str | None = None


def _records(values, event="cases", step=20, **kw):
    return [R(Q(i * step, i * step + 5), event, v, **kw) for i, v in enumerate(values)]


def _parents(records):
    return sum_parents(records, [r.value for r in records], [len(r.places) for r in records])


def test_parts_that_add_up_to_the_figure_before_them_are_its_parts():
    assert _parents(_records([36, 14, 9, 7, 4, 2])) == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}


def test_no_parent_when_the_figures_overshoot_or_fall_short():
    assert _parents(_records([36, 14, 9, 8, 4, 2])) == {}
    assert _parents(_records([36, 14, 9])) == {}


def test_one_part_equal_to_the_total_is_a_repetition_not_a_breakdown():
    assert _parents(_records([36, 36])) == {}


def test_a_nested_breakdown_belongs_to_its_own_total():
    # Tiền Giang 15 (Cái Bè 6, Châu Thành 5, Mỹ Tho 4), Long An 17: 32 in all
    records = _records([32, 15, 6, 5, 4, 17])
    assert _parents(records) == {2: 1, 3: 1, 4: 1, 1: 0, 5: 0}


def test_a_part_that_happens_to_equal_the_parts_after_it_does_not_break_the_total():
    # 21 ca: Yên Lạc 3, Vĩnh Tường 9, Vĩnh Yên 6, Bình Xuyên 3 (9 = 6 + 3 by chance)
    assert _parents(_records([21, 3, 9, 6, 3])) == {1: 0, 2: 0, 3: 0, 4: 0}
    # but a nested breakdown the whole adds up with stays nested
    assert _parents(_records([32, 15, 6, 5, 4, 17])) == {2: 1, 3: 1, 4: 1, 1: 0, 5: 0}


def test_other_events_changes_and_shared_figures():
    records = _records([20, 8, 100, 6, 3])
    records[2].event = "contacts_f1"  # "8 ca, 100 F1": the F1 figure is skipped
    records[3].kind = "change"  # "(tăng 6)": skipped
    records[4].places = [("Hải Phòng", None), ("Hưng Yên", None)] * 2  # "mỗi nơi 3 ca" x 4
    assert _parents(records) == {1: 0, 4: 0}


def test_a_first_part_far_from_the_total_is_not_a_part():
    records = _records([10, 6, 4], step=FIRST_PART_REACH + 10)
    assert _parents(records) == {}


def test_totals_below_three_are_not_tried():
    assert _parents(_records([2, 1, 1])) == {}


def test_parts_follow_their_total_s_flag_unless_a_label_states_their_own():
    records = _records([36, 14, 9, 7, 6])
    records[0].cumulative, records[0].since = True, "2021-04-27"
    records[4].stated = frozenset({"cumulative"})
    follow_totals(records)
    assert [(r.cumulative, r.since) for r in records] == [
        (True, "2021-04-27")] * 4 + [(False, None)]
    records[0].cumulative, records[0].since = False, None
    follow_totals(records)
    assert [r.cumulative for r in records[1:4]] == [False] * 3


def test_parts_read_as_plain_cases_count_what_their_total_counts():
    records = _records([20, 12, 8], event="cases")
    records[0].event = "under_treatment"
    follow_totals(records)
    assert [r.event for r in records] == ["under_treatment"] * 3
    # a total of plain cases does not pass its event to specific parts, nor the reverse
    records = _records([20, 12, 8], event="deaths")
    records[0].event = "cases"
    follow_totals(records)
    assert [r.event for r in records] == ["cases", "deaths", "deaths"]


def test_parts_read_as_plain_doses_count_the_dose_their_total_counts():
    # "đã tiêm 47.912 mũi 3. Cụ thể: TP. Thủ Dầu Một: 9.874 mũi; ...": third doses
    records = _records([47912, 9874, 10215, 27823], event="vaccine_doses")
    records[0].event = "vaccine_dose3"
    follow_totals(records)
    assert [r.event for r in records] == ["vaccine_dose3"] * 4
    # plain doses are no deaths, and a total of plain doses names no dose
    records = _records([20, 12, 8], event="vaccine_doses")
    records[0].event = "deaths"
    follow_totals(records)
    assert [r.event for r in records] == ["deaths", "vaccine_doses", "vaccine_doses"]
    records = _records([20, 12, 8], event="vaccine_dose1")
    records[0].event = "vaccine_doses"
    follow_totals(records)
    assert [r.event for r in records] == ["vaccine_doses", "vaccine_dose1", "vaccine_dose1"]


def test_which_records_may_be_parts_is_a_parameter():
    records = _records([20, 12, 8])
    records[1].event = "deaths"
    assert _parents(records) == {}
    assert sum_parents(records, [r.value for r in records], counts_for=lambda t, p: True) == {
        1: 0, 2: 0}
    assert sum_parents(records, [r.value for r in records], counts_for=lambda t, p: True,
                       taken={2}) == {}
