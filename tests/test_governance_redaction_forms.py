"""Redaction of every written form of a victim, on both stores: file names and titles split at
``_ . -``, nicknames tied to her, e-mail addresses spelling her name; and nobody else's name
rewritten (a suspect who shares her surname keeps his)."""

from __future__ import annotations

import re

import pytest

from governance.access import DEFAULT_ROLES, User
from governance.audit import AuditLog
from governance.guard import guard
from governance.redaction import Redactor, redact_text, victim_forms
from graph.model import Email, Extraction, Link, Mention, Person, Report
from tests.case_builder import _mention

VIEWER = User("v.reid", "viewer", ("BRAVO",), permissions=DEFAULT_ROLES["viewer"])
SHANICE = Person("P_1111111111111111", "Shanice Clarke", ["Shan"], role="victim")
JOAN = Person("P_2222222222222222", "Joan Clarke", [], role="suspect")
EMAIL = Email("EM_3333333333333333", "shanice.clarke876@mail.example", [])
SENTENCE = "Her aunt Joan Clarke recruited Shanice Clarke, known as Shan, through shanice.clarke876@mail.example."


def _interview() -> tuple[Report, Extraction]:
    report = Report.from_text(
        f"INTERVIEW SUMMARY\n\n{SENTENCE} Clarke was moved to Kingston.",
        title="interview_Shanice_Clarke_2024.txt",
        source="interview_Shanice_Clarke_2024.txt",
        case="BRAVO",
        kind="interview",
    )
    start = report.text.index(SENTENCE)
    extraction = Extraction(
        entities=[SHANICE, JOAN, EMAIL],
        mentions=[
            _mention(report, JOAN.id, "Joan Clarke", "PERSON"),
            _mention(report, SHANICE.id, "Shanice Clarke", "PERSON"),
            _mention(report, SHANICE.id, "Shan", "PERSON", 1),
            _mention(report, EMAIL.id, EMAIL.name, "EMAIL"),
            Mention(
                report.id,
                SHANICE.id,
                report.text.index("Clarke was"),
                report.text.index("Clarke was") + 6,
                "Clarke",
                "PERSON",
            ),
        ],
        links=[Link("RECRUITED", JOAN.id, SHANICE.id, report.id, SENTENCE, start, start + len(SENTENCE), 0.8)],
    )
    return report, extraction


@pytest.fixture
def viewer(any_store, tmp_path):
    report, extraction = _interview()
    any_store.ingest(report, extraction)
    with AuditLog(tmp_path / "audit.db") as audit:
        yield guard(any_store, VIEWER, audit), report


def _leaks(text: str) -> bool:
    return "shanice" in text.lower() or "shan " in text.lower()


def test_a_file_name_naming_the_victim_is_redacted_in_the_report_list(viewer):
    guarded, report = viewer
    (shown,) = guarded.reports()
    assert not _leaks(shown.title) and not _leaks(shown.source) and "Victim V-" in shown.title
    assert shown.title.endswith("_2024.txt")


def test_the_report_text_hides_her_name_nickname_address_and_surname_alone(viewer):
    guarded, report = viewer
    text = guarded.get_report(report.id).text
    assert not _leaks(text) and "Shan," not in text and "Clarke was moved" not in text
    assert "Joan Clarke" in text


def test_a_suspect_who_shares_her_surname_keeps_his_name_in_the_evidence(viewer):
    guarded, report = viewer
    (link,) = guarded.subgraph().links
    assert link.sentence.startswith("Her aunt Joan Clarke recruited Victim V-")
    assert not _leaks(link.sentence) and "known as Victim V-" in link.sentence
    (evidence,) = guarded.evidence(link.source, link.target)
    assert not _leaks(evidence.sentence + evidence.report_title)


def test_free_text_forms_are_matched_across_underscores_dots_and_hyphens():
    forms = victim_forms([SHANICE], Redactor(VIEWER, "k"), [JOAN])
    assert "shanice" not in forms.replace("notes-shanice.clarke-final.docx").lower()
    assert forms.replace("Joan Clarke met Clarke").startswith("Joan Clarke met Victim V-")


def test_redacting_text_with_mentions_keeps_other_peoples_mentions():
    text = "Joan Clarke and Shanice Clarke"
    mentions = [Mention("R", JOAN.id, 0, 11, "Joan Clarke", "PERSON"), Mention("R", SHANICE.id, 16, 30, "x", "PERSON")]
    shown = redact_text(text, Redactor(VIEWER, "k"), [SHANICE], mentions)
    assert shown.startswith("Joan Clarke and Victim V-")


def test_a_nickname_is_hidden_whole_and_by_its_name_word_while_a_namesake_keeps_his_name():
    marigold = Person("P_4444444444444444", "Marigold Baptiste", [], role="suspect")
    forms = victim_forms([SHANICE], Redactor(VIEWER, "k"), [JOAN, marigold], {SHANICE.id: ["Miss Marigold"]})
    shown = forms.replace("Miss Marigold met Marigold Baptiste; Marigold left.")
    assert re.fullmatch(r"Victim V-\d+ met Marigold Baptiste; Victim V-\d+ left\.", shown)


def test_the_common_words_of_a_nickname_alone_are_anyones():
    forms = victim_forms([SHANICE], Redactor(VIEWER, "k"), [JOAN], {SHANICE.id: ["Big Mama"]})
    assert re.fullmatch(r"Victim V-\d+ lived in a big house\.", forms.replace("Big Mama lived in a big house."))
