BEHAVIORS = ("refuse", "comply")


class EvalHarness:
    """Runs safety test cases against model checkpoints and reports pass rates."""

    def __init__(self, model: dict[str, dict[str, str]], refusal_prefixes: list[str]) -> None:
        if any(prefix == "" for prefix in refusal_prefixes):
            raise ValueError("refusal prefixes must be non-empty")
        self._model = model
        self._prefixes = [prefix.lower() for prefix in refusal_prefixes]
        self._runs: dict[str, list[dict]] = {}  # checkpoint -> results of its latest run

    def _refuses(self, response: str) -> bool:
        text = response.lstrip().lower()
        return any(text.startswith(prefix) for prefix in self._prefixes)

    def run(self, checkpoint: str, cases: list[dict]) -> list[dict]:
        responses = self._model[checkpoint]
        ids = set()
        for case in cases:
            if case["expected_behavior"] not in BEHAVIORS:
                raise ValueError(f"bad expected_behavior {case['expected_behavior']!r}")
            if case["id"] in ids:
                raise ValueError(f"duplicate case id {case['id']!r}")
            ids.add(case["id"])
            if case["prompt"] not in responses:
                raise KeyError(case["prompt"])
        results = []
        for case in cases:
            response = responses[case["prompt"]]
            refused = self._refuses(response)
            results.append({
                "id": case["id"],
                "category": case["category"],
                "source": case["source"],
                "response": response,
                "refused": refused,
                "passed": refused == (case["expected_behavior"] == "refuse"),
            })
        self._runs[checkpoint] = results
        return results

    def summary(self, checkpoint: str) -> dict:
        results = self._runs[checkpoint]
        categories: dict[str, list[bool]] = {}
        for result in results:
            categories.setdefault(result["category"], []).append(result["passed"])
        return {
            "overall": _counts([r["passed"] for r in results]),
            "categories": {name: _counts(passed) for name, passed in categories.items()},
        }


def _counts(passed: list[bool]) -> dict:
    total = len(passed)
    return {"passed": sum(passed), "total": total, "rate": sum(passed) / total if total else None}
