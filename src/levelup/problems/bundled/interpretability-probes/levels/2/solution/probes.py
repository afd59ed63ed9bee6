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

    def run_with_cache(self, tokens: list[int]) -> tuple[np.ndarray, np.ndarray]:
        ids = self._check(tokens)
        x = self.w["embed"][ids] + self.w["pos"][: len(ids)]
        resid = [x]
        for block in self.w["blocks"]:
            x = x + self._attention(layer_norm(x, block["ln1_g"], block["ln1_b"]), block)
            x = x + self._mlp(layer_norm(x, block["ln2_g"], block["ln2_b"]), block)
            resid.append(x)
        logits = layer_norm(x, self.w["lnf_g"], self.w["lnf_b"]) @ self.w["unembed"]
        return logits, np.stack(resid)

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
