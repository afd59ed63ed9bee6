"""How the candidate's worker process is confined. One entry point: `launch_worker`.

Layers, each optional so levelup runs anywhere, reported by `levelup doctor`:
- filesystem, network, processes (bubblewrap): read-only Python, a copy of the candidate's code
  only, a private size-capped /tmp, no network, its own pid namespace (nothing it starts outlives
  it, and it cannot see or signal the harness);
- user: as root, the worker runs as `nobody` on the system Python (`levelup doctor --setup`);
- seccomp: dangerous syscalls and non-UNIX sockets denied;
- cgroups: memory, process-count and CPU-quota limits, and kill-everything on time-out;
- resources: rlimits applied by the worker before any candidate code runs.
Practice mode warns loudly about a missing layer; exam mode refuses without the filesystem,
network and resource layers.
"""

from levelup.grading.errors import SandboxUnavailable
from levelup.grading.sandbox.launcher import (
    Layer,
    SandboxLimits,
    describe_layers,
    launch_worker,
    missing_layers,
    require_exam_layers,
)
from levelup.grading.sandbox.runtime import prepare_unprivileged_runtime

__all__ = [
    "Layer",
    "SandboxLimits",
    "SandboxUnavailable",
    "describe_layers",
    "launch_worker",
    "missing_layers",
    "prepare_unprivileged_runtime",
    "require_exam_layers",
]
