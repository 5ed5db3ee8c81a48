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

from graph.embedded import EmbeddedStore
from graph.store import StoreUnavailable, open_store
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
