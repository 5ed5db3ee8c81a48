"""A combined, explained target score: network position, indicators, evidence and confirmed role.

Network position alone ranks whoever sits in the middle of the case, however thin the
evidence against them. Investigators weigh more than that, so the combined score is

    score = (w_p * position + w_i * indicators + w_e * evidence + w_r * role) / (w_p + w_i + w_e + w_r)

with every factor between 0 and 1:

``position``
    the chosen measure's score divided by the highest score among the targets.
``indicators``
    the share of the four indicator categories (act, means, purpose, minor victim) found in
    the sentences behind the person's links.
``evidence``
    how well the links are supported: ``min(1, independent / 3) * grading``, where
    ``independent`` counts reports from different authors (or, unsigned, different
    sources) and ``grading`` is the mean quality of those reports' Admiralty grades
    (A1 = 1, F6 = 0; an ungraded report counts as C3, 0.6).
``role``
    1 for a suspect an analyst confirmed, 0.5 for a suspect by the extraction, 0 otherwise.

The weights default to :data:`DEFAULT_WEIGHTS` and can be changed; a weight of 0 leaves
its factor out, and weights ``{"position": 1}`` give position alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from graph.analysis.common import AnalysisError, indicators_behind, name_of
from graph.model import INFORMATION_GRADES, SOURCE_GRADES, Indicator, Report

FACTORS: tuple[str, ...] = ("position", "indicators", "evidence", "role")
DEFAULT_WEIGHTS: dict[str, float] = {"position": 0.4, "indicators": 0.2, "evidence": 0.2, "role": 0.2}
INDICATOR_CATEGORIES: tuple[str, ...] = ("act", "means", "purpose", "minor")
#: Independent reports at which the evidence factor stops growing.
ENOUGH_REPORTS = 3
#: The quality an ungraded report counts as (C3).
UNGRADED_QUALITY = 0.6


@dataclass
class Factor:
    """One part of a target score: its value (0-1), its weight, and what it rests on."""

    name: str
    value: float
    weight: float
    detail: str = ""


@dataclass
class TargetScore:
    """A target's combined score and the factors behind it."""

    entity_id: str
    name: str
    score: float
    factors: list[Factor] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        """``0.62 = (0.40 x position 0.85 + ...) / 1.00``, then each factor's detail."""
        total = sum(f.weight for f in self.factors) or 1.0
        terms = " + ".join(f"{f.weight:.2f} x {f.name} {f.value:.2f}" for f in self.factors)
        details = "; ".join(f"{f.name}: {f.detail}" for f in self.factors if f.detail)
        return f"{self.score:.2f} = ({terms}) / {total:.2f}" + (f"; {details}" if details else "")


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """The weights to use: ``DEFAULT_WEIGHTS`` overridden by ``weights``; unknown factors or negative weights refused."""
    chosen = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = set(weights) - set(FACTORS)
        if unknown:
            raise AnalysisError(f"Unknown score factor {', '.join(sorted(unknown))}: use {', '.join(FACTORS)}")
        chosen.update({k: float(v) for k, v in weights.items()})
    if any(v < 0 for v in chosen.values()) or not any(chosen.values()):
        raise AnalysisError("Score weights must be 0 or more, and at least one above 0")
    return chosen


def parse_weights(text: str) -> dict[str, float]:
    """``"position=0.5,role=0"`` as a weights mapping (for the CLI)."""
    weights = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        name, _, value = part.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError as error:
            raise AnalysisError(f"Weight {part!r} not understood: write factor=number, e.g. position=0.5") from error
    return check_weights(weights)


def grade_quality(report: Report) -> float:
    """0-1 quality of a report's Admiralty grading: A1 = 1, F6 = 0, the mean of both axes; ungraded: 0.6."""
    s, i = report.source_grading, report.information_grading
    if not s and not i:
        return UNGRADED_QUALITY
    sq = 1 - SOURCE_GRADES.index(s) / (len(SOURCE_GRADES) - 1) if s in SOURCE_GRADES else UNGRADED_QUALITY
    iq = (
        1 - INFORMATION_GRADES.index(i) / (len(INFORMATION_GRADES) - 1) if i in INFORMATION_GRADES else UNGRADED_QUALITY
    )
    return (sq + iq) / 2


def _incident(G: nx.Graph, node: str):
    if G.is_directed():
        yield from G.out_edges(node, data=True)
        yield from G.in_edges(node, data=True)
    else:
        yield from G.edges(node, data=True)


def indicator_categories(G: nx.Graph, indicators: Iterable[Indicator]) -> dict[str, set[str]]:
    """Indicator categories (act, means, purpose, minor) in the sentences behind each entity's links."""
    return {node: {i.category for i in found} for node, found in indicators_behind(G, indicators).items()}


def target_scores(
    G: nx.Graph,
    position: Mapping[str, float],
    *,
    reports: Mapping[str, Report] | None = None,
    indicators: Iterable[Indicator] = (),
    confirmed: Iterable[str] = (),
    weights: Mapping[str, float] | None = None,
    measure: str = "position",
) -> list[TargetScore]:
    """The combined score of each target, best first, with every factor shown.

    Parameters
    ----------
    G : networkx graph
        The case graph (for links, roles and names).
    position : mapping
        ``target id -> score`` of the chosen measure, for the targets only (see
        :func:`graph.analysis.key_players.key_players`).
    reports : mapping, optional
        ``report id -> Report`` (grading, author, source); without it every report counts
        as ungraded and independent.
    indicators : iterable of Indicator
        The case's indicators (``store.indicators()``).
    confirmed : iterable of str
        People whose suspect role an analyst confirmed (also read from the node attribute
        ``role_confirmed``).
    weights : mapping, optional
        Factor weights (see the module docstring); missing factors keep their default.
    measure : str
        The measure's name, for the explanation.

    Returns
    -------
    list of TargetScore
        Ties broken by position, then id.

    Notes
    -----
    Linear in the targets' links and the indicators. The formula and its defaults are in the
    module docstring and docs/ANALYSIS.md.

    References
    ----------
    .. [1] David Bright, Caitlin Greenhill, Michael Reynolds, Arnold Ritter and Carlo
       Morselli, "The use of actor-level attributes and centrality measures to identify key
       actors: a case study of an Australian drug trafficking network", Journal of
       Contemporary Criminal Justice 31(3):262-278, 2015 (position weighed with what the
       case says of each actor).
    .. [2] UNODC, "Human trafficking indicators" and the Palermo Protocol's act, means and
       purpose (Protocol to Prevent, Suppress and Punish Trafficking in Persons, 2000, art. 3).
    """
    chosen = check_weights(weights)
    reports = reports or {}
    categories = indicator_categories(G, indicators)
    confirmed_set = set(confirmed) | {n for n, d in G.nodes(data=True) if d.get("role_confirmed")}
    top = max((abs(v) for v in position.values()), default=0.0) or 1.0
    scored = []
    for node, raw in position.items():
        found = sorted(categories.get(node, set()) & set(INDICATOR_CATEGORIES))
        report_ids = {d.get("report_id") for _u, _v, d in _incident(G, node) if d.get("report_id")}
        known = [reports[r] for r in report_ids if r in reports]
        sources = {(r.author or r.source or r.id) for r in known} | {r for r in report_ids if r not in reports}
        quality = [grade_quality(r) for r in known] + [UNGRADED_QUALITY] * (len(report_ids) - len(known))
        grading = sum(quality) / len(quality) if quality else 0.0
        role = str(G.nodes[node].get("role") or "") if node in G else ""
        role_value = 1.0 if role == "suspect" and node in confirmed_set else 0.5 if role == "suspect" else 0.0
        values = {
            "position": (raw / top, f"{measure} {raw:.4g} (top target {top:.4g})"),
            "indicators": (
                len(found) / len(INDICATOR_CATEGORIES),
                ", ".join(found) if found else "none in the sentences behind their links",
            ),
            "evidence": (
                min(1.0, len(sources) / ENOUGH_REPORTS) * grading,
                f"{len(report_ids)} reports, {len(sources)} independent, mean grading quality {grading:.2f}",
            ),
            "role": (
                role_value,
                "suspect, confirmed by an analyst"
                if role_value == 1.0
                else "suspect (extraction)"
                if role_value
                else role or "unknown",
            ),
        }
        factors = [Factor(f, values[f][0], chosen[f], values[f][1]) for f in FACTORS if chosen[f] > 0]
        total = sum(f.weight for f in factors)
        score = sum(f.weight * f.value for f in factors) / total
        scored.append(TargetScore(node, name_of(G, node), score, factors))
    scored.sort(key=lambda t: (-round(t.score, 9), -position.get(t.entity_id, 0.0), str(t.entity_id)))
    return scored


def position_scores(report) -> dict[str, float]:
    """Each ranked player's position score from a :class:`graph.analysis.key_players.KeyPlayerReport`.

    For a centrality, the measure's score. For fragmentation (reachability), what removing
    the player *alone* adds to the network's fragmentation (cuts from its recruiter-victim
    connections): the greedy score grows with every pick, so it says nothing of one player.
    """
    if report.measure == "fragmentation":
        return {p.entity_id: max(0.0, p.alone.fragmentation - report.before.fragmentation) for p in report.players}
    if report.measure == "reachability":
        before = report.before.recruiter_victim_pairs
        return {p.entity_id: float(before - p.alone.recruiter_victim_pairs) for p in report.players}
    return {p.entity_id: p.score for p in report.players}


def ranked_targets(
    G: nx.Graph,
    measure: str = "betweenness",
    top: int = 10,
    *,
    reports: Mapping[str, Report] | None = None,
    indicators: Iterable[Indicator] = (),
    confirmed: Iterable[str] = (),
    weights: Mapping[str, float] | None = None,
    pool: int | None = None,
    **options,
) -> list[TargetScore]:
    """The ``top`` targets by combined score: :func:`graph.analysis.key_players.key_players` for position, then :func:`target_scores`.

    ``pool``: how many targets by position are scored (default: all of them for a
    centrality, ``max(5 top, 50)`` for the greedy fragmentation and reachability, which
    cost one search per pick). ``options`` go to ``key_players`` (targets, with_hubs,
    weighted, weight_as, alpha, radius...).
    """
    from graph.analysis.key_players import key_players

    indicators = list(indicators)
    if pool is None:
        pool = max(5 * top, 50) if measure in ("fragmentation", "reachability") else G.number_of_nodes()
    report = key_players(G, measure, pool, compare=(), **options)
    scored = target_scores(
        G, position_scores(report), reports=reports, indicators=indicators, confirmed=confirmed, weights=weights,
        measure=measure,
    )  # fmt: skip
    return scored[:top]
