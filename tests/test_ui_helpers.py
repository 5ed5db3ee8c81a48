"""The pure helpers behind the pages: capping a view, listing its links, highlighting report text."""

from __future__ import annotations

from graph.model import CallSummary, Link, Mention, Person, Phone, Subgraph
from render.highlight import highlight_mentions, highlight_sentence
from render.text import plain
from ui.focus import cap_neighbours, link_rows


def star(strengths: dict[str, float]) -> Subgraph:
    """A seed P_seed linked once to each neighbour, with the given confidence."""
    seed = Person("P_seed", "Seed")
    people = [Person(pid, pid.removeprefix("P_").title()) for pid in strengths]
    links = [Link("ASSOCIATE_OF", "P_seed", pid, "R_1", confidence=c) for pid, c in strengths.items()]
    return Subgraph([seed, *people], links)


def test_cap_keeps_the_most_strongly_linked_neighbours():
    capped = cap_neighbours(star({"P_a": 0.9, "P_b": 0.2, "P_c": 0.7, "P_d": 0.1}), ["P_seed"], 2)
    assert {e.id for e in capped.subgraph.entities} == {"P_seed", "P_a", "P_c"}
    assert capped.hidden == 2


def test_cap_drops_links_to_entities_left_out():
    capped = cap_neighbours(star({"P_a": 0.9, "P_b": 0.2}), ["P_seed"], 1)
    assert [(link.source, link.target) for link in capped.subgraph.links] == [("P_seed", "P_a")]


def test_cap_changes_nothing_under_the_limit():
    view = star({"P_a": 0.9})
    capped = cap_neighbours(view, ["P_seed"], 5)
    assert capped.subgraph is view and capped.hidden == 0


def test_calls_count_as_tie_strength():
    view = Subgraph(
        [Phone("PH_1", "1"), Phone("PH_2", "2"), Phone("PH_3", "3")],
        [Link("CO_MENTIONED", "PH_1", "PH_2", "R_1", confidence=0.9)],
        [CallSummary("PH_1", "PH_3", 12, 600, "2023-05-01", "2023-06-01")],
    )
    assert {e.id for e in cap_neighbours(view, ["PH_1"], 1).subgraph.entities} == {"PH_1", "PH_3"}


def test_link_rows_list_most_evidenced_first():
    view = star({"P_a": 0.9})
    view.links.append(Link("ASSOCIATE_OF", "P_seed", "P_a", "R_2"))
    view.links.append(Link("PAID", "P_seed", "P_a", "R_2"))
    rows = link_rows(view)
    assert [(r.type, r.evidence) for r in rows] == [("ASSOCIATE_OF", 2), ("PAID", 1)]
    assert rows[0].label == "Seed —ASSOCIATE_OF→ A"


def test_highlight_marks_mentions_and_escapes_everything_else():
    text = "<b>Marcia</b> met Owen & co."
    mentions = [Mention("R", "P_m", 3, 9, "Marcia", "PERSON"), Mention("R", "P_o", 18, 22, "Owen", "PERSON")]
    html = highlight_mentions(text, mentions)
    assert html.startswith("&lt;b&gt;<mark")
    assert ">Marcia</mark>&lt;/b&gt; met <mark" in html
    assert "&amp; co." in html


def test_highlight_keeps_the_first_of_overlapping_mentions():
    text = "Marcia Dunbar"
    mentions = [Mention("R", "P_m", 0, 13, text, "PERSON"), Mention("R", "P_x", 7, 13, "Dunbar", "PERSON")]
    assert highlight_mentions(text, mentions).count("<mark") == 1


def test_highlight_escapes_hostile_mention_text_and_ids():
    text = "<img src=x onerror=alert(1)>"
    html = highlight_mentions(text, [Mention("R", '"><script>', 0, len(text), text, "PERSON")])
    assert "<img" not in html and "<script>" not in html


def test_evidence_sentence_is_bold_in_escaped_context():
    report = "Header.\nWhitfield paid <Salmon>. Next."
    start = report.index("Whitfield")
    html = highlight_sentence(report, start, report.index(" Next"))
    assert "<b>Whitfield paid &lt;Salmon&gt;.</b>" in html


def test_plain_makes_markdown_inert():
    assert plain("[x](javascript:alert(1)) *bold* J$40") == r"\[x\]\(javascript\:alert\(1\)\) \*bold\* J\$40"
