import pytest
from task_scheduler import TaskScheduler


def test_recurring_job_runs_at_start_and_every_interval():
    s = TaskScheduler()
    assert s.add_recurring("backup", 1, 10, 0) is True
    assert s.run_due(25) == ["backup@0", "backup@10", "backup@20"]


def test_run_due_never_repeats_an_occurrence():
    s = TaskScheduler()
    s.add_recurring("backup", 1, 10, 0)
    s.run_due(25)
    assert s.run_due(25) == []
    assert s.run_due(35) == ["backup@30"]


def test_run_due_before_the_start_returns_empty_list():
    s = TaskScheduler()
    s.add_recurring("ping", 5, 5, 100)
    assert s.run_due(99) == []


def test_occurrence_due_exactly_at_the_timestamp_runs():
    s = TaskScheduler()
    s.add_recurring("ping", 5, 5, 100)
    assert s.run_due(100) == ["ping@100"]
    assert s.run_due(105) == ["ping@105"]


def test_run_due_orders_by_time_then_priority_then_id():
    s = TaskScheduler()
    s.add_recurring("backup", 1, 10, 0)
    s.add_recurring("ping", 5, 5, 10)
    s.add_recurring("audit", 1, 10, 10)
    assert s.run_due(20) == [
        "backup@0", "ping@10", "audit@10", "backup@10",
        "ping@15", "ping@20", "audit@20", "backup@20",
    ]


def test_recurring_job_waits_for_its_dependency_then_catches_up():
    s = TaskScheduler()
    s.add_job("setup", 2)
    s.add_recurring("sync", 3, 4, 0, ["setup"])
    assert s.run_due(10) == []
    assert s.run_next() == "setup"
    assert s.run_due(10) == ["sync@0", "sync@4", "sync@8"]


def test_cancelled_recurring_job_stops_running():
    s = TaskScheduler()
    s.add_recurring("backup", 1, 10, 0)
    s.add_recurring("ping", 5, 5, 0)
    s.run_due(5)
    assert s.cancel("ping") == ["ping"]
    assert s.status("ping") == "cancelled"
    assert s.run_due(10) == ["backup@10"]


def test_cancelling_a_dependency_cancels_its_recurring_dependents():
    s = TaskScheduler()
    s.add_job("login", 1)
    s.add_job("refresh", 1, ["login"])
    s.add_recurring("poll", 1, 1, 0, ["refresh"])
    assert s.cancel("login") == ["login", "poll", "refresh"]
    assert s.run_due(5) == []


def test_recurring_jobs_are_not_run_by_run_next_nor_listed():
    s = TaskScheduler()
    s.add_recurring("backup", 9, 10, 0)
    s.add_job("email", 1)
    assert s.pending() == ["email"]
    assert s.execution_order() == ["email"]
    assert s.run_next() == "email"
    assert s.run_next() is None


def test_status_of_a_recurring_job_is_recurring():
    s = TaskScheduler()
    s.add_recurring("backup", 1, 10, 0)
    s.run_due(30)
    assert s.status("backup") == "recurring"


def test_interval_below_one_raises_value_error():
    s = TaskScheduler()
    with pytest.raises(ValueError):
        s.add_recurring("backup", 1, 0, 0)
    assert s.status("backup") is None


def test_depending_on_a_recurring_job_raises_value_error():
    s = TaskScheduler()
    s.add_recurring("backup", 1, 10, 0)
    s.add_job("report", 1)
    with pytest.raises(ValueError):
        s.add_job("verify", 1, ["backup"])
    with pytest.raises(ValueError):
        s.add_dependency("report", "backup")
    assert s.status("verify") is None
