"""How well identities are resolved: B-cubed precision, recall and F1 per label and overall.

B-cubed (Bagga & Baldwin, "Algorithms for Scoring Coreference Chains", 1998) scores every
mention: precision is the share of the mentions in its predicted entity that truly are
its entity, recall the share of its true entity's mentions that the prediction put with
it; both are averaged over mentions. Mentions are matched between gold and prediction by
exact span; a gold mention with no prediction counts as an entity of its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

#: A mention by its exact span: (report or document, start, end).
MentionKey = tuple[str, int, int]


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    f1: float
    mentions: int

    def __str__(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (n={self.mentions})"


def _score(keys: list[MentionKey], gold: dict[MentionKey, str], predicted: dict[MentionKey, str]) -> BCubed:
    if not keys:
        return BCubed(0.0, 0.0, 0.0, 0)
    pred = {k: predicted.get(k, f"\x00unmatched{k}") for k in keys}
    gold_clusters: dict[str, set[MentionKey]] = defaultdict(set)
    pred_clusters: dict[str, set[MentionKey]] = defaultdict(set)
    for k in keys:
        gold_clusters[gold[k]].add(k)
        pred_clusters[pred[k]].add(k)
    precision = recall = 0.0
    for k in keys:
        g, p = gold_clusters[gold[k]], pred_clusters[pred[k]]
        both = len(g & p)
        precision += both / len(p)
        recall += both / len(g)
    precision, recall = precision / len(keys), recall / len(keys)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BCubed(round(precision, 4), round(recall, 4), round(f1, 4), len(keys))


def b_cubed(
    gold: dict[MentionKey, str], predicted: dict[MentionKey, str], labels: dict[MentionKey, str] | None = None
) -> dict[str, BCubed]:
    """B-cubed scores overall (key ``"ALL"``) and, when ``labels`` are given, per label.

    Parameters
    ----------
    gold
        Gold mention span -> gold entity id.
    predicted
        Predicted mention span -> predicted entity id (extra spans not in ``gold`` are ignored).
    labels
        Gold mention span -> label (PERSON, LOCATION...), for the per-label scores.

    Examples
    --------
    >>> gold = {("d", 0, 4): "A", ("d", 5, 9): "A", ("d", 10, 14): "B"}
    >>> b_cubed(gold, {("d", 0, 4): "x", ("d", 5, 9): "x", ("d", 10, 14): "y"})["ALL"].f1
    1.0
    """
    keys = sorted(gold)
    scores = {"ALL": _score(keys, gold, predicted)}
    if labels:
        by_label: dict[str, list[MentionKey]] = defaultdict(list)
        for k in keys:
            by_label[labels.get(k, "?")].append(k)
        for label in sorted(by_label):
            scores[label] = _score(by_label[label], gold, predicted)
    return scores


def naive_identities(surfaces: dict[MentionKey, tuple[str, str]]) -> dict[MentionKey, str]:
    """The baseline: mentions are one entity when they have the same label and the same lower-cased text."""
    return {k: f"{label}:{text.casefold()}" for k, (label, text) in surfaces.items()}
