"""The analysis commands of the `threadline` CLI on an embedded case file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.embedded import EmbeddedStore
from tests.case_builder import ingest_case
from tests.conftest import DEV_CORPUS
from tests.test_analysis_projection import NETWORKS

runner = CliRunner()


@pytest.fixture
def florentine_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'florence.db'}"
    result = runner.invoke(
        app,
        [
            "import-links",
            str(NETWORKS / "florentine_marriages.csv"),
            "--source",
            "family_a",
            "--target",
            "family_b",
            "--store",
            url,
        ],
    )
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture
def case_url(tmp_path):
    path = tmp_path / "case.db"
    with EmbeddedStore(path) as store:
        ingest_case(store)
    return f"sqlite:///{path}"


def run_json(*args: str):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_calls_import_reports_read_and_new_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 'calls.db'}"
    first = run_json("calls", str(DEV_CORPUS / "calls.csv"), "--store", url)
    again = run_json("calls", str(DEV_CORPUS / "calls.csv"), "--store", url)
    assert (first["read"], first["added"], again["added"]) == (146, 146, 0)


def test_calls_import_names_the_file_and_line_of_a_bad_row(tmp_path):
    cdr = tmp_path / "cdr.csv"
    cdr.write_text(
        "caller,callee,start_time,duration_s\n5550143,5550112,2022-01-03T17:58:00,60\n5550143,x,2022-01-03,6\n"
    )
    result = runner.invoke(app, ["calls", str(cdr), "--store", f"sqlite:///{tmp_path / 'c.db'}"])
    assert result.exit_code == 0, result.output
    assert "1 calls read, 1 new" in result.output and "cdr.csv line 3" in result.output


def test_a_file_that_is_no_call_record_exits_with_the_reason(tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("name,notes\nann,hello\n")
    result = runner.invoke(app, ["calls", str(bad), "--store", f"sqlite:///{tmp_path / 'c.db'}"])
    assert result.exit_code == 2 and "no column for caller" in result.output


def test_import_links_twice_says_nothing_changed(florentine_url):
    again = run_json(
        "import-links",
        str(NETWORKS / "florentine_marriages.csv"),
        "--source",
        "family_a",
        "--target",
        "family_b",
        "--store",
        florentine_url,
    )
    assert again["created"] is False and again["links"] == 20


def test_metrics_of_the_florentine_families(florentine_url):
    metrics = run_json("metrics", "--store", florentine_url)
    assert (metrics["nodes"], metrics["ties"], metrics["components"]) == (15, 20, 1)
    assert metrics["density"] == pytest.approx(0.1905, abs=1e-4)


def test_key_players_by_betweenness_puts_the_medici_first(florentine_url):
    report = run_json("key-players", "--measure", "betweenness", "--top", "3", "--store", florentine_url)
    assert report["players"][0]["entity_id"] == "P_medici"
    assert "broker" in report["players"][0]["explanation"]


def test_disrupt_prints_the_curve(florentine_url):
    curve = run_json(
        "disrupt", "--measure", "betweenness", "--removal", "sequential", "--max", "2", "--store", florentine_url
    )
    assert [p["largest_component"] for p in curve] == [15, 11, 7]


def test_paths_between_names_resolved_by_search(florentine_url):
    paths = run_json("paths", "Acciaiuoli", "Strozzi", "--k", "2", "--store", florentine_url)
    assert paths[0]["nodes"] == ["P_acciaiuoli", "P_medici", "P_ridolfi", "P_strozzi"]
    assert paths[0]["hops"][0]["evidence"][0]["sentence"] == "Acciaiuoli,Medici"


def test_paths_up_to_max_hops(florentine_url):
    paths = run_json("paths", "P_acciaiuoli", "P_strozzi", "--max-hops", "4", "--store", florentine_url)
    assert paths and all(p["length"] <= 4 for p in paths)


def test_an_unknown_name_says_how_to_find_one(florentine_url):
    result = runner.invoke(app, ["paths", "Borgia", "Medici", "--store", florentine_url])
    assert result.exit_code == 1 and "threadline search" in result.output


def victim_id(case_url: str) -> str:
    """The id the CLI shows for the case's victim (Tanya Hall): her pseudonym's, never her real id."""
    profile = run_json("show", "P_ricky_grant", "--store", case_url)
    (shown,) = {link["target"] for link in profile["links"] if link["type"] == "RECRUITED"}
    assert shown.startswith("VICTIM_V-")
    return shown


def test_recruitment_of_a_victim(case_url):
    result = run_json("recruitment", victim_id(case_url), "--store", case_url)
    (chain,) = [c["people"] for c in result["chains"]]
    assert chain[0] == "P_ricky_grant" and chain[1].startswith("VICTIM_V-")  # her pseudonym's id, as in the workspace


def test_journey_of_a_victim_in_time_order(case_url):
    journey = run_json("journey", victim_id(case_url), "--store", case_url)
    assert [s["date"] for s in journey["stops"]] == ["2022-01-15", "2022-01-15", "2022-03-02"]
    assert journey["route"][0] == "L_sunset_guest_house"


def test_tables_print_without_json(case_url):
    result = runner.invoke(app, ["key-players", "--store", case_url])
    assert result.exit_code == 0, result.output
    assert "Ricky Grant" in result.output


def test_paths_only_along_chosen_link_types_and_direction(case_url):
    victim = victim_id(case_url)
    assert run_json("paths", "P_ricky_grant", victim, "--type", "recruited", "--directed", "--store", case_url)
    assert (
        run_json("paths", victim, "P_ricky_grant", "--type", "recruited", "--directed", "--store", case_url)
        == []
    )


def test_key_players_from_a_stated_betweenness_sample_says_so(florentine_url):
    report = run_json(
        "key-players", "--measure", "betweenness", "--sample", "5", "--seed", "3", "--store", florentine_url
    )
    assert any("k=5" in note and "seed 3" in note for note in report["notes"])


def test_key_players_by_default_say_their_betweenness_is_exact(florentine_url):
    report = run_json("key-players", "--measure", "betweenness", "--store", florentine_url)
    assert any("exact" in note for note in report["notes"] if note.startswith("betweenness"))


def test_a_betweenness_sample_of_no_sources_is_refused(florentine_url):
    result = runner.invoke(app, ["disrupt", "--sample", "0", "--store", florentine_url])
    assert result.exit_code == 2
    assert "--sample" in result.output


def test_key_players_never_rank_the_victim(case_url):
    for measure in ("degree", "betweenness", "fragmentation", "collective_influence"):
        report = run_json("key-players", "--measure", measure, "--store", case_url)
        assert "P_tanya_hall" not in [p["entity_id"] for p in report["players"]]
        # the CLI speaks through the guard: the victim is protected under her pseudonym, never her name
        assert list(report["protected"].values()).count("victim") == 1
        assert not any("tanya" in key.lower() for key in report["protected"])
        assert "P_ricky_grant" in {p["entity_id"] for p in report["players"]}


def test_key_players_rank_phones_with_their_owner_on_request(case_url):
    report = run_json("key-players", "--measure", "degree", "--targets", "phones", "--store", case_url)
    assert report["players"] and all(p["kind"] == "PHONE" for p in report["players"])
    assert ["Ricky Grant"] in [p["owner_names"] for p in report["players"]]


def test_the_combined_score_shows_each_factor_with_its_weight(case_url):
    result = run_json("key-players", "--combined", "--weights", "position=1,role=0", "--store", case_url)
    first = result["targets"][0]
    assert [(f["name"], f["weight"]) for f in first["factors"]] == [
        ("position", 1.0),
        ("indicators", 0.2),
        ("evidence", 0.2),
    ]
    assert "1.00 x position" in first["explanation"]


def test_the_attacks_are_named_and_the_old_names_still_work(florentine_url):
    initial = run_json("disrupt", "--attack", "initial", "--max", "2", "--store", florentine_url)
    block = run_json("disrupt", "--removal", "block", "--max", "2", "--store", florentine_url)
    assert initial == block
    table = runner.invoke(app, ["disrupt", "--attack", "initial", "--max", "1", "--store", florentine_url])
    assert "initial-ranking attack by betweenness" in table.output


def test_connect_names_the_go_betweens_of_several_families(florentine_url):
    found = run_json("connect", "Acciaiuoli", "Strozzi", "Lamberteschi", "--store", florentine_url)
    assert "P_medici" in found["intermediaries"]
    assert all(hop["evidence"] for hop in found["hops"])


def test_communities_of_the_florentine_families(florentine_url):
    result = run_json("communities", "--store", florentine_url)
    members = [m for c in result["communities"] for m in c["members"]]
    assert len(members) == 15 and len(set(members)) == 15


def test_metrics_per_window_and_a_window_that_is_not_understood(case_url):
    windows = run_json("metrics", "--window", "60d", "--store", case_url)
    assert [w["start"] for w in windows][:2] == ["2022-01-15", "2022-03-16"]
    assert windows[0]["nodes"] > 0
    bad = runner.invoke(app, ["metrics", "--window", "monthly", "--store", case_url])
    assert bad.exit_code == 2 and "30d" in bad.output


def test_evidence_outside_the_window_is_left_out(case_url):
    everything = run_json("metrics", "--store", case_url)
    january = run_json("metrics", "--from", "2022-01-01", "--to", "2022-01-31", "--store", case_url)
    assert january["links"] < everything["links"]


def test_a_suspect_role_an_analyst_confirmed_counts_fully_in_the_combined_score(case_url):
    from casework.decisions import set_role
    from casework.session import open_session

    def role_of_grant() -> dict:
        targets = run_json("key-players", "--combined", "--store", case_url)["targets"]
        grant = next(t for t in targets if t["entity_id"] == "P_ricky_grant")
        return next(f for f in grant["factors"] if f["name"] == "role")

    assert role_of_grant()["value"] == 0.5
    with open_session(case_url) as opened:
        set_role(opened, "P_ricky_grant", "suspect", reason="confirmed at the case conference")
    assert (role_of_grant()["value"], role_of_grant()["detail"]) == (1.0, "suspect, confirmed by an analyst")
