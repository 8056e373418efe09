"""The vnepi record: one reported quantity, as defined by ``record-schema.md``.

This module sits at the bottom of the package: it imports nothing else of vnepi.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, Iterable, Mapping

EVENTS: tuple[str, ...] = (
    "cases", "deaths", "recovered", "severe", "under_treatment", "tests", "people_tested",
    "vaccine_doses", "vaccine_dose1", "vaccine_dose2", "vaccine_dose3",
    "contacts_f1", "contacts_f2", "contacts_f3",
)
KINDS: tuple[str, ...] = ("count", "change", "average")
SETTINGS: tuple[str | None, ...] = (None, "community", "quarantine", "imported", "domestic",
                                    "home_isolation")
NATIONAL = "Việt Nam"
NATIONAL_CODE = "VN"


@dataclass(frozen=True)
class Location:
    """Where a figure applies: a canonical pre-2025 province (or "Việt Nam") and a district."""

    province: str = NATIONAL
    district: str | None = None
    code: str = NATIONAL_CODE

    def to_dict(self) -> dict[str, Any]:
        return {"province": self.province, "district": self.district, "code": self.code}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> "Location":
        if not d:
            return cls()
        return cls(province=d.get("province") or NATIONAL, district=d.get("district"),
                   code=d.get("code") or NATIONAL_CODE)


@dataclass
class Record:
    """One reported quantity read from a bulletin.

    The first eleven fields are the public contract of ``record-schema.md``; ``approximate``,
    ``confidence`` and ``doc_id`` are extras (allowed by the schema, ignored when scoring).
    """

    event: str
    value: int | float
    location: Location = field(default_factory=Location)
    date: str | None = None
    cumulative: bool = False
    since: str | None = None
    kind: str = "count"
    setting: str | None = None
    text: str = ""
    start: int = 0
    end: int = 0
    approximate: bool = False
    confidence: float | None = None
    doc_id: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.location, Mapping):
            self.location = Location.from_dict(self.location)
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.setting not in SETTINGS:
            raise ValueError(f"setting must be one of {SETTINGS}, got {self.setting!r}")

    @property
    def province(self) -> str:
        return self.location.province

    @property
    def district(self) -> str | None:
        return self.location.district

    def to_dict(self, *, extras: bool = True) -> dict[str, Any]:
        """The record as a JSON-ready dict in the schema's field order."""
        d: dict[str, Any] = {
            "event": self.event, "value": self.value, "location": self.location.to_dict(),
            "date": self.date, "cumulative": self.cumulative, "since": self.since,
            "kind": self.kind, "setting": self.setting, "text": self.text,
            "start": self.start, "end": self.end,
        }
        if extras:
            d["approximate"] = self.approximate
            if self.confidence is not None:
                d["confidence"] = round(float(self.confidence), 4)
            if self.doc_id is not None:
                d["doc_id"] = self.doc_id
        return d

    def to_flat(self) -> dict[str, Any]:
        """A flat dict (location split into columns), the row format for CSV and pandas."""
        d = self.to_dict()
        loc = d.pop("location")
        d["province"] = loc["province"]
        d["district"] = loc["district"]
        d["code"] = loc["code"]
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Record":
        """Build a record from its schema dict (or a flat row as written by ``to_flat``)."""
        kw = {k: v for k, v in d.items() if k in _FIELDS}
        if "location" not in d and "province" in d:
            kw["location"] = Location(province=d["province"], district=d.get("district"),
                                      code=d.get("code") or NATIONAL_CODE)
        if "event" not in kw or "value" not in kw:
            raise ValueError(f"a record needs 'event' and 'value': {dict(d)!r}")
        return cls(**kw)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


_FIELDS = frozenset(f.name for f in fields(Record))


def to_jsonl(records: Iterable[Record]) -> str:
    """Records as JSON lines (one record per line, UTF-8 text)."""
    return "".join(r.to_json() + "\n" for r in records)


def to_dataframe(records: Iterable[Record]):
    """Records as a pandas DataFrame with one flat row per record."""
    import pandas as pd

    rows = [r.to_flat() for r in records]
    cols = ["event", "value", "province", "district", "code", "date", "cumulative", "since",
            "kind", "setting", "text", "start", "end", "approximate", "confidence", "doc_id"]
    df = pd.DataFrame(rows, columns=cols)
    return df
