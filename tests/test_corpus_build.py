"""Projection of drafts into the corpus's entity and relation layers."""
from __future__ import annotations

from vnepi.corpus import validate_doc
from vnepi.corpus.build import project
from vnepi.corpus.drafts import draft_record

TEXT = ("Đến nay, tỉnh đã tiêm 812.400 mũi 3 và 95.210 mũi 4 vaccine phòng COVID-19. "
        "Riêng ngày 20/6 tiêm 1.520 mũi 3.")


def _draft() -> dict:
    d = {"id": "tr_fx_build", "text": TEXT, "date": "2022-06-20",
            "meta": {"style": "vaccination", "source_type": "provincial"},
            "records": [
                {"event": "vaccine_dose3", "value": 812400, "province": "Nam Định",
                 "cumulative": True, "evidence": "812.400 mũi 3"},
                {"event": "vaccine_dose3", "value": 1520, "province": "Nam Định",
                 "date": "2022-06-20", "evidence": "1.520 mũi 3"}]}
    d["records"] = [draft_record(TEXT, r, d["date"], d["id"]) for r in d["records"]]
    return d


def test_a_cue_of_an_event_beyond_the_schema_is_not_projected_and_the_document_validates():
    doc, problems = project(_draft())
    assert problems == []
    events = [e for e in doc["entities"] if e["label"] == "EVENT"]
    assert all(e["event"] != "vaccine_dose4" for e in events)
    assert sorted(e["text"] for e in events if e["event"] == "vaccine_dose3") == ["mũi 3", "mũi 3"]
    assert "mũi 4" not in {e["text"] for e in events}
    assert validate_doc(doc) == []


def test_each_record_gets_its_count_and_an_event_relation_to_its_own_cue():
    doc, _ = project(_draft())
    ents = {e["id"]: e for e in doc["entities"]}
    counts = sorted((e["start"], e["text"]) for e in ents.values() if e["label"] == "COUNT")
    assert [t for _, t in counts] == ["812.400", "1.520"]
    rel = {(ents[r["head"]]["text"], ents[r["tail"]]["text"], r["label"]) for r in doc["relations"]}
    assert ("812.400", "mũi 3", "event") in rel and ("1.520", "mũi 3", "event") in rel
