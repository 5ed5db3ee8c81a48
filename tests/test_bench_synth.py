"""The synthetic case generator: deterministic, and the planted network has the shape it promises."""

from __future__ import annotations

from collections import Counter

from bench.synth import SynthGraph, plant_network, synth_calls, synth_case, synth_texts, write_embedded
from graph.embedded import EmbeddedStore


def test_same_seed_gives_the_same_case():
    assert synth_case(40, seed=3) == synth_case(40, seed=3)


def test_another_seed_gives_another_case():
    assert synth_texts(10, seed=3) != synth_texts(10, seed=4)


def test_every_report_has_its_own_id():
    case = synth_case(200)
    assert len({report.id for report, _ in case}) == 200


def test_mentions_and_links_point_at_the_text_they_claim():
    for report, extraction in synth_case(60):
        for mention in extraction.mentions:
            assert report.text[mention.start : mention.end] == mention.text
            assert mention.sentence in report.text
        for link in extraction.links:
            assert report.text[link.start : link.end] == link.sentence


def test_every_linked_or_mentioned_entity_is_in_the_extraction():
    for _, extraction in synth_case(60):
        ids = {entity.id for entity in extraction.entities}
        assert {m.entity_id for m in extraction.mentions} <= ids
        assert {k.source for k in extraction.links} | {k.target for k in extraction.links} <= ids


def test_each_ring_has_recruiters_a_transporter_a_harbourer_and_victims():
    network = plant_network(100)
    assert len(network.rings) == 12
    for ring in network.rings:
        assert ring.recruiters and ring.victims
        assert {p.role for p in ring.suspects} == {"suspect"}
        assert {p.role for p in ring.victims} == {"victim"}
        assert all(suspect.id in ring.phones for suspect in ring.suspects)


def test_no_two_people_share_a_name():
    people = plant_network(2_000).people()
    assert len({p.name for p in people}) == len(people)


def test_every_victim_written_about_is_recruited_by_a_recruiter_of_their_ring():
    network = plant_network(400)
    recruiter_of = {v.id: {r.id for r in ring.recruiters} for ring in network.rings for v in ring.victims}
    recruited = [k for _, e in synth_case(400) for k in e.links if k.type == "RECRUITED"]
    assert recruited
    assert all(link.source in recruiter_of[link.target] for link in recruited)


def test_reports_cover_every_kind_and_every_trafficking_act_link():
    case = synth_case(300)
    assert {r.kind for r, _ in case} == {
        "intel report",
        "victim interview",
        "surveillance log",
        "tip-line transcript",
        "job advert",
    }
    types = Counter(k.type for _, e in case for k in e.links)
    assert {"RECRUITED", "TRANSPORTED", "HARBOURED", "EXPLOITED", "USES_PHONE", "CONTROLS", "PAID"} <= set(types)


def test_calls_are_between_the_networks_phones_in_time_order():
    phones = {p.name for p in plant_network(80).phones()}
    calls = synth_calls(80)
    assert calls == synth_calls(80)
    assert {c.caller for c in calls} | {c.callee for c in calls} <= phones
    assert [c.start for c in calls] == sorted(c.start for c in calls)


def test_the_case_ingests_into_the_embedded_store(tmp_path):
    case = synth_case(30)
    with EmbeddedStore(tmp_path / "case.db") as store:
        results = [store.ingest(report, extraction) for report, extraction in case]
        assert all(result.created for result in results)
        assert store.stats().reports == 30


def test_a_synthetic_graph_has_the_nodes_and_links_asked_for(tmp_path):
    graph = SynthGraph(n_nodes=1_000, n_edges=1_500, seed=1)
    assert list(graph.edges()) == list(SynthGraph(1_000, 1_500, seed=1).edges())
    write_embedded(tmp_path / "large.db", graph)
    with EmbeddedStore(tmp_path / "large.db") as store:
        stats = store.stats()
    assert stats.entity_total == 1_000
    assert 1_400 <= stats.link_total <= 1_500  # duplicates of one (type, source, target, report) collapse


def test_a_synthetic_graph_edge_list_has_one_line_per_link(tmp_path):
    graph = SynthGraph(n_nodes=500, n_edges=700)
    assert graph.write_edgelist(tmp_path / "links.txt") == 700
    assert len((tmp_path / "links.txt").read_text().splitlines()) == 700
