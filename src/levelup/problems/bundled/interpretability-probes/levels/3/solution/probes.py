import numpy as np

EPS = 1e-5


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

    def _check(self, tokens: list[int]) -> np.ndarray:
        vocab, n_ctx = self.w["embed"].shape[0], self.w["pos"].shape[0]
        ids = np.asarray(tokens, dtype=np.int64)
        if ids.ndim != 1 or not 1 <= len(ids) <= n_ctx:
            raise ValueError(f"need between 1 and {n_ctx} tokens, got {len(tokens)}")
        if np.any((ids < 0) | (ids >= vocab)):
            raise ValueError(f"token ids must be in [0, {vocab})")
        return ids

    def _attention(self, h: np.ndarray, block: dict) -> np.ndarray:
        t, d = h.shape
        d_head = d // self.n_heads
        # (T, D) -> (H, T, d_head): head i owns columns i*d_head:(i+1)*d_head.
        q, k, v = (
            (h @ block[name]).reshape(t, self.n_heads, d_head).transpose(1, 0, 2) for name in ("w_q", "w_k", "w_v")
        )
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(d_head)
        scores = np.where(np.tril(np.ones((t, t), dtype=bool)), scores, -np.inf)
        z = softmax(scores) @ v
        return z.transpose(1, 0, 2).reshape(t, d) @ block["w_o"]

    def _mlp(self, h: np.ndarray, block: dict) -> np.ndarray:
        return np.maximum(h @ block["w_in"] + block["b_in"], 0.0) @ block["w_out"] + block["b_out"]

    def _run(self, ids: np.ndarray, patch: tuple[int, int, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Forward pass; `patch` = (layer, position, vector) overwrites one entry of the stream."""
        x = self.w["embed"][ids] + self.w["pos"][: len(ids)]
        resid = []
        for layer, block in enumerate([*self.w["blocks"], None]):
            if patch is not None and patch[0] == layer:
                x = x.copy()
                x[patch[1]] = patch[2]
            resid.append(x)
            if block is not None:
                x = x + self._attention(layer_norm(x, block["ln1_g"], block["ln1_b"]), block)
                x = x + self._mlp(layer_norm(x, block["ln2_g"], block["ln2_b"]), block)
        logits = layer_norm(x, self.w["lnf_g"], self.w["lnf_b"]) @ self.w["unembed"]
        return logits, np.stack(resid)

    def run_with_cache(self, tokens: list[int]) -> tuple[np.ndarray, np.ndarray]:
        return self._run(self._check(tokens))

    def forward(self, tokens: list[int]) -> np.ndarray:
        return self.run_with_cache(tokens)[0]

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

    def patch_residual(self, clean: list[int], corrupted: list[int], layer: int, position: int) -> np.ndarray:
        clean_ids, corrupted_ids = self._pair(clean, corrupted)
        if not 0 <= layer < len(self.w["blocks"]) + 1 or not -len(clean_ids) <= position < len(clean_ids):
            raise ValueError(f"no residual stream entry at layer {layer}, position {position}")
        _, clean_resid = self._run(clean_ids)
        return self._run(corrupted_ids, (layer, position, clean_resid[layer, position]))[0]

    def patching_effect(
        self, clean: list[int], corrupted: list[int], correct: int, wrong: int, layer: int, position: int
    ) -> float:
        clean_diff = logit_difference(self.forward(clean), correct, wrong)
        corrupted_diff = logit_difference(self.forward(corrupted), correct, wrong)
        if clean_diff == corrupted_diff:
            raise ValueError("clean and corrupted runs have the same logit difference: nothing to restore")
        patched = logit_difference(self.patch_residual(clean, corrupted, layer, position), correct, wrong)
        return (patched - corrupted_diff) / (clean_diff - corrupted_diff)

    def patching_grid(self, clean: list[int], corrupted: list[int], correct: int, wrong: int) -> np.ndarray:
        return np.array(
            [
                [
                    self.patching_effect(clean, corrupted, correct, wrong, layer, position)
                    for position in range(len(clean))
                ]
                for layer in range(len(self.w["blocks"]) + 1)
            ]
        )


def logit_difference(logits: np.ndarray, correct: int, wrong: int) -> float:
    if not (0 <= correct < logits.shape[-1] and 0 <= wrong < logits.shape[-1]):
        raise ValueError(f"correct={correct} and wrong={wrong} must be token ids")
    return float(logits[-1, correct] - logits[-1, wrong])
