"""Every workspace page, driven through Streamlit's AppTest against a real embedded store.

The sample case (samples/sample_case) is ingested once per session by the real ingest
path when it exists (`threadline ingest`), else from its hand-made resolved extraction;
tests that change the case work on their own copy of that store.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import socket
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.analysis.common import recruiters
from graph.embedded import EmbeddedStore
from graph.model import Extraction, Link, Mention, Person, Report
from samples.loader import SAMPLE_CASE_DIR, SAMPLE_CASE_NAME, load_sample_case

APP = str(Path(__file__).resolve().parent.parent / "app.py")
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(1)</script>"


def ingest_sample_case(path: Path) -> None:
    """The sample case into a new store at ``path`` by the real `threadline ingest` and `threadline calls`."""
    url = f"sqlite:///{path}"
    if importlib.util.find_spec("cli.extract_commands") is None:  # extraction not installed: hand-made extraction
        with EmbeddedStore(path) as store:
            load_sample_case(store, use_pipeline=False)
        return
    from typer.testing import CliRunner

    from cli.main import app

    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(SAMPLE_CASE_DIR), "--store", url, "--case", SAMPLE_CASE_NAME])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["calls", str(SAMPLE_CASE_DIR / "calls.csv"), "--store", url])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def sample_case_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    ingest_sample_case(path)
    return path


@pytest.fixture
def sample_store_url(sample_case_db, monkeypatch) -> str:
    """The shared sample store, read-only by convention."""
    url = f"sqlite:///{sample_case_db}"
    monkeypatch.setenv("THREADLINE_STORE", url)
    return url


@pytest.fixture
def own_store_url(sample_case_db, tmp_path, monkeypatch) -> str:
    """A private copy of the sample store, for tests that change the case."""
    path = tmp_path / "own.db"
    shutil.copy(sample_case_db, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("THREADLINE_STORE", url)
    return url


@pytest.fixture
def hostile_store_url(sample_case_db, tmp_path, monkeypatch) -> str:
    """The sample case plus a report naming people whose names are HTML and script."""
    path = tmp_path / "hostile.db"
    shutil.copy(sample_case_db, path)
    with EmbeddedStore(path) as store:
        dunbar = store.search("Marcia Dunbar", limit=1)[0].entity
        sentence = f"{HOSTILE} met {dunbar.name} and {HOSTILE_SCRIPT} in Negril."
        report = Report.from_text(
            f"INTEL REPORT {HOSTILE}\nDate: 2023-08-01\n\n{sentence}",
            title=f"Hostile {HOSTILE}",
            case=SAMPLE_CASE_NAME,
            reported_at="2023-08-01",
            source_grading="B",
            information_grading="2",
        )
        start = report.text.index(sentence)
        people = [Person("P_hostile_img", HOSTILE, ['"quoted" name']), Person("P_hostile_script", HOSTILE_SCRIPT)]
        mentions = [
            Mention(
                report.id,
                p.id,
                report.text.index(p.name, start),
                report.text.index(p.name, start) + len(p.name),
                p.name,
                "PERSON",
                sentence,
            )
            for p in people
        ]
        links = [
            Link("ASSOCIATE_OF", p.id, dunbar.id, report.id, sentence, start, start + len(sentence), 0.9, "rule")
            for p in people
        ]
        store.ingest(report, Extraction(entities=[*people, dunbar], mentions=mentions, links=links))
    url = f"sqlite:///{path}"
    monkeypatch.setenv("THREADLINE_STORE", url)
    return url


def open_page(page: str | None = None, reveal_victims: bool = True) -> AppTest:
    """The app on ``page``. Victims are pseudonyms until revealed with a reason (even for the
    single local analyst); tests about what the network shows reveal them all first."""
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    if reveal_victims:
        reveal_every_victim(at)
    if page:
        at.switch_page(f"ui/pages/{page}.py").run()
        assert not at.exception, at.exception
    return at


def reveal_every_victim(at: AppTest) -> None:
    """Reveal each pseudonymised victim through the sidebar control, with a reason."""
    picks = [s for s in at.sidebar.selectbox if s.key == "reveal_pick"]
    if not picks:
        return
    for option in list(picks[0].options):
        at.sidebar.selectbox(key="reveal_pick").set_value(option).run()
        at.sidebar.text_input(key="reveal_reason").input("test of the workspace").run()
        at.sidebar.button(key="reveal_go").click().run()
        assert not at.exception, at.exception


def iframes(at: AppTest) -> list[str]:
    """The HTML of every st.iframe on the page, then the data of every network view as compact JSON."""
    views = [json.dumps(view, ensure_ascii=False, separators=(",", ":")) for view in networks(at)]
    return [element.proto.srcdoc for element in at.get("iframe")] + views


def networks(at: AppTest) -> list[dict]:
    """The data of every workable network view on the page (ui.network_component): nodes, edges, legend."""
    return [json.loads(element.proto.json) for element in at.get("bidi_component")]


def drawn(at: AppTest) -> set[str]:
    """The full names of the entities drawn in the page's first network (the tooltip's first line)."""
    return {node["title"].split("\n")[0] for node in networks(at)[0]["nodes"]}


def relations_drawn(at: AppTest) -> set[str]:
    return {edge.get("label") or "" for edge in networks(at)[0]["edges"]}


def html_blocks(at: AppTest) -> list[str]:
    """The HTML of every st.html block on the page."""
    return [element.proto.body for element in at.get("html")]


def texts(at: AppTest) -> str:
    """Everything written on the page as text, for "does the page say X" checks."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.header]
    parts += [s.value for s in at.success] + [w.value for w in at.warning] + [i.value for i in at.info]
    parts += [e.value for e in at.error] + [t.value for t in at.title] + [s.value for s in at.subheader]
    parts += [df.value.to_csv() for df in at.dataframe] + html_blocks(at)
    return "\n".join(str(p) for p in parts)


def pick(at: AppTest, base: str):
    """The choice list whose key starts with ``base`` (keys carry what the list shows: ui.widgets.keyed)."""
    (found,) = [s for s in at.selectbox if s.key and (s.key == base or s.key.startswith(base + "_"))]
    return found


def entity_id(url: str, name: str) -> str:
    """The id the store gave an entity (ids depend on the extraction that built the case)."""
    with EmbeddedStore(url.removeprefix("sqlite:///")) as store:
        return store.search(name, limit=1)[0].entity.id


def search(at: AppTest, key: str, query: str) -> AppTest:
    at.text_input(key=f"{key}_query").input(query).run()
    assert not at.exception, at.exception
    return at


def prepare_export(at: AppTest, button: str = "export_prepare") -> AppTest:
    """Say who the export goes to and why (the dissemination log), then prepare it."""
    at.text_input(key="export_recipient").input("DPP").run()
    at.text_input(key="export_reason").input("file for charging decision").run()
    at.button(key=button).click().run()
    assert not at.exception, at.exception
    return at


# --- app shell --------------------------------------------------------------------------


def test_unreachable_store_shows_what_to_do_instead_of_a_trace(tmp_path, monkeypatch):
    monkeypatch.setenv("THREADLINE_STORE", f"sqlite:///{tmp_path}")  # a folder, not a case file
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "cannot be reached" in at.error[0].value
    assert "What to do" in at.error[0].value


def test_neo4j_server_that_is_down_is_explained(monkeypatch):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("THREADLINE_STORE", f"neo4j://127.0.0.1:{port}")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "cannot be reached" in at.error[0].value
    assert "server is running" in at.error[0].value


def test_unknown_store_url_is_explained(monkeypatch):
    monkeypatch.setenv("THREADLINE_STORE", "postgres://nowhere/case")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "sqlite:///" in at.error[0].value


# --- overview ---------------------------------------------------------------------------


def test_overview_counts_reports_and_calls(sample_store_url):
    at = open_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Reports"] == "7"
    assert metrics["Calls"] == "51"
    assert int(metrics["Entities"]) > 20


def test_overview_ranks_the_most_connected_people(sample_store_url):
    at = open_page()
    people = next(df.value for df in at.dataframe if "Linked entities" in df.value.columns)
    assert "Desmond Whitfield" in list(people["Person"][:5])


def test_empty_store_offers_to_load_the_sample_case(tmp_path, monkeypatch):
    monkeypatch.setenv("THREADLINE_STORE", f"sqlite:///{tmp_path / 'empty.db'}")
    at = open_page()
    assert "empty" in at.info[0].value
    assert at.button(key="load_sample").label == "Load the sample case"


@pytest.mark.slow
def test_loading_the_sample_case_fills_an_empty_store(tmp_path, monkeypatch):
    monkeypatch.setenv("THREADLINE_STORE", f"sqlite:///{tmp_path / 'empty.db'}")
    at = open_page()
    at.button(key="load_sample").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Reports"] == "7" and metrics["Calls"] == "51"


# --- explore ----------------------------------------------------------------------------


def test_explore_finds_a_person_by_nickname(sample_store_url):
    at = search(open_page("explore"), "explore", "Boss Dez")
    assert at.header[0].value == "Desmond Whitfield"


def test_explore_draws_the_searched_persons_network(sample_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    names = drawn(at)
    assert "Desmond Whitfield" in names
    assert "Kimone Gayle" in names  # he exploited her
    assert "Gloria Salmon" in names  # he paid her


def test_explore_expanding_a_neighbour_brings_in_its_links(sample_store_url):
    at = search(open_page("explore"), "explore", "Gloria Salmon")
    assert "Red Hibiscus Lounge" not in drawn(at)
    pick(at, "explore_expand_pick").set_value(entity_id(sample_store_url, "Desmond Whitfield")).run()
    at.button(key="explore_expand").click().run()
    assert not at.exception
    assert "Red Hibiscus Lounge" in drawn(at)  # Whitfield controls it


def test_explore_caps_the_view_and_says_how_many_more(sample_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    at.slider(key="explore_hops").set_value(2).run()
    at.number_input(key="explore_limit").set_value(5).run()
    assert "more not shown" in at.warning[0].value
    assert len(networks(at)[0]["nodes"]) == 6  # the seed and its 5 strongest neighbours


def test_explore_filters_by_relation_type(sample_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    at.multiselect(key="explore_types").set_value(["PAID"]).run()
    assert "PAID" in relations_drawn(at)
    assert "USES_PHONE" not in relations_drawn(at)
    assert "Kimone Gayle" not in drawn(at)


def test_explore_filters_by_minimum_grading(sample_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    at.selectbox(key="explore_grading_source").set_value("A").run()
    at.selectbox(key="explore_grading_information").set_value("2").run()
    assert "Kimone Gayle" in drawn(at)  # from the A2 victim interview
    assert "Clifton Ebanks" not in drawn(at)  # only in C3 and ungraded reports


def test_explore_filters_by_report_dates(sample_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    at.checkbox(key="explore_use_dates").check().run()
    at.date_input(key="explore_dates").set_value((date(2023, 7, 1), date(2023, 7, 10))).run()
    assert "Kimone Gayle" in drawn(at)  # victim interview of 3 July
    assert "Clifton Ebanks" not in drawn(at)  # reported on 12 and 20 July only


def test_explore_opens_the_sentence_behind_a_link(sample_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    options = pick(at, "explore_link").options
    exploited = next(i for i, o in enumerate(options) if "EXPLOITED" in o and "Kimone Gayle" in o)
    pick(at, "explore_link").select_index(exploited).run()
    page = texts(at)
    assert "exploited Kimone Gayle at the Red Hibiscus Lounge" in page
    assert "grading A2" in page


def test_explore_sizes_nodes_by_betweenness_in_view(sample_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    at.selectbox(key="explore_size").set_value("betweenness").run()
    assert not at.exception
    (html,) = iframes(at)
    assert '"value":0.0' in html  # leaves of the ego network broker nothing


def network_component_js() -> str:
    from ui.network_component import _JS

    return _JS


# --- reports ----------------------------------------------------------------------------


def test_reports_page_highlights_mentions(sample_store_url):
    at = open_page("reports")
    body = next(h for h in html_blocks(at) if "threadline-report" in h)
    assert "<mark" in body


def test_reports_page_shows_money_amounts_as_written(sample_store_url):
    at = open_page("reports")
    titles = at.selectbox(key="reports_pick").options
    at.selectbox(key="reports_pick").select_index(next(i for i, t in enumerate(titles) if "Red Hibiscus" in t)).run()
    body = next(h for h in html_blocks(at) if "threadline-report" in h)
    assert "J$40,000" in body  # shown as HTML, never read as markdown maths between two "$"
    assert not any("J$40,000" in m.value for m in at.markdown)


def test_reports_page_escapes_hostile_report_text(hostile_store_url):
    at = open_page("reports")
    titles = at.selectbox(key="reports_pick").options
    at.selectbox(key="reports_pick").select_index(next(i for i, t in enumerate(titles) if "Hostile" in t)).run()
    body = next(h for h in html_blocks(at) if "threadline-report" in h)
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert HOSTILE not in body and "<script>" not in body


# --- hostile names everywhere ------------------------------------------------------------


def test_hostile_names_reach_the_explore_network_only_as_text_data(hostile_store_url):
    at = search(open_page("explore"), "explore", "Marcia Dunbar")
    (view,) = networks(at)
    assert HOSTILE in drawn(at)  # as data: the component puts it on the page with textContent / vis tooltips
    assert "innerHTML" not in network_component_js() and "insertAdjacentHTML" not in network_component_js()


def test_hostile_names_are_escaped_in_the_evidence_pack_preview(hostile_store_url):
    at = open_page("export")
    search(at, "pack_target", "Marcia Dunbar")
    at.button(key="pack_add").click().run()
    prepare_export(at, "pack_prepare")
    (html,) = iframes(at)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert HOSTILE not in html and HOSTILE_SCRIPT not in html


@pytest.mark.parametrize(
    "page",
    ["overview", "reports", "explore", "paths", "recruitment", "network_analysis", "timeline", "review", "export"],
)
def test_no_page_puts_hostile_names_into_html_unescaped(hostile_store_url, page):
    at = open_page(page)
    for key in ("explore", "paths_from", "recruit_person", "journey_person", "merge_kept", "pack_target"):
        if any(t.key == f"{key}_query" for t in at.text_input):
            search(at, key, "Marcia Dunbar")
    if page == "paths":
        search(at, "paths_to", "img")
        assert "path(s) found" in at.success[0].value  # the hostile person is on the path shown
    if page == "export" and at.button(key="pack_add"):
        at.button(key="pack_add").click().run()
        prepare_export(at, "pack_prepare")
    assert not at.exception
    html = "\n".join([e.proto.srcdoc for e in at.get("iframe")] + html_blocks(at) + [m.value for m in at.markdown])
    assert HOSTILE not in html and HOSTILE_SCRIPT not in html


# --- paths ------------------------------------------------------------------------------


def test_paths_page_joins_a_victim_to_her_receiver_with_evidence(sample_store_url):
    at = open_page("paths")
    search(at, "paths_from", "Tashana Rowe")
    search(at, "paths_to", "Desmond Whitfield")
    assert "path(s) found" in at.success[0].value
    page = texts(at)
    assert "Hop 1:" in page
    assert "Tashana" in iframes(at)[0]


def test_paths_ends_are_in_the_url_and_a_shared_link_opens_the_same_paths(sample_store_url):
    at = open_page("paths", reveal_victims=False)
    search(at, "paths_from", "Desmond Whitfield")
    search(at, "paths_to", "Marcia Dunbar")
    shared = dict(at.query_params)
    assert shared == {
        "from": entity_id(sample_store_url, "Desmond Whitfield"),
        "to": entity_id(sample_store_url, "Marcia Dunbar"),
    }
    found = at.success[0].value
    colleague = open_page(None, reveal_victims=False)
    for name, value in shared.items():
        colleague.query_params[name] = value
    colleague.switch_page("ui/pages/paths.py").run()
    assert not colleague.exception, colleague.exception
    assert colleague.success[0].value == found and "Hop 1:" in texts(colleague)


def test_a_paths_link_naming_a_hidden_victim_answers_like_one_naming_nothing(sample_store_url):
    """The victim's real id and a made-up one get the same warning and nothing else."""
    with EmbeddedStore(sample_store_url.removeprefix("sqlite:///")) as store:
        victim = next(e.id for e in store.entities(["PERSON"]) if e.role == "victim")
    answers = []
    for hidden_or_missing in (victim, "P_0123456789abcdef"):
        at = open_page(None, reveal_victims=False)
        at.query_params["from"] = hidden_or_missing
        at.switch_page("ui/pages/paths.py").run()
        assert not at.exception, at.exception
        answers.append(([w.value for w in at.warning], texts(at)))
    assert answers[0] == answers[1] and answers[0][0] == [
        "The entity in the link is not in the case as you may see it."
    ]


def test_paths_page_says_when_nothing_connects(sample_store_url):
    at = open_page("paths")
    search(at, "paths_from", "Horace Linton")
    search(at, "paths_to", "Kimone Gayle")
    assert "No path joins" in texts(at) or "not in the graph" in texts(at)


def test_paths_page_leaves_a_shared_hotline_out_unless_asked(tmp_path, monkeypatch):
    """Five people who share one number and nothing else: the hotline is a hub, not a tie."""
    from typer.testing import CliRunner

    from cli.main import app

    table = tmp_path / "holders.csv"
    table.write_text(
        "person,phone\n"
        + "".join(
            f"{name},876-555-0100\n" for name in ["Alma Reid", "Bert Ennis", "Cora Lyn", "Dale Moss", "Enid Shaw"]
        )
    )
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    imported = CliRunner().invoke(
        app,
        ["import-links", str(table), "--source", "person", "--target", "phone", "--source-kind", "PERSON",
         "--target-kind", "PHONE", "--store", url],
    )  # fmt: skip
    assert imported.exit_code == 0, imported.output
    monkeypatch.setenv("THREADLINE_STORE", url)
    at = open_page("paths")
    search(at, "paths_from", "Alma Reid")
    search(at, "paths_to", "Enid Shaw")
    assert "No path joins" in texts(at) and "Hubs left out of the paths" in texts(at)
    at.checkbox(key="paths_hubs").check().run()
    assert "path(s) found" in at.success[0].value


# --- analysis ---------------------------------------------------------------------------


def test_network_analysis_puts_the_head_of_the_network_among_the_key_players(sample_store_url):
    at = open_page("network_analysis")
    players = at.dataframe[0].value
    assert "Desmond Whitfield" in list(players["Entity"][:3])
    assert players["Why"].str.len().min() > 0


def test_disruption_simulator_reports_victims_cut_off(sample_store_url):
    with EmbeddedStore(sample_store_url.removeprefix("sqlite:///")) as store:
        every_recruiter = sorted(recruiters(store.to_networkx()))
    assert every_recruiter
    at = open_page("network_analysis")
    at.multiselect(key="disrupt_remove").set_value(every_recruiter).run()
    assert not at.exception
    metrics = {m.label: m for m in at.metric}
    assert int(metrics["Recruiter–victim pairs connected"].value) == 0
    assert "Victims cut off from every recruiter" in at.success[0].value


def test_recruitment_page_shows_who_recruited_a_victim(sample_store_url):
    at = open_page("recruitment")
    search(at, "recruit_person", "Kimone Gayle")
    chains = [m.value for m in at.markdown if m.value.endswith("→ **Kimone Gayle**")]
    assert chains, "no recruitment chain ends at Kimone Gayle"
    assert "Who recruited Kimone Gayle" in texts(at)


def test_journey_lists_places_in_time_order(sample_store_url):
    at = open_page("recruitment")
    search(at, "journey_person", "Tashana Rowe")
    route = next(m.value for m in at.markdown if m.value.startswith("**Route:**"))
    assert route.index("Negril") < route.index("Ocho Rios")


@pytest.mark.parametrize(
    ("scheme", "sources", "informations"), [("admiralty", "ABCDEF", "123456"), ("5x5x5", "ABCDE", "12345")]
)
def test_the_grading_filter_speaks_the_deployments_scheme(sample_store_url, monkeypatch, scheme, sources, informations):
    monkeypatch.setenv("THREADLINE_GRADING_SCHEME", scheme)
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    source = at.selectbox(key="explore_grading_source")
    information = at.selectbox(key="explore_grading_information")
    assert [o[0] for o in source.options[1:]] == list(sources)
    assert [o[0] for o in information.options[1:]] == list(informations)


def test_timeline_map_plots_places_from_their_coordinates(sample_store_url):
    at = open_page("timeline")
    places = next(df.value for df in at.dataframe if "Mentions" in df.value.columns)
    assert {"Negril", "Ocho Rios", "Half Way Tree"} <= set(places["Place"])


def test_timeline_map_draws_every_place_the_gazetteer_knows_and_a_coastline(sample_store_url):
    at = open_page("timeline")
    places = next(df.value for df in at.dataframe if "Mentions" in df.value.columns)
    from extract.lexicon import lookup_place

    with EmbeddedStore(sample_store_url.removeprefix("sqlite:///")) as store:
        case_places = {e.name for e in store.entities(kinds=["LOCATION"])}
    known = {name for name in case_places if lookup_place(name)}
    assert known and known <= set(places["Place"])
    unplaced = next(df.value for df in at.dataframe if "Place without coordinates" in df.value.columns)
    assert set(places["Place"]) | set(unplaced["Place without coordinates"]) == case_places  # none left out silently
    (chart,) = [c for c in at.get("vega_lite_chart") if "geoshape" in c.proto.spec]
    assert "Jamaica" in chart.proto.spec  # the country's outline is drawn under the places


# --- review -----------------------------------------------------------------------------


def test_review_merges_two_entities_and_can_undo_it(own_store_url):
    at = open_page("review")
    search(at, "merge_kept", "Marcia Dunbar")
    search(at, "merge_absorbed", "Gloria Salmon")
    at.text_input(key="merge_reason").input("test merge").run()
    at.button(key="merge_manual").click().run()
    assert "Merged:" in texts(at)
    with EmbeddedStore(own_store_url.removeprefix("sqlite:///")) as store:
        (record,) = store.merges()
        assert store.get_entity(record.absorbed).name == "Marcia Dunbar"
    at.button(key=f"undo_{record.id}").click().run()
    with EmbeddedStore(own_store_url.removeprefix("sqlite:///")) as store:
        assert store.merges()[0].undone
        assert store.get_entity(record.absorbed).name == "Gloria Salmon"


def test_review_sets_a_role(own_store_url):
    at = open_page("review")
    search(at, "role_person", "Joan Gayle")
    pick(at, "role_pick").set_value("victim").run()
    at.button(key="role_set").click().run()
    assert "now recorded as victim" in texts(at)


# --- export -----------------------------------------------------------------------------


def test_export_offers_the_explore_view_as_standalone_html(sample_store_url):
    at = search(open_page("explore"), "explore", "Marcia Dunbar")
    at.switch_page("ui/pages/export.py").run()
    assert at.radio(key="export_source").value == "the current Explore view"
    prepare_export(at)
    assert [b.label for b in at.get("download_button")] == ["Download network.html"]


def test_export_csv_gives_nodes_and_links(sample_store_url):
    at = open_page("export")
    at.selectbox(key="export_format").set_value("csv").run()
    prepare_export(at)
    assert [b.label for b in at.get("download_button")] == ["Download nodes.csv", "Download links.csv"]


def test_export_page_makes_the_prosecutors_pdf_pack_with_the_key_players_rationale(sample_store_url):
    at = open_page("network_analysis")
    at.switch_page("ui/pages/export.py").run()
    at.selectbox(key="export_format").set_value("pdf").run()
    assert at.text_area(key="export_rationale_text").value.startswith("Key players ranked by")
    at.text_input(key="export_operation").input("ACKEE TREE").run()
    prepare_export(at)
    assert [b.label for b in at.get("download_button")] == ["Download prosecutor-pack.pdf"]


def test_evidence_pack_holds_each_link_with_its_sentences(sample_store_url):
    at = open_page("export")
    search(at, "pack_target", "Desmond Whitfield")
    at.button(key="pack_add").click().run()
    prepare_export(at, "pack_prepare")
    (html,) = iframes(at)
    assert "Desmond Whitfield" in html
    assert "exploited Kimone Gayle at the Red Hibiscus Lounge" in html
    assert "CTIP/WM/2023/031" in html  # the report reference


# --- ingest -----------------------------------------------------------------------------


@pytest.mark.slow
def test_ingest_previews_a_pasted_report_then_stores_it(own_store_url):
    at = open_page("ingest")
    at.text_area(key="ingest_paste").input(
        "INTELLIGENCE REPORT\nDate: 2023-08-01\nGrading: B2\n\n"
        "Marcia Dunbar recruited Shanelle Pryce in Lucea. Shanelle Pryce uses 876-555-0183."
    ).run()
    at.button(key="ingest_extract").click().run()
    assert not at.error, at.error[0].value
    preview = next(h for h in html_blocks(at) if "threadline-preview" in h)
    assert "Shanelle Pryce" in preview
    at.button(key="ingest_commit").click().run()
    assert "Stored 1 report" in at.success[0].value
    with EmbeddedStore(own_store_url.removeprefix("sqlite:///")) as store:
        assert store.stats().reports == 8


def test_ingest_names_the_file_that_could_not_be_read(own_store_url):
    at = open_page("ingest")
    at.text_input(key="ingest_paste_name").input("broken.docx").run()
    at.text_area(key="ingest_paste").input("this is not a docx file").run()
    at.button(key="ingest_extract").click().run()
    message = at.error[0].value.replace("\\", "")  # markdown escapes removed
    assert message.startswith("broken.docx: ")
    assert "zip" in message
    bars = [bar.proto.text.replace("\\", "") for bar in at.get("progress")]
    assert any(text.startswith("broken.docx: not read") for text in bars)  # each file has its own bar


@pytest.mark.parametrize("page", ["timeline", "network_analysis", "recruitment"])
def test_no_chart_offers_its_own_download(sample_store_url, page):
    """Vega's "save as" menu would carry case data past the dissemination log: every chart turns it off."""
    at = open_page(page)
    charts = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    for spec in charts:
        assert spec.get("usermeta", {}).get("embedOptions", {}).get("actions") is False, spec.get("mark")
