"""A deterministic fictional case at any size, for benchmarks and load tests.

``plant_network(n_reports, seed)`` plants a trafficking network: rings, each with
recruiters, a transporter, a harbourer who controls a venue, victims, phones, places, a
vehicle and a front company; some transporters also work for a second ring (brokers).
``synth_case`` writes reports about it from templates (intelligence reports, victim
interviews, surveillance logs, tip-line transcripts, job adverts) together with the
resolved extraction each report yields, offsets exact, so a store can ingest them and the
extraction pipeline can be run over the same texts. ``synth_calls`` writes call-detail rows
between the network's phones. ``SynthGraph`` streams rows for graphs of a million nodes,
written straight into the embedded store's SQLite tables by :func:`write_embedded`.

Everything is fictional and a pure function of its arguments: the same seed gives the same
case, byte for byte.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from graph.identity import phone_entity_id
from graph.model import (
    Call,
    Entity,
    Extraction,
    Indicator,
    Link,
    Location,
    Mention,
    Organization,
    Person,
    Phone,
    Report,
    Vehicle,
)

DEFAULT_SEED = 7
REPORTS_PER_RING = 8  # a ring is written about in about this many reports

FEMALE_NAMES = (
    "Kimone Tanisha Shanice Renee Marcia Gloria Simone Keisha Tamika Latoya Shantel Nadine Camille Danielle "
    "Kerry-Ann Sashoy Tashana Jodian Chevelle Monique Tiffany Althea Beverley Yanique Rushane Odessa Claudette "
    "Sherika Kadian Abigail Britney Crystal Donna Jhanelle Kavia Lorna Marsha Nordia Petrina Roxanne Stacy-Ann "
    "Trudy-Ann Venice Winsome Yvette Zara Annika Brianna Chantal Deja"
).split()
MALE_NAMES = (
    "Desmond Owen Ricky Marlon Andre Damion Kevin Leroy Omar Garfield Horace Winston Delroy Everton Fitzroy "
    "Junior Kirk Lascelles Neville Orville Patrick Rohan Shane Tyrone Wayne Xavier Alton Barrington Clive Dwayne "
    "Errol Fabian Glen Hopeton Ian Jermaine Kemar Lloyd Mark Nigel Oneil Paul Romario Sheldon Trevor"
).split()
SURNAMES = (
    "Whitfield Dunbar Blackwood Salmon Gayle Ferguson Campbell Grant Hall Blake Brown Williams Thompson Clarke "
    "Reid Morgan Henry Lewis Francis Walker Wright Robinson Bailey Edwards Harris Johnson Graham Gordon Mitchell "
    "Palmer Stewart Allen Powell Samuels Bennett Nelson Lawrence Richards Spencer McKenzie Ellis Simpson Davis "
    "Barrett Lindo Chin Facey Hylton Keane Lyn Murray Nugent Ormsby Pinnock Quallo Rowe Shaw Tulloch Vassell "
    "Walters Yap Atkinson Bryan Cunningham Dixon Ebanks Forbes Green Haughton Irving Jarrett Kerr Linton "
    "Miller Nembhard Osbourne Peart Riley Scott Taylor Watson Young Anderson Beckford Chambers Daley Edie "
    "Fuller Gooden Hinds James Knight Lowe McLean Neil"
).split()
NICKNAMES = (
    "Boss Dez|Tallboy|Miss Pearl|Slim|Shortman|Big Man|Bredda|Ras|Teacha|Dutty|Coolie|Sweetness|Bigga|Dons|"
    "Spice|Ginger|Bones|Scar|Rasta Mike|Lady B|Aunty Pat|Uncle|Mumma|Red|Smokey|Killa|Blessed|Prince|Chiney|Pepper"
).split("|")
TOWNS = (
    ("Kingston", "Kingston"),
    ("Half Way Tree", "St. Andrew"),
    ("Spanish Town", "St. Catherine"),
    ("Portmore", "St. Catherine"),
    ("May Pen", "Clarendon"),
    ("Mandeville", "Manchester"),
    ("Black River", "St. Elizabeth"),
    ("Savanna-la-Mar", "Westmoreland"),
    ("Negril", "Westmoreland"),
    ("Lucea", "Hanover"),
    ("Montego Bay", "St. James"),
    ("Falmouth", "Trelawny"),
    ("St. Ann's Bay", "St. Ann"),
    ("Ocho Rios", "St. Ann"),
    ("Port Maria", "St. Mary"),
    ("Port Antonio", "Portland"),
    ("Morant Bay", "St. Thomas"),
    ("Linstead", "St. Catherine"),
    ("Christiana", "Manchester"),
    ("Santa Cruz", "St. Elizabeth"),
)
VENUE_WORDS = (
    "Red Hibiscus|Coral Vine|Sunset Crest|Blue Mahoe|Golden Ackee|Silver Palm|Cool Breeze|Starlight|Paradise|"
    "Royal Poinciana|Sea Grape|Mango Walk|Lignum Vitae|Doctor Bird|Yellow Bell|Cotton Tree|Moonshine|Hummingbird"
).split("|")
VENUE_KINDS = ("Lounge", "Guest House", "Bar", "Go-Go Club", "Villa", "Spa", "Inn", "Night Club")
FRONT_KINDS = ("Hospitality", "Recruitment Agency", "Models", "Staffing", "Entertainment", "Travel and Tours")
JOBS = ("spa", "hotel", "bar", "waitressing", "hostess", "modelling", "cleaning", "nanny")
VEHICLES = ("white Nissan Caravan", "black Toyota Crown", "silver Toyota Probox", "grey Honda Fit", "blue Toyota Hiace")
OFFICERS = ("Det. Cpl. Simone Atkinson", "Sgt. Horace Linton", "Insp. Beverley Nugent", "Cst. Andre Tulloch")


# --- the planted network -----------------------------------------------------------------


@dataclass
class Ring:
    """One trafficking ring: who recruits, moves, harbours and is exploited, and where."""

    index: int
    recruiters: list[Person]
    transporter: Person
    harbourer: Person
    victims: list[Person]
    phones: dict[str, Phone]  # person id -> the phone that person uses
    origin: Location
    destination: Location
    venue: Location
    vehicle: Vehicle
    front: Organization
    job: str
    vehicle_description: str
    also_drives_for: int | None = None  # index of a second ring this ring's transporter works for

    @property
    def suspects(self) -> list[Person]:
        return [*self.recruiters, self.transporter, self.harbourer]

    @property
    def people(self) -> list[Person]:
        return [*self.suspects, *self.victims]


@dataclass
class PlantedNetwork:
    """The fictional network a synthetic case is written about."""

    seed: int
    rings: list[Ring] = field(default_factory=list)

    def phones(self) -> list[Phone]:
        return [phone for ring in self.rings for phone in ring.phones.values()]

    def people(self) -> list[Person]:
        return [person for ring in self.rings for person in ring.people]


def _slug(text: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def _phone_number(index: int) -> str:
    """The ``index``-th fictional number: +1 876 555 0000 onwards, then the 556, 557... exchanges."""
    return f"+1876{555 + index // 10_000:03d}{index % 10_000:04d}"


def phone_as_written(e164: str) -> str:
    """How a report writes a Jamaican number: ``876-555-0142``."""
    return f"{e164[2:5]}-{e164[5:8]}-{e164[8:]}"


class _Names:
    """Hands out person names, never the same one twice in a case."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def person(self, female: bool) -> str:
        firsts = FEMALE_NAMES if female else MALE_NAMES
        for attempt in range(1000):
            first, last = self.rng.choice(firsts), self.rng.choice(SURNAMES)
            name = f"{first} {last}" if attempt < 3 else f"{first} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of synthetic names")  # pragma: no cover - 25k+ names per first name


def plant_network(n_reports: int, seed: int = DEFAULT_SEED) -> PlantedNetwork:
    """The network behind a case of ``n_reports`` reports: about one ring per eight reports."""
    rng = random.Random(f"threadline-network-{seed}")
    names = _Names(rng)
    network = PlantedNetwork(seed)
    n_rings = max(1, round(n_reports / REPORTS_PER_RING))
    phone_count = 0
    for index in range(n_rings):

        def person(female: bool, role: str, nickname: bool = False) -> Person:
            name = names.person(female)
            aliases = [rng.choice(NICKNAMES)] if nickname else []
            return Person(f"P_{_slug(name)}", name, aliases, role=role)

        recruiters = [person(rng.random() < 0.6, "suspect", nickname=rng.random() < 0.5)]
        if rng.random() < 0.3:
            recruiters.append(person(rng.random() < 0.5, "suspect"))
        transporter = person(False, "suspect", nickname=rng.random() < 0.5)
        harbourer = person(rng.random() < 0.4, "suspect", nickname=rng.random() < 0.3)
        victims = [person(rng.random() < 0.85, "victim") for _ in range(rng.randint(2, 6))]
        phones: dict[str, Phone] = {}
        for someone in [*recruiters, transporter, harbourer, *(v for v in victims if rng.random() < 0.3)]:
            number = _phone_number(phone_count)
            phone_count += 1
            phones[someone.id] = Phone(f"PH_{number}", number, region="JM", number_type="FIXED_LINE_OR_MOBILE")
        (origin_town, origin_parish), (dest_town, dest_parish) = rng.sample(TOWNS, 2)
        venue_name = f"{rng.choice(VENUE_WORDS)} {rng.choice(VENUE_KINDS)}"
        front_name = f"{rng.choice(VENUE_WORDS)} {rng.choice(FRONT_KINDS)}"
        plate = f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGHKLMNPRST')}{rng.choice('ABCDEFGHKLMNPRST')}"
        network.rings.append(
            Ring(
                index=index,
                recruiters=recruiters,
                transporter=transporter,
                harbourer=harbourer,
                victims=victims,
                phones=phones,
                origin=_town(origin_town, origin_parish),
                destination=_town(dest_town, dest_parish),
                # Venue and front names repeat across rings; the ring number keeps their ids apart.
                venue=Location(f"L_{_slug(venue_name)}_{index}", venue_name, place_kind="venue", country="JM"),
                vehicle=Vehicle(f"V_{plate.replace(' ', '')}", plate),
                front=Organization(f"O_{_slug(front_name)}_{index}", front_name),
                job=rng.choice(JOBS),
                vehicle_description=rng.choice(VEHICLES),
            )
        )
    for ring in network.rings:
        if n_rings > 1 and rng.random() < 0.2:
            ring.also_drives_for = (ring.index + rng.randint(1, n_rings - 1)) % n_rings
    return network


def _town(name: str, parish: str) -> Location:
    return Location(f"L_{_slug(name)}", name, place_kind="town", parish=parish, country="JM")


# --- report writing ----------------------------------------------------------------------


@dataclass
class _Sentence:
    text: str
    start: int
    end: int


class _ReportWriter:
    """Builds a report's text piece by piece, recording where every entity is named and why links hold."""

    def __init__(self, header: str) -> None:
        self.text = header
        self._mentions: list[tuple[Entity, int, int, _Sentence]] = []
        self._links: list[tuple[str, str, str, _Sentence, float]] = []
        self._indicators: list[tuple[str, str, _Sentence, float]] = []
        self.entities: dict[str, Entity] = {}

    def write(self, text: str) -> None:
        self.text += text

    def sentence(self, *pieces: str | tuple[Entity, str]) -> _Sentence:
        """One sentence: plain strings, and ``(entity, surface form)`` pairs that become mentions."""
        start = len(self.text)
        spans: list[tuple[Entity, int, int, str]] = []
        for piece in pieces:
            if isinstance(piece, str):
                self.text += piece
            else:
                entity, surface = piece
                spans.append((entity, len(self.text), len(self.text) + len(surface), surface))
                self.text += surface
                self.entities.setdefault(entity.id, entity)
        written = _Sentence(self.text[start:], start, len(self.text))
        self._mentions.extend((entity, s, t, written) for entity, s, t, _ in spans)
        return written

    def link(self, link_type: str, source: Entity, target: Entity, sentence: _Sentence, confidence: float) -> None:
        self._links.append((link_type, source.id, target.id, sentence, confidence))

    def indicator(self, category: str, name: str, sentence: _Sentence, confidence: float = 0.6) -> None:
        self._indicators.append((category, name, sentence, confidence))

    def finish(self, **metadata: str | None) -> tuple[Report, Extraction]:
        report = Report.from_text(self.text, **metadata)
        mentions = [
            Mention(report.id, entity.id, start, end, self.text[start:end], entity.kind, sentence.text)
            for entity, start, end, sentence in self._mentions
        ]
        links = [
            Link(t, source, target, report.id, s.text, s.start, s.end, confidence, "rule")
            for t, source, target, s, confidence in self._links
        ]
        indicators = [
            Indicator(report.id, category, name, s.text, s.start, s.end, confidence)
            for category, name, s, confidence in self._indicators
        ]
        return report, Extraction(list(self.entities.values()), mentions, links, indicators)


def _named(person: Person) -> tuple[Person, str]:
    """A person's first mention: full name, with the nickname in quotes when they have one."""
    if person.aliases:
        first, _, rest = person.name.partition(" ")
        return person, f'{first} "{person.aliases[0]}" {rest}'
    return person, person.name


def _surname(person: Person) -> tuple[Person, str]:
    return person, person.name.rsplit(" ", 1)[-1]


def _phone(phone: Phone) -> tuple[Phone, str]:
    return phone, phone_as_written(phone.name)


KINDS = ("intel report", "victim interview", "surveillance log", "tip-line transcript", "job advert")
KIND_WEIGHTS = (4, 3, 2, 2, 1)


def _header(kind: str, number: int, when: date, grading: str, rng: random.Random) -> str:
    title = {
        "intel report": "JAMAICA CONSTABULARY FORCE\nCounter-Trafficking in Persons Unit - INTELLIGENCE REPORT",
        "victim interview": "VICTIM INTERVIEW - SUMMARY",
        "surveillance log": "SURVEILLANCE LOG",
        "tip-line transcript": "NATIONAL TIP LINE - CALL TRANSCRIPT",
        "job advert": "COPY OF ONLINE JOB ADVERTISEMENT (captured by CTIP)",
    }[kind]
    return (
        f"{title}\nReport No.: SYN/{when.year}/{number:06d}\nDate: {when.isoformat()}\n"
        f"Officer: {rng.choice(OFFICERS)}\nGrading: {grading}\n\n"
    )


def _write_intel(w: _ReportWriter, ring: Ring, network: PlantedNetwork, rng: random.Random) -> None:
    recruiter, victim = rng.choice(ring.recruiters), rng.choice(ring.victims)
    w.write("1. ")
    s = w.sentence(
        _named(recruiter),
        " recruited ",
        (victim, victim.name),
        f" with a promise of {ring.job} work in ",
        (ring.destination, ring.destination.name),
        ".",
    )
    w.link("RECRUITED", recruiter, victim, s, 0.85)
    w.indicator("means", "deception about the job", s)
    w.write("\n\n2. ")
    s = w.sentence(
        _named(ring.transporter),
        " drove ",
        (victim, victim.name),
        " from ",
        (ring.origin, ring.origin.name),
        " to the ",
        (ring.venue, ring.venue.name),
        " in ",
        (ring.destination, ring.destination.name),
        ".",
    )
    w.link("TRANSPORTED", ring.transporter, victim, s, 0.8)
    w.link("LOCATED_AT", ring.venue, ring.destination, s, 0.6)
    w.write(" ")
    s = w.sentence(_named(ring.harbourer), " controls the ", (ring.venue, ring.venue.name), ".")
    w.link("CONTROLS", ring.harbourer, ring.venue, s, 0.75)
    w.write("\n\n3. ")
    s = w.sentence(_surname(recruiter), " uses ", _phone(ring.phones[recruiter.id]), ".")
    w.link("USES_PHONE", recruiter, ring.phones[recruiter.id], s, 0.95)
    w.write(" ")
    s = w.sentence(_surname(ring.harbourer), " uses ", _phone(ring.phones[ring.harbourer.id]), ".")
    w.link("USES_PHONE", ring.harbourer, ring.phones[ring.harbourer.id], s, 0.95)
    w.write("\n\n4. ")
    s = w.sentence(
        _surname(ring.harbourer),
        " paid ",
        _surname(recruiter),
        f" J${rng.randint(2, 9)}0,000 for each woman brought to the ",
        (ring.venue, ring.venue.name),
        ".",
    )
    w.link("PAID", ring.harbourer, recruiter, s, 0.7)
    if ring.also_drives_for is not None:
        other = network.rings[ring.also_drives_for]
        w.write("\n\n5. ")
        s = w.sentence(
            _surname(ring.transporter), " also drives for ", (other.harbourer, other.harbourer.name), " of the ",
            (other.venue, other.venue.name), ".",
        )  # fmt: skip
        w.link("ASSOCIATE_OF", ring.transporter, other.harbourer, s, 0.6)
    w.write("\n\nAssessment: Recommend surveillance of the venue and checks on the numbers above.\n")


def _write_interview(w: _ReportWriter, ring: Ring, network: PlantedNetwork, rng: random.Random) -> None:
    victim, recruiter = rng.choice(ring.victims), rng.choice(ring.recruiters)
    s = w.sentence(
        (victim, victim.name),
        " states that ",
        (recruiter, recruiter.name),
        f" offered her {ring.job} work at the ",
        (ring.venue, ring.venue.name),
        " in ",
        (ring.destination, ring.destination.name),
        ".",
    )
    w.link("RECRUITED", recruiter, victim, s, 0.75)
    w.write(" ")
    s = w.sentence(
        (ring.transporter, ring.transporter.name),
        " transported her from ",
        (ring.origin, ring.origin.name),
        f" in a {ring.vehicle_description}.",
    )
    w.link("TRANSPORTED", ring.transporter, victim, s, 0.7)
    w.write("\n\n")
    s = w.sentence(
        (ring.harbourer, ring.harbourer.name),
        " harboured ",
        (victim, victim.name),
        " at the ",
        (ring.venue, ring.venue.name),
        " and took her passport.",
    )
    w.link("HARBOURED", ring.harbourer, victim, s, 0.8)
    w.indicator("means", "document retention", s, 0.8)
    w.write(" ")
    s = w.sentence(
        _surname(ring.harbourer),
        " exploited ",
        (victim, victim.name.split(" ")[0]),
        f" and told her she owed J${rng.randint(10, 30)}0,000 for transport and lodging.",
    )
    w.link("EXPLOITED", ring.harbourer, victim, s, 0.7)
    w.indicator("means", "debt bondage", s, 0.75)
    if victim.id in ring.phones:
        w.write("\n\n")
        s = w.sentence((victim, victim.name), " uses ", _phone(ring.phones[victim.id]), ".")
        w.link("USES_PHONE", victim, ring.phones[victim.id], s, 0.9)
    w.write("\n")


def _write_surveillance(w: _ReportWriter, ring: Ring, network: PlantedNetwork, rng: random.Random) -> None:
    hour = rng.randint(18, 21)
    w.write(f"{hour}:10  ")
    w.sentence("OP established opposite the ", (ring.venue, ring.venue.name), ".")
    w.write(f"\n{hour}:35  ")
    s = w.sentence(
        f"A {ring.vehicle_description}, registration ",
        (ring.vehicle, ring.vehicle.name),
        ", arrives, driven by ",
        (ring.transporter, ring.transporter.name),
        ".",
    )
    w.link("CONTROLS", ring.transporter, ring.vehicle, s, 0.6)
    w.write(f"\n{hour + 1}:20  ")
    s = w.sentence(
        (ring.harbourer, ring.harbourer.name), " meets ", _surname(ring.transporter), " at the gate of the ",
        (ring.venue, ring.venue.name), ".",
    )  # fmt: skip
    w.link("ASSOCIATE_OF", ring.harbourer, ring.transporter, s, 0.6)
    w.link("LOCATED_AT", ring.harbourer, ring.venue, s, 0.5)
    w.write(f"\n{hour + 1}:40  ")
    s = w.sentence(_surname(ring.transporter), " uses ", _phone(ring.phones[ring.transporter.id]), ".")
    w.link("USES_PHONE", ring.transporter, ring.phones[ring.transporter.id], s, 0.8)
    w.write(f"\n{hour + 2}:55  OP withdrawn.\n")


def _write_tipline(w: _ReportWriter, ring: Ring, network: PlantedNetwork, rng: random.Random) -> None:
    recruiter = rng.choice(ring.recruiters)
    w.write("Caller (anonymous) states: ")
    s = w.sentence(
        _named(recruiter), " calls young girls from ", _phone(ring.phones[recruiter.id]), " and offers them work at ",
        (ring.front, ring.front.name), ".",
    )  # fmt: skip
    w.link("USES_PHONE", recruiter, ring.phones[recruiter.id], s, 0.9)
    w.link("CONTROLS", recruiter, ring.front, s, 0.55)
    w.write(" ")
    s = w.sentence(
        "The girls end up at the ",
        (ring.venue, ring.venue.name),
        " in ",
        (ring.destination, ring.destination.name),
        ".",
    )
    w.link("LOCATED_AT", ring.venue, ring.destination, s, 0.6)
    w.write("\nCall ends.\n")


def _write_advert(w: _ReportWriter, ring: Ring, network: PlantedNetwork, rng: random.Random) -> None:
    recruiter = ring.recruiters[0]
    s = w.sentence(
        (ring.front, ring.front.name),
        f" is hiring young ladies for {ring.job} jobs in ",
        (ring.destination, ring.destination.name),
        ".",
    )
    w.write(" Good pay, transport and lodging provided! ")
    s = w.sentence(
        "Call or WhatsApp ", _phone(ring.phones[recruiter.id]), " and ask for ",
        (recruiter, recruiter.aliases[0] if recruiter.aliases else recruiter.name.split(" ")[0]), ".",
    )  # fmt: skip
    w.link("USES_PHONE", recruiter, ring.phones[recruiter.id], s, 0.7)
    w.indicator("act", "recruitment advertising", s, 0.5)
    w.write("\n")


WRITERS = {
    "intel report": _write_intel,
    "victim interview": _write_interview,
    "surveillance log": _write_surveillance,
    "tip-line transcript": _write_tipline,
    "job advert": _write_advert,
}


def synth_case(n_reports: int, seed: int = DEFAULT_SEED, case: str | None = None) -> list[tuple[Report, Extraction]]:
    """``n_reports`` fictional reports about the planted network, each with its resolved extraction.

    Reports go round the rings in turn; each is one of :data:`KINDS`. Entity ids are the
    canonical ones (``P_marcia_dunbar``, ``PH_+18765550142``...), so ingesting the case
    needs no resolver. The same ``(n_reports, seed)`` always gives the same case.
    """
    network = plant_network(n_reports, seed)
    return list(_reports_about(network, n_reports, case or f"SYNTH-{seed}"))


def _reports_about(network: PlantedNetwork, n_reports: int, case: str) -> Iterator[tuple[Report, Extraction]]:
    rng = random.Random(f"threadline-reports-{network.seed}")
    first_day = date(2021, 1, 4)
    for number in range(n_reports):
        ring = network.rings[number % len(network.rings)]
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        when = first_day + timedelta(days=rng.randrange(4 * 365))
        grading = rng.choice("ABBBCCD") + rng.choice("1222334")
        writer = _ReportWriter(_header(kind, number, when, grading, rng))
        WRITERS[kind](writer, ring, network, rng)
        yield writer.finish(
            title=f"{kind.capitalize()} SYN/{when.year}/{number:06d}",
            kind=kind,
            source=f"synth_{number:06d}_{kind.replace(' ', '_')}.txt",
            case=case,
            reported_at=when.isoformat(),
            source_grading=grading[0],
            information_grading=grading[1],
            reference=f"SYN/{when.year}/{number:06d}",
            review_by="2031-01-01",  # casework's ingest dates every report; the stores keep the date given
        )


def synth_texts(n_reports: int, seed: int = DEFAULT_SEED) -> list[str]:
    """The texts of :func:`synth_case`, for running the extraction pipeline over."""
    return [report.text for report, _ in synth_case(n_reports, seed)]


def write_texts(out_dir: str | Path, n_reports: int, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the case's reports as ``.txt`` files into ``out_dir`` (created if missing)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for report, _ in synth_case(n_reports, seed):
        path = out / report.source
        path.write_text(report.text, encoding="utf-8")
        written.append(path)
    return written


def synth_calls(n_reports: int, seed: int = DEFAULT_SEED, calls_per_phone: int = 12) -> list[Call]:
    """Call-detail rows between the phones of :func:`plant_network` ``(n_reports, seed)``.

    Within a ring the recruiters and the transporter call the harbourer, the recruiters call
    the victims who have phones; a broker transporter also calls the other ring's harbourer.
    About ``calls_per_phone`` calls per phone, in time order.
    """
    network = plant_network(n_reports, seed)
    rng = random.Random(f"threadline-calls-{seed}")
    start = datetime(2021, 1, 4, 7, 0)
    calls: list[Call] = []

    def number(ring: Ring, person: Person) -> str:
        return ring.phones[person.id].name

    for ring in network.rings:
        boss = number(ring, ring.harbourer)
        pairs = [(number(ring, r), boss) for r in ring.recruiters] + [(number(ring, ring.transporter), boss)]
        pairs += [
            (number(ring, r), number(ring, v)) for r in ring.recruiters for v in ring.victims if v.id in ring.phones
        ]
        if ring.also_drives_for is not None:
            other = network.rings[ring.also_drives_for]
            pairs.append((number(ring, ring.transporter), number(other, other.harbourer)))
        for _ in range(calls_per_phone * len(ring.phones)):
            caller, callee = rng.choice(pairs)
            if rng.random() < 0.3:
                caller, callee = callee, caller
            when = start + timedelta(minutes=rng.randrange(4 * 365 * 24 * 60))
            calls.append(Call(caller, callee, when.isoformat(timespec="seconds") + "-05:00", rng.randint(5, 900)))
    calls.sort(key=lambda c: (c.start, c.caller, c.callee))
    return calls


# --- large graphs written directly ---------------------------------------------------------

RING_SIZE = 20  # nodes per ring in a SynthGraph: 12 people, 4 phones, 3 places, 1 organisation
PERSON_LINKS = ("RECRUITED", "TRANSPORTED", "HARBOURED", "EXPLOITED", "ASSOCIATE_OF", "PAID")


@dataclass(frozen=True)
class SynthGraph:
    """A graph of ``n_nodes`` entities and about ``n_edges`` links, streamed as store rows.

    Nodes come in rings of :data:`RING_SIZE`; most links stay inside a ring, about one in
    twelve joins two rings (brokers). Node ``i``'s id and kind follow from ``i`` alone
    (``P_0000012``, ``PH_+1876...``), so queries can pick nodes without loading the graph.
    """

    n_nodes: int
    n_edges: int
    seed: int = DEFAULT_SEED
    links_per_report: int = 10

    @property
    def n_rings(self) -> int:
        return max(1, -(-self.n_nodes // RING_SIZE))

    def kind_of(self, node: int) -> str:
        position = node % RING_SIZE
        return "PERSON" if position < 12 else "PHONE" if position < 16 else "LOCATION" if position < 19 else "ORG"

    def node_id(self, node: int) -> str:
        kind = self.kind_of(node)
        if kind == "PHONE":
            return phone_entity_id(_phone_number(node))
        return {"PERSON": "P_", "LOCATION": "L_", "ORG": "O_"}[kind] + f"{node:07d}"

    def entity_rows(self) -> Iterator[tuple[str, str, str, str]]:
        """``(id, kind, name, properties JSON)`` rows of the ``entities`` table."""
        rng = random.Random(f"threadline-graph-nodes-{self.seed}")
        for node in range(self.n_nodes):
            kind = self.kind_of(node)
            if kind == "PERSON":
                first = rng.choice(FEMALE_NAMES if rng.random() < 0.5 else MALE_NAMES)
                name = f"{first} {rng.choice(SURNAMES)}"
                role = "victim" if node % RING_SIZE >= 6 else "suspect"
                yield self.node_id(node), kind, name, json.dumps({"role": role})
            elif kind == "PHONE":
                yield self.node_id(node), kind, _phone_number(node), '{"region": "JM"}'
            elif kind == "LOCATION":
                town, parish = rng.choice(TOWNS)
                if node % RING_SIZE == 18:
                    town = f"{rng.choice(VENUE_WORDS)} {rng.choice(VENUE_KINDS)}"
                yield self.node_id(node), kind, town, json.dumps({"place_kind": "town", "parish": parish})
            else:
                yield self.node_id(node), kind, f"{rng.choice(VENUE_WORDS)} {rng.choice(FRONT_KINDS)}", "{}"

    def alias_rows(self) -> Iterator[tuple[str, str, str]]:
        """``(entity id, alias, report id)``: a nickname for one person in ten."""
        rng = random.Random(f"threadline-graph-aliases-{self.seed}")
        for node in range(0, self.n_nodes, 10):
            if self.kind_of(node) == "PERSON":
                yield self.node_id(node), rng.choice(NICKNAMES), ""

    def edges(self) -> Iterator[tuple[str, int, int]]:
        """``(link type, source node, target node)`` for every link, in a fixed order."""
        rng = random.Random(f"threadline-graph-edges-{self.seed}")
        n_rings, last_ring_size = self.n_rings, self.n_nodes - (self.n_rings - 1) * RING_SIZE
        for _ in range(self.n_edges):
            ring = rng.randrange(n_rings)
            size = RING_SIZE if ring < n_rings - 1 else last_ring_size
            base = ring * RING_SIZE
            source = base + rng.randrange(min(size, 12))
            roll = rng.random()
            if roll < 0.08 and n_rings > 1:
                other = (ring + rng.randrange(1, n_rings)) % n_rings
                other_size = RING_SIZE if other < n_rings - 1 else last_ring_size
                yield "ASSOCIATE_OF", source, other * RING_SIZE + rng.randrange(min(other_size, 12))
                continue
            target = base + rng.randrange(size)
            if target == source:
                target = base + (source - base + 1) % size
            kind = self.kind_of(target)
            if kind == "PERSON":
                yield rng.choice(PERSON_LINKS), source, target
            else:
                yield {"PHONE": "USES_PHONE", "LOCATION": "LOCATED_AT", "ORG": "CONTROLS"}[kind], source, target

    def link_rows(self) -> Iterator[tuple]:
        """Rows of the ``links`` table: type, source, target, report, sentence, start, end, confidence, method, weight."""
        for number, (link_type, source, target) in enumerate(self.edges()):
            sentence = f"{link_type.replace('_', ' ').lower()} ({number})"
            report = self.report_id(number // self.links_per_report)
            yield (
                link_type,
                self.node_id(source),
                self.node_id(target),
                report,
                sentence,
                0,
                len(sentence),
                0.7,
                "rule",
                1.0,
            )

    @property
    def n_reports(self) -> int:
        return max(1, -(-self.n_edges // self.links_per_report))

    def report_id(self, number: int) -> str:
        return f"R_synth_{self.seed}_{number:07d}"

    def report_rows(self) -> Iterator[tuple]:
        """Rows of the ``reports`` table (id, case, title, kind, source, reported_at, ..., text)."""
        first_day = date(2021, 1, 4)
        for number in range(self.n_reports):
            when = (first_day + timedelta(days=number % 1400)).isoformat()
            yield (
                self.report_id(number), f"SYNTH-GRAPH-{self.seed}", f"Link list {number}", "import", "synth",
                when, when + "T00:00:00+00:00", "B", "2", None, None, None, None, f"Synthetic link list {number}.",
            )  # fmt: skip

    def write_edgelist(self, path: str | Path) -> int:
        """The same links as a whitespace-separated edge list (``source target type report``) for networkx."""
        count = 0
        with open(path, "w", encoding="utf-8") as out:
            for number, (link_type, source, target) in enumerate(self.edges()):
                report = self.report_id(number // self.links_per_report)
                out.write(f"{self.node_id(source)} {self.node_id(target)} {link_type} {report}\n")
                count += 1
        return count


def synth_graph_rows(n_nodes: int, n_edges: int, seed: int = DEFAULT_SEED) -> SynthGraph:
    """A graph of ``n_nodes`` entities and ``n_edges`` links whose store rows stream on demand.

    Nothing is generated until its rows are read (``entity_rows()``, ``link_rows()``,
    ``report_rows()``, ``alias_rows()``), so a 1,000,000-node graph never sits in memory as rows;
    :func:`write_embedded` writes them into a store file, ``write_edgelist`` into an edge list.
    """
    return SynthGraph(n_nodes, n_edges, seed)


def write_embedded(path: str | Path, graph: SynthGraph, chunk: int = 50_000) -> None:
    """Write ``graph`` straight into an embedded store's SQLite file (bulk, one transaction).

    Creates the store's schema first by opening it, so the file is an ordinary Threadline case.
    """
    from itertools import islice

    from graph.embedded import EmbeddedStore

    EmbeddedStore(path).close()
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA synchronous=OFF")
        db.execute("BEGIN")
        statements = (
            ("INSERT OR IGNORE INTO entities (id, kind, name, properties) VALUES (?, ?, ?, ?)", graph.entity_rows()),
            ("INSERT OR IGNORE INTO aliases (entity_id, alias, report_id) VALUES (?, ?, ?)", graph.alias_rows()),
            (
                "INSERT OR IGNORE INTO reports (id, case_name, title, kind, source, reported_at, ingested_at, "
                "source_grading, information_grading, handling_code, author, reference, review_by, text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                graph.report_rows(),
            ),
            (
                'INSERT OR IGNORE INTO links (type, source, target, report_id, sentence, start, "end", confidence, '
                "method, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                graph.link_rows(),
            ),
        )
        for statement, rows in statements:
            while batch := list(islice(rows, chunk)):
                db.executemany(statement, batch)
        db.execute("COMMIT")
    finally:
        db.close()
