"""The analyst's hand in the workspace (AppTest on a private copy of the sample case): rejecting a link
from the evidence panel, adding one from the graph, show rejected, notes and watching from a profile."""

from __future__ import annotations

from graph.embedded import EmbeddedStore
from tests.test_ui_pages import entity_id, networks, open_page, own_store_url, sample_case_db, search, texts

__all__ = ["own_store_url", "sample_case_db"]  # fixtures used here


def link_box(at):
    """The evidence panel's link picker (its key carries what it lists)."""
    return next(box for box in at.selectbox if (box.key or "").startswith("explore_link"))


def link_options(at) -> list[str]:
    return list(link_box(at).options)


def whitfields_first_link(at) -> tuple[str, str]:
    """(option, link type) of the first typed link out of Whitfield in the picker: whatever the current
    extraction finds, the test decides about that one."""
    option = next(o for o in link_options(at) if o.startswith("Desmond Whitfield —") and "CALLED" not in o)
    return option, option.split("—")[1].split("→")[0]


def open_whitfields_first_link(at) -> tuple[str, str]:
    option, link_type = whitfields_first_link(at)
    link_box(at).select_index(link_options(at).index(option)).run()
    assert not at.exception, at.exception
    return option, link_type


def stored(url: str) -> EmbeddedStore:
    return EmbeddedStore(url.removeprefix("sqlite:///"))


def test_rejecting_a_link_from_the_evidence_panel_takes_it_out_of_the_graph(own_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    option, link_type = open_whitfields_first_link(at)
    at.text_input(key="explore_decide_reason").input("the sentence names no such link").run()
    at.button(key="explore_decide_go").click().run()
    assert not at.exception, at.exception
    assert option not in link_options(at)
    assert "Link rejected" in texts(at)
    with stored(own_store_url) as store:
        (decision,) = store.link_decisions()
        assert (decision.action, decision.type, decision.reason) == (
            "reject",
            link_type,
            "the sentence names no such link",
        )
        assert {h.link.type for h in store.held_links()} == {link_type}


def test_a_rejection_needs_a_reason(own_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    open_whitfields_first_link(at)
    assert at.button(key="explore_decide_go").disabled


def test_show_rejected_lists_the_rejected_link_with_its_reason(own_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    _, link_type = open_whitfields_first_link(at)
    at.text_input(key="explore_decide_reason").input("misread").run()
    at.button(key="explore_decide_go").click().run()
    at.toggle(key="explore_show_rejected").set_value(True).run()
    assert not at.exception, at.exception
    table = next(df.value for df in at.dataframe if "Why rejected" in df.value.columns)
    assert set(table["Why rejected"]) == {"misread"}
    assert link_type in "".join(table["Link"])


def test_adding_a_link_from_the_graph_puts_it_in_the_network(own_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    whitfield = entity_id(own_store_url, "Desmond Whitfield")
    ebanks = entity_id(own_store_url, "Clifton Ebanks")
    at.selectbox(key="explore_add_source").set_value(whitfield).run()
    at.selectbox(key="explore_add_type").set_value("ASSOCIATE_OF").run()
    at.selectbox(key="explore_add_target").set_value(ebanks).run()
    at.radio(key="explore_add_source_kind").set_value("A free note").run()
    at.text_area(key="explore_add_note").input("seen together at the wharf (surveillance, 14 July)").run()
    at.text_input(key="explore_add_grading").input("B2").run()
    at.button(key="explore_add_go").click().run()
    assert not at.exception, at.exception
    assert any("ASSOCIATE_OF" in o and "Clifton Ebanks" in o for o in link_options(at))
    with stored(own_store_url) as store:
        added = [k for k in store.subgraph().links if k.method == "analyst"]
        assert [(k.type, k.source, k.target) for k in added] == [("ASSOCIATE_OF", whitfield, ebanks)]
        assert store.link_decisions()[0].grading == "B2"


def test_a_note_and_a_watch_from_the_profile(own_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    at.text_area(key="explore_profile_note_text").input("Uses the alias Boss Dez on the phone").run()
    at.button(key="explore_profile_note_go").click().run()
    at.button(key="explore_watch").click().run()
    assert not at.exception, at.exception
    assert "You are watching this" in texts(at)
    with stored(own_store_url) as store:
        assert [n.text for n in store.notes()] == ["Uses the alias Boss Dez on the phone"]
        assert [w.kind for w in store.watches()] == ["PERSON"]


def test_marking_an_entity_false_from_its_profile(own_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    ebanks = entity_id(own_store_url, "Clifton Ebanks")
    at = search(at, "explore", "Clifton Ebanks")
    at.text_input(key="explore_profile_entity_reason").input("two people under one name").run()
    at.button(key="explore_profile_entity_false").click().run()
    assert not at.exception, at.exception
    with stored(own_store_url) as store:
        assert store.get_entity(ebanks) is None
        assert [d.action for d in store.entity_decisions()] == ["false"]


def test_a_saved_view_is_reopened_by_name(own_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    at.slider(key="explore_hops").set_value(2).run()
    at.slider(key="explore_conf").set_value(0.5).run()
    at.text_input(key="explore_view_name").input("Whitfield ring").run()
    at.button(key="explore_view_save").click().run()
    assert not at.exception, at.exception
    at.slider(key="explore_hops").set_value(1).run()
    at.slider(key="explore_conf").set_value(0.0).run()
    at.selectbox(key="explore_view_pick").set_value("Whitfield ring").run()
    at.button(key="explore_view_open").click().run()
    assert not at.exception, at.exception
    with stored(own_store_url) as store:
        (view,) = store.views()
        assert (view.name, view.hops, view.filters) == ("Whitfield ring", 2, {"min_confidence": 0.5})
        whitfield = entity_id(own_store_url, "Desmond Whitfield")
        assert whitfield in view.layout
    assert at.slider(key="explore_hops").value == 2  # the view's hops and filters, not what was set since
    assert at.slider(key="explore_conf").value == 0.5
    assert not at.warning, [w.value for w in at.warning]
    (node,) = [n for n in networks(at)[0]["nodes"] if n["id"] == whitfield]
    assert [node["x"], node["y"]] == [round(float(c), 1) for c in view.layout[whitfield][:2]]  # where it was saved


def test_the_review_page_lists_decisions_and_finds_notes(own_store_url):
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    open_whitfields_first_link(at)
    at.text_input(key="explore_decide_reason").input("misread").run()
    at.button(key="explore_decide_go").click().run()
    at.text_area(key="explore_profile_note_text").input("Runs the Red Hibiscus Lounge").run()
    at.button(key="explore_profile_note_go").click().run()
    at.switch_page("ui/pages/review.py").run()
    assert not at.exception, at.exception
    decisions = next(df.value for df in at.dataframe if "Decision" in df.value.columns)
    assert list(decisions["Decision"]) == ["reject"] and list(decisions["Reason"]) == ["misread"]
    at.text_input(key="review_notes_query").input("hibiscus").run()
    assert "Runs the Red Hibiscus Lounge" in texts(at)
    at.button(key="review_undo_go").click().run()
    assert not at.exception, at.exception
    with stored(own_store_url) as store:
        assert store.link_decisions()[0].undone and store.held_links() == []


def test_a_note_on_a_report(own_store_url):
    at = open_page("reports")
    at.text_area(key="reports_note_text").input("Source met the officer twice").run()
    at.button(key="reports_note_go").click().run()
    assert not at.exception, at.exception
    with stored(own_store_url) as store:
        (note,) = store.notes()
        assert (note.subject_kind, note.text) == ("report", "Source met the officer twice")


def test_the_sidebar_shows_new_alerts_until_they_are_marked_seen(own_store_url):
    from governance.guard import LOCAL_ANALYST
    from graph.decisions import Alert

    with stored(own_store_url) as store:
        store.raise_alert(
            Alert("", LOCAL_ANALYST.name, "watch", "PH_+18765550199", "The phone you watch is named again")
        )
    at = open_page("overview")
    assert any("1 new alert" in e.label for e in at.sidebar.expander)
    assert "The phone you watch is named again" in "\n".join(t.value for t in at.sidebar.text)
    at.sidebar.button(key="alerts_seen").click().run()
    assert not at.exception, at.exception
    assert not any("new alert" in e.label for e in at.sidebar.expander)


def test_rejecting_a_link_from_the_evidence_panel_on_neo4j(neo4j_store, neo4j_connection, monkeypatch):
    """The same decision through the workspace on a real Neo4j server."""
    from samples.loader import load_sample_case

    load_sample_case(neo4j_store, use_pipeline=False)
    for name, value in (
        ("THREADLINE_STORE", neo4j_connection.url),
        ("NEO4J_USER", neo4j_connection.user),
        ("NEO4J_PASSWORD", neo4j_connection.password),
    ):
        monkeypatch.setenv(name, value)
    at = search(open_page("explore"), "explore", "Desmond Whitfield")
    option = next(o for o in link_options(at) if "HARBOURED" in o or "EXPLOITED" in o)
    link_type = "HARBOURED" if "HARBOURED" in option else "EXPLOITED"
    link_box(at).select_index(link_options(at).index(option)).run()
    at.text_input(key="explore_decide_reason").input("misread").run()
    at.button(key="explore_decide_go").click().run()
    assert not at.exception, at.exception
    assert option not in link_options(at)
    assert {h.link.type for h in neo4j_store.held_links()} == {link_type}  # every report's evidence of it
