"""Review at case scale: candidates scored on the real data, shown as the analyst may see them,
compared side by side, and decided with merge / not the same / not now."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synth import synth_case
from extract.resolve import find_candidates
from graph.embedded import EmbeddedStore
from tests.test_ui_pages import open_page, texts


@pytest.fixture(scope="module")
def review_case_db(tmp_path_factory) -> Path:
    """A synthetic case of 100 reports: a few look-alike venues and people wait for review."""
    path = tmp_path_factory.mktemp("review") / "case.db"
    with EmbeddedStore(path) as store:
        for report, extraction in synth_case(100, 7):
            store.ingest(report, extraction)
    return path


@pytest.fixture
def synth_url(review_case_db, tmp_path, monkeypatch) -> str:
    path = tmp_path / "case.db"
    path.write_bytes(review_case_db.read_bytes())
    url = f"sqlite:///{path}"
    monkeypatch.setenv("THREADLINE_STORE", url)
    return url


def stored(url: str) -> EmbeddedStore:
    return EmbeddedStore(url.removeprefix("sqlite:///"))


def decision_buttons(at, action: str):
    (button,) = [b for b in at.button if b.key and b.key.startswith("review_") and b.key.endswith(action)]
    return button


def test_review_lists_as_many_candidates_as_the_resolver_finds_with_victims_pseudonymised(synth_url):
    with stored(synth_url) as store:
        expected = len(find_candidates(store.entities()))
        victims = {e.name for e in store.entities(["PERSON"]) if getattr(e, "role", "") == "victim"}
    assert expected > 0
    at = open_page("review", reveal_victims=False)
    assert f"{expected} candidate(s) waiting" in texts(at)
    card = "\n".join(m.value for m in at.markdown)
    assert not any(name in card for name in victims)


def test_review_shows_both_entities_side_by_side_with_their_reports(synth_url):
    at = open_page("review", reveal_victims=False)
    tables = [
        df.value for df in at.dataframe if {"First"} <= set(df.value.columns) or {"Second"} <= set(df.value.columns)
    ]
    assert len(tables) == 2
    assert all("Named in" in set(t.iloc[:, 0]) for t in tables)


def test_not_the_same_is_recorded_and_the_pair_leaves_the_queue(synth_url):
    at = open_page("review", reveal_victims=False)
    first = decision_buttons(at, "_reject").key
    decision_buttons(at, "_reject").click().run()
    assert not at.exception
    with stored(synth_url) as store:
        assert len(store.rejections()) == 1
    assert decision_buttons(at, "_reject").key != first


def test_not_now_puts_a_pair_aside_without_deciding(synth_url):
    at = open_page("review", reveal_victims=False)
    first = decision_buttons(at, "_later").key
    decision_buttons(at, "_later").click().run()
    assert decision_buttons(at, "_later").key != first
    assert "1 put aside" in texts(at)
    with stored(synth_url) as store:
        assert not store.rejections() and not store.merges()


def test_listing_the_queue_logs_no_profile_view_per_pair(synth_url):
    """Candidates are named from one read of the case: a profile view logged for both sides of every
    pair wrote two audit records a pair (13 s on a 1,000-report case) and buried real views in the log."""
    import os

    from governance.audit import AuditLog

    with stored(synth_url) as store:
        pairs = len(find_candidates(store.entities()))
    open_page("review", reveal_victims=False)
    shows = AuditLog(os.environ["THREADLINE_AUDIT"]).records(action="show")
    assert pairs > 2 and len(shows) <= 2  # at most the two entities of the card on screen
