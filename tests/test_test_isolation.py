"""The test run itself: it works away from the checkout and leaves the user's files alone."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import REPO_ROOT, USER_SETTINGS, users_files


def test_the_run_works_in_a_temporary_directory_not_the_checkout():
    assert Path.cwd().resolve() != REPO_ROOT and REPO_ROOT not in Path.cwd().resolve().parents


def test_none_of_the_users_threadline_settings_reach_the_tests(tmp_path):
    # THREADLINE_AUDIT is the one the suite sets itself, to this test's own folder (conftest)
    assert os.environ.get("THREADLINE_AUDIT") == str(tmp_path / "audit.db")
    assert not [name for name in USER_SETTINGS if name in os.environ and name != "THREADLINE_AUDIT"]


def test_a_default_store_and_audit_log_land_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("THREADLINE_AUDIT")
    from governance.audit import audit_path_for
    from graph.backends import case_file

    assert case_file(None).resolve().parent == Path.cwd().resolve()
    assert audit_path_for("neo4j://127.0.0.1:7687").resolve().parent == Path.cwd().resolve()


def test_the_guard_sees_a_change_to_the_users_audit_log(tmp_path):
    import tests.conftest as conftest

    # patched by hand, not with monkeypatch: the guard fixture's own check must see the real root again
    real_root, conftest.REPO_ROOT = conftest.REPO_ROOT, tmp_path
    try:
        before = users_files()
        (tmp_path / "audit.db").write_bytes(b"x")
        assert users_files() != before
    finally:
        conftest.REPO_ROOT = real_root
