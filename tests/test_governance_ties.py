"""What names a hidden victim besides her name, on both stores: a nickname written beside her
name (kept apart by the resolver, or never extracted), an e-mail address and a handle that
spell her name, a handle a link ties to her. None of it reaches a user who has not revealed
her, in any view, search, export or audit record; a suspect who shares her surname keeps his
name and his address; once revealed with a reason, all of it shows again."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from casework.exports import FORMATS, export_files, view_for
from governance.access import DEFAULT_ROLES, User
from governance.audit import AuditLog
from governance.guard import guard
from governance.ties import nicknames_after, nicknames_before, nicknames_beside, tied_entities
from graph.model import Email, Extraction, Handle, Link, Mention, Person, Report
from render.graph_view import render_network
from render.highlight import report_html
from tests.export_text import readable

VIEWER = User("v.reid", "viewer", ("BRAVO",), permissions=DEFAULT_ROLES["viewer"])
ANALYST = User("a.lindo", "analyst", ("BRAVO",), permissions=DEFAULT_ROLES["analyst"])

ROSE = Person("P_5000000000000001", "Rosalind Pryce", [], role="victim")
DORIAN = Person("P_5000000000000002", "Dorian Pryce", [], role="suspect")
PETAL = Person("P_5000000000000003", "Petal", [], role="unknown")  # her nickname, kept apart
HER_EMAIL = Email("EM_5000000000000004", "rosalind.pryce77@post.example", [])
HER_HANDLE = Handle("H_5000000000000005", "@rosalind_p", [])
LINKED_HANDLE = Handle("H_5000000000000006", "@bluefinch_868", [])  # spells nothing of hers
HIS_EMAIL = Email("EM_5000000000000007", "dorian.pryce@post.example", [])

INTERVIEW = [
    'Rosalind Pryce ("Petal") said Dorian Pryce recruited her at a rum shop in Arima.',
    "She wrote to him from rosalind.pryce77@post.example and posted as @rosalind_p.",
    "Her account @bluefinch_868 was run by Dorian Pryce from dorian.pryce@post.example.",
    "Rosalind Pryce, who goes by Miss Marigold, was moved to San Fernando.",
    "Rosalind Pryce received messages from dorian.pryce@post.example.",
    'Her neighbour only ever knew "Rosie" (Rosalind Pryce) from church.',
]
WATCH_LOG = [
    "Petal was seen at the taxi stand with Dorian Pryce.",
    "Miss Marigold left the bar after midnight.",
    "Marigold paid the driver.",
    "Rosie waved at the officers.",
]
#: Everything of hers a user who has not revealed her must never read.
HER_FORMS = re.compile(r"rosalind|rosie|petal|marigold|bluefinch|rosalind_p|pryce77", re.IGNORECASE)
ABSENT = "Quillon Varnavey"


def _mention(report: Report, sentence: str, entity_id: str, text: str, label: str) -> Mention:
    start = report.text.index(sentence) + sentence.index(text)
    return Mention(report.id, entity_id, start, start + len(text), text, label, sentence)


def _link(report: Report, type_: str, source: str, target: str, sentence: str, method: str = "rule") -> Link:
    start = report.text.index(sentence)
    return Link(type_, source, target, report.id, sentence, start, start + len(sentence), 0.8, method)


def _case() -> list[tuple[Report, Extraction]]:
    interview = Report.from_text(
        "INTERVIEW SUMMARY\n\n" + " ".join(INTERVIEW), title="Interview 12", source="interview-12.txt", case="BRAVO"
    )
    s1, s2, s3, s4, s5, s6 = INTERVIEW
    first = Extraction(
        entities=[ROSE, DORIAN, HER_EMAIL, HER_HANDLE, LINKED_HANDLE, HIS_EMAIL],
        mentions=[
            _mention(interview, s1, ROSE.id, "Rosalind Pryce", "PERSON"),
            _mention(interview, s1, DORIAN.id, "Dorian Pryce", "PERSON"),
            _mention(interview, s2, HER_EMAIL.id, HER_EMAIL.name, "EMAIL"),
            _mention(interview, s2, HER_HANDLE.id, HER_HANDLE.name, "HANDLE"),
            _mention(interview, s3, LINKED_HANDLE.id, LINKED_HANDLE.name, "HANDLE"),
            _mention(interview, s3, DORIAN.id, "Dorian Pryce", "PERSON"),
            _mention(interview, s3, HIS_EMAIL.id, HIS_EMAIL.name, "EMAIL"),
            _mention(interview, s4, ROSE.id, "Rosalind Pryce", "PERSON"),
            _mention(interview, s5, ROSE.id, "Rosalind Pryce", "PERSON"),
            _mention(interview, s5, HIS_EMAIL.id, HIS_EMAIL.name, "EMAIL"),
            _mention(interview, s6, ROSE.id, "Rosalind Pryce", "PERSON"),
        ],
        links=[
            _link(interview, "RECRUITED", DORIAN.id, ROSE.id, s1),
            _link(interview, "ASSOCIATE_OF", ROSE.id, LINKED_HANDLE.id, s3, "analyst"),
            _link(interview, "CONTROLS", DORIAN.id, LINKED_HANDLE.id, s3),
            _link(interview, "ASSOCIATE_OF", DORIAN.id, HIS_EMAIL.id, s3),
            _link(interview, "CO_MENTIONED", ROSE.id, HIS_EMAIL.id, s5, "co-occurrence"),
        ],
    )
    log = Report.from_text("SURVEILLANCE LOG\n\n" + " ".join(WATCH_LOG), title="Watch log 3", case="BRAVO")
    t1 = WATCH_LOG[0]
    second = Extraction(
        entities=[PETAL, DORIAN],
        mentions=[
            _mention(log, t1, PETAL.id, "Petal", "PERSON"),
            _mention(log, t1, DORIAN.id, "Dorian Pryce", "PERSON"),
        ],
        links=[_link(log, "ASSOCIATE_OF", DORIAN.id, PETAL.id, t1)],
    )
    return [(interview, first), (log, second)]


@pytest.fixture
def case(any_store, tmp_path):
    reports = _case()
    for report, extraction in reports:
        any_store.ingest(report, extraction)
    with AuditLog(tmp_path / "audit.db") as audit:
        yield any_store, audit, [r for r, _ in reports]


def _everything(guarded, reports: list[Report]) -> str:
    """Every text a user reads of the case: entities, profiles, reports (listed, read,
    highlighted), links and their evidence, mentions, the graph view (searches: their own test)."""
    view = guarded.subgraph()
    pieces = [e.name + " " + " ".join(e.aliases) for e in guarded.entities()]
    pieces += [repr(guarded.get_entity(e.id)) for e in view.entities]
    pieces += [f"{r.title} {r.source}" for r in guarded.reports()]
    for report in reports:
        pieces += [guarded.get_report(report.id).text, report_html(guarded.readable_report(report.id))]
        pieces += [f"{m.text} {m.sentence}" for m in guarded.mentions_in(report.id)]
    for link in view.links:
        pieces.append(link.sentence)
        pieces += [f"{e.sentence} {e.report_title}" for e in guarded.evidence(link.source, link.target)]
    for entity in view.entities:
        pieces += [f"{m.text} {m.sentence}" for m in guarded.mentions_of(entity.id)]
    pieces.append(render_network(view))
    return "\n".join(pieces)


def _shown(guarded, real) -> str:
    return guarded.get_entity(guarded.outer_id(real.id)).name


# --- how reports write another name beside hers (pure) -----------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        'Rosalind Pryce ("Petal") was moved',
        "Rosalind Pryce, known as Petal, was moved",
        "Rosalind Pryce, also known as Petal, was moved",
        "Rosalind Pryce aka Petal was moved",
        "Rosalind Pryce (alias Petal) was moved",
        "Rosalind Pryce, nicknamed Petal, was moved",
        "Rosalind Pryce, who goes by Petal, was moved",
        'Rosalind Pryce, called "Petal" by the others, was moved',
        'Rosalind Pryce (alias "Petal", +1 868 555 0101) was moved',
        'Rosalind Pryce "Petal" Baptiste was moved',  # between her names (Pryce read as a first name)
    ],
)
def test_a_nickname_is_read_from_the_phrasing_beside_her_name(written):
    assert nicknames_after(written, len("Rosalind Pryce")) == ["Petal"]


@pytest.mark.parametrize(
    "written",
    [
        '"Petal" (Rosalind Pryce) was moved',
        "Petal, whose real name is Rosalind Pryce, was moved",
        "Then Petal (real name Rosalind Pryce) was moved",
    ],
)
def test_a_nickname_is_read_from_the_phrasing_before_her_name(written):
    start = written.index("Rosalind Pryce")
    assert nicknames_before(written, start, start + len("Rosalind Pryce")) == ["Petal"]


@pytest.mark.parametrize(
    "written",
    [
        "Dorian Pryce (Rosalind Pryce's uncle) drove",
        'The bar "Starlight" (Rosalind Pryce worked there) closed',
        "Officers met Rosalind Pryce, who was moved",
    ],
)
def test_other_words_before_her_name_are_not_a_nickname(written):
    start = written.index("Rosalind Pryce")
    assert nicknames_before(written, start, start + len("Rosalind Pryce")) == []


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ('Rosalind Pryce, known as "Petal" / "Rosie" or "Miss P", was moved', "Rosalind Pryce"),
        ('Rosalind "Petal"/"Rosie"/"Miss P" Pryce was moved', "Rosalind"),
    ],
)
def test_several_quoted_nicknames_in_a_row_are_all_hers(written, name):
    assert nicknames_after(written, len(name)) == ["Petal", "Rosie", "Miss P"]


@pytest.mark.parametrize(
    "written",
    [
        "Rosalind Pryce called Dorian Pryce twice",  # a verb: she phoned him
        'Rosalind Pryce called "Petal" to the car',  # she named someone else
        "Rosalind Pryce (Trinidadian) was moved",  # a bare parenthesis says something else
        "Rosalind Pryce (19) was moved",
        "Rosalind Pryce, known as the girl from Arima, was moved",
        "Rosalind Pryce's mother said",
        'Rosalind Pryce "Yes, I went with him"',  # her words in a transcript
        "Rosalind Pryce 'Ok' and the call ended",
    ],
)
def test_other_words_beside_her_name_are_not_a_nickname(written):
    assert nicknames_after(written, len("Rosalind Pryce")) == []


def test_a_nickname_equal_to_how_she_is_already_written_is_no_new_form():
    sentence = 'Rosalind Pryce ("Rosalind") was moved.'
    mentions = [
        Mention("R", ROSE.id, 0, 14, "Rosalind Pryce", "PERSON", sentence),
        Mention("R", ROSE.id, 17, 25, "Rosalind", "PERSON", sentence),
    ]
    assert nicknames_beside(mentions) == {}


def test_a_suspects_address_spelling_his_full_name_stays_his_though_he_shares_her_surname():
    ties = tied_entities([ROSE], {}, [DORIAN], [HIS_EMAIL, HER_EMAIL], [])
    assert set(ties) == {HER_EMAIL.id}


def test_an_address_linked_to_the_person_made_of_her_nickname_is_hers():
    uses = Link("ASSOCIATE_OF", PETAL.id, LINKED_HANDLE.id, "R")
    ties = tied_entities([ROSE], {ROSE.id: ["Petal"]}, [PETAL, DORIAN], [LINKED_HANDLE], [uses])
    assert ties[LINKED_HANDLE.id].victim_id == ROSE.id and ties[PETAL.id].how == "nickname"


def test_a_co_mention_does_not_tie_an_address_to_her_but_a_typed_link_does():
    co = Link("CO_MENTIONED", ROSE.id, HIS_EMAIL.id, "R")
    uses = Link("ASSOCIATE_OF", ROSE.id, LINKED_HANDLE.id, "R")
    ties = tied_entities([ROSE], {}, [DORIAN], [HIS_EMAIL, LINKED_HANDLE], [co, uses])
    assert {k: t.how for k, t in ties.items()} == {LINKED_HANDLE.id: "linked to her"}


# --- the guard, on both stores -----------------------------------------------------------------


def test_a_viewer_reads_none_of_her_nickname_addresses_or_handles_anywhere(case):
    store, audit, reports = case
    text = _everything(guard(store, VIEWER, audit), reports)
    assert not HER_FORMS.search(text), HER_FORMS.search(text)
    assert "Dorian Pryce" in text and "dorian.pryce@post.example" in text  # he keeps his name and address
    assert "Victim V-" in text


def test_what_is_tied_to_her_is_shown_as_what_it_is_to_her(case):
    store, audit, _ = case
    guarded = guard(store, VIEWER, audit)
    victim = guarded.hidden_victims()[0].name
    assert _shown(guarded, PETAL) == f"Nickname of {victim}"
    assert _shown(guarded, HER_EMAIL) == f"Email of {victim}"
    assert _shown(guarded, HER_HANDLE) == f"Handle of {victim}"
    assert _shown(guarded, LINKED_HANDLE) == f"Handle of {victim}"
    assert _shown(guarded, HIS_EMAIL) == HIS_EMAIL.name
    linked = {(k.type, k.source, k.target) for k in guarded.subgraph().links}
    assert ("CONTROLS", DORIAN.id, guarded.outer_id(LINKED_HANDLE.id)) in linked  # the account and its link stay


def test_a_nickname_alone_in_a_later_report_is_her_pseudonym(case):
    store, audit, reports = case
    guarded = guard(store, VIEWER, audit)
    body = guarded.get_report(reports[1].id).text.split("\n")[-1]
    assert re.match(r"Nickname of Victim V-\d+ was seen at the taxi stand with Dorian Pryce\.", body)
    assert re.search(
        r"\. Victim V-\d+ left the bar after midnight\. Victim V-\d+ paid the driver\. Victim V-\d+ waved", body
    )


@pytest.mark.parametrize(
    ("query", "absent"),
    [
        ("Petal", ABSENT),
        ("Miss Marigold", "Miss Quillon"),
        ("rosalind.pryce77@post.example", "mavis.pryce12@post.example"),  # as like his address as hers
        ("@bluefinch_868", "@greyheron_868"),
    ],
)
def test_searching_her_nickname_or_address_answers_like_a_search_for_nothing(case, query, absent):
    store, audit, _ = case
    guarded = guard(store, VIEWER, audit)
    found, missed = guarded.search(query), guarded.search(absent)
    assert [h.entity for h in found] == [h.entity for h in missed]  # the same entities, nothing of hers
    assert not HER_FORMS.search(repr(found))
    first, second = (r.detail["results"] for r in audit.records(action="search"))
    assert first == second


def test_the_real_id_of_her_nickname_answers_like_a_missing_one(case):
    store, audit, _ = case
    guarded = guard(store, VIEWER, audit)
    assert guarded.get_entity(PETAL.id) is None and guarded.get_entity("P_5999999999999999") is None
    assert [r.subject for r in audit.records(action="denied")] == [PETAL.id, "P_5999999999999999"]


def test_exports_in_every_format_carry_none_of_her_forms(case):
    store, audit, _ = case
    guarded = guard(store, ANALYST, audit)
    for fmt in FORMATS:
        view = view_for(guarded, [])
        files = export_files(guarded, fmt, view, recipient="DPP", reason="charging file", targets=[DORIAN.id])
        text = "\n".join(readable(name, content) for name, content in files.items())
        assert not HER_FORMS.search(text), (fmt, HER_FORMS.search(text))
        assert "Dorian Pryce" in text, fmt


def test_a_merge_of_her_nickname_into_her_leaves_no_form_of_her_in_the_audit_log(case):
    store, audit, _ = case
    guarded = guard(store, ANALYST, audit)
    victim = guarded.hidden_victims()[0].id
    record = guarded.merge(victim, guarded.outer_id(PETAL.id), reason="the nickname is hers")
    assert record.kept == victim
    assert not HER_FORMS.search(json.dumps([dataclasses.asdict(r) for r in audit.records()], default=str))
    assert not HER_FORMS.search(_everything(guard(store, ANALYST, audit), []))


def test_after_a_reveal_with_a_reason_the_analyst_sees_them_again(case):
    store, audit, reports = case
    guarded = guard(store, ANALYST, audit)
    guarded.reveal(guarded.hidden_victims()[0].id, reason="preparing her witness statement")
    assert _shown(guarded, PETAL) == "Petal"
    assert _shown(guarded, HER_EMAIL) == HER_EMAIL.name and _shown(guarded, LINKED_HANDLE) == LINKED_HANDLE.name
    assert "Miss Marigold left the bar after midnight. Marigold paid" in guarded.get_report(reports[1].id).text
    assert [h.entity.name for h in guarded.search("Petal")] == ["Petal"]


def test_a_viewer_still_sees_nothing_of_her_after_the_analyst_revealed_her(case):
    store, audit, reports = case
    analyst = guard(store, ANALYST, audit)
    analyst.reveal(analyst.hidden_victims()[0].id, reason="preparing her witness statement")
    assert not HER_FORMS.search(_everything(guard(store, VIEWER, audit), reports))
