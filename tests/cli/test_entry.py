"""The entry point reads just enough of a `levelup check` command line to start grading early;
anything it is unsure of is left to Typer (no early start)."""

from __future__ import annotations

from pathlib import Path

import pytest

from levelup.cli.entry import check_folder


@pytest.mark.parametrize(
    ("args", "folder"),
    [
        (["check"], "."),
        (["check", "--json"], "."),
        (["check", "--dir", "ws"], "ws"),
        (["check", "-d", "ws", "--junit-xml", "out.xml"], "ws"),
        (["check", "--dir=ws"], "ws"),
        (["check", "--format", "exercism", "--output", "results", "--dir", "ws"], "ws"),
    ],
)
def test_the_workspace_of_a_check_command_line(args: list[str], folder: str) -> None:
    assert check_folder(args) == Path(folder).resolve()


@pytest.mark.parametrize(
    "args",
    [[], ["status"], ["watch", "--dir", "ws"], ["check", "--help"], ["check", "--dir"], ["check", "-dws"]],
)
def test_other_or_unclear_command_lines_start_nothing(args: list[str]) -> None:
    assert check_folder(args) is None
