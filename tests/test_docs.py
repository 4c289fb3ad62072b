"""The README stays true: it documents every command and names the scripts that exist."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from raati.cli import build_parser

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(parser, prefix="raati"):
    """(command line, its parser) of every leaf command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                    yield from _commands(sub, f"{prefix} {name}")
                else:
                    yield f"{prefix} {name}", sub


def test_every_command_and_option_is_documented():
    commands = list(_commands(build_parser()))
    assert len(commands) >= 7
    for command, sub in commands:
        assert f"`{command}" in README, f"{command} is not in the README"
        row = next(line for line in README.splitlines() if line.startswith(f"| `{command}"))
        for action in sub._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag not in ("--help", "--db", "--defs"):
                    assert flag in row, f"{command} {flag} is not documented"


def test_readme_opens_with_the_two_commands_and_they_exist():
    block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    lines = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert lines == ["bash scripts/start.sh", "bash scripts/test.sh"]
    for script in ("scripts/start.sh", "scripts/test.sh"):
        assert (REPO / script).is_file()
    assert "bash scripts/test.sh" in (REPO / ".ci" / "run").read_text()
