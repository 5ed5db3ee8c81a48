"""FollowTheMoney exchange: the export passes the followthemoney library's own validation and
comes back through `threadline import-ftm` as the same people, places and links, with the
report each link came from."""

from __future__ import annotations

import json

import pytest
from followthemoney import model
from typer.testing import CliRunner

from cli.main import app
from graph.embedded import EmbeddedStore
from graph.ftm import to_ftm
from samples.loader import load_sample_case

DISSEMINATION = ["--recipient", "Partner agency (Aleph)", "--reason", "joint investigation"]
THINGS = ("PERSON", "ORG", "LOCATION", "VEHICLE", "HANDLE")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("ftm") / "case.db"
    with EmbeddedStore(path) as store:
        load_sample_case(store, use_pipeline=False)
    return path


@pytest.fixture(scope="module")
def exported(sample_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("ftm-out") / "case.ftm.json"
    result = CliRunner().invoke(
        app, ["export", "--format", "ftm", "--store", f"sqlite:///{sample_db}", "--out", str(out), *DISSEMINATION]
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_every_exported_entity_passes_followthemoneys_validation(exported):
    assert exported
    for entity in exported:
        schema = model.get(entity["schema"])
        assert schema is not None
        assert schema.validate(entity) is None
        # what `ftm validate` does: re-parse with cleaning; a valid entity loses and changes nothing
        cleaned = model.get_proxy(entity, cleaned=False).to_dict()["properties"]
        recleaned = model.get_proxy({"id": entity["id"], "schema": entity["schema"], "properties": cleaned}).to_dict()
        assert recleaned["properties"] == entity["properties"], entity


def test_every_reference_points_at_an_entity_in_the_file(exported):
    ids = {entity["id"] for entity in exported}
    for entity in exported:
        schema = model.get(entity["schema"])
        for name, values in entity["properties"].items():
            if schema.get(name).type.name == "entity":
                assert set(values) <= ids, (entity["schema"], name)


def test_each_link_carries_its_sentence_and_source_document(exported):
    by_id = {entity["id"]: entity for entity in exported}
    links = [e for e in exported if model.get(e["schema"]).is_a("Interval") and e["schema"] != "Call"]
    assert links
    for link in links:
        assert link["properties"]["description"]
        (proof,) = link["properties"]["proof"]
        assert by_id[proof]["schema"] == "Document"


def test_a_victim_leaves_as_her_pseudonym(exported):
    names = [n for e in exported for n in e["properties"].get("name", [])]
    assert any(n.startswith("Victim V-") for n in names)
    assert not any("Kimone" in json.dumps(e) for e in exported)


def test_the_export_round_trips_through_import_ftm(sample_db, tmp_path):
    with EmbeddedStore(sample_db) as store:
        view = store.subgraph()
        reports = {r.id: r for r in store.reports()}
    (tmp_path / "case.ftm.json").write_text(to_ftm(view, reports).to_json_lines(), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'copy.db'}"
    result = CliRunner().invoke(app, ["import-ftm", str(tmp_path / "case.ftm.json"), "--store", url, "--case", "COPY"])
    assert result.exit_code == 0, result.output
    with EmbeddedStore(tmp_path / "copy.db") as copy:
        back = copy.subgraph()
        back_reports = {r.id: r for r in copy.reports()}
    before = {(e.kind, e.name, tuple(sorted(e.aliases))) for e in view.entities if e.kind in THINGS}
    after = {(e.kind, e.name, tuple(sorted(e.aliases))) for e in back.entities if e.kind in THINGS}
    assert before == after
    roles = {e.name: e.role for e in back.entities if e.kind == "PERSON"}
    assert all(roles[e.name] == e.role for e in view.entities if e.kind == "PERSON")

    def statements(graph, titles):
        names = {e.id: e.name for e in graph.entities}
        kinds = {e.id: e.kind for e in graph.entities}
        return {
            (link.type, names[link.source], names[link.target], link.sentence, titles[link.report_id].title)
            for link in graph.links
            if kinds[link.source] in THINGS and kinds[link.target] in THINGS
        }

    assert statements(view, reports) == statements(back, back_reports)  # same links, sentences and reports
    assert {r.kind for r in back_reports.values()} == {"ftm-import"}
    assert {(c.caller, c.callee, c.total_s) for c in view.calls} == {
        (c.caller, c.callee, c.total_s) for c in back.calls
    }


def test_import_ftm_keeps_the_grading_of_the_source_document(sample_db, tmp_path):
    with EmbeddedStore(sample_db) as store:
        view, reports = store.subgraph(), {r.id: r for r in store.reports()}
    (tmp_path / "c.json").write_text(to_ftm(view, reports).to_json_lines(), encoding="utf-8")
    CliRunner().invoke(app, ["import-ftm", str(tmp_path / "c.json"), "--store", f"sqlite:///{tmp_path / 'd.db'}"])
    with EmbeddedStore(tmp_path / "d.db") as copy:
        gradings = {r.title: str(r.grading) for r in copy.reports()}
    assert {r.title: str(r.grading) for r in reports.values() if r.source_grading}.items() <= gradings.items()


def test_import_ftm_of_a_file_that_is_not_ftm_names_the_line(tmp_path):
    (tmp_path / "bad.json").write_text('{"id": "x", "schema": "Person", "properties": {}}\nnot json\n')
    result = CliRunner().invoke(
        app, ["import-ftm", str(tmp_path / "bad.json"), "--store", f"sqlite:///{tmp_path / 'e.db'}"]
    )
    assert result.exit_code == 2
    assert "bad.json line 2" in result.output


def test_import_ftm_reads_entities_from_other_tools_into_a_report_named_after_the_file(tmp_path):
    rows = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Petrov"], "alias": ["Vanya"],
                                                        "phone": ["+1 876 555 0199"]}},
        {"id": "c1", "schema": "Company", "properties": {"name": ["Blue Lagoon Tours Ltd"]}},
        {"id": "d1", "schema": "Directorship", "properties": {"director": ["p1"], "organization": ["c1"],
                                                              "role": ["Director"]}},
        {"id": "s1", "schema": "Sanction", "properties": {"entity": ["p1"], "program": ["Some list"]}},
    ]  # fmt: skip
    (tmp_path / "opensanctions.json").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'os.db'}"
    result = CliRunner().invoke(app, ["import-ftm", str(tmp_path / "opensanctions.json"), "--store", url])
    assert result.exit_code == 0, result.output
    with EmbeddedStore(tmp_path / "os.db") as store:
        view = store.subgraph()
        (report,) = store.reports()
    names = {e.id: e.name for e in view.entities}
    links = {(link.type, names[link.source], names[link.target]) for link in view.links}
    assert ("CONTROLS", "Ivan Petrov", "Blue Lagoon Tours Ltd") in links
    assert ("USES_PHONE", "Ivan Petrov", "+18765550199") in links
    assert report.title == "opensanctions.json" and report.kind == "ftm-import"
    assert next(e for e in view.entities if e.name == "Ivan Petrov").aliases == ["Vanya"]


def test_a_link_from_a_many_page_report_says_its_page():
    from graph.model import Link, Person, Report, Subgraph

    text = "Cover page.\fMarcia Dunbar met Ann Reid in Negril."
    report = Report.from_text(text, title="Statement")
    start = text.index("Marcia")
    link = Link("ASSOCIATE_OF", "P_d", "P_r", report.id, text[start:], start, len(text), 0.7, "rule")
    view = Subgraph([Person("P_d", "Marcia Dunbar"), Person("P_r", "Ann Reid")], [link])
    exported = to_ftm(view, {report.id: report}, page_breaks={report.id: [text.index("\f")]}).entities
    (associate,) = [e for e in exported if e["schema"] == "Associate"]
    assert associate["properties"]["summary"] == ["method rule; confidence 0.70; page 2"]
    assert associate["properties"]["description"] == ["Marcia Dunbar met Ann Reid in Negril."]
