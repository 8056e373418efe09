"""The linear heads: fitting, probabilities, the joint scorer, and the pure-Python path."""
from __future__ import annotations

import random

import numpy as np
import pytest

from vnepi.pipeline.model import JointScorer, LinearModel


def _data(seed: int, classes: list[str], n: int = 300):
    rng = random.Random(seed)
    feats = [f"f{i}" for i in range(40)]
    X, y = [], []
    for _ in range(n):
        row = {"bias": 1.0}
        for f in rng.sample(feats, 6):
            row[f] = 1.0 if rng.random() < 0.8 else 0.5
        label = classes[sum(int(f[1:]) for f in row if f != "bias") % len(classes)]
        X.append(row)
        y.append(label)
    return X, y


@pytest.fixture(scope="module")
def heads():
    out = {}
    for name, classes in (("event", ["NONE", "cases", "deaths"]), ("cumulative", ["False", "True"]),
                          ("kind", ["count"])):
        X, y = _data(len(name), classes)
        out[name] = LinearModel().fit(X, y, C=1.0, seed=0)
    return out


def test_joint_scorer_equals_each_head_alone(heads):
    rows, _ = _data(99, ["a"], n=50)
    rows.append({"never-seen": 1.0})  # no known feature: intercept only
    joint = JointScorer(heads).predict_proba(rows)
    for name, model in heads.items():
        alone = np.array([model.predict_proba(r) for r in rows]) if len(model.classes) > 1 \
            else np.ones((len(rows), 1))
        np.testing.assert_allclose(joint[name], alone, rtol=1e-6, atol=1e-9)


def test_joint_scorer_on_no_rows(heads):
    out = JointScorer(heads).predict_proba([])
    assert {k: v.shape for k, v in out.items()} == {"event": (0, 3), "cumulative": (0, 2),
                                                    "kind": (0, 1)}


def test_positive_probability_matches_numpy(heads):
    model = heads["cumulative"]
    rows, _ = _data(7, ["a"], n=30)
    for row in rows:
        p = model.predict_proba(row)[model.classes.index("True")]
        assert model.positive_probability(row, "True") == pytest.approx(p, rel=1e-6)
