from __future__ import annotations

from vnepi.evaluate import match_key, score_corpus, score_records


def _r(event="cases", value=3, province="Đắk Lắk", district=None, **kw):
    d = {"event": event, "value": value, "location": {"province": province, "district": district,
                                                      "code": None},
         "date": "2021-11-04", "cumulative": False, "since": None, "kind": "count",
         "setting": None, "text": "", "start": 0, "end": 0}
    d.update(kw)
    return d


def test_names_compared_after_normalisation():
    assert match_key(_r(province="Đăk Lăk")) == match_key(_r(province="Đắk Lắk"))
    assert match_key(_r(province="TP HCM")) == match_key(_r(province="Hồ Chí Minh"))
    assert match_key(_r(province="Hồ Chí Minh", district="Q.7")) == \
        match_key(_r(province="Hồ Chí Minh", district="Quận 7"))
    assert match_key(_r(province="Bắc Giang", district="huyện Yên Thế")) == \
        match_key(_r(province="Bắc Giang", district="Yên Thế"))
    assert match_key(_r(cumulative=True)) != match_key(_r())
    assert match_key(_r(kind="change")) != match_key(_r())


def test_each_gold_matches_at_most_one_prediction():
    s = score_records([_r(), _r()], [_r()])
    assert s.micro()["tp"] == 1 and s.micro()["fp"] == 1 and s.micro()["fn"] == 0


def test_attribute_accuracy_over_matches_only():
    s = score_records([_r(date="2021-11-03"), _r(value=9)], [_r(), _r(value=7)])
    assert s.matched == 1
    assert s.attributes()["date"] == 0.0 and s.attributes()["setting"] == 1.0
    m = s.per_event()["cases"]
    assert (m["tp"], m["fp"], m["fn"]) == (1, 1, 1)


def test_corpus_micro_average():
    s = score_corpus([("a", [_r()], [_r()]), ("b", [], [_r(event="deaths")])])
    assert round(s.micro()["recall"], 3) == 0.5 and s.micro()["precision"] == 1.0


def test_author_grouped_cv_tool_reports_every_author():
    import re
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    p = subprocess.run([sys.executable, str(root / "tools" / "author_cv.py"), "--rules", "--folds", "2"],
                       cwd=root, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    m = re.search(r"rules only: author-grouped 2-fold micro-F1 (0\.\d+) over (\d+) documents of (\d+) authors",
                  p.stdout)
    assert m and 0.5 < float(m.group(1)) < 1.0
    assert len(re.findall(r"^  \S+\s+\d\.\d{3}$", p.stdout, re.M)) == int(m.group(3))


def test_scores_table_lists_each_event_and_the_micro_average():
    from vnepi.evaluate import score_corpus
    gold = [{"event": "cases", "value": 5, "location": {"province": "Hà Nội", "district": None},
             "cumulative": False, "kind": "count", "date": None, "since": None, "setting": None}]
    pred = gold + [dict(gold[0], event="deaths")]
    lines = score_corpus([("d1", pred, gold)]).table().splitlines()
    assert lines[0].split() == ["event", "P", "R", "F1", "n"]
    assert lines[1].split() == ["cases", "1.000", "1.000", "1.000", "1"]
    assert lines[-2].split() == ["micro", "0.500", "1.000", "0.667", "1"]
    assert lines[-1].startswith("attribute accuracy over matches: date 1.000")
