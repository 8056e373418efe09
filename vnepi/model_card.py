"""The model card (``README.md`` in a model folder): data, splits, scores, provenance."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping


def _table(scores: Mapping[str, Any]) -> list[str]:
    rows = ["| event | P | R | F1 | n |", "| --- | --- | --- | --- | --- |"]
    for e, v in scores["per_event"].items():
        rows.append(f"| {e} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |")
    m = scores["micro"]
    rows.append(f"| **micro** | {m['precision']:.3f} | {m['recall']:.3f} | **{m['f1']:.3f}** | {m['support']} |")
    return rows


def write_card(path: Path, info: Mapping[str, Any], extra: str = "") -> Path:
    """Write ``path/README.md`` from the training info of :func:`vnepi.train.train`."""
    lines = [
        f"# {path.name}",
        "",
        f"vnepi pipeline: underthesea tokenizer → rule layer (numbers, dates, places, cues, "
        f"sentences, lists and tables) → trained linker (four linear heads for event / kind / "
        f"running total / setting, an event ranker over the events a number's surroundings "
        f"suggest, a second running-total pass that reads the first pass's flags of the "
        f"records before, and a place head that decides whether a figure left at province level "
        f"takes the district the story was speaking of; dates from the rules). Trained by "
        f"vnepi {info['vnepi_version']} in {info['seconds']} s with seed {info['seed']}, "
        f"C={info['C']} (running-total heads {info.get('C_cumulative', info['C'])}), on "
        f"{info['train_documents']} training documents "
        f"({info['candidates']} candidate numbers).",
        "",
        "Weights are JSON and `.npy` arrays (loaded with `allow_pickle=False`); nothing in this "
        "folder is a pickle.",
        "",
        "Data: `annotations/` (bulletins written for vnepi in the styles of real reports, plus the "
        "three seed bulletins); splits by document, dev and test written by authors who did not "
        "write train.",
        "",
        "Reproduce: `vnepi train annotations/ --out models/" + path.name + f" --seed {info['seed']}`"
        f" and `vnepi evaluate models/{path.name} annotations/ --split test`.",
        "",
    ]
    for split, scores in info.get("scores", {}).items():
        lines += [f"## Record scores on the {split} split (schema matching rule)", ""]
        lines += _table(scores)
        a = scores["attributes"]
        lines += ["", "Attribute accuracy over matched records: " +
                  ", ".join(f"{k} {v:.3f}" for k, v in a.items()), ""]
    if info.get("rules_only_f1"):
        lines += ["The rules-only pipeline (`vnepi.rules_pipeline()`, the linker's fallback) on the "
                  "same splits, record micro-F1: " + ", ".join(
                      f"{k} {v:.3f}" for k, v in info["rules_only_f1"].items()) + ".", ""]
    if extra:
        lines += [extra, ""]
    out = path / "README.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out
