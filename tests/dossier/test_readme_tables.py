"""The README's configuration and command tables say what the code does.

A setting added to ``core.settings`` or a command or option added to the CLI
without a line in the README (or a README line for something that is gone)
fails here, so the tables a newcomer reads first stay true.
"""

from __future__ import annotations

import argparse
import re

from core.settings import ENVIRONMENT, Settings
from dossier.cli import _parser
from tests.helpers.paths import REPO

README = (REPO / "README.md").read_text("utf-8")


def _table_after(heading: str) -> list[list[str]]:
    """The rows (cells stripped) of the first Markdown table after ``heading``."""
    section = README.split(heading, 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif rows:
            break
    return rows[2:]  # header and rule


def _subcommands(
    parser: argparse.ArgumentParser | None = None, prefix: str = ""
) -> dict[str, argparse.ArgumentParser]:
    """Every command by its words after ``dossier``: "ingest", and "correct merge-actors" for nested ones."""
    parser = parser or _parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    commands = {}
    for name, child in sub.choices.items():
        nested = [a for a in child._actions if isinstance(a, argparse._SubParsersAction)]
        commands.update(_subcommands(child, f"{prefix}{name} ") if nested else {prefix + name: child})
    return commands


def test_every_setting_has_a_row_in_the_configuration_table_and_every_row_a_setting():
    variables = [row[0].strip("`") for row in _table_after("## Configuration")]
    assert sorted(variables) == sorted(ENVIRONMENT.values())
    assert set(ENVIRONMENT) == set(Settings.__dataclass_fields__)


def test_the_configuration_table_names_the_settings_module():
    assert "`core/settings.py`" in README.split("## Configuration", 1)[1].split("|", 1)[0]


def test_the_command_table_lists_every_command_with_its_options():
    rows = _table_after("## Commands")
    commands = _subcommands()
    documented: dict[str, set[str]] = {}
    for row in rows:
        usage = row[0].strip("`").replace("\\|", "|")
        words = usage.split()
        assert words[0] == "dossier", usage
        name = words[1] if words[1] in commands else " ".join(words[1:3])
        documented.setdefault(name, set()).update(re.findall(r"--[a-z][a-z-]*", usage))
    assert set(documented) == set(commands)
    for name, parser in commands.items():
        options = {
            o for a in parser._actions for o in a.option_strings if o.startswith("--") and o != "--help"
        }
        assert documented[name] == options, name
