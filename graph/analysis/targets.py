"""Who may be proposed as a disruption target, and which identifiers are hubs.

Investigators act on the targets this tool proposes, so it must never propose a victim.
Every ranking (key players, the disruption curve, the simulator) is computed on the whole
network, protected people included, because removing a suspect changes a victim's
reachability; only the *choice* of targets is restricted:

- **people** (default): people whose role is suspect or unknown *and* whom the case
  shows acting (the source of a recruitment, transport, transfer, harbouring, receipt or
  exploitation link to someone not marked a suspect: :data:`ACTOR_LINKS`), or whose role
  an analyst confirmed (node attribute ``role_confirmed``), or who come from an analyst's
  own data (an imported link list or a link an analyst drew: :data:`ANALYST_METHODS`),
  where the role is all there is. A person acted upon who never acts is a victim whatever
  the extracted role says. Victims, witnesses, officers and caseworkers are never
  targets. The extraction's roles are assessments and do go wrong (a tip-line caller left
  unknown, a witness taxi driver or a recruited girl read as a suspect): an arrest list
  must not rest on them alone. ``evidence="role"`` gives the plain reading (every suspect
  and unknown person who is not a victim by role or by the links).
- **phones**, **places**: phones (and e-mails, handles, vehicles) or places, each shown with
  its owner where the case says who uses it. One held only by people who may not be targets
  (a victim's own phone) is no target either.
- **all**: people as above, and every other entity.

Hubs are identifiers many unrelated people share: a switchboard, an NGO hotline, a hotel
front desk, a bus park. The resolver already refuses them as evidence that two names are
one person; here they are found by the same rule (linked to more than
:data:`HUB_PEOPLE` different people) and, by default, left out of paths, key players and
communities so that a shared hotline does not join two networks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from graph.analysis.common import AnalysisError, victims
from graph.model import TRAFFICKING_ACTS

TargetKinds = Literal["people", "phones", "places", "all"]
TARGET_KINDS: tuple[str, ...] = ("people", "phones", "places", "all")

#: People with these roles are never proposed as targets (they stay in the network).
PROTECTED_ROLES: tuple[str, ...] = ("victim", "witness", "officer", "caseworker")
#: People with these roles (or none) may be targets.
TARGET_ROLES: tuple[str, ...] = ("suspect", "unknown", "")

#: Links whose source acts against the person at the other end (recruits, moves, harbours, exploits them).
ACTOR_LINKS: tuple[str, ...] = TRAFFICKING_ACTS + ("EXPLOITED",)
#: Link methods that mean an analyst, not the extraction, put the person in the case.
ANALYST_METHODS: tuple[str, ...] = ("import", "analyst")
#: What makes a suspect or unknown person a target: the case shows them acting, or their role alone.
EVIDENCE_READINGS: tuple[str, ...] = ("acting", "role")

#: Entity kinds each ``targets`` choice admits.
KINDS_OF_TARGETS: dict[str, tuple[str, ...]] = {
    "people": ("PERSON",),
    "phones": ("PHONE", "EMAIL", "HANDLE", "VEHICLE"),
    "places": ("LOCATION",),
    "all": ("PERSON", "PHONE", "EMAIL", "HANDLE", "VEHICLE", "LOCATION", "ORG"),
}

#: An identifier linked to more different people than this is a hub (the resolver's ``hub_people``).
HUB_PEOPLE = 4
#: Kinds of entity that can be hubs: shared numbers, addresses and venues.
HUB_KINDS: tuple[str, ...] = ("PHONE", "EMAIL", "HANDLE", "LOCATION")

#: Links that say who holds an identifier or place: ``(person)-[TYPE]->(thing)``.
OWNER_LINKS: tuple[str, ...] = ("USES_PHONE", "CONTROLS")


@dataclass
class TargetChoice:
    """Which entities may be proposed as targets, and why the others may not."""

    targets: str
    eligible: set[str]
    protected: dict[str, str] = field(default_factory=dict)  # id -> why never a target
    owners: dict[str, list[str]] = field(default_factory=dict)  # phone/place id -> people holding it

    def __contains__(self, node: object) -> bool:
        return node in self.eligible


def protected_people(G: nx.Graph) -> dict[str, str]:
    """People who must never be proposed as targets, each with the reason.

    Parameters
    ----------
    G : networkx graph
        The case graph; people carry ``kind="PERSON"`` and a ``role``.

    Returns
    -------
    dict
        ``person id -> reason`` ("victim", "witness"... as recorded, or "victim (acted upon)"
        for a person with no role whom a trafficking link acts on).
    """
    found = {}
    for node, data in G.nodes(data=True):
        role = str(data.get("role") or "")
        if data.get("kind") == "PERSON" and role and role not in TARGET_ROLES:
            found[node] = role
    for node in victims(G):
        found.setdefault(node, "victim (acted upon)")
    return found


def owners_of(G: nx.Graph) -> dict[str, list[str]]:
    """Who holds each phone, e-mail, vehicle, organisation or place: the people linked to it by USES_PHONE or CONTROLS.

    Returns
    -------
    dict
        ``entity id -> sorted person ids``; entities nobody is known to hold are absent.
    """
    held: dict[str, set[str]] = {}
    for u, v, data in G.edges(data=True):
        if data.get("type") in OWNER_LINKS and G.nodes[u].get("kind") == "PERSON":
            held.setdefault(v, set()).add(u)
    return {thing: sorted(people, key=str) for thing, people in held.items()}


def acting(G: nx.Graph) -> set[str]:
    """People the case shows acting: sources of :data:`ACTOR_LINKS` links to someone not marked a suspect.

    Driving a suspect somewhere is not trafficking; driving the girls he brought is.
    """
    return {
        u
        for u, v, d in G.edges(data=True)
        if d.get("type") in ACTOR_LINKS
        and G.nodes[u].get("kind") == "PERSON"
        and G.nodes[v].get("kind") == "PERSON"
        and G.nodes[v].get("role") != "suspect"
    }


def acted_upon(G: nx.Graph) -> set[str]:
    """People a trafficking act or exploitation link acts on (its targets)."""
    return {v for _u, v, d in G.edges(data=True) if d.get("type") in ACTOR_LINKS and G.nodes[v].get("kind") == "PERSON"}


def choose_targets(
    G: nx.Graph, targets: str = "people", roles: Iterable[str] | None = None, evidence: str = "acting"
) -> TargetChoice:
    """The entities of ``G`` that may be proposed as targets.

    Parameters
    ----------
    G : networkx graph
        The case graph, or any graph. Nodes without a ``kind`` (a plain social network
        such as Zachary's karate club) are all eligible.
    targets : {"people", "phones", "places", "all"}
        Which kinds of entity may be targets (see the module docstring).
    roles : iterable of str, optional
        People with these roles may be targets; default :data:`TARGET_ROLES`. People acted
        upon by a trafficking link are victims whatever this says unless "victim" is listed.
    evidence : {"acting", "role"}
        ``acting`` (default): a suspect or unknown person is a target only when the case
        shows them acting or an analyst confirmed the role; one acted upon who never acts is
        a victim. ``role``: the role alone decides.

    Returns
    -------
    TargetChoice
        ``eligible`` targets, ``protected`` people and things with the reason each is not
        one, and ``owners`` of phones and places.

    Notes
    -----
    ``O(n + m)``. Only the choice is restricted: rank on the whole network, then keep the
    eligible (:func:`graph.analysis.key_players.key_players`,
    :func:`graph.analysis.disruption.disruption_curve`).

    References
    ----------
    .. [1] Carlo Morselli, "Inside Criminal Networks", Springer, 2009 (who is targeted,
       and why position alone misleads).
    """
    if targets not in KINDS_OF_TARGETS:
        raise AnalysisError(f"Unknown targets {targets!r}: use one of {', '.join(TARGET_KINDS)}")
    if evidence not in EVIDENCE_READINGS:
        raise AnalysisError(f"Unknown evidence reading {evidence!r}: use acting or role")
    kinds = set(KINDS_OF_TARGETS[targets])
    allowed_roles = set(roles) if roles is not None else set(TARGET_ROLES)
    protected = {n: why for n, why in protected_people(G).items() if why.split(" ")[0] not in allowed_roles}
    if evidence == "acting":
        actors, victims_by_links = acting(G), acted_upon(G)
        actors |= {n for u, v, d in G.edges(data=True) if d.get("method") in ANALYST_METHODS for n in (u, v)}
        for node, data in G.nodes(data=True):
            if data.get("kind") != "PERSON" or node in protected or node in actors:
                continue
            if data.get("role_confirmed") or data.get("acts"):
                continue
            if node in victims_by_links and "victim" not in allowed_roles:
                protected[node] = "victim (acted upon, never acting)"
            else:
                protected[node] = f"{data.get('role') or 'unknown'} with nothing on record against them"
    owners = owners_of(G)
    for thing, holders in owners.items():  # a victim's own phone is no target either
        if G.nodes[thing].get("kind") != "PERSON" and all(h in protected for h in holders):
            protected[thing] = "held only by " + ", ".join(sorted({protected[h].split(" ")[0] for h in holders}))
    eligible = set()
    for node, data in G.nodes(data=True):
        kind = data.get("kind")
        if kind is None:
            eligible.add(node)
        elif kind in kinds and node not in protected:
            eligible.add(node)
    return TargetChoice(targets, eligible, protected, owners)


def hubs(G: nx.Graph, limit: int = HUB_PEOPLE) -> dict[str, int]:
    """Identifiers and places so many different people share that they say nothing about who knows whom.

    Parameters
    ----------
    G : networkx graph
        The case graph.
    limit : int
        A phone, e-mail, handle or place linked to more different people than this is a
        hub (the resolver's rule). An entity the store marks ``hub=True`` is one whatever
        its count.

    Returns
    -------
    dict
        ``hub id -> number of different people linked to it``.

    Notes
    -----
    ``O(n + m)``.
    """
    people: dict[str, set[str]] = {}
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    for node, data in G.nodes(data=True):
        if data.get("kind") not in HUB_KINDS:
            continue
        linked = {n for n in U[node] if G.nodes[n].get("kind") == "PERSON"}
        if len(linked) > limit or data.get("hub"):
            people[node] = len(linked)
    return people


def without_hubs(G: nx.Graph, keep: Iterable[str] = (), limit: int = HUB_PEOPLE) -> nx.Graph:
    """``G`` with its hubs left out (a copy; ``G`` itself when it has none).

    ``keep``: entities to keep even if they are hubs (e.g. the two ends of a path search).
    """
    kept = set(keep)
    drop = [h for h in hubs(G, limit) if h not in kept]
    if not drop:
        return G
    H = G.copy()
    H.remove_nodes_from(drop)
    H.graph["hubs_left_out"] = sorted(drop, key=str)
    return H
