"""Record builder: turn the linker's decisions into schema records."""
from __future__ import annotations

from typing import Iterable

from ..records import Location, Record
from ..resolve.places import NATIONAL, NATIONAL_CODE, get_gazetteer
from .link import Link


def build_records(text: str, links: Iterable[Link], doc_id: str | None = None) -> list[Record]:
    """One record per link and place (a shared figure yields one record per place)."""
    gaz = get_gazetteer()
    out: list[Record] = []
    for link in links:
        s, e = link.evidence
        # One record per place named, even when two wards fall in one district ("Định Công
        # và Đại Kim mỗi phường 4 ca" is two figures): the schema splits shared figures.
        for province, district in link.places:
            if province == NATIONAL:
                loc = Location(NATIONAL, None, NATIONAL_CODE)
            else:
                name, code = gaz.canonical(province)
                loc = Location(name, district if name != NATIONAL else None, code)
            out.append(Record(
                event=link.event, value=link.value, location=loc,
                date=link.date.isoformat() if link.date else None,
                cumulative=bool(link.cumulative),
                since=link.since.isoformat() if link.since else None,
                kind=link.kind, setting=link.setting, text=text[s:e], start=s, end=e,
                approximate=bool(link.quantity.approximate), confidence=link.confidence,
                doc_id=doc_id,
            ))
    return out
