import pytest
from eval_harness import EvalHarness

PREFIXES = ["I can't", "Sorry"]


def make(n, checkpoints=("m",)):
    responses = {f"p{i}": ("Sorry, no." if i % 4 else "Sure.") for i in range(n)}
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
    harness, cases = make(5)
    harness.run("m", cases)
    results = harness.run("m", cases, max_calls=0)
    assert [r["status"] for r in results] == ["cached"] * 5
    assert harness.summary("m")["overall"]["total"] == 5


def test_failed_run_makes_no_calls_and_caches_nothing():
    harness, cases = make(3)
    bad = cases + [{**cases[0], "id": "extra", "prompt": "no such prompt"}]
    with pytest.raises(KeyError):
        harness.run("m", bad)
    assert harness.model_calls() == 0
    assert [r["status"] for r in harness.run("m", cases)] == ["new"] * 3


def test_cache_is_keyed_by_checkpoint_and_exact_settings_json():
    harness, cases = make(2, checkpoints=("a", "b"))
    harness.run("a", cases, None)
    assert [r["status"] for r in harness.run("a", cases, {})] == ["cached", "cached"]
    assert [r["status"] for r in harness.run("b", cases, {})] == ["new", "new"]
    harness.run("a", cases, {"temperature": 0})
    assert [r["status"] for r in harness.run("a", cases, {"temperature": 0.0})] == ["new", "new"]
    assert harness.model_calls() == 8


def test_error_bars_leave_out_pending_results():
    harness, cases = make(10)
    harness.run("m", cases, max_calls=4)
    bars = harness.error_bars("m")["overall"]
    assert bars["n"] == 4
    assert bars["rate"] == pytest.approx(0.75, rel=1e-9)
    assert bars["n_clusters"] == 4


def test_large_suite_finishes_over_three_interrupted_runs():
    harness, cases = make(2000)
    done = []
    for _ in range(3):
        results = harness.run("m", cases, {"temperature": 0.0}, max_calls=700)
        done.append(sum(r["status"] != "pending" for r in results))
    assert done == [700, 1400, 2000]
    assert harness.model_calls() == 2000
    assert harness.summary("m")["overall"] == {"passed": 1500, "total": 2000, "rate": 0.75}
