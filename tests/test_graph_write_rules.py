"""The write rules both stores apply when a report names a stored entity again."""

from __future__ import annotations

from graph.write_rules import changes, combined, takes


def test_a_report_fills_in_only_what_the_store_does_not_say():
    assert changes({"parish": "St James", "role": "unknown"}, {"parish": "Hanover", "role": "suspect"}) == {
        "role": "suspect"
    }


def test_an_assessed_victim_stays_a_victim():
    assert combined({"role": "victim"}, {"role": "suspect"}) == {"role": "victim"}
    assert combined({"role": "suspect"}, {"role": "victim"}) == {"role": "victim"}


def test_an_analysts_role_is_final_even_against_a_victim_assessment():
    assert not takes("role", "witness", "victim", role_is_final=True)
    assert changes({"role": "witness"}, {"role": "victim", "parish": "Hanover"}, role_is_final=True) == {
        "parish": "Hanover"
    }


def test_nothing_unsaid_is_ever_written():
    assert changes({}, {"parish": "", "role": "unknown", "country": None}) == {}
