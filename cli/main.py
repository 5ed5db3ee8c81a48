"""Entry point of the `threadline` command: assembles the command groups of each module."""

from __future__ import annotations

import importlib
from typing import Any

import click
import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from graph.errors import ThreadlineError


class ThreadlineCommands(TyperGroup):
    """The `threadline` command group: the one place a user's error becomes a message.

    Any :class:`graph.errors.ThreadlineError` a command lets through is printed (its message
    says what to do) and the command exits with status 1, never with a traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ThreadlineError as error:
            Console(stderr=False).print(f"[red]{escape(str(error))}[/red]")
            raise click.exceptions.Exit(1) from error


app = typer.Typer(
    cls=ThreadlineCommands,
    name="threadline",
    help="Threadline: link analysis for human-trafficking investigations.",
    no_args_is_help=True,
    add_completion=False,
)

#: Modules that each define ``register(app)``; one per area so they can grow separately.
COMMAND_MODULES = (
    "cli.store_commands",
    "cli.extract_commands",
    "cli.resolution_commands",
    "cli.analysis_commands",
    "cli.export_commands",
    "cli.bench_commands",
    "cli.governance_commands",
)

for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as error:  # a command group not written yet
        if error.name != _name:
            raise
        continue
    _module.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
