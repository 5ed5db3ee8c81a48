"""Governance in the workspace, driven through Streamlit's AppTest against a real embedded store.

The sample case (ingested by the real `threadline ingest`) with two people recorded as victims,
plus one report of a second case, and a users file written here with bcrypt hashes: an admin
(every case), an analyst and a viewer on the sample case, and an analyst on the other case only.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from casework.exports import FORMATS, export_files, view_for
from governance.access import UserDirectory, add_user, save_users
from governance.audit import AuditLog
from governance.guard import guard
from graph.embedded import EmbeddedStore
from graph.model import Email, Extraction, Handle, Link, Mention, Person, Report
from samples.loader import SAMPLE_CASE_NAME
from tests.export_text import readable
from tests.test_ui_pages import APP, html_blocks, iframes, ingest_sample_case, pick, texts
from ui.text import plain

OTHER_CASE = "BREADFRUIT"
VICTIMS = ("Kimone Gayle", "Tashana Rowe")
PASSWORD = "correct horse battery staple"
PAGES = ["overview", "reports", "explore", "paths", "recruitment", "network_analysis", "timeline", "review", "export"]
SEARCH_BOXES = ("explore", "paths_from", "recruit_person", "journey_person", "merge_kept", "role_person", "pack_target")


@pytest.fixture(scope="module")
def governed_case_db(tmp_path_factory) -> Path:
    """The sample case with its victims recorded as such, and one report of another case."""
    path = tmp_path_factory.mktemp("governed") / "case.db"
    ingest_sample_case(path)
    with EmbeddedStore(path) as store:
        for name in VICTIMS:
            store.set_role(store.search(name, limit=1)[0].entity.id, "victim", by="test", reason="victim interview")
        sentence = "Delroy Campbell harboured two women at a yard in Spanish Town."
        report = Report.from_text(
            f"INTEL REPORT\nDate: 2024-02-01\n\n{sentence}",
            title="Breadfruit intel 1",
            case=OTHER_CASE,
            reported_at="2024-02-01",
            source_grading="B",
            information_grading="2",
        )
        start = report.text.index(sentence)
        campbell = Person("P_delroy_campbell", "Delroy Campbell", role="suspect")
        yard = Person("P_breadfruit_yard_keeper", "Yard Keeper Breadfruit")
        mentions = [
            Mention(report.id, campbell.id, start, start + 15, "Delroy Campbell", "PERSON", sentence),
        ]
        link = Link("ASSOCIATE_OF", campbell.id, yard.id, report.id, sentence, start, start + len(sentence), 0.8)
        store.ingest(report, Extraction(entities=[campbell, yard], mentions=mentions, links=[link]))
        add_identifiers_spelling_her_name(store)
    return path


def add_identifiers_spelling_her_name(store: EmbeddedStore) -> None:
    """A report of the sample case in which Kimone Gayle writes from a handle and an address made of her name."""
    kimone = store.search("Kimone Gayle", limit=1)[0].entity
    sentence = "Kimone Gayle wrote from @kimone_g876 and kimone.gayle876@example.com to ask for help."
    report = Report.from_text(
        f"TIP-LINE NOTE\nDate: 2023-07-05\n\n{sentence}",
        title="Tip-line note: messages",
        case=SAMPLE_CASE_NAME,
        reported_at="2023-07-05",
        source_grading="B",
        information_grading="2",
    )
    start = report.text.index(sentence)
    handle = Handle("H_kimone_g876", "@kimone_g876")
    email = Email("E_kimone_gayle876", "kimone.gayle876@example.com")
    mentions = [
        Mention(
            report.id,
            e.id,
            report.text.index(e.name),
            report.text.index(e.name) + len(e.name),
            e.name,
            e.kind,
            sentence,
        )
        for e in (kimone, handle, email)
    ]
    links = [
        Link("ASSOCIATE_OF", kimone.id, e.id, report.id, sentence, start, start + len(sentence), 0.8)
        for e in (handle, email)
    ]
    store.ingest(report, Extraction(entities=[kimone, handle, email], mentions=mentions, links=links))


@pytest.fixture
def governed(governed_case_db, tmp_path, monkeypatch) -> Path:
    """A private copy of the governed case, a users file and an audit log; returns the audit path."""
    db = tmp_path / "case.db"
    shutil.copy(governed_case_db, db)
    directory = UserDirectory()
    add_user(directory, "admin", "admin", PASSWORD, ["*"])
    add_user(directory, "a.brown", "analyst", PASSWORD, [SAMPLE_CASE_NAME])
    add_user(directory, "v.reid", "viewer", PASSWORD, [SAMPLE_CASE_NAME])
    add_user(directory, "b.only", "analyst", PASSWORD, [OTHER_CASE])
    save_users(directory, tmp_path / "users.toml")
    audit = tmp_path / "audit.db"
    monkeypatch.setenv("THREADLINE_STORE", f"sqlite:///{db}")
    monkeypatch.setenv("THREADLINE_USERS", str(tmp_path / "users.toml"))
    monkeypatch.setenv("THREADLINE_AUDIT", str(audit))
    return audit


def sign_in(name: str, password: str = PASSWORD) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"ui/pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def search(at: AppTest, key: str, query: str) -> AppTest:
    at.text_input(key=f"{key}_query").input(query).run()
    assert not at.exception, at.exception
    return at


def everything(at: AppTest) -> str:
    """All a user can read on the page: text, tables, graph HTML, and every pick-list's options."""
    parts = [texts(at), *iframes(at), *html_blocks(at)]
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in at.get(kind):
            parts.extend(str(o) for o in getattr(widget, "options", []))
    parts += [e.proto.label for e in at.get("expander")]
    return "\n".join(parts)


def pseudonym_of(audit_path: Path, db: Path, name: str) -> str:
    """The pseudonym a victim has in this deployment (numbers are kept in the audit file)."""
    from governance.redaction import PseudonymRegister

    with EmbeddedStore(db) as store, AuditLog(audit_path) as audit:
        return PseudonymRegister(audit).pseudonym(store.search(name, limit=1)[0].entity.id)


def without_query(text: str) -> str:
    """The page text without the searched name echoed back ("Nothing in the case matches “Kimone Gayle”")."""
    return re.sub(r"Nothing in the case matches “[^”]*”", "", text)


def found(at: AppTest, key: str = "explore") -> list[str]:
    """What a search box offers to pick (empty when nothing matches)."""
    picks = [s for s in at.selectbox if s.key and s.key.startswith(f"{key}_pick_")]
    return list(picks[0].options) if picks else []


def audit_records(path: Path, action: str) -> list:
    with AuditLog(path) as audit:
        return audit.records(action=action)


# --- sign-in ---------------------------------------------------------------------------


def test_nothing_of_the_case_is_shown_before_sign_in(governed):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert at.text_input(key="signin_name") is not None
    assert not at.metric and not iframes(at) and not at.dataframe
    assert "Desmond Whitfield" not in everything(at)


def test_a_failed_sign_in_is_logged_and_opens_nothing(governed):
    at = sign_in("v.reid", "wrong password")
    assert "Wrong user name or password" in at.error[0].value
    assert not at.metric
    (failed,) = audit_records(governed, "sign-in-failed")
    assert failed.who == "v.reid"
    assert not audit_records(governed, "sign-in")


def test_a_sign_in_is_logged_and_opens_the_case(governed):
    at = sign_in("v.reid")
    assert {m.label: m.value for m in at.metric}["Reports"] == "8"
    assert [r.who for r in audit_records(governed, "sign-in")] == ["v.reid"]
    assert any("Signed in as" in c.value for c in at.sidebar.caption)


def test_without_a_users_file_the_workspace_is_a_single_local_analyst(governed, monkeypatch, tmp_path):
    (tmp_path / "no-users.toml").write_text("", encoding="utf-8")  # a users file without users
    monkeypatch.setenv("THREADLINE_USERS", str(tmp_path / "no-users.toml"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert any("Single-user mode" in c.value for c in at.sidebar.caption)
    assert at.metric  # straight onto the case


# --- victims ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_a_viewer_never_sees_a_victims_real_name(governed, page):
    at = go(sign_in("v.reid"), page)
    for key in SEARCH_BOXES:
        if any(t.key == f"{key}_query" for t in at.text_input):
            search(at, key, "Kimone Gayle")
            assert "kimone" not in without_query(everything(at)).lower(), key
            search(at, key, "Desmond Whitfield")
    if page == "paths":
        search(at, "paths_to", "Tashana")
    seen = everything(at)
    assert not re.search(r"kimone|tashana", without_query(seen), re.IGNORECASE), page


def test_a_victim_is_drawn_as_her_pseudonym_in_the_graph(governed):
    at = search(go(sign_in("v.reid"), "explore"), "explore", "Desmond Whitfield")
    (html,) = iframes(at)
    assert re.search(r'"label":"Victim V-\d{3}( \+\d+)?"', html)
    assert "kimone" not in html.lower()


def test_searching_a_victims_real_name_finds_nothing_but_her_pseudonym_finds_her(governed):
    at = search(go(sign_in("v.reid"), "explore"), "explore", "Desmond Whitfield")
    pseudonym = re.search(r'"label":"(Victim V-\d{3})( \+\d+)?"', iframes(at)[0]).group(1)
    search(at, "explore", "Kimone Gayle")
    assert not any("Victim V-" in o or "Kimone" in o for o in found(at))
    search(at, "explore", pseudonym.removeprefix("Victim "))
    assert at.header[0].value == plain(pseudonym)


def test_an_analyst_sees_a_victims_name_only_after_revealing_it_with_a_reason(governed, governed_case_db):
    at = go(sign_in("a.brown"), "explore")
    search(at, "explore", "Kimone Gayle")
    assert not any("Kimone" in o for o in found(at))
    assert at.sidebar.button(key="reveal_go").disabled  # no reason, no reveal
    pseudonym = pseudonym_of(governed, governed_case_db, "Kimone Gayle")
    pick = at.sidebar.selectbox(key="reveal_pick")
    pick.select_index(pick.options.index(pseudonym)).run()
    at.sidebar.text_input(key="reveal_reason").input("preparing her witness statement").run()
    at.sidebar.button(key="reveal_go").click().run()
    assert not at.exception, at.exception
    (record,) = audit_records(governed, "reveal")
    assert (record.who, record.reason) == ("a.brown", "preparing her witness statement")
    assert record.detail["pseudonym"] == pseudonym
    search(at, "explore", "Kimone Gayle")
    assert at.header[0].value == "Kimone Gayle"


def test_a_viewer_has_no_reveal_control(governed):
    at = sign_in("v.reid")
    assert not [s for s in at.sidebar.selectbox if s.key == "reveal_pick"]


def test_exports_in_every_format_carry_only_the_pseudonym(governed, governed_case_db):
    from governance.access import load_users

    user = load_users().get("a.brown")
    with EmbeddedStore(Path(str(governed_case_db))) as inner, AuditLog(governed) as audit:
        store = guard(inner, user, audit)
        whitfield = store.search("Desmond Whitfield", limit=1)[0].entity.id
        for fmt in FORMATS:
            view = view_for(store, [] if fmt != "html" else [whitfield], hops=2)
            files = export_files(
                store, fmt, view, recipient="DPP", reason="charging file", targets=[whitfield], highlight=[whitfield]
            )
            text = "\n".join(readable(name, content) for name, content in files.items())
            assert not re.search(r"kimone|tashana", text, re.IGNORECASE), fmt
            assert "Victim V-" in text, fmt
        assert len(audit.records(action="export")) == len(FORMATS)


# --- need-to-know ------------------------------------------------------------------------


def test_a_user_of_one_case_sees_nothing_of_another(governed):
    at = sign_in("b.only")
    assert {m.label: m.value for m in at.metric}["Reports"] == "1"
    assert "Desmond Whitfield" not in everything(at)
    go(at, "reports")
    assert at.selectbox(key="reports_pick").options == [
        o for o in at.selectbox(key="reports_pick").options if "Breadfruit" in o
    ]
    go(at, "explore")
    search(at, "explore", "Desmond Whitfield")
    assert not any("Whitfield" in o for o in found(at))
    search(at, "explore", "Delroy Campbell")
    assert at.header[0].value == "Delroy Campbell"
    assert "Whitfield" not in "\n".join(iframes(at))


def test_a_user_of_the_sample_case_does_not_find_the_other_cases_people(governed):
    at = search(go(sign_in("a.brown"), "explore"), "explore", "Delroy Campbell")
    assert not any("Campbell" in o for o in found(at))


# --- exports and the audit log -------------------------------------------------------------


def test_an_export_without_recipient_and_reason_is_refused(governed):
    at = go(sign_in("a.brown"), "export")
    at.button(key="export_prepare").click().run()
    assert "recipient" in at.error[0].value
    assert not at.get("download_button")
    at.text_input(key="export_recipient").input("DPP").run()
    at.button(key="export_prepare").click().run()
    assert "reason" in at.error[0].value
    assert not at.get("download_button")
    assert not audit_records(governed, "export")


def test_an_export_with_recipient_and_reason_is_in_the_dissemination_log(governed):
    at = go(sign_in("a.brown"), "export")
    at.text_input(key="export_recipient").input("DPP").run()
    at.text_input(key="export_reason").input("file for charging decision").run()
    at.button(key="export_prepare").click().run()
    assert [b.label for b in at.get("download_button")] == ["Download network.html"]
    (record,) = audit_records(governed, "export")
    assert (record.who, record.recipient, record.reason) == ("a.brown", "DPP", "file for charging decision")


def test_a_viewer_may_not_export(governed):
    at = go(sign_in("v.reid"), "export")
    assert "may not export" in at.warning[0].value
    assert not at.get("download_button")


def test_searches_and_profile_views_are_audited(governed):
    search(go(sign_in("a.brown"), "explore"), "explore", "Desmond Whitfield")
    assert any(r.detail.get("query") == "Desmond Whitfield" for r in audit_records(governed, "search"))
    (view,) = audit_records(governed, "profile-view")
    assert view.who == "a.brown"


def test_the_audit_chain_verifies_after_a_session(governed):
    at = search(go(sign_in("admin"), "explore"), "explore", "Desmond Whitfield")
    go(at, "export")
    at.text_input(key="export_recipient").input("DPP").run()
    at.text_input(key="export_reason").input("charging file").run()
    at.button(key="export_prepare").click().run()
    go(at, "audit")
    assert "The chain verifies" in at.success[0].value
    with AuditLog(governed) as audit:
        check = audit.verify_chain()
        actions = {r.action for r in audit.records()}
    assert check.ok and check.records >= 4
    assert {"sign-in", "search", "profile-view", "export"} <= actions


def test_only_an_administrator_gets_the_audit_page(governed):
    at = sign_in("a.brown")
    assert not at.exception
    admin = sign_in("admin")
    go(admin, "audit")
    assert admin.title[0].value == "Audit log"


# --- retention ------------------------------------------------------------------------------


def test_retention_review_validates_a_report_with_a_reason(governed):
    from datetime import date

    at = go(sign_in("admin"), "retention")
    at.date_input(key="retention_on").set_value(date(2099, 1, 1)).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="retention_pick").options
    at.text_input(key="retention_reason").input("prosecution still open").run()
    at.button(key="retention_validate").click().run()
    assert "Kept; next review by" in at.success[0].value
    (record,) = audit_records(governed, "review-validate")
    assert record.reason == "prosecution still open"


def test_a_viewer_reads_every_report_with_victims_as_pseudonyms(governed):
    at = go(sign_in("v.reid"), "reports")
    titles = at.selectbox(key="reports_pick").options
    pseudonyms = 0
    for index in range(len(titles)):
        at.selectbox(key="reports_pick").select_index(index).run()
        body = next(h for h in html_blocks(at) if "threadline-report" in h)
        assert not re.search(r"kimone|tashana", everything(at), re.IGNORECASE), titles[index]
        pseudonyms += "Victim V-" in body
    assert pseudonyms >= 3  # the victim interview, the NGO notes and the tip-line note name her


def test_an_address_or_handle_spelling_a_victims_name_is_hidden_with_her(governed, governed_case_db):
    pseudonym = pseudonym_of(governed, governed_case_db, "Kimone Gayle")
    at = go(sign_in("v.reid"), "explore")
    search(at, "explore", pseudonym.removeprefix("Victim "))
    seen = everything(at)
    assert f"Handle of {pseudonym}" in seen and f"Email of {pseudonym}" in seen
    assert "kimone" not in seen.lower() and "876@example" not in seen


# --- grading shown beside analysis -----------------------------------------------------------


def test_a_path_through_a_victim_shows_her_pseudonym_and_what_the_path_rests_on(governed, governed_case_db):
    pseudonym = pseudonym_of(governed, governed_case_db, "Kimone Gayle")
    at = go(sign_in("v.reid"), "paths")
    search(at, "paths_from", pseudonym.removeprefix("Victim "))
    search(at, "paths_to", "Desmond Whitfield")
    assert "path(s) found" in at.success[0].value
    assert "This path rests on: weakest grading" in texts(at).replace("\\", "")
    assert pseudonym in texts(at)
    assert "kimone" not in everything(at).lower()


def test_key_players_say_what_their_ranking_rests_on(governed):
    at = go(sign_in("v.reid"), "network_analysis")
    players = at.dataframe[0].value
    assert players["Rests on"].str.contains("weakest grading").all()
    assert players["Rests on"].str.contains("independent report").all()


def test_the_minimum_grading_filter_is_offered_where_links_are_drawn(governed):
    at = sign_in("a.brown")
    for page, key in (("explore", None), ("paths", "paths"), ("network_analysis", "analysis"), ("export", "export")):
        go(at, page)
        if key:
            assert at.selectbox(key=f"{key}_grading_source").options[0] == "any"
            assert at.selectbox(key=f"{key}_grading_information").options[0] == "any"


# --- decisions are audited ---------------------------------------------------------------------


def test_setting_a_role_is_audited(governed):
    at = go(sign_in("a.brown"), "review")
    search(at, "role_person", "Joan Gayle")
    pick(at, "role_pick").set_value("witness").run()
    at.button(key="role_set").click().run()
    (record,) = audit_records(governed, "set-role")
    assert record.who == "a.brown" and record.detail["role"] == "witness"


def test_a_viewer_cannot_set_a_role(governed):
    at = go(sign_in("v.reid"), "review")
    search(at, "role_person", "Joan Gayle")
    pick(at, "role_pick").set_value("witness").run()
    at.button(key="role_set").click().run()
    assert "may not" in at.error[0].value
    assert not audit_records(governed, "set-role")


def test_a_purge_needs_a_reason_and_is_audited(governed):
    at = go(sign_in("admin"), "reports")
    at.checkbox(key="purge_confirm").check().run()
    assert at.button(key="purge").disabled
    at.text_input(key="purge_reason").input("review: no longer necessary").run()
    at.button(key="purge").click().run()
    assert "Purged:" in at.success[0].value
    (record,) = audit_records(governed, "purge")
    assert record.who == "admin" and record.reason == "review: no longer necessary"


def test_an_analyst_without_the_purge_permission_is_not_offered_a_purge(governed):
    at = go(sign_in("a.brown"), "reports")
    assert not [b for b in at.button if b.key == "purge"]


# --- ingest grading ------------------------------------------------------------------------------


def test_ingest_grading_given_by_the_analyst_wins_and_the_header_grading_is_noted():
    from casework.ingest import IngestOptions, govern_report
    from governance.grading import scheme_named

    report = Report.from_text("INTEL REPORT\nGrading: C3\n\nMarcia Dunbar recruited a girl.", case=SAMPLE_CASE_NAME)
    graded, header = govern_report(report, IngestOptions(grading="B2", handling_code="H2", scheme=scheme_named()))
    assert str(graded.grading) == "B2" and graded.handling_code == "H2"
    assert header == "C3"
    assert graded.review_by is not None


def test_ingest_sets_the_review_by_date_from_the_deployments_years():
    from datetime import date

    from casework.ingest import IngestOptions, govern_report

    report = Report.from_text("A tip-line call about a bar in Negril.")
    graded, header = govern_report(report, IngestOptions(review_years=2))
    assert date.fromisoformat(graded.review_by).year == date.today().year + 2
    assert header == ""


def test_ingest_refuses_a_grading_the_scheme_does_not_have():
    from casework.ingest import IngestOptions, govern_report
    from governance.grading import GradingError, scheme_named

    with pytest.raises(GradingError):
        govern_report(Report.from_text("Some text."), IngestOptions(handling_code="9", scheme=scheme_named("5x5x5")))


# --- sign-in with an identity provider (st.login) ---------------------------------------------


def oidc_app(email: str | None) -> AppTest:
    """The app with ``[auth]`` in its secrets and, when ``email`` is given, a user the provider signed in."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    at.user = {"is_logged_in": True, "email": email} if email else {"is_logged_in": False}
    return at.run()


def test_with_an_identity_provider_nothing_is_shown_until_the_user_signs_in(governed):
    at = oidc_app(None)
    assert not at.exception, at.exception
    assert at.button(key="signin_oidc").label == "Sign in"
    assert not at.metric


def test_a_provider_sign_in_is_matched_to_the_users_file_by_email(governed, tmp_path):
    directory = UserDirectory()
    add_user(directory, "a.brown", "analyst", PASSWORD, [SAMPLE_CASE_NAME], email="A.Brown@jcf.example")
    save_users(directory, tmp_path / "users.toml")
    at = oidc_app("a.brown@jcf.example")
    assert not at.exception, at.exception
    assert at.metric
    (record,) = audit_records(governed, "sign-in")
    assert record.who == "a.brown" and record.detail["via"] == "oidc"


def test_a_provider_sign_in_not_in_the_users_file_is_refused_and_logged(governed):
    at = oidc_app("stranger@example.com")
    assert "not in the users file" in at.error[0].value
    assert not at.metric
    (record,) = audit_records(governed, "sign-in-failed")
    assert record.who == "stranger@example.com"


def test_the_audit_page_filters_by_action_and_exports_the_log_with_a_reason(governed):
    at = go(sign_in("admin"), "audit")
    at.selectbox(key="audit_action").set_value("sign-in").run()
    table = at.dataframe[0].value
    assert set(table["Action"]) == {"sign-in"} and "admin" in set(table["Who"])
    assert at.button(key="audit_export").disabled  # a reason first
    at.text_input(key="audit_reason").input("quarterly oversight review").run()
    at.button(key="audit_export").click().run()
    assert [b.label for b in at.get("download_button")] == ["Download audit.csv"]
    (record,) = audit_records(governed, "audit-export")
    assert record.reason == "quarterly oversight review"


def test_signing_out_is_logged_and_closes_the_case(governed):
    at = sign_in("v.reid")
    at.sidebar.button(key="signout").click().run()
    assert not at.exception, at.exception
    assert not at.metric
    assert at.text_input(key="signin_name") is not None
    assert [r.who for r in audit_records(governed, "sign-out")] == ["v.reid"]
