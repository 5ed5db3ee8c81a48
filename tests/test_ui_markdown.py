"""Case text is never read as Markdown: every page, walked with names that are Markdown attacks.

A person in the case is called ``![b](http://host.example/x)`` (an image: the browser would
fetch it), another ``:red[URGENT]`` (Streamlit's colour directive spoofing a warning), a
third carries a bare URL and a link. Each page is opened and searched for them; every
string Streamlit would read as Markdown (titles, headers, captions, alerts, expander, tab
and widget labels, ``st.markdown``) must show them escaped (ui.text.plain), never as syntax.
"""

from __future__ import annotations

import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from graph.embedded import EmbeddedStore
from graph.model import Extraction, Link, Mention, Person, Report
from samples.loader import SAMPLE_CASE_NAME
from tests.test_ui_pages import open_page, sample_case_db, search  # noqa: F401 - the session fixture
from ui.text import plain

IMAGE = "![b](http://host.example/x)"
DIRECTIVE = ":red[URGENT call the DPP]"
LINKED = "Gary [click](http://host.example/y) www.host.example"
HOSTILE_NAMES = (IMAGE, DIRECTIVE, LINKED)
#: What Markdown syntax from a name would look like if it reached Streamlit unescaped.
SYNTAX = re.compile(r"\]\(|:red\[|https?://|www\.host")
PAGES = ["overview", "reports", "explore", "paths", "recruitment", "network_analysis", "timeline", "review", "export"]
SEARCHES = ("explore", "paths_from", "paths_to", "recruit_person", "journey_person", "merge_kept", "pack_target")


@pytest.fixture
def markdown_case_url(sample_case_db, tmp_path, monkeypatch) -> str:  # noqa: F811 - pytest fixture injection
    """The sample case plus a report naming three people whose names are Markdown."""
    path = tmp_path / "markdown.db"
    shutil.copy(sample_case_db, path)
    with EmbeddedStore(path) as store:
        dunbar = store.search("Marcia Dunbar", limit=1)[0].entity
        sentence = f"{IMAGE} and {DIRECTIVE} met {dunbar.name} with {LINKED} in Negril."
        report = Report.from_text(
            f"{IMAGE} REPORT\nDate: 2023-08-02\n\n{sentence}",
            title=f"{IMAGE} {DIRECTIVE}",
            case=SAMPLE_CASE_NAME,
            reported_at="2023-08-02",
            source_grading="B",
            information_grading="2",
        )
        start = report.text.index(sentence)
        people = [Person(f"P_markdown_{i}", name, [name]) for i, name in enumerate(HOSTILE_NAMES)]
        mentions = [
            Mention(
                report.id,
                p.id,
                report.text.index(p.name, start),
                report.text.index(p.name, start) + len(p.name),
                p.name,
                "PERSON",
                sentence,
            )  # fmt: skip
            for p in people
        ]
        links = [
            Link("RECRUITED", p.id, dunbar.id, report.id, sentence, start, start + len(sentence), 0.9, "rule")
            for p in people
        ]
        store.ingest(report, Extraction(entities=[*people, dunbar], mentions=mentions, links=links))
    url = f"sqlite:///{path}"
    monkeypatch.setenv("THREADLINE_STORE", url)
    return url


def markdown_strings(at: AppTest) -> list[str]:
    """Every string on the page that Streamlit reads as Markdown."""
    found: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        found += [str(e.value) for e in getattr(at, kind)]
    for kind in ("expander", "tabs"):
        found += [str(getattr(e, "label", "")) for e in at.get(kind)]
    for kind in ("button", "checkbox", "text_input", "selectbox", "multiselect", "radio", "slider", "number_input"):
        found += [str(getattr(e, "label", "")) for e in getattr(at, kind)]
    found += [str(m.label) for m in at.metric]
    return found


def test_plain_leaves_no_markdown_syntax_and_no_autolink():
    for name in HOSTILE_NAMES:
        assert not SYNTAX.search(plain(name))


@pytest.mark.parametrize("page", PAGES)
def test_no_page_reads_a_name_from_the_case_as_markdown(markdown_case_url, page):
    at = open_page(page)
    for key in SEARCHES:
        if any(t.key == f"{key}_query" for t in at.text_input):
            search(at, key, "Marcia Dunbar" if key == "paths_from" else "host")
    if page == "reports":
        titles = at.selectbox(key="reports_pick").options
        at.selectbox(key="reports_pick").select_index(next(i for i, t in enumerate(titles) if "host" in t)).run()
    assert not at.exception
    shown = markdown_strings(at)
    leaks = [s for s in shown if SYNTAX.search(s)]
    assert not leaks, leaks
    if page in ("explore", "reports"):  # the names were on the page, escaped
        assert any("host" in s for s in shown)
