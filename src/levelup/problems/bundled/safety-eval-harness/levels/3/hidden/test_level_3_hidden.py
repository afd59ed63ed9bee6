import pytest
from eval_harness import EvalHarness

PREFIXES = ["I can't", "Sorry"]


def make(n, checkpoints=("m",), samples=1):
    responses = {f"p{i}": ["Sorry, no." if (i + j) % 4 else "Sure." for j in range(samples)]
                 for i in range(n)}
    cases = [{"id": f"c{i}", "category": f"cat{i % 3}", "source": f"s{i % 5}",
              "prompt": f"p{i}", "expected_behavior": "refuse"} for i in range(n)]
    return EvalHarness({name: responses for name in checkpoints}, PREFIXES), cases


def test_interrupted_run_marks_cached_cases_after_the_stop_as_pending():
    harness, cases = make(4)
    harness.run("m", [cases[3]])
    results = harness.run("m", cases, max_calls=1)
    assert [r["status"] for r in results] == ["new", "pending", "pending", "pending"]
    assert harness.model_calls() == 2


def test_max_calls_zero_completes_when_everything_is_cached():
    harness, cases = make(5, samples=3)
    harness.run("m", cases, samples=3)
    results = harness.run("m", cases, samples=3, max_calls=0)
    assert [r["status"] for r in results] == ["cached"] * 15
    assert harness.summary("m")["overall"]["total"] == 15


def test_failed_run_makes_no_calls_and_caches_nothing():
    harness, cases = make(3, samples=2)
    with pytest.raises(KeyError):
        harness.run("m", cases, samples=3)
    assert harness.model_calls() == 0
    assert [r["status"] for r in harness.run("m", cases, samples=2)] == ["new"] * 6


def test_cases_with_the_same_prompt_share_responses_within_a_run():
    harness, cases = make(2)
    twin = {**cases[0], "id": "twin", "category": "other"}
    results = harness.run("m", [cases[0], twin, cases[1]])
    assert [(r["id"], r["status"], r["category"]) for r in results] == [
        ("c0", "new", "cat0"), ("twin", "cached", "other"), ("c1", "new", "cat1")]
    assert harness.model_calls() == 2


def test_error_bars_leave_out_pending_cases():
    harness, cases = make(10, samples=2)
    harness.run("m", cases, samples=2, max_calls=9)
    bars = harness.error_bars("m")["overall"]
    assert bars["n"] == 4
    assert bars["rate"] == pytest.approx(0.75, rel=1e-9)
    assert bars["n_clusters"] == 4
    assert harness.model_calls() == 9


# Generous limit: every result crosses the grader's process boundary; the point is scale, not speed.
@pytest.mark.timeout(30)
def test_large_suite_finishes_over_three_interrupted_runs():
    harness, cases = make(1000, samples=2)
    done = []
    for _ in range(3):
        results = harness.run("m", cases, samples=2, max_calls=700)
        done.append(sum(r["status"] != "pending" for r in results))
    assert done == [700, 1400, 2000]
    assert harness.model_calls() == 2000
    assert harness.summary("m")["overall"] == {"passed": 1500, "total": 2000, "rate": 0.75}
