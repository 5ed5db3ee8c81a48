"""The kill loop: SIGKILL the ingest process at random points, many times, on both stores.

A child process (this module run as ``python -m tests.test_kill_loop STORE_URL BATCH.json``)
ingests a batch of 20 reports one ``store.ingest`` at a time, printing a line after each.
The test kills it (seeded random points: between commits and in the middle of them), starts
it again over the whole batch, and repeats until the batch finishes. Afterwards every report
is there exactly once and whole: its mentions, links and indicators all, none doubled.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from graph.model import Extraction, Indicator, Link, LinkFilter, Mention, Report, make_entity

REPO_ROOT = Path(__file__).resolve().parent.parent
BATCH_SIZE = 20
KILLS = 15
SEED = 20261128
TIME_BUDGET_S = 90.0  # a guard against a hung run, not a speed test: each Neo4j run takes ~2 s to connect
SIGHTINGS = 150  # extra sentences per report, each naming a person and a place


# --- the batch ------------------------------------------------------------------------------------

FIRST = ["Andre", "Beverley", "Carlton", "Dionne", "Everton", "Fiona", "Garfield", "Hyacinth", "Ivan", "Janice"]
LAST = ["Morgan", "Brown", "Clarke", "Davis", "Ellis", "Francis", "Gordon", "Henry", "Irving", "James"]
PLACES = ["Negril", "Ocho Rios", "Montego Bay", "Port Antonio", "Mandeville"]


def build_batch(nonce: str, size: int = BATCH_SIZE) -> list[tuple[Report, Extraction]]:
    """``size`` long reports over one network: shared people and places, so entity writes overlap."""
    rng = random.Random(SEED)
    return [build_report(number, nonce, rng) for number in range(size)]


def build_report(number: int, nonce: str, rng: random.Random) -> tuple[Report, Extraction]:
    """One surveillance log: three sentences with typed links, then many sightings (mentions)."""
    people = rng.sample(range(len(FIRST)), 4)
    place = rng.randrange(len(PLACES))
    names = [f"{FIRST[i]} {LAST[i]}" for i in people]
    phone = f"876-555-{1000 + number:04d}"
    sentences = [
        f"{names[0]} recruited {names[1]} with a promise of hotel work.",
        f"{names[2]} drove {names[1]} to {PLACES[place]}.",
        f"{names[3]} collects the money and uses {phone}.",
    ]
    seen = rng.choices(people, k=SIGHTINGS)
    sightings = [f"Seen: {FIRST[i]} {LAST[i]} at {PLACES[place]}." for i in seen]
    text = f"SURVEILLANCE LOG {number} ({nonce})\nGrading: B2\n\n" + " ".join(sentences)
    text += "\n\nSightings:\n" + "\n".join(sightings)
    report = Report.from_text(
        text, title=f"Log {number}", kind="surveillance log", case=f"KILL-{nonce}", source_grading="B"
    )
    entities = [
        make_entity("PERSON", f"P_kl_{i}", f"{FIRST[i]} {LAST[i]}", role="victim" if j == 1 else "suspect")
        for j, i in enumerate(people)
    ]
    entities.append(make_entity("LOCATION", f"L_kl_{place}", PLACES[place], place_kind="town"))
    entities.append(make_entity("PHONE", f"PH_+1876555{1000 + number:04d}", f"+1876555{1000 + number:04d}"))
    mentions, links = [], []

    def mention(entity_id: str, surface: str, sentence: str, after: int = 0) -> None:
        start = text.index(surface, max(after, text.index(sentence)))
        kind = entity_id.split("_")[0]
        label = {"P": "PERSON", "L": "LOCATION", "PH": "PHONE"}[kind]
        mentions.append(Mention(report.id, entity_id, start, start + len(surface), surface, label, sentence))

    ids = [f"P_kl_{i}" for i in people]
    mention(ids[0], names[0], sentences[0])
    mention(ids[1], names[1], sentences[0])
    mention(ids[2], names[2], sentences[1])
    mention(ids[1], names[1], sentences[1])
    mention(f"L_kl_{place}", PLACES[place], sentences[1])
    mention(ids[3], names[3], sentences[2])
    mention(entities[-1].id, phone, sentences[2])
    cursor = text.index("Sightings:")
    for person, sighting in zip(seen, sightings, strict=True):  # many mentions: each ingest takes a while
        cursor = text.index(sighting, cursor)
        mention(f"P_kl_{person}", f"{FIRST[person]} {LAST[person]}", sighting, cursor)
        mention(f"L_kl_{place}", PLACES[place], sighting, cursor + len("Seen: "))
        cursor += len(sighting)

    def link(type_: str, source: str, target: str, sentence: str, method: str = "rule") -> None:
        start = text.index(sentence)
        links.append(Link(type_, source, target, report.id, sentence, start, start + len(sentence), 0.8, method))

    link("RECRUITED", ids[0], ids[1], sentences[0])
    link("TRANSPORTED", ids[2], ids[1], sentences[1])
    link("LOCATED_AT", ids[1], f"L_kl_{place}", sentences[1], "co-occurrence")
    link("USES_PHONE", ids[3], entities[-1].id, sentences[2])
    start = text.index(sentences[0])
    indicators = [
        Indicator(report.id, "means", "deception about the job", sentences[0], start, start + len(sentences[0]))
    ]
    return report, Extraction(entities, mentions, links, indicators)


def batch_to_json(batch: list[tuple[Report, Extraction]]) -> str:
    return json.dumps(
        [
            {
                "report": asdict(report),
                "entities": [e.to_dict() for e in extraction.entities],
                "mentions": [asdict(m) for m in extraction.mentions],
                "links": [asdict(k) for k in extraction.links],
                "indicators": [asdict(i) for i in extraction.indicators],
            }
            for report, extraction in batch
        ]
    )


def batch_from_json(text: str) -> list[tuple[Report, Extraction]]:
    batch = []
    for item in json.loads(text):
        entities = []
        for raw in item["entities"]:
            raw = dict(raw)
            kind, entity_id, name, aliases = raw.pop("kind"), raw.pop("id"), raw.pop("name"), raw.pop("aliases")
            entities.append(make_entity(kind, entity_id, name, aliases, **raw))
        extraction = Extraction(
            entities,
            [Mention(**m) for m in item["mentions"]],
            [Link(**k) for k in item["links"]],
            [Indicator(**i) for i in item["indicators"]],
        )
        batch.append((Report(**item["report"]), extraction))
    return batch


# --- the child: ingest the batch, one report per "next" from the parent ---------------------------


def ingest_batch(store_url: str, batch_file: str) -> None:
    """Ingest the batch, each report when the parent says ``next`` (so it can aim its kills)."""
    from graph.backends import open_store

    batch = batch_from_json(Path(batch_file).read_text())
    store = open_store(store_url)
    print("ready", flush=True)
    for number, (report, extraction) in enumerate(batch):
        if sys.stdin.readline().strip() != "next":
            return
        result = store.ingest(report, extraction)
        print(f"stored {number} {'new' if result.created else 'already'}", flush=True)
    store.close()
    print("done", flush=True)


# --- the parent: kill, restart, check --------------------------------------------------------------


@dataclass
class KillLog:
    kills: int = 0
    kills_mid_batch: int = 0  # with some reports stored and some not
    runs: int = 0
    killed_before_commit: int = 0  # the report being ingested was new on the next run
    killed_after_commit: int = 0  # it had committed just before the kill (found "already" next run)
    seconds: float = 0.0


def _read_line(process: subprocess.Popen, deadline: float) -> str | None:
    assert process.stdout is not None
    remaining = deadline - time.monotonic()
    if remaining <= 0 or not select.select([process.stdout], [], [], remaining)[0]:
        return None
    line = process.stdout.readline()
    return line.decode().strip() if line else None


def run_kill_loop(store_url: str, batch_file: Path, env: dict[str, str], kills: int = KILLS) -> KillLog:
    """Run the ingest child over the batch again and again, killing it ``kills`` times at random
    points (in the middle of a report's ingest, or just after it), until a run finishes."""
    rng = random.Random(SEED)
    log = KillLog()
    confirmed: set[int] = set()  # reports the child said were stored
    ingest_s = 0.005  # how long one ingest takes, learnt as the runs go
    began = time.monotonic()
    give_up = began + TIME_BUDGET_S
    killed: int | None = None  # the report being ingested at the last kill
    while True:
        assert time.monotonic() < give_up, f"the batch did not finish within {TIME_BUDGET_S} s ({log})"
        log.runs += 1
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.test_kill_loop", store_url, str(batch_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=REPO_ROOT,
            env=env,
        )
        assert process.stdin is not None
        finished = False
        try:
            assert _read_line(process, give_up) == "ready", "the ingest child did not start"
            first_missing = min(set(range(BATCH_SIZE)) - confirmed, default=BATCH_SIZE)
            victim = first_missing + rng.randint(0, 2) if log.kills < kills else None
            for number in range(BATCH_SIZE):
                sent = time.monotonic()
                process.stdin.write(b"next\n")
                process.stdin.flush()
                if number == victim:
                    time.sleep(rng.uniform(0, 1.5 * ingest_s))
                    process.send_signal(signal.SIGKILL)
                    log.kills += 1
                    log.kills_mid_batch += 0 < len(confirmed) < BATCH_SIZE
                    killed = number
                    break
                line = _read_line(process, give_up)
                assert line is not None and line.startswith(f"stored {number} "), f"unexpected {line!r}"
                confirmed.add(number)
                if number == killed:
                    log.killed_after_commit += line.endswith(" already")
                    log.killed_before_commit += line.endswith(" new")
                    killed = None
                if line.endswith(" new"):
                    ingest_s = 0.7 * ingest_s + 0.3 * (time.monotonic() - sent)
            else:
                finished = _read_line(process, give_up) == "done"
        finally:
            if process.poll() is None and not finished:
                process.kill()
            process.wait()
            process.stdin.close()
            process.stdout.close()
        if finished and process.returncode == 0:
            log.seconds = round(time.monotonic() - began, 1)
            return log


@dataclass
class Target:
    url: str
    env: dict[str, str]
    open: object  # () -> GraphStore, to check the result


@pytest.fixture(params=["embedded", "neo4j"])
def target(request, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    if request.param == "embedded":
        from graph.embedded import EmbeddedStore

        path = tmp_path / "case.db"
        yield Target(f"sqlite:///{path}", env, lambda: EmbeddedStore(path))
        return
    connection = request.getfixturevalue("neo4j_connection")
    store = request.getfixturevalue("neo4j_store")  # emptied for this test
    env.update(NEO4J_USER=connection.user, NEO4J_PASSWORD=connection.password)
    if connection.database:
        env["NEO4J_DATABASE"] = connection.database
    yield Target(connection.url, env, lambda: store)


def test_killed_ingests_leave_no_report_partial_or_doubled_and_a_rerun_finishes(target, tmp_path):
    nonce = uuid.uuid4().hex[:8]
    batch = build_batch(nonce)
    batch_file = tmp_path / "batch.json"
    batch_file.write_text(batch_to_json(batch))

    log = run_kill_loop(target.url, batch_file, target.env)
    print(log)

    assert log.kills == KILLS and log.kills_mid_batch >= 5, log
    store = target.open()
    case = f"KILL-{nonce}"
    stored = [r.id for r in store.reports(case)]
    assert len(stored) == len(set(stored)), "a report was stored twice"
    assert set(stored) == {report.id for report, _ in batch}, "a report is missing"
    links = store.subgraph(LinkFilter(case=case)).links
    for report, extraction in batch:
        assert len(store.mentions_in(report.id)) == len(extraction.mentions), f"{report.title} has partial mentions"
        assert len([k for k in links if k.report_id == report.id]) == len(extraction.links), f"{report.title} links"
        assert len(store.indicators(report.id)) == len(extraction.indicators), f"{report.title} indicators"
    expected_entities = {e.id for _, extraction in batch for e in extraction.entities}
    assert {e.id for e in store.entities(case=case)} == expected_entities


def test_the_batch_round_trips_through_json():
    batch = build_batch("roundtrip", size=2)
    again = batch_from_json(batch_to_json(batch))
    assert again == batch


if __name__ == "__main__":
    ingest_batch(sys.argv[1], sys.argv[2])
