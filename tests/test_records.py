from __future__ import annotations

import json

import pytest

from vnepi.records import Location, Record, to_dataframe, to_jsonl


def _rec(**kw) -> Record:
    base = dict(event="deaths", value=28, location=Location("Hồ Chí Minh", None, "79"),
                date="2021-11-04", text="TP HCM 28 ca", start=512, end=524)
    base.update(kw)
    return Record(**base)


def test_schema_fields_in_order():
    d = _rec().to_dict(extras=False)
    assert list(d) == ["event", "value", "location", "date", "cumulative", "since", "kind",
                       "setting", "text", "start", "end"]
    assert d["location"] == {"province": "Hồ Chí Minh", "district": None, "code": "79"}


def test_round_trip_dict_json_and_flat():
    r = _rec(cumulative=True, since="2021-04-27", setting="community", approximate=True)
    assert Record.from_dict(r.to_dict()) == r
    assert Record.from_dict(json.loads(r.to_json())) == r
    assert Record.from_dict(r.to_flat()) == r


def test_invalid_kind_or_setting_is_rejected():
    with pytest.raises(ValueError):
        _rec(kind="total")
    with pytest.raises(ValueError):
        _rec(setting="hospital")
    with pytest.raises(ValueError):
        Record.from_dict({"value": 3})


def test_jsonl_and_dataframe():
    recs = [_rec(), _rec(value=13, location={"province": "Bình Dương", "district": None,
                                              "code": "74"})]
    lines = to_jsonl(recs).splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["location"]["code"] == "74"
    df = to_dataframe(recs)
    assert list(df["province"]) == ["Hồ Chí Minh", "Bình Dương"]
    assert df["value"].sum() == 41
