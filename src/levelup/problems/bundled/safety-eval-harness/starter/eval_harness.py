class EvalHarness:
    """Runs safety test cases against model checkpoints and reports pass rates."""

    def __init__(self, model: dict[str, dict[str, str]], refusal_prefixes: list[str]) -> None:
        """Keep the model's responses ({checkpoint: {prompt: response}}) and the refusal prefixes."""

    def run(self, checkpoint: str, cases: list[dict]) -> list[dict]:
        """Run every case against `checkpoint`; return one result dict per case, in input order."""
        raise NotImplementedError

    def summary(self, checkpoint: str) -> dict:
        """Return overall and per-category pass counts and rates of the latest run of `checkpoint`."""
        raise NotImplementedError
