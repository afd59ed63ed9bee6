"""Time limits do not count the time a busy machine kept a check waiting for a CPU (up to three
times the limit), so a correct call-heavy solution is not timed out by other processes' load."""

from __future__ import annotations

from levelup.grading.cpu_pressure import (
    LOAD_ALLOWANCE,
    PRESSURE_FILE,
    cpu_stall_seconds,
    deadline_allowing_for_load,
)


def test_on_an_idle_machine_a_limit_is_plain_wall_clock_time() -> None:
    assert deadline_allowing_for_load(110.0, 100.0, stall_at_start=50.0, stall_now=50.0) == 110.0


def test_time_spent_waiting_for_a_cpu_moves_the_deadline_later() -> None:
    assert deadline_allowing_for_load(110.0, 100.0, stall_at_start=50.0, stall_now=54.0) == 114.0


def test_a_starved_machine_stretches_a_limit_to_three_times_at_most() -> None:
    assert LOAD_ALLOWANCE == 3.0
    assert deadline_allowing_for_load(110.0, 100.0, stall_at_start=50.0, stall_now=500.0) == 130.0


def test_without_pressure_information_a_limit_is_wall_clock_time() -> None:
    assert deadline_allowing_for_load(110.0, 100.0, stall_at_start=None, stall_now=None) == 110.0
    assert deadline_allowing_for_load(110.0, 100.0, stall_at_start=50.0, stall_now=None) == 110.0


def test_the_stall_total_is_read_where_the_kernel_reports_it() -> None:
    first = cpu_stall_seconds()
    assert (first is None) == (not PRESSURE_FILE.exists())
    if first is not None:
        second = cpu_stall_seconds()
        assert second is not None and second >= first >= 0.0
