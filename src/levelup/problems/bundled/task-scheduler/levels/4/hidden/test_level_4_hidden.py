import pytest
from task_scheduler import TaskScheduler


def test_add_recurring_shares_ids_and_dependency_checks_with_add_job():
    s = TaskScheduler()
    s.add_job("email", 1)
    s.add_recurring("backup", 1, 10, 0)
    assert s.add_recurring("email", 1, 10, 0) is False
    assert s.add_recurring("backup", 2, 5, 0) is False
    assert s.add_job("backup", 1) is False
    with pytest.raises(KeyError):
        s.add_recurring("sync", 1, 10, 0, ["missing"])
    with pytest.raises(ValueError):
        s.add_recurring("sync", 1, 10, 0, ["backup"])
    s.cancel("email")
    with pytest.raises(ValueError):
        s.add_recurring("sync", 1, 10, 0, ["email"])
    assert s.status("sync") is None
    assert s.run_due(10) == ["backup@0", "backup@10"]


def test_dependency_added_to_a_recurring_job_holds_back_later_occurrences():
    s = TaskScheduler()
    s.add_recurring("sync", 1, 10, 0)
    s.add_job("migrate", 1)
    assert s.run_due(10) == ["sync@0", "sync@10"]
    assert s.add_dependency("sync", "migrate") is None
    assert s.run_due(30) == []
    s.run_next()
    assert s.run_due(30) == ["sync@20", "sync@30"]
    s.cancel("sync")
    with pytest.raises(ValueError):
        s.add_dependency("sync", "migrate")


def test_run_due_with_a_repeated_or_earlier_timestamp_runs_nothing_new():
    s = TaskScheduler()
    s.add_recurring("ping", 1, 3, 1)
    assert s.run_due(7) == ["ping@1", "ping@4", "ping@7"]
    assert s.run_due(7) == []
    assert s.run_due(2) == []
    assert s.run_due(10) == ["ping@10"]


def test_recurring_job_added_late_runs_every_occurrence_already_due():
    s = TaskScheduler()
    s.add_recurring("backup", 1, 10, 0)
    s.run_due(100)
    s.add_recurring("audit", 2, 25, -50)
    assert s.run_due(0) == ["audit@-50", "audit@-25", "audit@0"]
    assert s.run_due(100) == ["audit@25", "audit@50", "audit@75", "audit@100"]


def test_earlier_levels_still_work_alongside_recurring_jobs():
    s = TaskScheduler()
    s.add_job("fetch", 3)
    s.add_job("parse", 2, ["fetch"])
    s.add_recurring("report", 1, 60, 0, ["parse"])
    s.add_job("index", 2, ["parse"])
    assert s.add_dependency("fetch", "index") == ["fetch", "index", "parse", "fetch"]
    assert s.execution_order() == ["fetch", "parse", "index"]
    assert s.pending() == ["fetch", "index", "parse"]
    assert [s.run_next(), s.run_next()] == ["fetch", "parse"]
    assert s.run_due(120) == ["report@0", "report@60", "report@120"]
    assert s.cancel("index") == ["index"]
    assert s.cancel("parse") == []
    assert s.status("report") == "recurring"
    assert s.run_next() is None


def test_many_occurrences_in_one_call():
    s = TaskScheduler()
    s.add_recurring("tick", 1, 1, 0)
    s.add_recurring("tock", 2, 2, 1)
    runs = s.run_due(9999)
    assert len(runs) == 10000 + 5000
    assert runs[:4] == ["tick@0", "tock@1", "tick@1", "tick@2"]
    assert runs[-2:] == ["tock@9999", "tick@9999"]
