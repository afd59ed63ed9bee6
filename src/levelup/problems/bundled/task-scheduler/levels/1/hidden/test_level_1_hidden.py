from task_scheduler import TaskScheduler


def test_id_of_a_job_that_already_ran_cannot_be_reused():
    s = TaskScheduler()
    s.add_job("backup", 5)
    s.run_next()
    assert s.add_job("backup", 1) is False
    assert s.status("backup") == "done"
    assert s.pending() == []


def test_negative_priorities_run_after_zero():
    s = TaskScheduler()
    s.add_job("low", -3)
    s.add_job("zero", 0)
    s.add_job("lower", -10)
    assert s.pending() == ["zero", "low", "lower"]


def test_priority_ties_compare_ids_as_plain_strings():
    s = TaskScheduler()
    for job_id in ["job9", "a", "job10", "B"]:
        s.add_job(job_id, 1)
    assert s.pending() == ["B", "a", "job10", "job9"]


def test_jobs_added_between_runs_are_ordered_with_the_rest():
    s = TaskScheduler()
    s.add_job("a", 1)
    s.add_job("b", 3)
    assert s.run_next() == "b"
    s.add_job("c", 2)
    s.add_job("d", 0)
    assert s.run_next() == "c"
    assert s.pending() == ["a", "d"]


def test_pending_on_an_empty_scheduler_is_an_empty_list():
    s = TaskScheduler()
    assert s.pending() == []
