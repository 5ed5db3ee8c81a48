"""The right entity every time: pick-lists never carry an old selection into a new search or view.

Each test reproduces one case of issue 16 through AppTest on a synthetic case full of
look-alike phone numbers (+1 876 555 00xx): choose something further down a list, change
what the list answers, and check that what the page acts on is an answer to the new
question, with its own evidence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.synth import synth_calls, synth_case
from graph.embedded import EmbeddedStore
from tests.test_ui_pages import html_blocks, open_page, pick, search


@pytest.fixture(scope="module")
def synth_case_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "case.db"
    with EmbeddedStore(path) as store:
        for report, extraction in synth_case(40, 7):
            store.ingest(report, extraction)
        store.add_calls(synth_calls(40, 7))
    return path


@pytest.fixture
def synth_url(synth_case_db, tmp_path, monkeypatch) -> str:
    """A private copy of the synthetic case (some tests merge)."""
    path = tmp_path / "case.db"
    path.write_bytes(synth_case_db.read_bytes())
    url = f"sqlite:///{path}"
    monkeypatch.setenv("THREADLINE_STORE", url)
    return url


def choose_third_match(at: AppTest, key: str) -> None:
    matches = pick(at, f"{key}_pick")
    assert len(matches.options) >= 3
    matches.select_index(2).run()
    assert not at.exception


def test_explore_shows_the_number_searched_not_the_old_list_position(synth_url):
    at = search(open_page("explore", reveal_victims=False), "explore", "876 555 001")
    choose_third_match(at, "explore")
    search(at, "explore", "876-555-0022")
    assert at.header[0].value == "\\+18765550022"
    assert pick(at, "explore_pick").value == "PH_+18765550022"


def test_review_merges_the_number_typed_not_the_old_list_position(synth_url):
    at = open_page("review", reveal_victims=False)
    search(at, "merge_kept", "876-555-0000")
    search(at, "merge_absorbed", "876 555 001")
    choose_third_match(at, "merge_absorbed")
    search(at, "merge_absorbed", "876-555-0023")
    at.text_input(key="merge_reason").input("same handset in two reports").run()
    at.button(key="merge_manual").click().run()
    assert not at.exception
    with EmbeddedStore(synth_url.removeprefix("sqlite:///")) as store:
        (record,) = store.merges()
    assert (record.kept, record.absorbed) == ("PH_+18765550000", "PH_+18765550023")


def test_explore_evidence_is_for_the_link_named_after_the_view_grows(synth_url):
    at = search(open_page("explore", reveal_victims=False), "explore", "876-555-0000")
    links = pick(at, "explore_link")
    links.select_index(len(links.options) - 1).run()
    at.slider(key="explore_hops").set_value(2).run()
    assert not at.exception
    shown = pick(at, "explore_link")
    source, link_type, target = shown.value.split("|")
    with EmbeddedStore(synth_url.removeprefix("sqlite:///")) as store:
        sentences = [e.sentence for e in store.evidence(source, target, link_type)] if link_type != "CALLED" else []
    panel = "\n".join(html_blocks(at))
    for sentence in sentences[:3]:
        assert sentence.split()[-1].rstrip(".") in panel
    assert shown.index == 0  # a new view starts at its strongest link, not at the old position


def test_explore_view_is_in_the_url_and_a_shared_link_opens_it(synth_url):
    at = search(open_page("explore", reveal_victims=False), "explore", "876-555-0000")
    at.slider(key="explore_hops").set_value(2).run()
    at.multiselect(key="explore_types").set_value(["USES_PHONE", "ASSOCIATE_OF"]).run()
    shared = dict(at.query_params)
    assert shared["entity"] == "PH_+18765550000" and shared["hops"] == "2"
    assert shared["types"] == "USES_PHONE,ASSOCIATE_OF"
    colleague = open_page(None, reveal_victims=False)
    for name, value in shared.items():
        colleague.query_params[name] = value
    colleague.switch_page("ui/pages/explore.py").run()
    assert colleague.header[0].value == "\\+18765550000"
    assert colleague.slider(key="explore_hops").value == 2
    assert colleague.multiselect(key="explore_types").value == ["USES_PHONE", "ASSOCIATE_OF"]
