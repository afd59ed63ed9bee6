"""Where shared memory is not available (not x86-64), the sequential channel runs over its socket.
Golden cases that exercise the channel itself must grade the same way there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from levelup.grading.boundary import mailbox

from .test_golden_cases import CASES, assert_verdicts, grade

CHANNEL_CASES = [
    "reference-passes",
    "large-values-cross-both-ways",
    "staggered-concurrent-replies-all-arrive",
    "corrupting-the-reply-channel-is-a-protocol-error",
    "closing-the-grading-channel-is-a-crash",
    "infinite-loop-times-out-and-next-test-gets-a-fresh-process",
]


@pytest.mark.parametrize("case", CHANNEL_CASES)
def test_the_socket_channel_grades_like_shared_memory(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mailbox, "available", lambda: False)
    expected = json.loads((CASES / case / "expected.json").read_text())
    assert_verdicts(grade(CASES / case, tmp_path / "check"), expected)
