"""Two levelup versions on one machine grade side by side without a single spurious failure
(issue 10 saw 1 in 4 to 1 in 9 checks of a correct solution fail while another install graded).
The bigger run (4 x 20 checks) is `benchmarks/two_installs_stress.py`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

STRESS = Path(__file__).parents[2] / "benchmarks" / "two_installs_stress.py"


def test_two_versions_grading_in_parallel_on_a_loaded_machine_never_fail() -> None:
    command = [sys.executable, str(STRESS), "--installs", "2", "--checks", "8", "--processes", "4", "--load", "2"]
    finished = subprocess.run([*command, "--isolated-runtime", "--json"], capture_output=True, text=True, timeout=600)
    report = json.loads(finished.stdout.splitlines()[-1])
    assert report["failures"] == []
    assert report["checks_graded"] == 16
    assert len(report["worker_folders"]) == 2  # one read-only folder per version, both kept
