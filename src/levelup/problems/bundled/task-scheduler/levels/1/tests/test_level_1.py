from task_scheduler import TaskScheduler


def test_add_job_returns_true_for_a_new_id():
    s = TaskScheduler()
    assert s.add_job("backup", 5) is True


def test_add_job_with_a_pending_id_returns_false():
    s = TaskScheduler()
    s.add_job("backup", 5)
    assert s.add_job("backup", 5) is False


def test_duplicate_add_keeps_the_original_priority():
    s = TaskScheduler()
    s.add_job("email", 2)
    s.add_job("report", 3)
    s.add_job("email", 9)
    assert s.pending() == ["report", "email"]


def test_run_next_returns_the_highest_priority_job():
    s = TaskScheduler()
    s.add_job("email", 2)
    s.add_job("backup", 5)
    s.add_job("report", 3)
    assert s.run_next() == "backup"


def test_run_next_breaks_priority_ties_by_smaller_id():
    s = TaskScheduler()
    s.add_job("report", 2)
    s.add_job("email", 2)
    assert s.run_next() == "email"
    assert s.run_next() == "report"


def test_run_next_on_an_empty_scheduler_returns_none():
    s = TaskScheduler()
    assert s.run_next() is None


def test_run_next_returns_none_once_every_job_has_run():
    s = TaskScheduler()
    s.add_job("a", 1)
    s.add_job("b", 1)
    assert [s.run_next(), s.run_next(), s.run_next()] == ["a", "b", None]


def test_pending_lists_jobs_in_priority_order():
    s = TaskScheduler()
    s.add_job("email", 2)
    s.add_job("backup", 5)
    s.add_job("report", 2)
    s.add_job("cleanup", 0)
    assert s.pending() == ["backup", "email", "report", "cleanup"]


def test_pending_leaves_out_jobs_that_ran():
    s = TaskScheduler()
    s.add_job("email", 2)
    s.add_job("backup", 5)
    s.run_next()
    assert s.pending() == ["email"]


def test_pending_does_not_run_anything():
    s = TaskScheduler()
    s.add_job("email", 2)
    s.pending()
    assert s.status("email") == "pending"
    assert s.run_next() == "email"


def test_status_goes_from_pending_to_done():
    s = TaskScheduler()
    s.add_job("backup", 5)
    assert s.status("backup") == "pending"
    s.run_next()
    assert s.status("backup") == "done"


def test_status_of_an_unknown_id_is_none():
    s = TaskScheduler()
    s.add_job("backup", 5)
    assert s.status("cleanup") is None
