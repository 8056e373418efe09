"""A multinomial logistic model over string features, stored without pickle.

Fitting uses scikit-learn; a fitted model is just arrays (``coef_``, ``intercept_``), the
class names and the feature vocabulary, saved as ``.npy`` and JSON and rebuilt on load
into a small NumPy ``predict_proba``. Nothing in a saved model can run code.
"""
from __future__ import annotations

import json
import math
import operator
from itertools import repeat
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np

from ..errors import ModelLoadError


class LinearModel:
    """Softmax over ``coef @ x + intercept`` for sparse binary/real features."""

    def __init__(self, classes: Sequence[str] = (), vocab: Mapping[str, int] | None = None,
                 coef: np.ndarray | None = None, intercept: np.ndarray | None = None) -> None:
        self.classes = list(classes)
        self.vocab = dict(vocab or {})
        self.coef = coef if coef is not None else np.zeros((0, 0))
        self.intercept = intercept if intercept is not None else np.zeros(0)
        self._binary: tuple[dict[str, float], float] | None = None

    # -- fitting --------------------------------------------------------------------
    def fit(self, X: Sequence[Mapping[str, float]], y: Sequence[str], *, C: float = 1.0,
            seed: int = 0, max_iter: int = 2000) -> "LinearModel":
        """Fit on feature dicts ``X`` and labels ``y`` (scikit-learn, lbfgs)."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = DictVectorizer()
        Xm = vec.fit_transform(X)
        labels = sorted(set(y))
        if len(labels) == 1:
            self.classes = labels
            self.vocab = {}
            self.coef = np.zeros((1, 0))
            self.intercept = np.zeros(1)
            return self
        clf = LogisticRegression(C=C, max_iter=max_iter, random_state=seed)
        clf.fit(Xm, list(y))
        self.classes = [str(c) for c in clf.classes_]
        self.vocab = {k: int(v) for k, v in vec.vocabulary_.items()}
        coef = np.asarray(clf.coef_, dtype=np.float32)
        intercept = np.asarray(clf.intercept_, dtype=np.float32)
        if len(self.classes) == 2:  # scikit-learn keeps one row for two classes
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2], dtype=np.float32)
        # Drop features with no weight to keep the shipped model small.
        keep = np.flatnonzero(np.abs(coef).max(axis=0) > 1e-6)
        remap = {old: new for new, old in enumerate(keep)}
        self.vocab = {k: remap[v] for k, v in self.vocab.items() if v in remap}
        self.coef = np.ascontiguousarray(coef[:, keep])
        self.intercept = intercept
        self._binary = None
        return self

    # -- prediction -----------------------------------------------------------------
    def scores(self, features: Mapping[str, float]) -> np.ndarray:
        z = self.intercept.astype(np.float64).copy()
        idx = [self.vocab[k] for k in features if k in self.vocab]
        if idx:
            vals = np.array([features[k] for k in features if k in self.vocab])
            z += self.coef[:, idx] @ vals
        return z

    def predict_proba(self, features: Mapping[str, float]) -> np.ndarray:
        z = self.scores(features)
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()

    def log_odds_weights(self, positive: str) -> tuple[dict[str, float], float] | None:
        """Per-feature weights and bias of the log-odds of ``positive`` in a two-class model
        (None for any other model)."""
        if self._binary is None:
            if len(self.classes) != 2 or positive not in self.classes:
                return None
            i = self.classes.index(positive)
            diff = (self.coef[i] - self.coef[1 - i]).astype(float)
            self._binary = ({k: float(diff[v]) for k, v in self.vocab.items()},
                            float(self.intercept[i] - self.intercept[1 - i]))
        return self._binary

    def positive_probability(self, features: Mapping[str, float], positive: str = "1") -> float:
        """P(``positive``) of a two-class model, in pure Python: rankers score many
        candidates per number, where NumPy's per-call overhead dominates."""
        binary = self.log_odds_weights(positive)
        if binary is None:
            return float(self.predict_proba(features)[self.classes.index(positive)]) \
                if positive in self.classes else 0.0
        weights, bias = binary
        # C-level iteration (map) rather than a generator: rankers call this per candidate.
        z = bias + sum(map(operator.mul, map(weights.get, features, repeat(0.0)), features.values()))
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def predict(self, features: Mapping[str, float]) -> tuple[str, float]:
        """The most probable class and its probability."""
        if len(self.classes) == 1:
            return self.classes[0], 1.0
        p = self.predict_proba(features)
        i = int(p.argmax())
        return self.classes[i], float(p[i])

    # -- persistence ----------------------------------------------------------------
    def to_disk(self, path: str | Path, name: str) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        meta = {"classes": self.classes, "vocab": self.vocab, "shape": list(self.coef.shape)}
        (path / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        np.save(path / f"{name}.coef.npy", self.coef, allow_pickle=False)
        np.save(path / f"{name}.intercept.npy", self.intercept, allow_pickle=False)

    @classmethod
    def from_disk(cls, path: str | Path, name: str) -> "LinearModel":
        path = Path(path)
        files = [path / f"{name}.json", path / f"{name}.coef.npy", path / f"{name}.intercept.npy"]
        for f in files:
            if not f.is_file():
                raise ModelLoadError(f"model file missing: {f}")
        try:
            meta = json.loads(files[0].read_text(encoding="utf-8"))
            coef = np.load(files[1], allow_pickle=False)
            intercept = np.load(files[2], allow_pickle=False)
        except (OSError, ValueError) as e:
            raise ModelLoadError(f"model file corrupted in {path} ({name}): {e}") from e
        if list(coef.shape) != meta.get("shape") or intercept.shape[0] != len(meta["classes"]):
            raise ModelLoadError(f"model {name} in {path}: array shapes do not match its JSON")
        return cls(meta["classes"], meta["vocab"], coef, intercept)


class JointScorer:
    """Several linear heads over one feature space, scored together: one gather-and-sum
    per document instead of one sparse product per head (whose set-up costs more than the
    arithmetic on a bulletin's few hundred numbers)."""

    def __init__(self, models: Mapping[str, LinearModel]) -> None:
        vocab: dict[str, int] = {}
        for m in models.values():
            for k in m.vocab:
                vocab.setdefault(k, len(vocab))
        width = sum(len(m.classes) for m in models.values())
        # One spare all-zero row: every document row points at it, so none is empty.
        W = np.zeros((len(vocab) + 1, width))
        b = np.zeros(width)
        self.slices: dict[str, tuple[int, int]] = {}
        col = 0
        for name, m in models.items():
            k = len(m.classes)
            if m.vocab:
                dst = np.fromiter((vocab[f] for f in m.vocab), dtype=np.int64, count=len(m.vocab))
                src = np.fromiter(m.vocab.values(), dtype=np.int64, count=len(m.vocab))
                W[dst, col:col + k] = np.asarray(m.coef, dtype=np.float64)[:, src].T
            b[col:col + k] = m.intercept
            self.slices[name] = (col, col + k)
            col += k
        self.vocab, self.W, self.b, self._zero = vocab, W, b, len(vocab)

    def predict_proba(self, rows: Sequence[Mapping[str, float]]) -> dict[str, np.ndarray]:
        """Class probabilities of every head for every row: ``{head: (n_rows, n_classes)}``."""
        get = self.vocab.get
        zero = self._zero
        cols: list[int] = []
        vals: list[float] = []
        ptr: list[int] = []
        for feats in rows:
            ptr.append(len(cols))
            cols.append(zero)
            vals.append(0.0)
            # Unknown features point at the all-zero row: no per-feature test in Python.
            cols.extend(map(get, feats, repeat(zero)))
            vals.extend(feats.values())
        if not rows:
            return {h: np.zeros((0, hi - lo)) for h, (lo, hi) in self.slices.items()}
        gathered = self.W[cols]
        if vals.count(1.0) + len(rows) != len(vals):
            # Some feature is not binary (every row's first entry is the zero row's 0.0):
            # weigh the rows. Binary features, the usual case, need no product (w * 1.0 == w).
            gathered *= np.asarray(vals)[:, None]
        z = np.add.reduceat(gathered, ptr, axis=0) + self.b
        out = {}
        for head, (lo, hi) in self.slices.items():
            zh = z[:, lo:hi]
            e = np.exp(zh - zh.max(axis=1, keepdims=True))
            out[head] = e / e.sum(axis=1, keepdims=True)
        return out


def fit_many(rows: Iterable[tuple[Mapping[str, float], str]], **kw) -> LinearModel:
    rows = list(rows)
    return LinearModel().fit([r[0] for r in rows], [r[1] for r in rows], **kw)
