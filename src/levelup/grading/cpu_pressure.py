"""Time limits that a busy machine does not eat.

A test's time limit stops code that never ends; it must not fail a correct solution because other
processes held the CPU. A call-heavy test crosses the grading boundary hundreds or thousands of
times, and on a loaded machine every crossing waits for the scheduler on both sides: at a load
average near 20 on 2 cores, kv-store-locking's 900-call hidden test and safety-eval-harness's
10,000-call one ran past their 10 s limits, where they take well under a second on an idle machine.

So a limit does not count the time the test's own thread spent ready to run but waiting for a
CPU (the kernel's per-thread run-queue delay, /proc/self/task/TID/schedstat), counted twice: each
crossing wakes the worker and then the test, and the worker waits as long as the test does. At most
`LOAD_ALLOWANCE` times the limit in all. Code of the candidate's that loops, sleeps or waits
forever leaves the test's thread blocked, not waiting for a CPU, so it gains nothing, on a busy
machine or not. Where the kernel keeps no such account, limits are plain wall-clock time.
"""

from __future__ import annotations

LOAD_ALLOWANCE = 10.0  # a limit stretches to at most this many times itself on a starved machine
SIDES_PER_CROSSING = 2  # the test's thread and the worker each wait for a CPU once per crossing


def cpu_wait_seconds(thread_id: int) -> float | None:
    """How long this process's thread `thread_id` has waited, ready to run, for a CPU (seconds);
    None when the kernel does not report it."""
    try:
        with open(f"/proc/self/task/{thread_id}/schedstat") as stats:
            return int(stats.read().split()[1]) / 1e9  # "<on cpu ns> <waiting ns> <slices>"
    except (OSError, IndexError, ValueError):
        return None


def deadline_allowing_for_load(
    deadline: float, set_at: float, waited_at_start: float | None, waited_now: float | None
) -> float:
    """`deadline` (set at `set_at`) moved later by the test thread's wait for a CPU since then
    (for both sides of each crossing), at most to `LOAD_ALLOWANCE` times the limit."""
    if waited_at_start is None or waited_now is None or deadline <= set_at:
        return deadline
    ceiling = set_at + LOAD_ALLOWANCE * (deadline - set_at)
    return min(deadline + SIDES_PER_CROSSING * max(0.0, waited_now - waited_at_start), ceiling)
