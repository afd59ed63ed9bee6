import numpy as np

EPS = 1e-5

# Where a run can be changed: ("resid", layer, position) -> new vector, ("head", layer, head) -> new
# head output for every position (zeros to ablate it).
Interventions = dict[tuple[str, int, int], np.ndarray]


def layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * gain + bias


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class TinyTransformer:
    def __init__(self, weights: dict) -> None:
        self.w = weights
        self.n_heads = int(weights["n_heads"])
        self.n_layers = len(weights["blocks"])

    def _check(self, tokens: list[int]) -> np.ndarray:
        vocab, n_ctx = self.w["embed"].shape[0], self.w["pos"].shape[0]
        ids = np.asarray(tokens, dtype=np.int64)
        if ids.ndim != 1 or not 1 <= len(ids) <= n_ctx:
            raise ValueError(f"need between 1 and {n_ctx} tokens, got {len(tokens)}")
        if np.any((ids < 0) | (ids >= vocab)):
            raise ValueError(f"token ids must be in [0, {vocab})")
        return ids

    def _head_outputs(self, h: np.ndarray, block: dict) -> np.ndarray:
        """Each head's attention-weighted values, shape (H, T, d_head), before w_o."""
        t, d = h.shape
        d_head = d // self.n_heads
        # (T, D) -> (H, T, d_head): head i owns columns i*d_head:(i+1)*d_head.
        q, k, v = (
            (h @ block[name]).reshape(t, self.n_heads, d_head).transpose(1, 0, 2) for name in ("w_q", "w_k", "w_v")
        )
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(d_head)
        scores = np.where(np.tril(np.ones((t, t), dtype=bool)), scores, -np.inf)
        return softmax(scores) @ v

    def _mlp(self, h: np.ndarray, block: dict) -> np.ndarray:
        return np.maximum(h @ block["w_in"] + block["b_in"], 0.0) @ block["w_out"] + block["b_out"]

    def _run(self, ids: np.ndarray, changes: Interventions | None = None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Forward pass applying `changes`; returns the logits and the cache of what each layer saw."""
        changes = changes or {}
        x = self.w["embed"][ids] + self.w["pos"][: len(ids)]
        resid, heads = [], []
        for layer in range(self.n_layers + 1):
            for (kind, at, position), value in changes.items():
                if kind == "resid" and at == layer:
                    x = x.copy()
                    x[position] = value
            resid.append(x)
            if layer == self.n_layers:
                break
            block = self.w["blocks"][layer]
            z = self._head_outputs(layer_norm(x, block["ln1_g"], block["ln1_b"]), block)
            for (kind, at, head), value in changes.items():
                if kind == "head" and at == layer:
                    z = z.copy()
                    z[head] = value
            heads.append(z)
            x = x + z.transpose(1, 0, 2).reshape(x.shape) @ block["w_o"]
            x = x + self._mlp(layer_norm(x, block["ln2_g"], block["ln2_b"]), block)
        logits = layer_norm(x, self.w["lnf_g"], self.w["lnf_b"]) @ self.w["unembed"]
        return logits, {"resid": np.stack(resid), "heads": np.array(heads)}

    def run_with_cache(self, tokens: list[int]) -> tuple[np.ndarray, np.ndarray]:
        logits, cache = self._run(self._check(tokens))
        return logits, cache["resid"]

    def forward(self, tokens: list[int]) -> np.ndarray:
        return self._run(self._check(tokens))[0]

    def logit_lens(self, tokens: list[int]) -> np.ndarray:
        _, resid = self.run_with_cache(tokens)
        # Read every layer's stream as if it were the last one: final norm, then unembedding.
        return layer_norm(resid, self.w["lnf_g"], self.w["lnf_b"]) @ self.w["unembed"]

    def lens_top_tokens(self, tokens: list[int], position: int = -1) -> list[int]:
        return [int(i) for i in np.argmax(self.logit_lens(tokens)[:, position], axis=-1)]

    def lens_probabilities(self, tokens: list[int], target: int, position: int = -1) -> list[float]:
        if not 0 <= target < self.w["unembed"].shape[1]:
            raise ValueError(f"target {target} is not a token id")
        probs = softmax(self.logit_lens(tokens)[:, position])
        return [float(p) for p in probs[:, target]]

    def _pair(self, clean: list[int], corrupted: list[int]) -> tuple[np.ndarray, np.ndarray]:
        clean_ids, corrupted_ids = self._check(clean), self._check(corrupted)
        if len(clean_ids) != len(corrupted_ids):
            raise ValueError("clean and corrupted prompts must have the same length")
        return clean_ids, corrupted_ids

    def _restored(
        self, clean: list[int], corrupted: list[int], correct: int, wrong: int, changes: Interventions
    ) -> float:
        """Share of the clean-vs-corrupted logit difference that `changes` bring back to the corrupted run."""
        clean_ids, corrupted_ids = self._pair(clean, corrupted)
        clean_diff = logit_difference(self._run(clean_ids)[0], correct, wrong)
        corrupted_diff = logit_difference(self._run(corrupted_ids)[0], correct, wrong)
        if clean_diff == corrupted_diff:
            raise ValueError("clean and corrupted runs have the same logit difference: nothing to restore")
        patched = logit_difference(self._run(corrupted_ids, changes)[0], correct, wrong)
        return (patched - corrupted_diff) / (clean_diff - corrupted_diff)

    def _resid_patch(self, clean_ids: np.ndarray, layer: int, position: int) -> Interventions:
        if not 0 <= layer <= self.n_layers or not -len(clean_ids) <= position < len(clean_ids):
            raise ValueError(f"no residual stream entry at layer {layer}, position {position}")
        clean_resid = self._run(clean_ids)[1]["resid"]
        return {("resid", layer, position): clean_resid[layer, position]}

    def patch_residual(self, clean: list[int], corrupted: list[int], layer: int, position: int) -> np.ndarray:
        clean_ids, corrupted_ids = self._pair(clean, corrupted)
        return self._run(corrupted_ids, self._resid_patch(clean_ids, layer, position))[0]

    def patching_effect(
        self, clean: list[int], corrupted: list[int], correct: int, wrong: int, layer: int, position: int
    ) -> float:
        clean_ids, _ = self._pair(clean, corrupted)
        return self._restored(clean, corrupted, correct, wrong, self._resid_patch(clean_ids, layer, position))

    def patching_grid(self, clean: list[int], corrupted: list[int], correct: int, wrong: int) -> np.ndarray:
        return np.array(
            [
                [
                    self.patching_effect(clean, corrupted, correct, wrong, layer, position)
                    for position in range(len(clean))
                ]
                for layer in range(self.n_layers + 1)
            ]
        )

    def head_ablation_effects(self, tokens: list[int], correct: int, wrong: int) -> np.ndarray:
        ids = self._check(tokens)
        logits, cache = self._run(ids)
        base = logit_difference(logits, correct, wrong)
        effects = np.zeros((self.n_layers, self.n_heads))
        for layer in range(self.n_layers):
            for head in range(self.n_heads):
                zeros = np.zeros_like(cache["heads"][layer, head])
                ablated = self._run(ids, {("head", layer, head): zeros})[0]
                effects[layer, head] = logit_difference(ablated, correct, wrong) - base
        return effects

    def head_patching_effects(self, clean: list[int], corrupted: list[int], correct: int, wrong: int) -> np.ndarray:
        clean_heads = self._run(self._pair(clean, corrupted)[0])[1]["heads"]
        return np.array(
            [
                [
                    self._restored(clean, corrupted, correct, wrong, {("head", layer, head): clean_heads[layer, head]})
                    for head in range(self.n_heads)
                ]
                for layer in range(self.n_layers)
            ]
        )

    def residual_features(self, prompts: list[list[int]], layer: int, position: int = -1) -> np.ndarray:
        if not 0 <= layer <= self.n_layers:
            raise ValueError(f"layer must be in [0, {self.n_layers}], got {layer}")
        return np.stack([self.run_with_cache(tokens)[1][layer, position] for tokens in prompts])


def logit_difference(logits: np.ndarray, correct: int, wrong: int) -> float:
    if not (0 <= correct < logits.shape[-1] and 0 <= wrong < logits.shape[-1]):
        raise ValueError(f"correct={correct} and wrong={wrong} must be token ids")
    return float(logits[-1, correct] - logits[-1, wrong])


def linear_probe(features: np.ndarray, labels: list[int], test_fraction: float, seed: int) -> dict:
    x = np.asarray(features, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    n = len(x)
    n_test = int(n * test_fraction)
    if len(y) != n or not 1 <= n_test < n:
        raise ValueError(f"need as many labels as rows and a test split of 1..{n - 1} rows, got {n_test}")
    order = np.random.default_rng(seed).permutation(n)
    test, train = order[:n_test], order[n_test:]
    design = np.hstack([x, np.ones((n, 1))])  # a bias column
    targets = np.eye(int(y.max()) + 1)[y]  # one-hot: least squares onto each class indicator
    weights = np.linalg.lstsq(design[train], targets[train], rcond=None)[0]
    predicted = np.argmax(design @ weights, axis=1)
    return {
        "train_accuracy": float(np.mean(predicted[train] == y[train])),
        "test_accuracy": float(np.mean(predicted[test] == y[test])),
        "test_indices": [int(i) for i in test],
        "predictions": [int(p) for p in predicted],
    }
