"""Behaviour of the embedded (SQLite) store that the contract does not cover: crashes and files."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph.backends import open_store
from graph.embedded import EmbeddedStore
from graph.store import StoreUnavailable
from tests.case_builder import ingest_case

REPO_ROOT = Path(__file__).resolve().parent.parent

# A child process that ingests one huge report and says when it starts writing.
HUGE_INGEST = textwrap.dedent(
    """
    import sys
    from graph.embedded import EmbeddedStore
    from graph.model import Extraction, Mention, Person, Report

    store = EmbeddedStore(sys.argv[1])
    text = "Ann Lee met Bo Kim. " * 200_000
    report = Report.from_text(text, title="huge")
    people = [Person("P_ann", "Ann Lee"), Person("P_bo", "Bo Kim")]
    mentions = []
    for i in range(200_000):
        base = i * 20
        mentions.append(Mention(report.id, "P_ann", base, base + 7, "Ann Lee", "PERSON"))
        mentions.append(Mention(report.id, "P_bo", base + 12, base + 18, "Bo Kim", "PERSON"))
    print("writing", flush=True)
    store.ingest(report, Extraction(entities=people, mentions=mentions))
    print("done", flush=True)
    """
)


def test_an_ingest_killed_mid_write_leaves_no_partial_report(tmp_path):
    path = tmp_path / "case.db"
    with EmbeddedStore(path) as store:
        ingest_case(store)
        before = store.stats()
    child = subprocess.Popen(
        [sys.executable, "-c", HUGE_INGEST, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    assert child.stdout.readline().strip() == "writing"
    time.sleep(0.3)  # inside the transaction: 400,000 mention rows take longer than this
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    with EmbeddedStore(path) as store:
        after = store.stats()
        assert after == before
        assert store.search("Ann Lee") == []
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_case_file_survives_reopening(tmp_path):
    path = tmp_path / "case.db"
    with EmbeddedStore(path) as store:
        ingest_case(store)
        stats = store.stats()
    with open_store(f"sqlite:///{path}") as store:
        assert store.stats() == stats


def test_a_second_connection_sees_writes_of_the_first(tmp_path):
    path = tmp_path / "case.db"
    with EmbeddedStore(path) as reader, EmbeddedStore(path) as writer:
        assert reader.stats().reports == 0
        ingest_case(writer)
        assert reader.stats().reports == 3
        assert reader.get_entity("P_ricky_grant") is not None


def test_a_file_that_is_not_a_case_gives_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreUnavailable, match="notes.db"):
        EmbeddedStore(path)


def test_an_entity_listed_twice_in_one_report_keeps_what_each_listing_adds(tmp_path):
    """The report's entities are written in one pass: a second listing still fills in the first."""
    from graph.model import Extraction, Location, Person, Report

    report = Report.from_text("Mia Cole was moved by Dan Roe to Ocho Rios.", title="twice")
    listings = [
        Person("P_mia", "Mia Cole"),
        Person("P_mia", "Mia Cole", role="victim"),
        Person("P_dan", "Dan Roe", role="suspect"),
        Location("L_ocho_rios", "Ocho Rios", parish="St Ann"),
        Location("L_ocho_rios", "Ocho Rios", country="Jamaica"),
    ]
    with EmbeddedStore(tmp_path / "case.db") as store:
        store.ingest(report, Extraction(entities=listings))
        assert store.get_entity("P_mia").role == "victim"
        assert store.get_entity("P_dan").role == "suspect"
        town = store.get_entity("L_ocho_rios")
        assert (town.parish, town.country) == ("St Ann", "Jamaica")


def test_a_report_naming_more_entities_than_one_query_can_hold_is_stored_whole(tmp_path):
    from graph.model import Extraction, Mention, Person, Report

    report = Report.from_text("A long list of names.", title="roll call")
    people = [Person(f"P_{n}", f"Person {n}") for n in range(1_200)]
    mentions = [Mention(report.id, p.id, 0, 1, "A", "PERSON") for p in people]
    with EmbeddedStore(tmp_path / "case.db") as store:
        store.ingest(Report.from_text("Earlier.", title="first"), Extraction(entities=people[:700]))
        store.ingest(report, Extraction(entities=people, mentions=mentions))
        assert len(store.entities(kinds=["PERSON"])) == 1_200
        assert len(store.mentions_in(report.id)) == 1_200


def test_a_case_file_from_before_ocr_readings_gains_the_column_and_keeps_its_reports(tmp_path):
    import sqlite3

    from graph.embedded import SCHEMA

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(SCHEMA.replace(", text TEXT NOT NULL, ocr TEXT\n", ", text TEXT NOT NULL\n"))
    db.execute("INSERT INTO reports (id, case_name, text) VALUES ('R_old', 'ACKEE', 'Marcia paid Ann.')")
    db.commit()
    db.close()
    with EmbeddedStore(path) as store:
        report = store.get_report("R_old")
    assert (report.text, report.case, report.ocr) == ("Marcia paid Ann.", "ACKEE", None)


def test_a_case_file_from_before_event_dates_gains_the_column_and_keeps_its_links(tmp_path):
    from graph.embedded import SCHEMA

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(SCHEMA.replace("    event_date TEXT,\n", ""))
    db.execute("INSERT INTO links (type, source, target, report_id) VALUES ('PAID', 'P_a', 'P_b', 'r1')")
    db.commit()
    db.close()
    EmbeddedStore(path).close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT type, event_date FROM links").fetchall() == [("PAID", None)]
    db.close()
