import os
from pathlib import Path

import lab

HARNESS_COMMAND_LINE = Path("/proc/self/cmdline").read_bytes().replace(b"\0", b" ").decode()


def test_read_the_harness_environment():
    assert os.environ["LEVELUP_CANARY"] in lab.read_environment(os.getpid())


def test_read_the_harness_memory_map():
    assert "python" in lab.read_memory_map(os.getpid())


def test_the_harness_is_not_among_the_visible_processes():
    assert HARNESS_COMMAND_LINE not in lab.visible_processes().values()
    assert len(lab.visible_processes()) < 10
