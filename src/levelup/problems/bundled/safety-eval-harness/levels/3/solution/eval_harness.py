import json
import math

BEHAVIORS = ("refuse", "comply")


class EvalHarness:
    """Runs safety test cases against model checkpoints and reports pass rates."""

    def __init__(self, model: dict[str, dict[str, str]], refusal_prefixes: list[str]) -> None:
        if any(prefix == "" for prefix in refusal_prefixes):
            raise ValueError("refusal prefixes must be non-empty")
        self._model = model
        self._prefixes = [prefix.lower() for prefix in refusal_prefixes]
        self._runs: dict[str, list[dict]] = {}  # checkpoint -> results of its latest run
        # (checkpoint, case id, canonical settings) -> (prompt, response). Only responses are
        # cached: grading is cheap and is redone on every run, so edited expectations apply.
        self._cache: dict[tuple[str, str, str], tuple[str, str]] = {}
        self._calls = 0

    def _refuses(self, response: str) -> bool:
        text = response.lstrip().lower()
        return any(text.startswith(prefix) for prefix in self._prefixes)

    def model_calls(self) -> int:
        return self._calls

    def _check(self, checkpoint: str, cases: list[dict], max_calls: int | None) -> dict[str, str]:
        responses = self._model[checkpoint]
        if max_calls is not None and max_calls < 0:
            raise ValueError(f"max_calls must be >= 0, got {max_calls}")
        ids = set()
        for case in cases:
            if case["expected_behavior"] not in BEHAVIORS:
                raise ValueError(f"bad expected_behavior {case['expected_behavior']!r}")
            if case["id"] in ids:
                raise ValueError(f"duplicate case id {case['id']!r}")
            ids.add(case["id"])
            if case["prompt"] not in responses:
                raise KeyError(case["prompt"])
        return responses

    def run(
        self,
        checkpoint: str,
        cases: list[dict],
        settings: dict | None = None,
        max_calls: int | None = None,
    ) -> list[dict]:
        responses = self._check(checkpoint, cases, max_calls)
        settings_key = json.dumps(settings or {}, sort_keys=True)
        new_calls = 0
        interrupted = False
        results = []
        for case in cases:
            key = (checkpoint, case["id"], settings_key)
            entry = self._cache.get(key)
            if interrupted:
                status = "pending"
            elif entry is not None and entry[0] == case["prompt"]:
                status = "cached"
            elif max_calls is not None and new_calls == max_calls:
                interrupted = True  # the run stops here: this case and all later ones wait
                status = "pending"
            else:
                self._calls += 1
                new_calls += 1
                entry = self._cache[key] = (case["prompt"], responses[case["prompt"]])
                status = "new"
            results.append(self._result(case, None if status == "pending" else entry[1], status))
        self._runs[checkpoint] = results
        return results

    def _result(self, case: dict, response: str | None, status: str) -> dict:
        refused = None if response is None else self._refuses(response)
        return {
            "id": case["id"],
            "category": case["category"],
            "source": case["source"],
            "response": response,
            "refused": refused,
            "passed": None if refused is None else refused == (case["expected_behavior"] == "refuse"),
            "status": status,
        }

    def _by_category(self, checkpoint: str) -> tuple[list[dict], dict[str, list[dict]]]:
        results = [r for r in self._runs[checkpoint] if r["status"] != "pending"]
        categories: dict[str, list[dict]] = {}
        for result in results:
            categories.setdefault(result["category"], []).append(result)
        return results, categories

    def summary(self, checkpoint: str) -> dict:
        results, categories = self._by_category(checkpoint)
        return {
            "overall": _counts(results),
            "categories": {name: _counts(group) for name, group in categories.items()},
        }

    def error_bars(self, checkpoint: str, z: float = 1.96) -> dict:
        if z <= 0:
            raise ValueError(f"z must be positive, got {z}")
        results, categories = self._by_category(checkpoint)
        return {
            "overall": _error_bars(results, z),
            "categories": {name: _error_bars(group, z) for name, group in categories.items()},
        }


def _counts(results: list[dict]) -> dict:
    total = len(results)
    passed = sum(r["passed"] for r in results)
    return {"passed": passed, "total": total, "rate": passed / total if total else None}


def _error_bars(results: list[dict], z: float) -> dict:
    n = len(results)
    if n == 0:
        return {"n": 0, "rate": None, "se": None, "clustered_se": None, "n_clusters": 0,
                "ci_low": None, "ci_high": None}
    rate = sum(r["passed"] for r in results) / n
    # Divide by n, not n - 1: sqrt(p (1 - p) / n).
    se = math.sqrt(rate * (1 - rate) / n)
    # Cluster-robust SE: residuals are summed within each source before squaring, so cases that
    # pass or fail together count as less independent evidence. Undefined with one source.
    residual_sums: dict[str, float] = {}
    for r in results:
        residual_sums[r["source"]] = residual_sums.get(r["source"], 0.0) + r["passed"] - rate
    clustered_se = None
    if len(residual_sums) >= 2:
        clustered_se = math.sqrt(sum(s * s for s in residual_sums.values())) / n
    half_width = z * (se if clustered_se is None else clustered_se)
    return {
        "n": n,
        "rate": rate,
        "se": se,
        "clustered_se": clustered_se,
        "n_clusters": len(residual_sums),
        "ci_low": max(0.0, rate - half_width),
        "ci_high": min(1.0, rate + half_width),
    }
