# ruff: noqa: F811 - the sample-store fixtures are imported from test_ui_pages and named as parameters
"""The analysis pages on the sample case: targets are suspects, the attacks are named, time windows are shown."""

from __future__ import annotations

import pytest

from graph.analysis import MEASURES
from graph.backends import open_store
from tests.test_ui_pages import open_page, sample_case_db, sample_store_url, search, texts  # noqa: F401 - fixtures

#: The sample case's victims, witnesses and officers (samples/sample_case.gold.json).
NEVER_TARGETS = {
    "Kimone Gayle",
    "Tashana Rowe",
    "Renee Ferguson",
    "Joan Gayle",
    "Yvonne Mairs",
    "Simone Atkinson",
    "Horace Linton",
    "Beverley Nugent",
}


def test_no_measure_ranks_a_victim_witness_or_officer(sample_store_url):
    at = open_page("network_analysis")
    for measure in ["fragmentation", *MEASURES]:
        at.selectbox(key="kp_measure").set_value(measure).run()
        assert not at.exception, measure
        ranked = set(at.dataframe[0].value["Entity"])
        assert ranked and not ranked & NEVER_TARGETS, measure


def test_the_simulator_offers_only_targets(sample_store_url):
    at = open_page("network_analysis")
    offered = {option for option in at.multiselect(key="disrupt_remove").options}
    assert offered and not offered & NEVER_TARGETS
    assert "Desmond Whitfield" in offered


@pytest.mark.parametrize("attack", ["initial", "recalculated"])
def test_the_disruption_curve_names_its_attack(sample_store_url, attack):
    at = open_page("network_analysis")
    at.radio(key="disrupt_attack").set_value(attack).run()
    caption = " ".join(c.value for c in at.caption)
    assert ("initial-ranking attack" if attack == "initial" else "recalculated attack") in caption


def test_the_target_score_shows_each_factor_with_its_weight(sample_store_url):
    at = open_page("network_analysis")
    at.slider(key="score_role").set_value(0.0).run()
    table = next(df.value for df in at.dataframe if "Score" in df.value.columns and "Why" in df.value.columns and
                 any("value × weight" in c for c in df.value.columns))  # fmt: skip
    assert "position (value × weight)" in table.columns and "role (value × weight)" not in table.columns
    assert not set(table["Entity"]) & NEVER_TARGETS


def test_connect_names_the_go_betweens(sample_store_url):
    at = open_page("network_analysis")
    with open_store(sample_store_url, create=False) as store:  # store ids carry no name: look them up
        ids = {entity.name: entity.id for entity in store.entities(kinds=["PERSON"])}
    at.multiselect(key="connect_entities").set_value([ids["Marcia Dunbar"], ids["Desmond Whitfield"]]).run()
    assert not at.exception
    assert "Go-betweens" in texts(at)


def test_the_timeline_shows_the_network_window_by_window(sample_store_url):
    at = open_page("timeline")
    windows = next(df.value for df in at.dataframe if "New brokers" in df.value.columns)
    assert len(windows) >= 2 and windows["Entities"].max() > 0
