import numpy as np


def apply_penalties(
    logits: np.ndarray,
    history: list[int],
    repetition_penalty: float = 1.0,
    frequency_penalty: float = 0.0,
    presence_penalty: float = 0.0,
) -> np.ndarray:
    if repetition_penalty <= 0:
        raise ValueError(f"repetition_penalty must be positive, got {repetition_penalty}")
    logits = np.array(logits, dtype=np.float64)
    counts = np.bincount(np.asarray(history, dtype=np.int64), minlength=logits.size)
    seen = counts > 0
    # CTRL's penalty makes a seen token less likely whatever the sign of its logit.
    logits[seen] = np.where(logits[seen] > 0, logits[seen] / repetition_penalty, logits[seen] * repetition_penalty)
    return logits - frequency_penalty * counts - presence_penalty * seen


def next_token_logprobs(
    logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None
) -> np.ndarray:
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 1 or logits.size == 0:
        raise ValueError(f"expected a non-empty 1-D array of logits, got shape {logits.shape}")
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    if top_k is not None and top_k < 1:
        raise ValueError(f"top_k must be at least 1, got {top_k}")
    if top_p is not None and not 0 < top_p <= 1:
        raise ValueError(f"top_p must be in (0, 1], got {top_p}")
    # A stable sort of the negated logits ranks the tokens, ties by lower token id.
    ranking = np.argsort(-logits, kind="stable")
    scaled = logits / temperature
    if top_k is not None:
        scaled[ranking[top_k:]] = -np.inf
    # Log space keeps a token whose probability underflows to 0.0 at a finite score.
    logprobs = _log_softmax(scaled)
    if top_p is not None:
        probs = np.exp(logprobs[ranking])
        before = np.cumsum(probs) - probs
        logprobs[ranking[before >= top_p]] = -np.inf
        logprobs = _log_softmax(logprobs)
    return logprobs


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    # Filtered tokens are -inf; the maximum stays finite because at least one token survives.
    shifted = logits - np.max(logits)
    return shifted - np.log(np.sum(np.exp(shifted)))


def next_token_distribution(
    logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None
) -> np.ndarray:
    return np.exp(next_token_logprobs(logits, temperature, top_k, top_p))


def transition_matrix(
    bigram_logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None
) -> np.ndarray:
    logits = np.asarray(bigram_logits, dtype=np.float64)
    if logits.ndim != 2 or logits.shape[0] != logits.shape[1] or logits.size == 0:
        raise ValueError(f"expected a square (V, V) table of logits, got shape {logits.shape}")
    return np.stack([next_token_distribution(row, temperature, top_k, top_p) for row in logits])


def sample_from(probs: np.ndarray, u: float) -> int:
    probs = np.asarray(probs, dtype=np.float64)
    cdf = np.cumsum(probs)
    candidates = np.flatnonzero((cdf > u) & (probs > 0))
    # Rounding can leave the total a hair under 1; then u falls past it onto the last possible token.
    return int(candidates[0]) if candidates.size else int(np.flatnonzero(probs > 0)[-1])


def generate(
    bigram_logits: np.ndarray,
    prompt: list[int],
    max_new_tokens: int,
    seed: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    repetition_penalty: float = 1.0,
    frequency_penalty: float = 0.0,
    presence_penalty: float = 0.0,
    eos_token: int | None = None,
) -> list[int]:
    if not prompt:
        raise ValueError("the prompt needs at least one token")
    bigram_logits = np.asarray(bigram_logits, dtype=np.float64)
    rng = np.random.default_rng(seed)
    # Penalties depend on everything generated so far, so each step has its own distribution.
    history = list(prompt)
    for _ in range(max_new_tokens):
        logits = apply_penalties(
            bigram_logits[history[-1]], history, repetition_penalty, frequency_penalty, presence_penalty
        )
        history.append(sample_from(next_token_distribution(logits, temperature, top_k, top_p), rng.random()))
        if history[-1] == eos_token:
            break
    return history[len(prompt) :]


def beam_search(
    bigram_logits: np.ndarray,
    prompt: list[int],
    max_new_tokens: int,
    beam_width: int,
    length_penalty: float = 1.0,
    eos_token: int | None = None,
    repetition_penalty: float = 1.0,
) -> list[dict]:
    if not prompt or max_new_tokens < 1 or beam_width < 1:
        raise ValueError("beam search needs a prompt, max_new_tokens >= 1 and beam_width >= 1")
    bigram_logits = np.asarray(bigram_logits, dtype=np.float64)
    live: list[tuple[list[int], float]] = [([], 0.0)]
    finished: list[tuple[list[int], float]] = []
    for _ in range(max_new_tokens):
        candidates = []
        for beam, (tokens, score) in enumerate(live):
            history = prompt + tokens
            logits = apply_penalties(bigram_logits[history[-1]], history, repetition_penalty)
            logprobs = next_token_logprobs(logits)
            candidates += [(score + float(logprobs[token]), beam, token) for token in range(logprobs.size)]
        # Best score first; equal scores keep the earlier beam, then the lower token id.
        candidates.sort(key=lambda candidate: (-candidate[0], candidate[1], candidate[2]))
        next_live = []
        for score, beam, token in candidates:
            if len(next_live) == beam_width:
                break
            hypothesis = (live[beam][0] + [token], score)
            (finished if token == eos_token else next_live).append(hypothesis)
        live = next_live
        if len(finished) >= beam_width or not live:
            break
    finished += live

    def normalized(hypothesis: tuple[list[int], float]) -> float:
        return hypothesis[1] / len(hypothesis[0]) ** length_penalty

    # sorted() is stable: equal normalised scores keep the order in which hypotheses finished.
    best = sorted(finished, key=lambda hypothesis: -normalized(hypothesis))[:beam_width]
    return [
        {"tokens": tokens, "score": score, "normalized_score": normalized((tokens, score))} for tokens, score in best
    ]


def acceptance_probabilities(target_probs: np.ndarray, draft_probs: np.ndarray) -> np.ndarray:
    p = np.asarray(target_probs, dtype=np.float64)
    q = np.asarray(draft_probs, dtype=np.float64)
    if p.shape != q.shape or p.ndim != 1:
        raise ValueError(f"expected two 1-D distributions of one shape, got {p.shape} and {q.shape}")
    # The draft never proposes a token with q == 0; 1.0 there keeps the array total.
    return np.where(q > 0, np.minimum(1.0, p / np.where(q > 0, q, 1.0)), 1.0)


def residual_distribution(target_probs: np.ndarray, draft_probs: np.ndarray) -> np.ndarray:
    p = np.asarray(target_probs, dtype=np.float64)
    q = np.asarray(draft_probs, dtype=np.float64)
    if p.shape != q.shape or p.ndim != 1:
        raise ValueError(f"expected two 1-D distributions of one shape, got {p.shape} and {q.shape}")
    residual = np.maximum(p - q, 0.0)
    total = residual.sum()
    # p == q leaves nothing to correct; a rejection then never happens, and p is the honest answer.
    return residual / total if total > 0 else p.copy()


def speculative_generate(
    target_logits: np.ndarray,
    draft_logits: np.ndarray,
    prompt: list[int],
    max_new_tokens: int,
    num_draft: int,
    seed: int,
    temperature: float = 1.0,
) -> dict:
    if not prompt or num_draft < 1:
        raise ValueError("speculative decoding needs a prompt and num_draft >= 1")
    target = transition_matrix(target_logits, temperature)
    draft = transition_matrix(draft_logits, temperature)
    if target.shape != draft.shape:
        raise ValueError(f"target and draft vocabularies differ: {target.shape} and {draft.shape}")
    rng = np.random.default_rng(seed)
    tokens = list(prompt)
    rounds = accepted = 0
    while len(tokens) - len(prompt) < max_new_tokens:
        rounds += 1
        drafted = []
        for _ in range(num_draft):
            drafted.append(sample_from(draft[(drafted or tokens)[-1]], rng.random()))
        contexts = [tokens[-1], *drafted]
        for i, token in enumerate(drafted):
            p, q = target[contexts[i]], draft[contexts[i]]
            if rng.random() < acceptance_probabilities(p, q)[token]:
                tokens.append(token)
                accepted += 1
            else:
                tokens.append(sample_from(residual_distribution(p, q), rng.random()))
                break
        else:
            tokens.append(sample_from(target[contexts[-1]], rng.random()))
    return {"tokens": tokens[len(prompt) :][:max_new_tokens], "rounds": rounds, "accepted": accepted}
