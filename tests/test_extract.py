"""End to end: records from real bulletin text."""
from __future__ import annotations

from pathlib import Path

import pytest

import vnepi
from vnepi.corpus.drafts import read_draft
from vnepi.evaluate import score_records

ROOT = Path(__file__).resolve().parents[1]
SEED_GOLD = sorted((ROOT / "annotations" / "drafts" / "train").glob("seed_*.json"))


def test_issue_example():
    recs = vnepi.extract("Hà Nội hôm nay ghi nhận 100 ca nhiễm, 2 ca tử vong.", date="2021-11-04")
    d = [r.to_dict() for r in recs]
    assert d[0]["event"] == "cases" and d[0]["value"] == 100
    assert d[0]["location"] == {"province": "Hà Nội", "district": None, "code": "01"}
    assert d[0]["date"] == "2021-11-04" and d[0]["kind"] == "count" and not d[0]["cumulative"]
    assert d[1]["event"] == "deaths" and d[1]["value"] == 2


def test_seed_records_reach_f1_095():
    assert len(SEED_GOLD) == 3
    total_tp = total_fp = total_fn = 0
    for path in SEED_GOLD:
        doc = read_draft(path)
        pred = vnepi.extract(doc["text"], date="2021-11-04")
        m = score_records(pred, doc["records"]).micro()
        total_tp += m["tp"]
        total_fp += m["fp"]
        total_fn += m["fn"]
    p = total_tp / (total_tp + total_fp)
    r = total_tp / (total_tp + total_fn)
    assert 2 * p * r / (p + r) >= 0.95


def test_evidence_offsets_slice_the_input(seed_texts):
    for text in seed_texts:
        for r in vnepi.extract(text, date="2021-11-04"):
            assert text[r.start:r.end] == r.text
            assert r.event in vnepi.EVENTS and r.kind in vnepi.KINDS


def test_place_from_context_in_seed_000(seed_texts):
    recs = vnepi.extract(seed_texts[0], date="2021-11-04")
    sixty = [r for r in recs if r.value == 60]
    assert [(r.province, r.location.code) for r in sixty] == [("Phú Thọ", "25")]


def test_list_items_shared_figures_and_changes(seed_texts):
    recs = vnepi.extract(seed_texts[1], date="2021-11-04")
    deaths = {(r.province, r.value) for r in recs if r.event == "deaths" and not r.cumulative
              and r.kind == "count"}
    assert {("Hồ Chí Minh", 28), ("Đồng Nai", 3), ("Tiền Giang", 3), ("Trà Vinh", 2),
            ("Ninh Thuận", 1)} <= deaths
    changes = {(r.province, r.value) for r in recs if r.kind == "change"}
    assert ("Bến Tre", -52) in changes and ("Kiên Giang", 104) in changes
    avg = [r for r in recs if r.kind == "average" and r.event == "cases"]
    assert [r.value for r in avg] == [5656]


def test_running_totals_and_since(seed_texts):
    recs = vnepi.extract(seed_texts[1], date="2021-11-04")
    tests = [r for r in recs if r.event == "tests" and r.cumulative]
    assert [(r.value, r.since) for r in tests] == [(22600000, "2021-04-27")]


def test_dateline_sets_the_report_day(seed_texts):
    recs = vnepi.extract(seed_texts[2], date="2021-11-04")
    by_value = {r.value: r for r in recs}
    assert by_value[6192].date == "2021-11-03"
    assert by_value[972790].date == "2021-11-02"


def test_non_counts_give_no_records():
    text = ("Bệnh nhân 75 tuổi, BN1234, ở 49 tỉnh thành, đứng thứ 40/223, tỷ lệ 2,4%, "
            "lúc 19h ngày 4/11, năm 2021, gọi 1900 9095.")
    assert vnepi.extract(text, date="2021-11-04") == []


def test_empty_and_bad_input():
    assert vnepi.extract("") == []
    assert vnepi.extract("   \n ") == []
    with pytest.raises(TypeError, match="decode"):
        vnepi.extract(b"Ha Noi 5 ca")
    with pytest.raises(TypeError):
        vnepi.extract(None)
    with pytest.raises(TypeError):
        vnepi.extract(123)
    with pytest.raises(ValueError):
        vnepi.extract("Hà Nội 5 ca", date="04/11/2021")


def test_foreign_text_gives_no_records():
    assert vnepi.extract("The quick brown fox jumps over 13 lazy dogs.") == []
    assert vnepi.extract("今天新增病例") == []


def test_nlp_pipe_sets_doc_records(nlp, seed_texts):
    docs = list(nlp.pipe(seed_texts))
    assert all(d._.records for d in docs)
    labels = {e.label_ for d in docs for e in d.ents}
    assert {"COUNT", "PLACE", "DATE", "EVENT"} <= labels


def test_extract_docs_matches_extract(seed_texts):
    batch = list(vnepi.extract_docs(seed_texts, date="2021-11-04"))
    single = [vnepi.extract(t, date="2021-11-04") for t in seed_texts]
    assert [[r.to_dict() for r in b] for b in batch] == [[r.to_dict() for r in s] for s in single]


def test_large_document_is_processed_in_bounded_memory(seed_texts):
    import tracemalloc

    text = "\n".join(seed_texts) * 60  # about 600 KB
    tracemalloc.start()
    recs = vnepi.extract(text, date="2021-11-04")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(recs) >= 60 * 100
    assert peak < 600 * len(text)  # linear in the input, a few hundred bytes per character


def test_nlp_pipe_with_two_processes(nlp, seed_texts):
    """Records travel with the Doc (as plain data), so spaCy's multiprocessing works."""
    one = [[r.to_dict() for r in d._.records] for d in nlp.pipe(seed_texts)]
    two = [[r.to_dict() for r in d._.records] for d in nlp.pipe(seed_texts, n_process=2,
                                                                 batch_size=1)]
    assert two == one and all(one)


def test_a_label_before_a_colon_names_the_number(nlp):
    text = "Số F1 cách ly tập trung: 1.112; F1 cách ly tại nhà: 3.480; F2: 7.010 người."
    got = {(r.event, r.value) for r in vnepi.extract(text, nlp=nlp)}
    assert got == {("contacts_f1", 1112), ("contacts_f1", 3480), ("contacts_f2", 7010)}


def test_running_numbers_of_list_rows_are_no_counts(nlp):
    text = "Các ca mắc mới:\n1. Hà Nội: 12 ca\n2. Hải Phòng: 3 ca\n3) Bắc Ninh: 5 ca"
    got = sorted((r.location.province, r.value) for r in vnepi.extract(text, nlp=nlp))
    assert got == [("Bắc Ninh", 5), ("Hà Nội", 12), ("Hải Phòng", 3)]


def test_components_read_the_tokenizer_text_and_fall_back_on_edited_docs(nlp):
    from vnepi.tokenizer import doc_text

    doc = nlp.tokenizer("Hà Nội thêm 12 ca.")
    assert doc_text(doc) is doc.user_data["vnepi_text"]
    doc.user_data["vnepi_text"] = "something else entirely"  # no longer matches the tokens
    assert doc_text(doc) == doc.text == "Hà Nội thêm 12 ca."


def test_a_long_text_pauses_the_garbage_collector_and_restores_it(monkeypatch):
    import gc

    from vnepi import api

    seen = []
    real = api._gc_paused

    def spy(pause):
        seen.append((pause, gc.isenabled()))
        return real(pause)

    monkeypatch.setattr(api, "_gc_paused", spy)
    line = "Hà Nội ghi nhận 12 ca mắc mới, Bắc Ninh 7 ca.\n"
    assert gc.isenabled()
    long_recs = vnepi.extract(line * (api.GC_PAUSE_CHARS // len(line) + 1), date="2021-11-04")
    assert gc.isenabled()  # restored
    vnepi.extract(line, date="2021-11-04")
    assert [p for p, _ in seen] == [True, False]
    assert len(long_recs) == 2 * (api.GC_PAUSE_CHARS // len(line) + 1)
    # a caller who disabled the collector keeps it disabled
    gc.disable()
    try:
        vnepi.extract(line * (api.GC_PAUSE_CHARS // len(line) + 1), date="2021-11-04")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_lead_names_the_report_day_under_a_title_without_one():
    text = ("Gần 9.000 ca COVID-19, thêm 40 ca tử vong\n\n"
            "Tối qua, Bộ Y tế cho biết ngày 14/2 cả nước ghi nhận 8.960 ca mắc mới. "
            "Số bệnh nhân tử vong là 40 ca.\n\n"
            "Các địa phương ghi nhận nhiều ca: Hà Nội 1.812, Hải Phòng 640, Bắc Ninh 575.")
    recs = vnepi.extract(text, date="2022-02-15")
    by_value = {r.value: r for r in recs}
    assert by_value[8960].date == "2022-02-14"
    assert by_value[40].date == "2022-02-14"  # the next sentence names no day of its own
    assert by_value[1812].date == "2022-02-14"


def test_a_closed_window_dates_its_figures_by_its_last_day():
    text = ("Thanh Hóa: học sinh trở lại trường\n\nCác trường THCS, THPT đã đón học sinh "
            "trở lại học trực tiếp. Theo Sở Y tế, từ 8/2 đến 14/2, toàn tỉnh ghi nhận 3.215 ca "
            "mắc COVID-19. Từ 27/4/2021 đến nay, toàn tỉnh ghi nhận 24.870 ca.")
    recs = {r.value: r for r in vnepi.extract(text, date="2022-02-16")}
    assert (recs[3215].date, recs[3215].since, recs[3215].cumulative) == ("2022-02-14", "2022-02-08", True)
    assert (recs[24870].date, recs[24870].since) == ("2022-02-16", "2021-04-27")
