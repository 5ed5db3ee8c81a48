"""Victim journeys: where a person was recruited from, moved through, received, harboured and exploited, in time order.

Places come from two kinds of evidence:

* ``LOCATED_AT`` links between the person and a place;
* places named in the sentence of a trafficking act or exploitation link that involves the
  person (``RECRUITED``, ``TRANSPORTED``, ``TRANSFERRED``, ``RECEIVED``, ``HARBOURED``,
  ``EXPLOITED``), found by the place's name or aliases, or the place being the link's other end.

Time order is the event's date: the link's ``event_date`` when the extraction dated it,
else the date written in the sentence ("On 14 May 2023 ... drove her to Negril"), else the
date of the report behind it (a ``report_id -> date`` mapping, e.g.
``{r.id: r.reported_at for r in store.reports()}``), flagged as such (``date_from``). Stops
on the same date follow the stages of trafficking (recruited, moved, received, harboured,
exploited), then the order of the sentences in the report and of the places in the sentence.
A report's date only says the event happened no later than that, so a stop dated by its
report is placed no later than the first stop of a later stage dated by the event itself
(a recruitment told in a late report still comes before the dated transport).

:func:`journey_legs` turns the stops into legs (one place to the next), merging a leg told
in several reports into one with all its evidence.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from graph.analysis.common import ACT_LINKS, name_of, require_node, victims

#: What an act link says happened to the person at a place named in its sentence.
STAGES: dict[str, str] = {
    "RECRUITED": "recruited",
    "TRANSPORTED": "moved",
    "TRANSFERRED": "moved",
    "RECEIVED": "received",
    "HARBOURED": "harboured",
    "EXPLOITED": "exploited",
    "LOCATED_AT": "seen at",
}

#: The order of the stages of trafficking, for stops on the same date.
STAGE_ORDER: dict[str, int] = {
    "recruited from": 0,
    "recruited": 1,
    "moved": 2,
    "received": 3,
    "harboured": 4,
    "exploited": 5,
    "seen at": 6,
}

_PREPOSITION = re.compile(r"(from|to|at|in|via|through|into|out of|towards?)\s+(the\s+)?$", re.IGNORECASE)


@dataclass
class JourneyStop:
    """The person at a place, as one sentence of one report says."""

    place: str
    place_name: str
    stages: list[str]  # recruited, moved, received, harboured, exploited, seen at
    date: str | None  # the date the sentence gives, else the date of the report behind it
    report_id: str
    sentence: str
    by: list[str] = field(default_factory=list)  # the other people in the act links (recruiter, driver...)
    preposition: str = ""  # the word before the place in the sentence ("from", "to", "at"...)
    sentence_start: int = 0
    position: int = 0  # offset of the place's name in the sentence
    date_from: str = ""  # "event" (the link's event date), "sentence" (a date written in it), "report" or ""

    @property
    def stage_rank(self) -> int:
        return min((STAGE_ORDER.get(stage, len(STAGE_ORDER)) for stage in self.stages), default=len(STAGE_ORDER))


@dataclass
class Leg:
    """One leg of a journey, from a place to the next, with every stop that tells it (merged across reports)."""

    origin: str
    destination: str
    origin_name: str
    destination_name: str
    date: str | None  # the date of the move, as its evidence best gives it
    date_from: str  # how that date is known: event, sentence, report or ""
    times_told: int  # how many sentences tell this move (retellings are merged into one leg)
    evidence: list[JourneyStop] = field(default_factory=list)  # the stops telling the move, in order


@dataclass
class Journey:
    """A person's stops in time order, and the route (places, consecutive repeats collapsed)."""

    person: str
    name: str
    stops: list[JourneyStop]

    @property
    def route(self) -> list[str]:
        return [place for place, _group in itertools.groupby(s.place for s in self.stops)]

    @property
    def legs(self) -> list[tuple[str, str]]:
        return list(itertools.pairwise(self.route))


@dataclass
class SharedRoute:
    """A leg of a journey (one place to the next) that several people travelled."""

    origin: str
    destination: str
    origin_name: str
    destination_name: str
    people: list[str]
    names: list[str]


def place_names(G: nx.Graph) -> list[tuple[str, str]]:
    """``(surface form, place id)`` for every LOCATION's name and aliases (3+ characters), longest first."""
    forms = []
    for node, data in G.nodes(data=True):
        if data.get("kind") != "LOCATION":
            continue
        for form in {data.get("name") or "", *(data.get("aliases") or [])}:
            if len(form.strip()) >= 3:
                forms.append((form.strip(), node))
    forms.sort(key=lambda f: (-len(f[0]), f[0]))
    return forms


def places_in_sentence(sentence: str, forms: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    """``(offset, place id, preposition)`` of each place named in ``sentence``, in text order.

    Longer names win over names inside them ("27 Barnett Street" over "Barnett Street").
    """
    taken: list[tuple[int, int]] = []
    found = []
    for form, place in forms:
        for match in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", sentence, re.IGNORECASE):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            before = _PREPOSITION.search(sentence[:start])
            found.append((start, place, before.group(1).lower() if before else ""))
    found.sort()
    return found


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Month names written with a capital ("May", "MAY"), so the verb "may" is no date.
_MONTH = (
    r"(?P<month>"
    + "|".join(form for name in sorted(_MONTHS, key=len, reverse=True) for form in (name.title(), name.upper()))
    + r")\.?"
)
_SENTENCE_DATES = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mm>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"),
    re.compile(r"\b(?P<day>\d{1,2})/(?P<mm>\d{1,2})/(?P<year>(?:19|20)\d\d)\b"),
]


def date_in_sentence(sentence: str, report_date: str | None = None) -> str | None:
    """The first calendar date a sentence gives ("On 14 May 2023", "15/01/2022", "2022-01-15"), as ISO.

    A day and month without a year take the report's year (the year before, when that
    would put the event after the report). Day first for ``dd/mm/yyyy``.
    """
    found = []
    for pattern in _SENTENCE_DATES:
        for match in pattern.finditer(sentence):
            found.append((match.start(), match))
    for _at, match in sorted(found, key=lambda item: item[0]):
        parts = match.groupdict()
        month = int(parts["mm"]) if parts.get("mm") else _MONTHS[parts["month"].lower()]
        day = int(parts["day"])
        year = int(parts["year"]) if parts.get("year") else int(report_date[:4]) if report_date else None
        if year is None or not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        try:
            when = date(year, month, day)
        except ValueError:
            continue
        if not parts.get("year") and report_date and when.isoformat() > report_date[:10]:
            when = when.replace(year=year - 1)
        return when.isoformat()
    return None


def _date(report_dates: Mapping[str, str | None] | None, report_id: str, attrs: dict) -> tuple[str | None, str]:
    """When the stop happened, and from where that is known: ``"event"``, ``"sentence"``, ``"report"`` or ``""``."""
    event = attrs.get("event_date")
    if event and re.match(r"^\d{4}-\d{2}-\d{2}", str(event)):
        return str(event)[:10], "event"
    reported = (report_dates or {}).get(report_id) or attrs.get("reported_at")
    reported = str(reported)[:10] if reported else None
    told = date_in_sentence(attrs.get("sentence", ""), reported)
    if told:
        return told, "sentence"
    return reported, "report" if reported else ""


def victim_journey(
    G: nx.Graph,
    person: str,
    report_dates: Mapping[str, str | None] | None = None,
    as_actor: bool = False,
) -> Journey:
    """The places a person was recruited from, moved through, received, harboured and exploited at.

    Parameters
    ----------
    G : networkx graph
        The case graph (``store.to_networkx()``), with LOCATION nodes carrying ``name`` and
        ``aliases`` and links carrying ``report_id``, ``sentence`` and ``start``.
    person : str
        The person (usually a victim).
    report_dates : mapping of str to str, optional
        ``report_id -> ISO date``. Without it (or for reports missing from it) stops keep
        text order and sort after dated ones.
    as_actor : bool
        Also follow acts the person did to others (a recruiter's or driver's movements);
        by default only acts done to the person count.

    Returns
    -------
    Journey
        One stop per (place, sentence); a sentence behind several act links gives one stop
        with all their stages.

    Notes
    -----
    Linear in the person's links times the number of place names. The link's
    ``event_date`` wins, then a date written in the sentence, then the report's date
    (``JourneyStop.date_from`` says which was used): report dates are when a report was
    written, so a late report of an early event with no date of its own sorts late. Read
    the sentence of each stop before relying on the order.
    """
    require_node(G, person)
    forms = place_names(G)
    stops: dict[tuple[str, str, int], JourneyStop] = {}

    def add(place: str, stage: str, attrs: dict, by: str | None, position: int = 0, preposition: str = "") -> None:
        report_id = attrs.get("report_id", "")
        key = (place, report_id, int(attrs.get("start", 0) or 0), attrs.get("sentence", ""))
        stop = stops.get(key)
        if stop is None:
            when, date_from = _date(report_dates, report_id, attrs)
            stop = stops[key] = JourneyStop(
                place=place,
                place_name=name_of(G, place),
                stages=[],
                date=when,
                date_from=date_from,
                report_id=report_id,
                sentence=attrs.get("sentence", ""),
                preposition=preposition,
                sentence_start=int(attrs.get("start", 0) or 0),
                position=position,
            )
        if stage not in stop.stages:
            stop.stages.append(stage)
        if by and by not in stop.by:
            stop.by.append(by)

    if G.is_directed():
        incident = list(G.out_edges(person, data=True)) + list(G.in_edges(person, data=True))
    else:
        incident = list(G.edges(person, data=True))
    for u, v, attrs in incident:
        other = v if u == person else u
        kind = attrs.get("type")
        if kind == "LOCATED_AT" and G.nodes[other].get("kind") == "LOCATION":
            sentence = attrs.get("sentence", "")
            named = [(pos, prep) for pos, place, prep in places_in_sentence(sentence, forms) if place == other]
            pos, prep = named[0] if named else (0, "")
            add(other, STAGES["LOCATED_AT"], attrs, None, pos, prep)
        elif kind in ACT_LINKS and (v == person or as_actor):
            stage = STAGES[kind]
            other_is_place = G.nodes[other].get("kind") == "LOCATION"
            by = None if other_is_place else other
            if other_is_place:
                add(other, stage, attrs, None)
            for pos, place, prep in places_in_sentence(attrs.get("sentence", ""), forms):
                add(place, "recruited from" if stage == "recruited" and prep == "from" else stage, attrs, by, pos, prep)
    kept = _without_enclosing_places(G, list(stops.values()))
    told_dates = [(s.stage_rank, s.date) for s in kept if s.date and s.date_from in ("event", "sentence")]

    def order_date(stop: JourneyStop) -> str | None:
        # a report's date only bounds the event: it happened no later than the first dated later stage
        if stop.date is None or stop.date_from in ("event", "sentence"):
            return stop.date
        later = [when for rank, when in told_dates if rank > stop.stage_rank]
        return min([stop.date, *later])

    ordered = sorted(
        kept,
        key=lambda s: (
            s.date is None,
            order_date(s) or "",
            s.stage_rank,
            s.report_id,
            s.sentence_start,
            s.position,
            s.place_name,
        ),
    )
    return Journey(person, name_of(G, person), ordered)


def journey_legs(journey: Journey) -> list[Leg]:
    """The journey's legs in order, each told once with all its evidence.

    The places follow the order of the person's first stop at each (a place told again
    later, by a retelling of the same move or a late report, does not send the person back
    and forth); each pair of consecutive places is a leg. A leg's evidence is every stop in
    a sentence naming both its ends (the telling of the move), else the stops at its
    destination; ``times_told`` counts the distinct sentences telling the move, and the
    leg's date is the earliest date its evidence gives (``date_from`` says how it is known).
    """
    route = list(dict.fromkeys(s.place for s in journey.stops))

    def telling(stop: JourneyStop) -> tuple[str, int, str]:
        return (stop.report_id, stop.sentence_start, stop.sentence)

    tellings: dict[str, set[tuple[str, int, str]]] = defaultdict(set)
    for stop in journey.stops:
        tellings[stop.place].add(telling(stop))
    legs = []
    for origin, destination in itertools.pairwise(route):
        both = tellings[origin] & tellings[destination]
        evidence = [s for s in journey.stops if s.place in (origin, destination) and telling(s) in both]
        if not evidence:
            evidence = [s for s in journey.stops if s.place == destination]
        dated = [s for s in evidence if s.date]
        first = min(dated, key=lambda s: (s.date_from not in ("event", "sentence"), s.date)) if dated else evidence[0]
        names = {s.place: s.place_name for s in journey.stops}
        legs.append(
            Leg(
                origin,
                destination,
                names[origin],
                names[destination],
                first.date,
                first.date_from,
                max(1, len(both)),
                evidence,
            )
        )
    return legs


def _without_enclosing_places(G: nx.Graph, stops: list[JourneyStop]) -> list[JourneyStop]:
    """Drop a place named in the same sentence as a place whose name contains it.

    "the guest house in Ocho Rios" names both ``Mahogany Heights Guest House, Ocho Rios``
    and ``Ocho Rios``; the journey keeps the guest house only.
    """
    by_sentence: dict[tuple[str, int, str], list[JourneyStop]] = defaultdict(list)
    for stop in stops:
        by_sentence[(stop.report_id, stop.sentence_start, stop.sentence)].append(stop)
    kept = []
    for stop in stops:
        data = G.nodes[stop.place]
        forms = [f for f in {data.get("name") or "", *(data.get("aliases") or [])} if len(f) >= 4]
        pattern = (
            re.compile("|".join(r"(?<!\w)" + re.escape(f) + r"(?!\w)" for f in forms), re.IGNORECASE) if forms else None
        )
        inside_another = pattern is not None and any(
            other.place != stop.place and pattern.search(other.place_name)
            for other in by_sentence[(stop.report_id, stop.sentence_start, stop.sentence)]
        )
        if not inside_another:
            kept.append(stop)
    return kept


def shared_routes(
    G: nx.Graph,
    people: Iterable[str] | None = None,
    report_dates: Mapping[str, str | None] | None = None,
    min_people: int = 2,
) -> list[SharedRoute]:
    """Legs of journeys (one place to the next) travelled by at least ``min_people`` people.

    Parameters
    ----------
    G : networkx graph
        The case graph.
    people : iterable of str, optional
        Whose journeys to compare (default: every victim, see :func:`graph.analysis.common.victims`).
    report_dates : mapping, optional
        As in :func:`victim_journey`.
    min_people : int
        Report a leg only when this many people share it.

    Returns
    -------
    list of SharedRoute
        Most travelled legs first.
    """
    travellers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for person in sorted(people if people is not None else victims(G)):
        for leg in set(victim_journey(G, person, report_dates).legs):
            travellers[leg].add(person)
    shared = [
        SharedRoute(
            origin=a,
            destination=b,
            origin_name=name_of(G, a),
            destination_name=name_of(G, b),
            people=sorted(who),
            names=[name_of(G, p) for p in sorted(who)],
        )
        for (a, b), who in travellers.items()
        if len(who) >= min_people
    ]
    shared.sort(key=lambda r: (-len(r.people), r.origin_name, r.destination_name))
    return shared
