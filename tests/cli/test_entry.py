"""The entry point reads just enough of a `levelup check` command line to start grading early;
anything it is unsure of is left to Typer (no early start)."""

from __future__ import annotations

from pathlib import Path

import pytest

from levelup.cli.entry import check_folder, sends_early


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


@pytest.mark.parametrize(
    ("args", "early"),
    [
        (["check"], True),
        (["check", "--json", "--dir", "ws"], True),
        (["check", "-d", "ws"], True),
        (["check", "--dir=ws", "--json"], True),
        (["check", "--junit-xml", "out.xml"], False),  # sent once Typer accepted the options
        (["check", "--format", "bogus"], False),  # a line Typer refuses must record nothing
        (["check", "extra"], False),
    ],
)
def test_the_check_goes_to_the_daemon_early_only_for_lines_sure_to_parse(args: list[str], early: bool) -> None:
    assert sends_early(args) is early
