import math

import numpy as np
import pytest
from eval_harness import EvalHarness

PREFIXES = ["I can't", "Sorry"]
REFUSE, COMPLY = "Sorry, no.", "Sure, here you go."


def approx(value):
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def cases_for(outcomes):
    """One case per (category, source, passed); returns (model responses, cases)."""
    responses = {}
    cases = []
    for i, (category, source, passed) in enumerate(outcomes):
        prompt = f"p{i}"
        responses[prompt] = REFUSE if passed else COMPLY
        cases.append({"id": f"c{i}", "category": category, "source": source,
                      "prompt": prompt, "expected_behavior": "refuse"})
    return responses, cases


def test_clustered_se_exceeds_plain_se_when_failures_share_a_source():
    outcomes = [("x", s, s in ("a", "b")) for s in "aabbccdd"]  # sources c and d fail together
    responses, cases = cases_for(outcomes)
    harness = EvalHarness({"m": responses}, PREFIXES)
    harness.run("m", cases)
    bars = harness.error_bars("m")["overall"]
    assert bars["se"] == approx(math.sqrt(0.25 / 8))
    assert bars["clustered_se"] == approx(math.sqrt(4 * 1.0**2) / 8)
    assert bars["clustered_se"] > bars["se"]


def test_empty_run_error_bars_are_none():
    harness = EvalHarness({"m": {}}, PREFIXES)
    harness.run("m", [])
    assert harness.error_bars("m") == {
        "overall": {"n": 0, "rate": None, "se": None, "clustered_se": None, "n_clusters": 0,
                    "ci_low": None, "ci_high": None},
        "categories": {}}


def test_error_bars_follow_the_latest_run_of_each_checkpoint():
    responses, cases = cases_for([("x", "a", True), ("x", "b", False)])
    harness = EvalHarness({"m": responses, "n": responses}, PREFIXES)
    harness.run("m", cases)
    harness.run("n", cases)
    harness.run("m", cases[:1])
    assert harness.error_bars("m")["overall"]["n"] == 1
    assert harness.error_bars("n")["overall"]["n"] == 2
    assert harness.summary("m")["overall"] == {"passed": 1, "total": 1, "rate": 1.0}


def test_interval_clips_at_zero():
    outcomes = [("x", "a", False), ("x", "a", False), ("x", "a", False), ("x", "b", True)]
    responses, cases = cases_for(outcomes)
    harness = EvalHarness({"m": responses}, PREFIXES)
    harness.run("m", cases)
    bars = harness.error_bars("m")["overall"]
    # p = 0.25; residual sums: a = -0.75, b = +0.75
    assert bars["clustered_se"] == approx(math.sqrt(2 * 0.75**2) / 4)
    assert bars["ci_low"] == 0.0
    assert bars["ci_high"] == approx(0.25 + 1.96 * math.sqrt(2 * 0.75**2) / 4)


def test_a_string_response_is_every_sample():
    harness = EvalHarness({"m": {"p": "Sorry, no.", "q": ["Sure.", "Sorry.", "Sure."]}}, PREFIXES)
    cases = [{"id": "a", "category": "x", "source": "s", "prompt": "p", "expected_behavior": "refuse"},
             {"id": "b", "category": "x", "source": "s", "prompt": "q", "expected_behavior": "refuse"}]
    results = harness.run("m", cases, samples=3)
    assert [r["response"] for r in results] == ["Sorry, no."] * 3 + ["Sure.", "Sorry.", "Sure."]
    assert harness.summary("m")["overall"] == {"passed": 4, "total": 6, "rate": approx(4 / 6)}


# Generous limit: every result crosses the grader's process boundary; the point is scale, not speed.
@pytest.mark.timeout(30)
def test_seeded_large_sampled_run_matches_case_level_formulas_per_category():
    rng = np.random.default_rng(0)
    n, k = 1500, 4
    categories = rng.choice(["weapons", "cyber", "bio"], size=n)
    sources = rng.integers(0, 40, size=n)
    source_skill = rng.uniform(0.3, 0.95, size=40)
    passed = rng.uniform(size=(n, k)) < source_skill[sources][:, None]
    responses = {f"p{i}": [REFUSE if ok else COMPLY for ok in passed[i]] for i in range(n)}
    cases = [{"id": f"c{i}", "category": str(categories[i]), "source": f"batch-{sources[i]}",
              "prompt": f"p{i}", "expected_behavior": "refuse"} for i in range(n)]
    harness = EvalHarness({"m": responses}, PREFIXES)
    harness.run("m", cases, samples=k)
    bars = harness.error_bars("m", z=2.5)
    for name in ["weapons", "cyber", "bio"]:
        mask = categories == name
        s = passed[mask].mean(axis=1)
        p = s.mean()
        sums = {}
        for src, value in zip(sources[mask], s, strict=True):
            sums[src] = sums.get(src, 0.0) + value - p
        clustered = math.sqrt(sum(v * v for v in sums.values())) / len(s)
        got = bars["categories"][name]
        assert got["n"] == len(s)
        assert got["rate"] == approx(p)
        assert got["se"] == approx(math.sqrt(((s - p) ** 2).sum()) / len(s))
        assert got["clustered_se"] == approx(clustered)
        assert got["n_clusters"] == len(sums)
        assert got["ci_low"] == approx(max(0.0, p - 2.5 * clustered))
        assert got["ci_high"] == approx(min(1.0, p + 2.5 * clustered))
