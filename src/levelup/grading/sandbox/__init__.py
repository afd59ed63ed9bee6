"""How the candidate's worker process is confined. One entry point: `launch_worker`.

Layers, strongest available first:
- filesystem + namespaces (bubblewrap): the worker sees only read-only Python, the runtime and a
  copy of the candidate's code; a private size-capped /tmp; no network; its own pid namespace,
  so nothing it starts outlives it and it cannot see or signal the harness;
- resource limits (rlimits, applied by the worker before any candidate code runs): address
  space, CPU time, file size, open files, no core dumps.
Without bubblewrap the worker runs as a plain child process in its own session: practice mode
warns loudly, exam mode refuses (see `SandboxUnavailable`).
"""

from levelup.grading.sandbox.launcher import (
    Layer,
    SandboxLimits,
    SandboxUnavailable,
    describe_layers,
    launch_worker,
)

__all__ = ["Layer", "SandboxLimits", "SandboxUnavailable", "describe_layers", "launch_worker"]
