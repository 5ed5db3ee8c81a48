"""What a newcomer meets first: the README's commands exist, its links stay in the repository,
and the demo listens only on this machine unless told otherwise."""

from __future__ import annotations

import re

from typer.main import get_command

from cli.main import app
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")


def readme_commands() -> set[str]:
    """Every `threadline WORD` the README writes, including each alternative after a ``|``."""
    words = set(re.findall(r"(?<![\w/.-])threadline ([a-z][a-z-]*)", README))
    for line in README.splitlines():
        if line.startswith("threadline "):
            words |= {part.split()[0] for part in line.split("#")[0].split(" | ")[1:] if part.split()}
    return words


def test_every_command_the_readme_shows_exists():
    commands = set(get_command(app).commands)
    assert readme_commands() and readme_commands() - commands == set()


def test_the_readme_links_nothing_outside_the_repository():
    assert "../" not in README
    for target in re.findall(r"\]\(([^)#]+)\)", README) + re.findall(r"`(docs/[^`\s]+)`", README):
        if not target.startswith(("http://", "https://")):
            assert (REPO_ROOT / target).exists(), target


def test_the_demo_listens_on_this_machine_unless_told_otherwise():
    assert "ADDRESS ?= 127.0.0.1" in MAKEFILE
    (demo,) = re.findall(r"^demo:\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert "--server.address $(ADDRESS)" in demo


def test_make_shell_puts_threadline_on_path_on_the_demo_case():
    (shell,) = re.findall(r"^shell:\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert ".venv/bin" in shell and 'THREADLINE_STORE="sqlite:///$(SAMPLE_DB)"' in shell
