"""One base under every error a user can act on, and one place each interface turns it into a message."""

from __future__ import annotations

import importlib
import inspect

from typer.testing import CliRunner

from cli.main import app
from graph.errors import ThreadlineError
from tests.test_layers import project_modules

#: Modules not imported here: Streamlit pages run on import, ``__main__`` modules run their command.
NOT_IMPORTED = ("ui", "app")


def project_exceptions() -> dict[str, type[BaseException]]:
    found = {}
    for name in project_modules():
        if name.partition(".")[0] in NOT_IMPORTED or name.endswith("__main__"):
            continue
        module = importlib.import_module(name)
        for _, member in inspect.getmembers(module, inspect.isclass):
            if issubclass(member, BaseException) and member.__module__ == name:
                found[f"{name}.{member.__qualname__}"] = member
    return found


def test_every_error_family_derives_from_threadline_error():
    families = project_exceptions()
    assert len(families) >= 13
    assert sorted(name for name, error in families.items() if not issubclass(error, ThreadlineError)) == []


def test_a_users_error_on_the_command_line_is_a_message_and_status_1_never_a_traceback(tmp_path):
    from graph.embedded import EmbeddedStore

    url = f"sqlite:///{tmp_path / 'case.db'}"
    EmbeddedStore(tmp_path / "case.db").close()
    result = CliRunner().invoke(app, ["merge", "P_nobody", "P_no_one", "--store", url])
    assert result.exit_code == 1 and "P_no" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, ThreadlineError)
