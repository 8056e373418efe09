"""Check hand-written corpus drafts (``annotations/drafts/<split>/<id>.txt`` + ``<id>.json``).

A draft is how annotators write a bulletin: the text in ``<id>.txt`` and, beside it,
``<id>.json``::

    {"id": "tr_a_001", "date": "2021-08-15", "style": "national_daily",
     "source_type": "ministry",
     "records": [
        {"event": "cases", "value": 1234, "province": "Hồ Chí Minh",
         "evidence": "TP HCM 1.234 ca"},
        ...]}

Record keys: event, value, province (canonical or "Việt Nam"), evidence (a verbatim
substring of the text containing the number), and, only when they differ from the
defaults: district (null), date (the document's date; null if the figure has no day),
cumulative (false), since (null), kind ("count"), setting (null), nth (0: which
occurrence of ``evidence`` in the text is meant, counting from 0).

Usage: ``python tools/check_drafts.py annotations/drafts/train [more dirs or files]``
Prints one line per problem and a summary per event/kind/setting; exit status 1 on problems.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from datetime import date as Date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADMIN = json.loads((ROOT / "vnepi" / "data" / "admin_units.json").read_text(encoding="utf-8"))
PROVINCES = {p["name"]: p for p in ADMIN["provinces"]}
EVENTS = {"cases", "deaths", "recovered", "severe", "under_treatment", "tests", "people_tested",
          "vaccine_doses", "vaccine_dose1", "vaccine_dose2", "vaccine_dose3",
          "contacts_f1", "contacts_f2", "contacts_f3"}
KINDS = {"count", "change", "average"}
SETTINGS = {None, "community", "quarantine", "imported", "domestic", "home_isolation"}
STYLES = {"national_daily", "provincial_update", "district_list", "contact_tracing",
          "vaccination", "testing", "patient_2020", "omicron_2022", "home_isolation",
          "deaths_report", "seed", "template"}
SOURCE_TYPES = {"ministry", "provincial", "district", "press", "hospital"}
REC_KEYS = {"event", "value", "province", "district", "date", "cumulative", "since", "kind",
            "setting", "evidence", "nth", "approximate", "note"}
SPELLED = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
           "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10}


def _iso(s) -> bool:
    if s is None:
        return True
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s)) and bool(Date.fromisoformat(s))
    except (TypeError, ValueError):
        return False


def _digits_visible(value, text: str) -> bool:
    v = abs(value)
    if isinstance(v, float) and v != int(v):
        sig = re.sub(r"[^0-9]", "", repr(v)).rstrip("0") or "0"
    else:
        sig = str(int(v)).rstrip("0") or "0"
    runs = [re.sub(r"[.,]", "", m) for m in re.findall(r"\d[\d.,]*", text)]
    if any(sig in r for r in runs):
        return True
    words = re.findall(r"\w+", text.lower())
    if any(SPELLED.get(w) == v for w in words):
        return True
    # Compound spelled numbers ("mười hai", "hai mươi lăm"), as vnepi itself reads them.
    from vnepi.resolve.numbers import find_quantities
    if any(q.spelled and q.value == v for q in find_quantities(text)):
        return True
    mult = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
    return any(SPELLED.get(a) is not None and b in mult and SPELLED[a] * mult[b] == v
               for a, b in zip(words, words[1:]))


def _districts(province: str) -> set[str]:
    return {d["name"] for d in PROVINCES[province]["districts"]}


def check_draft(json_path: Path, problems: list[str], stats: dict[str, Counter]) -> None:
    did = json_path.stem
    txt_path = json_path.with_suffix(".txt")

    def bad(msg: str) -> None:
        problems.append(f"{json_path}: {msg}")

    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        bad(f"does not load: {e}")
        return
    if not txt_path.exists():
        bad(f"missing text file {txt_path.name}")
        return
    text = txt_path.read_text(encoding="utf-8")
    if unicodedata.normalize("NFC", text) != text:
        bad("text is not NFC (run unicodedata.normalize('NFC', ...))")
    if meta.get("id") != did:
        bad(f"id {meta.get('id')!r} != file name {did!r}")
    if not _iso(meta.get("date")) or meta.get("date") is None:
        bad(f"date must be an ISO date: {meta.get('date')!r}")
    if meta.get("style") not in STYLES:
        bad(f"style {meta.get('style')!r} not in {sorted(STYLES)}")
    if meta.get("source_type") not in SOURCE_TYPES:
        bad(f"source_type {meta.get('source_type')!r} not in {sorted(SOURCE_TYPES)}")
    recs = meta.get("records")
    if not isinstance(recs, list) or not recs:
        bad("records must be a non-empty list")
        return
    stats["docs"][meta.get("style")] += 1
    seen = set()
    for i, r in enumerate(recs):
        where = f"record {i} ({r.get('evidence')!r})"
        unknown = set(r) - REC_KEYS
        if unknown:
            bad(f"{where}: unknown keys {sorted(unknown)}")
        ev, kind, setting = r.get("event"), r.get("kind", "count"), r.get("setting")
        if ev not in EVENTS:
            bad(f"{where}: event {ev!r} not in the schema")
        if kind not in KINDS:
            bad(f"{where}: kind {kind!r}")
        if setting not in SETTINGS:
            bad(f"{where}: setting {setting!r}")
        v = r.get("value")
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            bad(f"{where}: value must be a number, got {v!r}")
            continue
        if isinstance(v, float) and kind != "average":
            bad(f"{where}: float value only for kind 'average'")
        if v < 0 and kind != "change":
            bad(f"{where}: negative value only for kind 'change'")
        prov, dist = r.get("province"), r.get("district")
        if prov != "Việt Nam" and prov not in PROVINCES:
            bad(f"{where}: province {prov!r} is not a canonical name")
        elif dist is not None:
            if prov == "Việt Nam":
                bad(f"{where}: a national record has no district")
            elif dist not in _districts(prov):
                bad(f"{where}: district {dist!r} not a district of {prov} "
                    f"(known: {', '.join(sorted(_districts(prov)))})")
        for k in ("date", "since"):
            if not _iso(r.get(k)):
                bad(f"{where}: {k} must be ISO or null: {r.get(k)!r}")
        if not isinstance(r.get("cumulative", False), bool):
            bad(f"{where}: cumulative must be true/false")
        evidence = r.get("evidence")
        if not isinstance(evidence, str) or not evidence:
            bad(f"{where}: evidence missing")
            continue
        n = text.count(evidence)
        nth = r.get("nth", 0)
        if n == 0:
            bad(f"{where}: evidence not found verbatim in the text")
            continue
        if n > 1 and "nth" not in r:
            bad(f"{where}: evidence occurs {n} times; add \"nth\" (0..{n - 1}) or lengthen it")
        if not isinstance(nth, int) or not 0 <= nth < n:
            bad(f"{where}: nth {nth!r} out of range (evidence occurs {n} times)")
        if not _digits_visible(v, evidence):
            bad(f"{where}: value {v} not visible in the evidence")
        key = (ev, v, prov, dist, kind, r.get("cumulative", False), evidence, nth)
        if key in seen:
            bad(f"{where}: duplicate record")
        seen.add(key)
        stats["event"][ev] += 1
        stats["kind"][kind] += 1
        stats["setting"][setting] += 1
        stats["cumulative"][bool(r.get("cumulative", False))] += 1
        stats["province"][prov] += 1


def main(argv: list[str]) -> int:
    paths: list[Path] = []
    for a in argv or ["annotations/drafts"]:
        p = Path(a)
        if p.is_dir():
            paths += sorted(p.rglob("*.json"))
        elif p.suffix == ".json":
            paths.append(p)
    problems: list[str] = []
    stats: dict[str, Counter] = {k: Counter() for k in
                                 ("docs", "event", "kind", "setting", "cumulative", "province")}
    for p in paths:
        check_draft(p, problems, stats)
    for line in problems:
        print(line)
    print(f"\n{len(paths)} drafts, {sum(stats['event'].values())} records, {len(problems)} problems")
    for k in ("docs", "event", "kind", "setting", "cumulative"):
        print(f"{k}: " + ", ".join(f"{a}={b}" for a, b in stats[k].most_common()))
    print(f"provinces covered: {len([p for p in stats['province'] if p != 'Việt Nam'])}/63")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
