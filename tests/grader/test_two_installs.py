"""Two levelup versions on one machine grade side by side without a single spurious failure
(issue 10 saw 1 in 4 to 1 in 9 checks of a correct solution fail while another install graded),
while busy loops load the machine and a sweep with no age limit runs the whole time (any version
folder that no grading process holds is removed at once). The bigger run (2 installs x 20 checks,
4 processes each) is `benchmarks/two_installs_stress.py`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

STRESS = Path(__file__).parents[2] / "benchmarks" / "two_installs_stress.py"


def test_two_versions_grading_in_parallel_on_a_loaded_machine_while_sweeping_never_fail() -> None:
    command = [sys.executable, str(STRESS), "--installs", "2", "--checks", "8", "--processes", "4", "--load", "2"]
    finished = subprocess.run(
        [*command, "--sweep", "--isolated-runtime", "--json"], capture_output=True, text=True, timeout=600
    )
    report = json.loads(finished.stdout.splitlines()[-1])
    assert report["failures"] == []
    assert report["checks_graded"] == 16
    assert len(report["worker_folders"]) == 2  # one read-only folder per version, side by side
    assert report["sweeps"] > 0
