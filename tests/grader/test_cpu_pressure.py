"""Time limits do not count the time a busy machine kept a test waiting for a CPU (up to ten times
the limit), so other processes' load cannot time out a correct call-heavy solution."""

from __future__ import annotations

import threading

from levelup.grading.cpu_pressure import LOAD_ALLOWANCE, cpu_wait_seconds, deadline_allowing_for_load


def test_on_an_idle_machine_a_limit_is_plain_wall_clock_time() -> None:
    assert deadline_allowing_for_load(110.0, 100.0, waited_at_start=50.0, waited_now=50.0) == 110.0


def test_time_spent_waiting_for_a_cpu_moves_the_deadline_later_for_both_sides() -> None:
    assert deadline_allowing_for_load(110.0, 100.0, waited_at_start=50.0, waited_now=54.0) == 118.0


def test_a_starved_machine_stretches_a_limit_to_ten_times_at_most() -> None:
    assert LOAD_ALLOWANCE == 10.0
    assert deadline_allowing_for_load(110.0, 100.0, waited_at_start=50.0, waited_now=500.0) == 200.0


def test_without_the_kernels_account_a_limit_is_wall_clock_time() -> None:
    assert deadline_allowing_for_load(110.0, 100.0, waited_at_start=None, waited_now=None) == 110.0
    assert deadline_allowing_for_load(110.0, 100.0, waited_at_start=50.0, waited_now=None) == 110.0


def test_a_threads_wait_is_read_from_another_thread_and_never_goes_back() -> None:
    thread = threading.get_native_id()
    seen: list[float | None] = []
    reader = threading.Thread(target=lambda: seen.extend([cpu_wait_seconds(thread), cpu_wait_seconds(thread)]))
    reader.start()
    reader.join()
    first, second = seen
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert second >= first >= 0.0
    assert cpu_wait_seconds(2**31 - 1) is None  # no such thread
