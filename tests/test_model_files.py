"""Model folders: nothing is ever unpickled, and damaged folders fail with a clear error."""
from __future__ import annotations

import io
import json
import pickle
import shutil
import tokenize
from pathlib import Path

import numpy as np
import pytest
import srsly

import vnepi
from vnepi.api import default_model_path
from vnepi.train import build_pipeline, examples
from vnepi.pipeline.trained import TrainedLinker

ROOT = Path(__file__).resolve().parents[1]
PICKLE_HEADERS = (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05")


def _doc(text: str, date: str, *figures: tuple[str, str, int, bool]) -> dict:
    records = []
    for at, event, value, cumulative in figures:
        start = text.index(at)
        records.append({"event": event, "value": value, "start": start, "end": start + len(at),
                        "kind": "count", "cumulative": cumulative, "setting": None})
    return {"text": text, "date": date, "records": records}


TINY_DOCS = [
    _doc("Hà Nội hôm nay ghi nhận 100 ca nhiễm, 2 ca tử vong.", "2021-11-04",
         ("100 ca nhiễm", "cases", 100, False), ("2 ca tử vong", "deaths", 2, False)),
    _doc("Bắc Giang có 30 ca mắc mới, 5 ca khỏi bệnh; đường dây nóng 1900 9095.", "2021-11-04",
         ("30 ca mắc mới", "cases", 30, False), ("5 ca khỏi bệnh", "recovered", 5, False)),
    _doc("Tổng số ca tử vong tại Việt Nam tính đến nay là 22.283 ca, bệnh nhân 75 tuổi.",
         "2021-11-03", ("22.283 ca", "deaths", 22283, True)),
]


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict[str, Path]:
    """A saved rules pipeline and a saved pipeline with a (tiny) trained linker."""
    base = tmp_path_factory.mktemp("models")
    vnepi.rules_pipeline().to_disk(base / "rules")
    linker = TrainedLinker().fit(examples(TINY_DOCS))
    nlp = build_pipeline(linker)
    nlp.meta["vnepi_version"] = vnepi.__version__
    nlp.to_disk(base / "trained")
    return {"rules": base / "rules", "trained": base / "trained"}


@pytest.fixture
def trained_copy(saved, tmp_path) -> Path:
    dst = tmp_path / "model"
    shutil.copytree(saved["trained"], dst)
    return dst


def model_folders(saved: dict[str, Path]) -> list[Path]:
    folders = list(saved.values())
    if default_model_path().is_dir():  # the shipped model, when one has been trained
        folders.append(default_model_path())
    return folders


# -- nothing to unpickle --------------------------------------------------------------------
def test_saved_models_hold_no_pickle(saved):
    for folder in model_folders(saved):
        files = [f for f in folder.rglob("*") if f.is_file()]
        assert files
        for f in files:
            assert f.suffix not in (".pkl", ".pickle", ".joblib", ".pt", ".pth"), f
            head = f.read_bytes()[:2]
            assert head not in PICKLE_HEADERS, f
            if f.suffix == ".npy":
                arr = np.load(f, allow_pickle=False)  # raises on an object array
                assert not arr.dtype.hasobject
        assert (folder / "config.cfg").is_file() and (folder / "meta.json").is_file()


def test_every_file_of_a_saved_model_is_a_data_format(saved):
    """Each file parses as JSON, .npy, a config or msgpack: formats that cannot run code."""
    for folder in model_folders(saved):
        for f in (x for x in folder.rglob("*") if x.is_file()):
            data = f.read_bytes()
            if f.suffix == ".json":
                json.loads(data)
            elif data.startswith(b"\x93NUMPY"):
                np.load(f, allow_pickle=False)
            elif f.suffix in (".cfg", ".md"):
                data.decode("utf-8")
            else:
                srsly.msgpack_loads(data)


def test_trained_model_loads_and_extracts(saved):
    assert vnepi.load(saved["rules"]).pipe_names == ["vnepi_sentences", "vnepi_rules"]
    nlp = vnepi.load(saved["trained"])
    assert nlp.pipe_names == ["vnepi_sentences", "vnepi_linker"]
    recs = vnepi.extract("Hà Nội hôm nay ghi nhận 100 ca nhiễm, 2 ca tử vong.", nlp=nlp,
                         date="2021-11-04")
    assert {(r.event, r.value) for r in recs} >= {("cases", 100)}


FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "joblib", "cloudpickle", "dill", "shelve",
                     "marshal"}


def unsafe_loads(source: str) -> list[str]:
    """Uses of unpickling in Python source, ignoring comments and docstrings' prose."""
    found = []
    toks = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)]
    for i, t in enumerate(toks):
        nxt = [x.string for x in toks[i + 1:i + 4]]
        if t.type == tokenize.NAME and t.string in FORBIDDEN_MODULES:
            found.append(f"{t.start[0]}: {t.string}")
        elif t.type == tokenize.NAME and t.string == "torch" and nxt[:2] == [".", "load"]:
            found.append(f"{t.start[0]}: torch.load")
        elif t.type == tokenize.NAME and t.string == "allow_pickle" and nxt[:2] == ["=", "True"]:
            found.append(f"{t.start[0]}: allow_pickle=True")
        elif t.type == tokenize.STRING and t.string.strip("'\"") in FORBIDDEN_MODULES:
            found.append(f"{t.start[0]}: {t.string}")  # importlib.import_module("pickle")
    return found


def test_the_scanner_finds_unpickling_but_not_prose():
    bad = ("import pickle\nx = joblib.load(f)\nm = torch.load(p)\n"
           "a = np.load(f, allow_pickle=True)\nimportlib.import_module('dill')\n")
    assert len(unsafe_loads(bad)) == 5
    good = ('"""Saved without pickle or joblib; torch.load is never used."""\n'
            "# pickle would run code\nb = np.load(f, allow_pickle=False)\n")
    assert unsafe_loads(good) == []


def test_vnepi_source_never_unpickles():
    sources = sorted((ROOT / "vnepi").rglob("*.py"))
    assert len(sources) > 10
    found = {str(p.relative_to(ROOT)): unsafe_loads(p.read_text(encoding="utf-8"))
             for p in sources}
    assert {k: v for k, v in found.items() if v} == {}


# -- damaged folders ------------------------------------------------------------------------
def load_error(folder: Path) -> str:
    with pytest.raises(vnepi.ModelLoadError) as e:
        vnepi.load(folder)
    assert isinstance(e.value, OSError)  # callers catching OSError still catch it
    return str(e.value)


def test_missing_config(trained_copy):
    (trained_copy / "config.cfg").unlink()
    assert "config.cfg" in load_error(trained_copy)


def test_unreadable_config(trained_copy):
    (trained_copy / "config.cfg").write_text("[nlp\nlang = ", encoding="utf-8")
    assert "config.cfg" in load_error(trained_copy)


def test_truncated_meta(trained_copy):
    meta = trained_copy / "meta.json"
    meta.write_bytes(meta.read_bytes()[: len(meta.read_bytes()) // 2])
    assert "meta.json" in load_error(trained_copy)


def test_truncated_heads_list(trained_copy):
    heads = trained_copy / "vnepi_linker" / "heads.json"
    heads.write_text('["event", "ki', encoding="utf-8")
    assert "heads.json" in load_error(trained_copy)


@pytest.mark.parametrize("name", ["event.coef.npy", "kind.intercept.npy"])
def test_missing_array(trained_copy, name):
    (trained_copy / "vnepi_linker" / name).unlink()
    assert name in load_error(trained_copy)


def test_missing_arrays_of_a_head(trained_copy):
    for f in (trained_copy / "vnepi_linker").glob("setting.*.npy"):
        f.unlink()
    assert "setting." in load_error(trained_copy)


def test_corrupted_array(trained_copy):
    f = trained_copy / "vnepi_linker" / "event.coef.npy"
    f.write_bytes(b"\x00garbage" * 20)
    assert "event.coef.npy" in load_error(trained_copy)


def test_truncated_array(trained_copy):
    f = trained_copy / "vnepi_linker" / "event.coef.npy"
    f.write_bytes(f.read_bytes()[:-8])
    msg = load_error(trained_copy)
    assert "event.coef.npy" in msg and "truncated" in msg


def test_array_of_the_wrong_shape(trained_copy):
    f = trained_copy / "vnepi_linker" / "event.coef.npy"
    rows, cols = np.load(f).shape
    np.save(f, np.zeros((rows, cols + 3), dtype=np.float32), allow_pickle=False)
    msg = load_error(trained_copy)
    assert "event.coef.npy" in msg and "shape" in msg


def test_array_holding_python_objects(trained_copy):
    f = trained_copy / "vnepi_linker" / "kind.intercept.npy"
    np.save(f, np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    msg = load_error(trained_copy)
    assert "kind.intercept.npy" in msg and "objects" in msg


class _Trap:
    """Unpickling this creates a file: proof that a loader ran code from the model."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("name", ["vnepi_linker/extra.pkl", "vnepi_linker/weights.bin",
                                  "vocab/lookups.bin"])
def test_a_pickle_in_the_folder_is_refused_unopened(trained_copy, tmp_path, name):
    marker = tmp_path / "code-ran"
    (trained_copy / name).write_bytes(pickle.dumps(_Trap(marker), protocol=4))
    assert Path(name).name in load_error(trained_copy)
    assert not marker.exists()


def test_model_from_a_newer_vnepi(trained_copy):
    meta = json.loads((trained_copy / "meta.json").read_text(encoding="utf-8"))
    meta["vnepi_version"] = "99.0.0"
    (trained_copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    msg = load_error(trained_copy)
    assert "99.0.0" in msg and "newer" in msg and vnepi.__version__ in msg


def test_not_a_folder(tmp_path):
    assert "no vnepi model folder" in load_error(tmp_path / "nowhere")
    (tmp_path / "file.txt").write_text("x")
    assert "file.txt" in load_error(tmp_path / "file.txt")


def test_running_total_heads_take_their_own_regularisation():
    ex = examples(TINY_DOCS)
    loose = TrainedLinker().fit(ex, C=1.0)
    tight = TrainedLinker().fit(ex, C=1.0, C_cumulative=0.01)
    norm = lambda m: float(np.abs(m.coef).sum())  # noqa: E731
    assert norm(tight.models["cumulative"]) < norm(loose.models["cumulative"])
    assert norm(tight.models["event"]) == pytest.approx(norm(loose.models["event"]))
