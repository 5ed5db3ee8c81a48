"""Sign-in from the users file (bcrypt hashes only), roles and permissions, and need-to-know by case."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.access import (
    AccessError,
    PermissionDenied,
    User,
    UserDirectory,
    add_user,
    authenticate,
    case_scope,
    filter_hits,
    filter_reports,
    filter_subgraph,
    load_users,
    save_users,
    visible_cases,
)
from graph.model import LinkFilter
from tests.case_builder import ingest_case

EXAMPLE = Path(__file__).resolve().parent.parent / "config" / "users.example.toml"


@pytest.fixture
def directory(tmp_path):
    users = UserDirectory(path=tmp_path / "users.toml")
    add_user(users, "a.brown", "analyst", "correct horse battery", ["ACKEE"])
    save_users(users)
    return load_users(tmp_path / "users.toml")


def user(role: str, cases: tuple[str, ...]) -> User:
    from governance.access import DEFAULT_ROLES

    return User(name=f"{role}-user", role=role, cases=cases, permissions=DEFAULT_ROLES[role])


def test_the_right_password_signs_in(directory):
    signed_in = authenticate(directory, "a.brown", "correct horse battery")
    assert signed_in is not None and signed_in.role == "analyst"


def test_a_wrong_password_does_not_sign_in(directory):
    assert authenticate(directory, "a.brown", "Correct horse battery") is None


def test_an_unknown_user_does_not_sign_in(directory):
    assert authenticate(directory, "nobody", "correct horse battery") is None


def test_the_users_file_holds_a_salted_hash_never_the_password(directory):
    text = directory.path.read_text()
    assert "correct horse battery" not in text
    assert '"$2b$12$' in text


def test_the_same_password_gets_a_different_hash_each_time(tmp_path):
    users = UserDirectory()
    first = add_user(users, "one", "viewer", "same password")
    second = add_user(users, "two", "viewer", "same password")
    assert first.password_hash != second.password_hash


def test_a_plain_text_password_in_the_file_is_refused(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text('[users."x"]\nrole = "admin"\npassword = "hunter2"\n')
    with pytest.raises(AccessError, match="plain-text password"):
        load_users(path)


def test_an_unknown_role_in_the_file_is_refused(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text('[users."x"]\nrole = "superuser"\n')
    with pytest.raises(AccessError, match="unknown role 'superuser'"):
        load_users(path)


def test_the_example_users_file_loads_with_hashes_only():
    example = load_users(EXAMPLE)
    assert {u.role for u in example.users.values()} == {"admin", "analyst", "viewer"}
    assert all(u.password_hash.startswith("$2b$") for u in example.users.values())


def test_names_with_quotes_survive_the_round_trip(tmp_path):
    users = UserDirectory()
    add_user(users, "o'neil", "viewer", "a long passphrase", ["CASE \u00c9"], display_name='Det. "Sonny" O\'Neil')
    save_users(users, tmp_path / "users.toml")
    again = load_users(tmp_path / "users.toml").get("o'neil")
    assert again.display_name == 'Det. "Sonny" O\'Neil' and again.cases == ("CASE \u00c9",)


def test_a_role_can_be_given_other_permissions_in_the_file(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text('[roles.analyst]\npermissions = ["merge"]\n[users."x"]\nrole = "analyst"\n')
    analyst = load_users(path).get("x")
    assert analyst.can("merge") and not analyst.can("reveal_victims")


def test_a_viewer_may_not_export():
    with pytest.raises(PermissionDenied, match="may not export"):
        user("viewer", ("ACKEE",)).require("export")


def test_only_admins_may_purge_by_default():
    assert user("admin", ("*",)).can("purge")
    assert not user("analyst", ("ACKEE",)).can("purge")


def test_a_star_sees_every_case():
    assert visible_cases(user("admin", ("*",))) is None
    assert visible_cases(user("admin", ("*",)), ["ACKEE", "OTHER"]) == {"ACKEE", "OTHER"}


def test_reports_of_other_cases_are_hidden(embedded_store):
    ingest_case(embedded_store)
    seen = filter_reports(embedded_store.reports(), user("analyst", ("ACKEE",)))
    assert {r.case for r in seen} == {"ACKEE"} and len(seen) == 2


def test_a_subgraph_keeps_only_links_from_the_users_cases(embedded_store):
    ingest_case(embedded_store)
    scope = case_scope(embedded_store, user("analyst", ("ACKEE",)))
    visible = filter_subgraph(embedded_store.neighbourhood(["P_ricky_grant"], hops=1), scope)
    assert "PH_+18765550199" not in {e.id for e in visible.entities}  # named only in case OTHER
    assert all(embedded_store.get_report(k.report_id).case == "ACKEE" for k in visible.links)
    assert {k.type for k in visible.links} >= {"RECRUITED", "USES_PHONE"}


def test_search_hits_outside_the_users_cases_are_dropped(embedded_store):
    ingest_case(embedded_store)
    scope = case_scope(embedded_store, user("viewer", ("OTHER",)))
    hits = filter_hits(embedded_store.search("876-555-0142"), scope)
    assert hits == []
    assert [h.entity.id for h in filter_hits(embedded_store.search("876-555-0199"), scope)] == ["PH_+18765550199"]


def test_a_user_with_no_cases_sees_nothing(embedded_store):
    ingest_case(embedded_store)
    scope = case_scope(embedded_store, user("viewer", ()))
    assert filter_subgraph(embedded_store.subgraph(LinkFilter()), scope).entities == []


def test_an_oidc_sign_in_maps_to_the_user_with_that_email(tmp_path):
    from governance.access import user_for_identity

    users = UserDirectory()
    add_user(users, "a.brown", "analyst", "a long passphrase", ["ACKEE"], email="A.Brown@jcf.example")
    save_users(users, tmp_path / "users.toml")
    directory = load_users(tmp_path / "users.toml")
    assert user_for_identity(directory, "a.brown@jcf.example").name == "a.brown"
    assert user_for_identity(directory, "stranger@example.org") is None
