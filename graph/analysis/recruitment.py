"""Who recruited whom: chains upstream from a recruited person to the first recruiter, trees downstream.

Recruitment is read from ``RECRUITED`` links (recruiter -> recruited person), each with its
evidence. A person recruited by someone who was recruited in turn sits at the end of a
*chain*; a recruiter whose recruits recruit others is a *recruiter of recruiters*, the
pattern of peer and sub-recruitment common in sexual-exploitation networks.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field

import networkx as nx

from graph.analysis.common import LinkEvidence, edges_of_type, evidence_between, name_of, require_node

RECRUITMENT_LINKS: tuple[str, ...] = ("RECRUITED",)


@dataclass
class RecruitmentStep:
    """``recruiter`` recruited ``recruited``, as these links show."""

    recruiter: str
    recruited: str
    recruiter_name: str
    recruited_name: str
    evidence: list[LinkEvidence] = field(default_factory=list)


@dataclass
class RecruitmentChain:
    """A chain from an origin recruiter (recruited by nobody in the graph) down to one person."""

    people: list[str]  # origin first, the person asked about last
    names: list[str]
    steps: list[RecruitmentStep]

    @property
    def origin(self) -> str:
        return self.people[0]


@dataclass
class Recruit:
    """One person in a recruiter's tree: who recruited them and how far down they are."""

    person: str
    name: str
    depth: int  # 1 = recruited directly by the root
    recruited_by: list[str]
    evidence: list[LinkEvidence] = field(default_factory=list)


@dataclass
class RecruitmentTree:
    """Everyone recruited, directly or through others, by one recruiter."""

    root: str
    root_name: str
    recruits: list[Recruit]  # breadth-first: depth 1 first

    def at_depth(self, depth: int) -> list[str]:
        return [r.person for r in self.recruits if r.depth == depth]


@dataclass
class RecruiterOfRecruiters:
    """A person whose recruits recruited others in turn."""

    person: str
    name: str
    recruiters_recruited: list[str]  # their direct recruits who also recruited
    downstream: int  # everyone below them in the recruitment tree


def recruitment_graph(G: nx.Graph) -> nx.DiGraph:
    """The directed recruiter -> recruited graph of ``G``'s RECRUITED links (self-links dropped)."""
    R = nx.DiGraph()
    for u, v, _d in edges_of_type(G, RECRUITMENT_LINKS):
        if u != v:
            R.add_edge(u, v)
    return R


def _step(G: nx.Graph, u: str, v: str) -> RecruitmentStep:
    return RecruitmentStep(u, v, name_of(G, u), name_of(G, v), evidence_between(G, u, v, RECRUITMENT_LINKS, True))


def recruitment_chains(G: nx.Graph, person: str, limit: int = 50) -> list[RecruitmentChain]:
    """Every chain of recruitment that ends at ``person``, from an origin recruiter down.

    Parameters
    ----------
    G : networkx graph
        The case graph with RECRUITED links.
    person : str
        The recruited person (usually a victim).
    limit : int
        At most this many chains (shortest first).

    Returns
    -------
    list of RecruitmentChain
        Empty when nobody is recorded as recruiting ``person``. An origin is an ancestor
        recruited by nobody; when recruitment loops back (A recruited B, B recruited A),
        the chain stops at the person whose recruiter is already on it.

    Notes
    -----
    Walks the recruitment graph backwards with simple paths: linear in its size for tree
    shaped recruitment, exponential only in pathological, heavily cross-linked cases.
    """
    require_node(G, person)
    R = recruitment_graph(G)
    if person not in R or R.in_degree(person) == 0:
        return []
    chains: list[list[str]] = []
    stack: list[list[str]] = [[person]]
    while stack and len(chains) < limit * 4:
        upward = stack.pop()
        recruiters = [r for r in R.predecessors(upward[-1]) if r not in upward]
        if not recruiters:
            chains.append(list(reversed(upward)))
            continue
        for r in sorted(recruiters, reverse=True):
            stack.append(upward + [r])
    chains.sort(key=lambda c: (len(c), [name_of(G, n) for n in c]))
    return [
        RecruitmentChain(
            people=c, names=[name_of(G, n) for n in c], steps=[_step(G, u, v) for u, v in itertools.pairwise(c)]
        )
        for c in chains[:limit]
    ]


def first_recruiters(G: nx.Graph, person: str) -> list[str]:
    """The origin recruiters of every chain ending at ``person``."""
    return sorted({chain.origin for chain in recruitment_chains(G, person)})


def recruitment_tree(G: nx.Graph, recruiter: str, max_depth: int | None = None) -> RecruitmentTree:
    """Everyone ``recruiter`` recruited, directly or through their recruits, breadth-first.

    Parameters
    ----------
    G : networkx graph
        The case graph with RECRUITED links.
    recruiter : str
        The root of the tree.
    max_depth : int, optional
        Stop this many levels down (``None``: no limit).

    Returns
    -------
    RecruitmentTree
        Each recruit once, at the depth they are first reached, with all of their
        recruiters inside the tree and the evidence of each RECRUITED link into them.

    Notes
    -----
    Breadth-first search of the recruitment graph: ``O(n + m)``.
    """
    require_node(G, recruiter)
    R = recruitment_graph(G)
    recruits: list[Recruit] = []
    if recruiter in R:
        depth = {recruiter: 0}
        queue = deque([recruiter])
        while queue:
            node = queue.popleft()
            if max_depth is not None and depth[node] >= max_depth:
                continue
            for child in sorted(R.successors(node)):
                if child not in depth:
                    depth[child] = depth[node] + 1
                    queue.append(child)
        for person in sorted((n for n in depth if n != recruiter), key=lambda n: (depth[n], name_of(G, n))):
            by = sorted(p for p in R.predecessors(person) if p in depth)
            evidence = [e for p in by for e in evidence_between(G, p, person, RECRUITMENT_LINKS, True)]
            recruits.append(Recruit(person, name_of(G, person), depth[person], by, evidence))
    return RecruitmentTree(recruiter, name_of(G, recruiter), recruits)


def recruiters_of_recruiters(G: nx.Graph) -> list[RecruiterOfRecruiters]:
    """People who recruited someone who went on to recruit others, most downstream recruits first.

    Returns
    -------
    list of RecruiterOfRecruiters

    Notes
    -----
    One descendant search per recruiter: ``O(r (n + m))`` on the recruitment graph.
    """
    R = recruitment_graph(G)
    found = []
    for person in R:
        recruited_recruiters = sorted(c for c in R.successors(person) if R.out_degree(c) > 0 and c != person)
        if recruited_recruiters:
            downstream = len(nx.descendants(R, person) - {person})
            found.append(RecruiterOfRecruiters(person, name_of(G, person), recruited_recruiters, downstream))
    found.sort(key=lambda r: (-r.downstream, r.name))
    return found
