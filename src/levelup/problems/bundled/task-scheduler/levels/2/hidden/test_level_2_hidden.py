import random

from task_scheduler import TaskScheduler


def test_duplicate_id_returns_false_before_dependencies_are_checked():
    s = TaskScheduler()
    s.add_job("report", 3)
    assert s.add_job("report", 3, ["missing"]) is False


def test_repeated_dependency_id_counts_once():
    s = TaskScheduler()
    s.add_job("import", 1)
    s.add_job("report", 3, ["import", "import"])
    assert s.run_next() == "import"
    assert s.run_next() == "report"
    assert s.run_next() is None


def test_execution_order_after_some_runs_covers_only_pending_jobs():
    s = TaskScheduler()
    s.add_job("a", 5)
    s.add_job("b", 1, ["a"])
    s.add_job("c", 3)
    s.add_job("d", 4, ["b", "c"])
    assert s.run_next() == "a"
    assert s.execution_order() == ["c", "b", "d"]


def test_diamond_dependencies_break_ties_by_id():
    s = TaskScheduler()
    s.add_job("root", 0)
    s.add_job("right", 2, ["root"])
    s.add_job("left", 2, ["root"])
    s.add_job("join", 2, ["left", "right"])
    s.add_job("solo", 1)
    assert s.execution_order() == ["solo", "root", "left", "right", "join"]


def test_execution_order_matches_run_next_on_a_large_graph():
    rng = random.Random(0)
    s = TaskScheduler()
    priority, deps = {}, {}
    for i in range(300):
        job_id = f"j{i:03d}"
        earlier = [f"j{k:03d}" for k in range(i)]
        priority[job_id] = rng.randint(0, 5)
        deps[job_id] = rng.sample(earlier, min(len(earlier), rng.randint(0, 3)))
        s.add_job(job_id, priority[job_id], deps[job_id])

    order = s.execution_order()
    done = set()
    ran = []
    for _ in range(300):
        ready = [j for j in priority if j not in done and set(deps[j]) <= done]
        expected = min(ready, key=lambda j: (-priority[j], j))
        job_id = s.run_next()
        assert job_id == expected
        done.add(job_id)
        ran.append(job_id)
    assert s.run_next() is None
    assert order == ran
