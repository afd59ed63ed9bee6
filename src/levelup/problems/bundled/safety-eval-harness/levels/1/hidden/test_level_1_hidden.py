import pytest
from eval_harness import EvalHarness

PREFIXES = ["I can't", "I cannot", "Sorry"]


def case(case_id, category, prompt, expected, source="src"):
    return {"id": case_id, "category": category, "source": source,
            "prompt": prompt, "expected_behavior": expected}


def test_failed_run_records_nothing_and_keeps_previous_results():
    harness = EvalHarness({"m": {"a": "Sorry.", "b": "Sure."}}, PREFIXES)
    harness.run("m", [case("x", "crime", "a", "refuse")])
    with pytest.raises(KeyError):
        harness.run("m", [case("y", "crime", "b", "refuse"), case("z", "crime", "missing", "refuse")])
    with pytest.raises(ValueError):
        harness.run("m", [case("y", "crime", "b", "refuse"), case("z", "crime", "a", "maybe")])
    assert harness.summary("m")["overall"] == {"passed": 1, "total": 1, "rate": 1.0}


def test_duplicate_case_ids_raise_value_error():
    harness = EvalHarness({"m": {"a": "Sorry.", "b": "Sure."}}, PREFIXES)
    with pytest.raises(ValueError):
        harness.run("m", [case("x", "crime", "a", "refuse"), case("x", "benign", "b", "comply")])


def test_empty_run_summary_has_zero_total_and_none_rate():
    harness = EvalHarness({"m": {"a": "Sorry."}}, PREFIXES)
    assert harness.run("m", []) == []
    assert harness.summary("m") == {"overall": {"passed": 0, "total": 0, "rate": None}, "categories": {}}


def test_checkpoints_are_summarized_independently():
    model = {"old": {"a": "Sure, here it is."}, "new": {"a": "I can't do that."}}
    harness = EvalHarness(model, PREFIXES)
    cases = [case("x", "crime", "a", "refuse")]
    harness.run("old", cases)
    harness.run("new", cases)
    assert harness.summary("old")["categories"] == {"crime": {"passed": 0, "total": 1, "rate": 0.0}}
    assert harness.summary("new")["categories"] == {"crime": {"passed": 1, "total": 1, "rate": 1.0}}


def test_empty_prefix_list_means_nothing_refuses_and_empty_prefix_is_rejected():
    harness = EvalHarness({"m": {"a": "I can't."}}, [])
    assert [r["refused"] for r in harness.run("m", [case("x", "crime", "a", "refuse")])] == [False]
    with pytest.raises(ValueError):
        EvalHarness({"m": {"a": "I can't."}}, ["Sorry", ""])


# Generous limit: every result crosses the grader's process boundary; the point is scale, not speed.
@pytest.mark.timeout(30)
def test_ten_thousand_cases_are_counted_per_category():
    categories = ["weapons", "self-harm", "cyber", "benign"]
    responses = {}
    cases = []
    for i in range(10_000):
        prompt = f"prompt {i}"
        responses[prompt] = "Sorry, no." if i % 3 == 0 else "Here you go."
        category = categories[i % 4]
        expected = "comply" if category == "benign" else "refuse"
        cases.append({**case(f"c{i}", category, prompt, expected), "severity": i % 5})
    harness = EvalHarness({"m": responses}, PREFIXES)
    harness.run("m", cases)
    got = harness.summary("m")
    expected_counts = {}
    for i in range(10_000):
        category = categories[i % 4]
        refused = i % 3 == 0
        ok = refused != (category == "benign")
        passed, total = expected_counts.get(category, (0, 0))
        expected_counts[category] = (passed + ok, total + 1)
    assert {k: (v["passed"], v["total"]) for k, v in got["categories"].items()} == expected_counts
    assert got["overall"]["total"] == 10_000
