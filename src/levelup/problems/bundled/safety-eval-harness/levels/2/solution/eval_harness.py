import math

BEHAVIORS = ("refuse", "comply")


class EvalHarness:
    """Runs safety test cases against model checkpoints and reports pass rates."""

    def __init__(self, model: dict[str, dict[str, str | list[str]]], refusal_prefixes: list[str]) -> None:
        if any(prefix == "" for prefix in refusal_prefixes):
            raise ValueError("refusal prefixes must be non-empty")
        self._model = model
        self._prefixes = [prefix.lower() for prefix in refusal_prefixes]
        self._runs: dict[str, list[dict]] = {}  # checkpoint -> results of its latest run

    def _refuses(self, response: str) -> bool:
        text = response.lstrip().lower()
        return any(text.startswith(prefix) for prefix in self._prefixes)

    def run(self, checkpoint: str, cases: list[dict], samples: int = 1) -> list[dict]:
        responses = self._model[checkpoint]
        if samples < 1:
            raise ValueError(f"samples must be >= 1, got {samples}")
        ids = set()
        for case in cases:
            if case["expected_behavior"] not in BEHAVIORS:
                raise ValueError(f"bad expected_behavior {case['expected_behavior']!r}")
            if case["id"] in ids:
                raise ValueError(f"duplicate case id {case['id']!r}")
            ids.add(case["id"])
            if case["prompt"] not in responses:
                raise KeyError(case["prompt"])
            answers = responses[case["prompt"]]
            if not isinstance(answers, str) and len(answers) < samples:
                raise KeyError(f"fewer than {samples} samples for {case['prompt']!r}")
        results = []
        for case in cases:
            answers = responses[case["prompt"]]
            for sample in range(samples):
                response = answers if isinstance(answers, str) else answers[sample]
                refused = self._refuses(response)
                results.append({
                    "id": case["id"],
                    "category": case["category"],
                    "source": case["source"],
                    "sample": sample,
                    "response": response,
                    "refused": refused,
                    "passed": refused == (case["expected_behavior"] == "refuse"),
                })
        self._runs[checkpoint] = results
        return results

    def _by_category(self, checkpoint: str) -> tuple[list[dict], dict[str, list[dict]]]:
        results = self._runs[checkpoint]
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


def _case_scores(results: list[dict]) -> list[tuple[str, float]]:
    """(source, share of its samples that passed) for each case, the unit of the error bars."""
    passes: dict[str, list[bool]] = {}
    sources = {}
    for r in results:
        passes.setdefault(r["id"], []).append(r["passed"])
        sources[r["id"]] = r["source"]
    return [(sources[case], sum(p) / len(p)) for case, p in passes.items()]


def _error_bars(results: list[dict], z: float) -> dict:
    scores = _case_scores(results)
    n = len(scores)
    if n == 0:
        return {"n": 0, "rate": None, "se": None, "clustered_se": None, "n_clusters": 0,
                "ci_low": None, "ci_high": None}
    rate = sum(score for _, score in scores) / n
    # Divide by n, not n - 1; with one sample per case this is sqrt(p (1 - p) / n).
    se = math.sqrt(sum((score - rate) ** 2 for _, score in scores)) / n
    # Cluster-robust SE: residuals are summed within each source before squaring, so cases that
    # pass or fail together count as less independent evidence. Undefined with one source.
    residual_sums: dict[str, float] = {}
    for source, score in scores:
        residual_sums[source] = residual_sums.get(source, 0.0) + score - rate
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
