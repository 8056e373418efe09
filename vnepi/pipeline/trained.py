"""The trained linker: learned decisions over the rule layer's candidates.

For every countable number, four linear models decide the event (or that the number is
not a record), the kind, whether it is a running total and the setting; an event ranker
weighs the events the number's surroundings suggest; a second pass decides the running
total again, knowing the first pass's flags of the records before (the total a figure
breaks down); last, the parts of an exact sum take their total's flag. Their features
include the rule linker's own decision, so the rules stay the fallback and a feature
source. Place and date come from the rule linker: a learned count → place ranker never
overrode the place rules in cross-validation over training authors, so it was dropped (its
candidate generation cost a sixth of the linker's time).
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import ModelLoadError
from .features import Prior, context_features, link_features, story_features
from .headline import take_body_qualifiers
from .link import Link
from .linker import HARD_BLOCKS, RuleLinker
from .model import JointScorer, LinearModel
from .running_totals import settle_stocks
from .event_ranker import event_candidates
from .structure import Analysis
from .sums import follow_totals

HEADS = ("event", "kind", "cumulative", "setting")
# Second pass: the running-total flag again, knowing the first pass's flags of the records
# before (the total a figure breaks down, the record it follows).
CONTEXT_HEAD = "cumulative_context"
PLACE_HEAD = "story_place"  # whether a story's district holds for a figure (Link.story)
NONE = "NONE"
# Rule sources by which a number takes its event from another record.
INHERITING = ("paren", "breakdown", "compare", "parent")


class TrainedLinker:
    """Learned event/kind/cumulative/setting decisions over rule-linker candidates."""

    def __init__(self, models: Mapping[str, LinearModel] | None = None) -> None:
        self.models = dict(models or {})
        self.rules = RuleLinker()
        self._joint: JointScorer | None = None

    def _scorer(self) -> JointScorer:
        if self._joint is None:
            heads = HEADS + ((CONTEXT_HEAD,) if CONTEXT_HEAD in self.models else ())
            self._joint = JointScorer({h: self.models[h] for h in heads})
        return self._joint

    @property
    def is_trained(self) -> bool:
        return all(h in self.models for h in HEADS)

    def candidates(self, a: Analysis) -> list[tuple[Link, dict[str, float]]]:
        """Every countable number with its rule link and features."""
        out = []
        prev = None
        history: list[Link] = []
        for link in self.rules.link(a, keep_all=True):
            out.append((link, link_features(a, link, prev, history)))
            prev = link
            if link.event:
                history.append(link)
        return out

    def link(self, a: Analysis) -> list[Link]:
        if not self.is_trained:
            raise ModelLoadError("the trained linker has no models: train it or load a model")
        out = []
        cands = self.candidates(a)
        if not cands:
            return out
        # All heads for all numbers of the document at once: per-number (or per-head) NumPy
        # calls cost more than the arithmetic.
        head = self.models["event"]
        probs_of = self._scorer().predict_proba([f for _, f in cands])
        event_probs = probs_of["event"]
        # A number nothing around it names an event may still be one ("Số mắc theo từng địa
        # phương như sau:\nTP Hải Dương: 654\nTP Chí Linh: 301"): the event head decides from
        # its list, paragraph and lead (author CV 0.9095 -> 0.9114 over dropping it, as the
        # rules do), but only in a text that names some event: one that names none (another
        # language) has no records.
        named = any(link.event or link.suggestions for link, _ in cands)
        keep = [i for i, (link, _) in enumerate(cands)
                if head.classes[int(event_probs[i].argmax())] != NONE
                and named
                and link.blocked not in HARD_BLOCKS]  # "mũi 4", "328 ca/100.000 dân"
        decided = {h: [self.models[h].classes[int(j)] for j in probs_of[h][keep].argmax(axis=1)]
                   for h in ("kind", "cumulative", "setting")}
        last: Link | None = None  # the previous record decided, to continue its list
        decided_of: dict[int, Link] = {}  # rule link id → the record decided for it
        rule_of: list[Link] = []  # per record decided: the rule link it came from
        for n, i in enumerate(keep):
            link, f = cands[i]
            probs = event_probs[i]
            event = head.classes[int(probs.argmax())]
            p = float(probs.max())
            if "event_rank" in self.models:
                event = self.best_event(link, event, dict(zip(head.classes, probs)))
            # The item it continues: the previous record, or the figure in the same place
            # of the item before ("TP Thuận An test nhanh 412.380 người, có 2.915 ca; TP Dĩ
            # An 356.102 người, 2.044 ca": 356.102 continues 412.380, not 2.915).
            continued = decided_of.get(id(link.parent), last) if link.parent is not None else last
            if (link.event_source == "list" and continued is not None
                    and "left" not in link.suggestions and "right" not in link.suggestions
                    and a.sentence_of(continued.quantity.start) is a.sentence_of(link.quantity.start)):
                # "Hà Nội 3.104.522 liều, TP.HCM 2.876.310, ...": an item with no cue of
                # its own counts what the item it continues counts.
                event = continued.event
            if link.event_source == "column" and link.event:
                event = link.event  # a table column's header names what its cells count
            parent = decided_of.get(id(link.parent)) if link.parent is not None else None
            if (parent is not None and link.event_source in INHERITING
                    and "left" not in link.suggestions and "right" not in link.suggestions):
                # The rules took this number's event from another record (a breakdown's
                # total, the figure a change refers to): follow what was decided for it.
                event = parent.event
            kind = link.kind if "kind" in link.stated else decided["kind"][n]
            cumulative = link.cumulative if "cumulative" in link.stated else \
                decided["cumulative"][n] == "True"
            setting = decided["setting"][n]
            q = link.quantity
            negative = q.value < 0 or (link.kind == "change" and link.value < 0)
            if kind == "change":
                value = -abs(q.value) if negative else abs(q.value)
            else:
                value = abs(q.value)
            if kind != "average" and isinstance(value, float) and value.is_integer():
                value = int(value)
            places = link.places
            if link.story is not None and PLACE_HEAD in self.models and \
                    self.models[PLACE_HEAD].positive_probability(story_features(a, link, f)) > 0.5:
                places = [(link.story.province, link.story.district)]
            out.append(Link(q, event, value, kind, cumulative,
                            link.since if cumulative else None,
                            None if setting == "None" else setting, places, link.date,
                            link.evidence, confidence=p, unit=link.unit,
                            event_source=link.event_source if event == link.event else None,
                            stated=link.stated & {"kind", "cumulative"}))
            last = out[-1]
            decided_of[id(link)] = last
            rule_of.append(link)
        if CONTEXT_HEAD in probs_of and out:
            self._second_pass(a, out, probs_of[CONTEXT_HEAD][keep], rule_of)
        settle_stocks(a, out)
        follow_totals(out)
        take_body_qualifiers(a, out)
        return out

    def _second_pass(self, a: Analysis, out: list[Link], base, rules: list[Link]) -> None:
        """Decide the running-total flags again with the first pass's flags of the records
        before each (see :func:`vnepi.pipeline.features.context_features`). ``base``: the
        second-pass head's probabilities on the numbers' own features, scored with the
        other heads; the few context features only add their weights to its log-odds.
        ``rules``: the rule link of each record (a flag a label states is kept)."""
        model = self.models[CONTEXT_HEAD]
        binary = model.log_odds_weights("True")
        if binary is None:
            return
        weights = binary[0]
        t = model.classes.index("True")
        before: list[Prior] = []
        for n, (link, rule) in enumerate(zip(out, rules)):
            names = context_features(a, link.quantity, link.event, before)
            before.append(Prior(link.quantity, link.event, link.value, link.cumulative, link.kind))
            if "cumulative" in rule.stated or link.kind != "count":
                continue
            p = min(max(float(base[n][t]), 1e-12), 1 - 1e-12)
            z = math.log(p / (1 - p)) + sum(weights.get(name, 0.0) for name in names)
            link.cumulative = z > 0
            link.since = rule.since if link.cumulative else None

    def best_event(self, link: Link, fallback: str, head: Mapping[str, float]) -> str:
        """The event with the best product of the ranker's score (which sources suggest it)
        and the event head's probability; ``fallback`` when nothing is suggested."""
        model = self.models["event_rank"]
        best, best_p = fallback, float(head.get(fallback, 0.0)) * 0.5
        for event, feats in event_candidates(link).items():
            p = model.positive_probability(feats) * float(head.get(event, 0.0))
            if p > best_p:
                best, best_p = event, p
        return best

    # -- training -------------------------------------------------------------------
    def fit(self, examples: Iterable[tuple[dict[str, float], dict[str, str]]], *, C: float = 1.0,
            seed: int = 0, event_examples: Iterable[tuple[dict[str, float], str]] = (),
            context_examples: Iterable[tuple[dict[str, float], str]] = (),
            C_cumulative: float | None = None,
            place_examples: Iterable[tuple[dict[str, float], str]] = ()) -> "TrainedLinker":
        """Fit the heads. ``C``: inverse L2 strength of the heads; ``C_cumulative``: that of
        the two running-total heads (default ``C``), whose many weak cue and context
        features overfit the authors' habits sooner. ``examples`` are (features, labels)
        where labels has ``event`` (NONE for a number that is no record) and, for records, the others;
        ``event_examples`` are (candidate features, "1" or "0") for the event ranker;
        ``context_examples`` (features with the gold flags of the records before, "True" or
        "False") for the second running-total pass, which is left out without them;
        ``place_examples`` (story features, "1" or "0") for the place head, which decides
        whether a figure placed at province level takes the story's district."""
        self._joint = None
        examples = list(examples)
        event_examples = list(event_examples)
        context_examples = list(context_examples)
        self.models.pop(CONTEXT_HEAD, None)
        self.models.pop(PLACE_HEAD, None)
        place_examples = list(place_examples)
        if len({y for _, y in place_examples}) == 2:
            self.models[PLACE_HEAD] = LinearModel().fit(
                [f for f, _ in place_examples], [y for _, y in place_examples], C=C, seed=seed)
        Cc = C if C_cumulative is None else C_cumulative
        if context_examples:
            self.models[CONTEXT_HEAD] = LinearModel().fit(
                [f for f, _ in context_examples], [y for _, y in context_examples], C=Cc, seed=seed)
        if event_examples:
            self.models["event_rank"] = LinearModel().fit(
                [f for f, _ in event_examples], [y for _, y in event_examples], C=C, seed=seed)
        self.models["event"] = LinearModel().fit([f for f, _ in examples],
                                                 [y["event"] for _, y in examples], C=C, seed=seed)
        pos = [(f, y) for f, y in examples if y["event"] != NONE]
        for head in HEADS[1:]:
            self.models[head] = LinearModel().fit([f for f, _ in pos], [y[head] for _, y in pos],
                                                  C=Cc if head == "cumulative" else C, seed=seed)
        return self

    # -- persistence ----------------------------------------------------------------
    def to_disk(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, m in self.models.items():
            m.to_disk(path, name)
        (path / "heads.json").write_text(json.dumps(sorted(self.models)), encoding="utf-8")

    def from_disk(self, path: str | Path) -> "TrainedLinker":
        path = Path(path)
        if not (path / "heads.json").is_file():
            raise ModelLoadError(f"model file missing: {path / 'heads.json'}")
        try:
            heads = json.loads((path / "heads.json").read_text(encoding="utf-8"))
        except ValueError as e:
            raise ModelLoadError(f"{path / 'heads.json'} is not valid JSON: {e}") from e
        self.models = {h: LinearModel.from_disk(path, h) for h in heads}
        self._joint = None
        return self
