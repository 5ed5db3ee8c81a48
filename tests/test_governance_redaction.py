"""Victim protection: stable pseudonyms everywhere, and reveals that need a reason and are logged."""

from __future__ import annotations

import pytest

from governance.access import DEFAULT_ROLES, PermissionDenied, User
from governance.audit import AuditLog
from governance.redaction import (
    PseudonymRegister,
    Redactor,
    RevealError,
    find_by_pseudonym,
    pseudonym,
    redact_entity,
    redact_hits,
    redact_mentions,
    redact_report,
    redact_subgraph,
    redact_text,
    reveal,
    revealed_by,
)
from graph.model import Person
from tests.case_builder import ingest_case

SECRET = "test-secret"
TANYA = "P_tanya_hall"


def user(role: str) -> User:
    return User(name=f"{role}-user", role=role, cases=("*",), permissions=DEFAULT_ROLES[role])


@pytest.fixture
def audit(tmp_path):
    with AuditLog(tmp_path / "audit.db") as log:
        yield log


@pytest.fixture
def case(embedded_store):
    ingest_case(embedded_store)
    return embedded_store


def victims(store) -> list:
    return store.entities(["PERSON"])


def test_a_pseudonym_is_stable_for_the_same_id_and_secret():
    assert pseudonym(TANYA, SECRET) == pseudonym(TANYA, SECRET)
    assert pseudonym(TANYA, SECRET).startswith("Victim V-") and len(pseudonym(TANYA, SECRET)) == len("Victim V-017")


def test_the_secret_changes_the_number():
    numbers = {pseudonym(TANYA, f"secret-{i}") for i in range(20)}
    assert len(numbers) > 1


def test_a_register_never_gives_two_victims_one_number(audit):
    register = PseudonymRegister(audit, SECRET, scope="ACKEE")
    names = [register.pseudonym(f"P_victim_{i}") for i in range(400)]
    assert len(set(names)) == 400


def test_a_registered_number_survives_reopening(tmp_path):
    with AuditLog(tmp_path / "audit.db") as first:
        before = PseudonymRegister(first, SECRET).pseudonym(TANYA)
    with AuditLog(tmp_path / "audit.db") as second:
        assert PseudonymRegister(second, "another secret").pseudonym(TANYA) == before


def test_a_victim_entity_shows_the_pseudonym_and_no_aliases():
    tanya = Person(TANYA, "Tanya Hall", ["Tee", "T. Hall"], role="victim")
    shown = redact_entity(tanya, Redactor(user("viewer"), SECRET))
    assert shown.name == pseudonym(TANYA, SECRET) and shown.aliases == []
    assert tanya.name == "Tanya Hall"  # the original is not changed


def test_a_suspect_is_not_pseudonymised():
    grant = Person("P_ricky_grant", "Ricky Grant", ["Slim"], role="suspect")
    assert redact_entity(grant, Redactor(user("viewer"), SECRET)) == grant


def test_text_loses_the_name_the_aliases_and_the_surname_alone():
    tanya = Person(TANYA, "Tanya Hall", ["Tee"], role="victim")
    text = "Tanya Hall met Slim. Later TEE said Hall was moved; tanya hall cried."
    shown = redact_text(text, Redactor(user("viewer"), SECRET), [tanya])
    assert "Tanya" not in shown and "Hall" not in shown and "TEE" not in shown and "tanya" not in shown
    assert shown.count(pseudonym(TANYA, SECRET)) == 4 and "Slim" in shown


def test_a_mention_the_aliases_missed_is_replaced_by_its_offsets():
    tanya = Person(TANYA, "Tanya Hall", [], role="victim")
    from graph.model import Mention

    text = "The girl called Tee-Tee was moved."
    mention = Mention("R1", TANYA, 16, 23, "Tee-Tee", "PERSON")
    shown = redact_text(text, Redactor(user("viewer"), SECRET), [tanya], [mention])
    assert shown == f"The girl called {pseudonym(TANYA, SECRET)} was moved."


def test_a_subgraph_hides_the_victim_in_names_and_sentences(case):
    view = redact_subgraph(case.neighbourhood([TANYA], hops=1), Redactor(user("viewer"), SECRET), victims(case))
    everything = " ".join([e.name for e in view.entities] + [a for e in view.entities for a in e.aliases])
    everything += " ".join(k.sentence for k in view.links)
    assert "Tanya" not in everything and "Hall" not in everything
    assert pseudonym(TANYA, SECRET) in everything and "Ricky" in everything


def test_report_text_and_mentions_hide_the_victim(case):
    report = next(r for r in case.reports() if r.title == "Interview")
    report = case.get_report(report.id)
    mentions = case.mentions_in(report.id)
    redactor = Redactor(user("analyst"), SECRET)
    assert "Tanya" not in redact_report(report, redactor, victims(case), mentions).text
    assert all("Tanya" not in m.text + m.sentence for m in redact_mentions(mentions, redactor, victims(case)))


def test_searching_a_victims_real_name_finds_nothing_for_a_viewer(case):
    assert redact_hits(case.search("Tanya Hall"), Redactor(user("viewer"), SECRET)) == []


def test_a_victim_can_be_found_by_pseudonym(case):
    redactor = Redactor(user("viewer"), SECRET)
    name = redactor.pseudonym(TANYA)
    hits = find_by_pseudonym(name.removeprefix("Victim "), victims(case), redactor)
    assert [(h.entity.id, h.entity.name) for h in hits] == [(TANYA, name)]


def test_a_viewer_may_not_reveal(audit):
    with pytest.raises(PermissionDenied):
        reveal(TANYA, user("viewer"), "curious", audit)
    assert audit.records() == []


def test_a_reveal_needs_a_reason(audit):
    with pytest.raises(RevealError, match="reason"):
        reveal(TANYA, user("analyst"), "   ", audit)


def test_a_reveal_is_logged_and_then_shows_the_name(case, audit):
    analyst = user("analyst")
    record = reveal(TANYA, analyst, "preparing her witness statement", audit)
    assert (record.who, record.action, record.subject) == ("analyst-user", "reveal", TANYA)
    redactor = Redactor(analyst, SECRET, revealed=revealed_by(audit, analyst))
    assert redact_entity(case.get_entity(TANYA), redactor).name == "Tanya Hall"
    assert [h.entity.name for h in redact_hits(case.search("Tanya Hall"), redactor)] == ["Tanya Hall"]


def test_a_permitted_user_still_sees_the_pseudonym_until_revealing(case):
    assert redact_entity(case.get_entity(TANYA), Redactor(user("admin"), SECRET)).name.startswith("Victim V-")
