"""`threadline link|entity|note|view|watch|alerts` on an embedded case file (single local analyst)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.embedded import EmbeddedStore
from tests.case_builder import ingest_case

runner = CliRunner()
GRANT, TANYA, OWEN, PHONE1 = "P_ricky_grant", "P_tanya_hall", "P_owen_blake", "PH_+18765550142"


@pytest.fixture
def case_url(tmp_path, monkeypatch):
    path = tmp_path / "case.db"
    with EmbeddedStore(path) as store:
        ingest_case(store)
    return f"sqlite:///{path}"


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def path_between(case_url: str, source: str, target: str) -> list:
    return json.loads(run("paths", source, target, "--store", case_url, "--json"))


def test_rejecting_a_link_cuts_the_path_and_undo_restores_it(case_url):
    assert path_between(case_url, OWEN, PHONE1)
    said = run("link", "reject", "USES_PHONE", GRANT, PHONE1, "--reason", "Owen's handset", "--store", case_url)
    decision_id = said.split("decision ")[1].split(";")[0]
    assert not path_between(case_url, OWEN, PHONE1)
    decisions = json.loads(run("link", "decisions", "--store", case_url, "--json"))
    assert [(d["action"], d["reason"]) for d in decisions] == [("reject", "Owen's handset")]
    run("link", "undo", decision_id, "--store", case_url)
    assert path_between(case_url, OWEN, PHONE1)


def test_a_reason_is_required_to_reject(case_url):
    result = runner.invoke(app, ["link", "reject", "USES_PHONE", GRANT, PHONE1, "--store", case_url])
    assert result.exit_code != 0


def test_rejecting_a_link_that_is_not_there_says_so(case_url):
    result = runner.invoke(app, ["link", "reject", "PAID", GRANT, PHONE1, "--reason", "x", "--store", case_url])
    assert result.exit_code == 1 and "No PAID link" in result.output


def test_adding_a_link_by_hand_opens_a_path(case_url):
    run("link", "add", "LOCATED_AT", OWEN, "L_negril", "--note", "lives there", "--grading", "B2", "--store", case_url)
    assert path_between(case_url, OWEN, "L_negril")


def test_an_entity_marked_false_is_gone_from_search(case_url):
    run("entity", "reject", PHONE1, "--reason", "a reference number", "--store", case_url)
    found = json.loads(run("search", "876-555-0142", "--store", case_url, "--json"))
    assert PHONE1 not in [hit["id"] for hit in found]


def test_notes_views_and_watches_round_trip(case_url):
    run("note", "add", "entity", GRANT, "Drives a white Probox", "--store", case_url)
    notes = json.loads(run("note", "list", "--search", "probox", "--store", case_url, "--json"))
    assert [n["subject"] for n in notes] == [GRANT]
    run("view", "save", "ring", "--entity", GRANT, "--hops", "1", "--store", case_url)
    opened = json.loads(run("view", "open", "ring", "--store", case_url, "--json"))
    assert GRANT in {e["id"] for e in opened["subgraph"]["entities"]}
    run("watch", "add", "phone", "876 555 0199", "--store", case_url)
    assert "876 555 0199" in run("watch", "list", "--store", case_url)
    assert "No new alerts" in run("alerts", "--store", case_url)


def test_export_puts_notes_in_the_evidence_pack_only_with_notes(case_url, tmp_path):
    run("note", "add", "entity", GRANT, "Drives a white Probox", "--store", case_url)
    for flag, expected in (([], False), (["--notes"], True)):
        out = tmp_path / f"pack{len(flag)}"
        run(
            "export", "--format", "evidence", "--entity", "Ricky Grant", "--out", str(out),
            "--recipient", "DPP", "--reason", "charging file", "--store", case_url, *flag,
        )  # fmt: skip
        html = next(out.rglob("evidence-pack.html")).read_text() if out.is_dir() else out.read_text()
        assert ("Drives a white Probox" in html) is expected
