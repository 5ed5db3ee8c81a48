"""Communities: groups of entities more tied to each other than to the rest (cells, crews, family networks)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.analysis.common import name_of
from graph.analysis.projection import TieStrength, as_simple
from graph.analysis.targets import without_hubs


@dataclass
class Community:
    """One group: its members, how dense it is inside, and its best-connected member."""

    index: int
    members: list[str]
    names: list[str]
    internal_ties: int
    density: float
    hub: str  # the member with most ties inside the group

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class CommunityResult:
    communities: list[Community]  # largest first
    modularity: float
    resolution: float
    seed: int
    weighted: bool

    def community_of(self, node: str) -> int | None:
        """Index of the community ``node`` belongs to."""
        return next((c.index for c in self.communities if node in c.members), None)


def communities(
    G: nx.Graph,
    weighted: bool = True,
    resolution: float = 1.0,
    seed: int = 0,
    strength: TieStrength = "evidence",
    with_hubs: bool = False,
) -> CommunityResult:
    """Louvain communities of the network, largest first.

    Parameters
    ----------
    G : networkx graph
        The case graph or any graph.
    weighted : bool
        Use tie strength as edge weight (strongly evidenced ties pull harder).
    resolution : float
        Above 1 favours smaller communities, below 1 larger ones.
    seed : int
        Louvain visits nodes in random order; the seed makes the result reproducible.
    with_hubs : bool
        Keep hubs (a shared hotline, a hotel: see :mod:`graph.analysis.targets`); by default
        they are left out, so one shared number does not join two networks.

    Returns
    -------
    CommunityResult
        Communities and the modularity of the partition.

    Notes
    -----
    :func:`networkx.community.louvain_communities`, roughly ``O(m log n)``.

    References
    ----------
    .. [1] Vincent D. Blondel, Jean-Loup Guillaume, Renaud Lambiotte and Etienne Lefebvre,
       "Fast unfolding of communities in large networks", Journal of Statistical
       Mechanics P10008, 2008.
    """
    if not with_hubs:
        G = without_hubs(G)
    H = as_simple(G, strength)
    weight = "weight" if weighted else None
    if H.number_of_nodes() == 0:
        return CommunityResult([], 0.0, resolution, seed, weighted)
    parts = nx.community.louvain_communities(H, weight=weight, resolution=resolution, seed=seed)
    parts = sorted((sorted(p, key=str) for p in parts), key=lambda p: (-len(p), str(p[0])))
    result = []
    for index, members in enumerate(parts):
        inner = H.subgraph(members)
        hub = max(members, key=lambda n: (inner.degree(n), -members.index(n)))
        result.append(
            Community(
                index=index,
                members=members,
                names=[name_of(G, n) for n in members],
                internal_ties=inner.number_of_edges(),
                density=nx.density(inner),
                hub=hub,
            )
        )
    modularity = nx.community.modularity(H, parts, weight=weight, resolution=resolution)
    return CommunityResult(result, modularity, resolution, seed, weighted)
