"""Entry point of the `threadline` command: assembles the command groups of each module."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
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
    "cli.annotation_commands",
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
