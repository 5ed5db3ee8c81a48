"""Link analysis of a case graph: paths, recruitment, journeys, measures, communities, key players, disruption, time windows, two-mode projections.

Targets (key players, attacks, the simulator) are suspects: see :mod:`graph.analysis.targets`.

Every function takes a networkx graph (usually ``store.to_networkx(filters)``, a
MultiDiGraph with one edge per piece of evidence) plus parameters, and returns plain data.
Nothing here touches a store, the UI or the network.
"""

from graph.analysis.centrality import (
    MEASURES,
    Brokers,
    NetworkSummary,
    Ranking,
    betweenness,
    broker_onsets,
    brokers,
    centrality,
    degree_centralisation,
    measures_by_window,
    network_summary,
)
from graph.analysis.common import AnalysisError, LinkEvidence, recruiters, victims
from graph.analysis.communities import Community, CommunityResult, communities
from graph.analysis.connectivity import NetworkState, RemovalEffect, network_state, removal_effects
from graph.analysis.disruption import (
    ATTACKS,
    CurvePoint,
    DisruptionResult,
    disruption_curve,
    simulate_removal,
    simulate_top,
)
from graph.analysis.journeys import Journey, JourneyStop, Leg, SharedRoute, journey_legs, shared_routes, victim_journey
from graph.analysis.key_players import (
    KeyPlayer,
    KeyPlayerReport,
    greedy_key_player_set,
    indicators_by_entity,
    key_players,
)
from graph.analysis.paths import (
    ConnectingNetwork,
    Hop,
    Path,
    connecting_network,
    k_shortest_paths,
    paths_up_to,
    shortest_paths,
)
from graph.analysis.projection import collapse, collapse_directed
from graph.analysis.recruitment import (
    RecruiterOfRecruiters,
    RecruitmentChain,
    RecruitmentTree,
    recruiters_of_recruiters,
    recruitment_chains,
    recruitment_tree,
)
from graph.analysis.target_score import Factor, TargetScore, ranked_targets, target_scores
from graph.analysis.targets import TargetChoice, choose_targets, hubs, owners_of, protected_people, without_hubs
from graph.analysis.two_mode import SharedTie, project_people, shared_ties
from graph.analysis.windows import WindowMetrics, calls_in_window, metrics_by_window, parse_window

__all__ = [
    "ATTACKS",
    "MEASURES",
    "Factor",
    "Leg",
    "SharedTie",
    "TargetChoice",
    "TargetScore",
    "WindowMetrics",
    "calls_in_window",
    "choose_targets",
    "hubs",
    "journey_legs",
    "metrics_by_window",
    "owners_of",
    "parse_window",
    "project_people",
    "protected_people",
    "ranked_targets",
    "shared_ties",
    "target_scores",
    "without_hubs",
    "AnalysisError",
    "Brokers",
    "Community",
    "CommunityResult",
    "ConnectingNetwork",
    "CurvePoint",
    "DisruptionResult",
    "Hop",
    "Journey",
    "JourneyStop",
    "KeyPlayer",
    "KeyPlayerReport",
    "LinkEvidence",
    "NetworkState",
    "NetworkSummary",
    "Path",
    "Ranking",
    "RecruiterOfRecruiters",
    "RecruitmentChain",
    "RecruitmentTree",
    "RemovalEffect",
    "SharedRoute",
    "betweenness",
    "broker_onsets",
    "brokers",
    "centrality",
    "collapse",
    "collapse_directed",
    "communities",
    "connecting_network",
    "degree_centralisation",
    "disruption_curve",
    "greedy_key_player_set",
    "indicators_by_entity",
    "k_shortest_paths",
    "key_players",
    "measures_by_window",
    "network_state",
    "network_summary",
    "paths_up_to",
    "recruiters",
    "recruiters_of_recruiters",
    "recruitment_chains",
    "recruitment_tree",
    "removal_effects",
    "shared_routes",
    "shortest_paths",
    "simulate_removal",
    "simulate_top",
    "victim_journey",
    "victims",
]
