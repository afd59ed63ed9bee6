import os
import tempfile
import uuid
from pathlib import Path

import lab

LEVEL = Path(__file__).resolve().parents[1]
CANARY = Path(os.environ["LEVELUP_GOLDEN_CANARY_DIR"])  # world-writable, set by the runner
PASSING_TESTS = "def test_hidden_add():\n    pass\n"


def test_overwrite_the_hidden_tests():
    hidden_tests = LEVEL / "hidden" / "test_hidden.py"
    lab.overwrite(str(hidden_tests), PASSING_TESTS)
    assert hidden_tests.read_text() == PASSING_TESTS


def test_change_the_canary_folder():
    lab.overwrite(str(CANARY / "untouched.txt"), "changed")
    assert (CANARY / "untouched.txt").read_text() == "changed"


def test_files_written_anywhere_do_not_reach_the_host():
    name = f"written-by-candidate-{uuid.uuid4().hex}"
    folders = [
        CANARY,
        LEVEL,
        LEVEL / "tests",
        LEVEL.parents[1],
        Path(os.environ["LEVELUP_HOME"]),
        Path(tempfile.gettempdir()),
        Path.home(),
        Path("/"),
        Path("/tmp"),
        Path("/var/tmp"),
        Path("/dev/shm"),
        Path("/etc"),
        Path("/work"),
        Path("/root"),
    ]
    lab.scribble([str(folder) for folder in folders], name)
    reached = [folder / name for folder in folders if (folder / name).exists()]
    for path in reached:
        path.unlink()
    assert reached == []
