import itertools
import random

import pytest
from bpe import Tokenizer

EMPTY = {"hits": 0, "misses": 0, "size": 0}


def pseudo_text(seed: int, n_chars: int) -> str:
    """Seeded made-up text: 400 words, 100 numbers and some punctuation, with skewed frequencies."""
    rng = random.Random(seed)
    letters = "etaoinshrdlucmfwypé"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(400)]
    pieces = [" " + word for word in words] + [",", ".", "!", "?", "\n"]
    pieces += [" " + str(rng.randint(0, 9999)) for _ in range(100)]
    rng.shuffle(pieces)
    cum_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(pieces) + 1)))
    return "".join(rng.choices(pieces, cum_weights=cum_weights, k=n_chars // 2))[:n_chars]


def trained() -> Tokenizer:
    tok = Tokenizer()
    tok.train("the cat, the hat.", 262)
    return tok


def test_new_tokenizer_cache_is_empty():
    assert Tokenizer().cache_info() == EMPTY


def test_repeated_chunk_is_a_cache_hit():
    tok = trained()
    assert tok.encode("the hat the hat") == [258, 260, 256, 261, 260, 256]
    # chunks "the", " hat", " the", " hat": the second " hat" is found in the cache
    assert tok.cache_info() == {"hits": 1, "misses": 3, "size": 3}


def test_cache_is_kept_between_encode_calls():
    tok = trained()
    tok.encode("the hat")
    assert tok.encode("the hat") == [258, 260, 256]
    assert tok.cache_info() == {"hits": 2, "misses": 2, "size": 2}


def test_special_tokens_are_never_looked_up_in_the_cache():
    tok = trained()
    tok.register_special_tokens({"<|end|>": 300})
    assert tok.encode("the<|end|>the", allowed_special="all") == [258, 300, 258]
    assert tok.cache_info() == {"hits": 1, "misses": 1, "size": 1}


def test_clear_cache_empties_it_and_resets_counters():
    tok = trained()
    tok.encode("the hat the hat")
    assert tok.clear_cache() is None
    assert tok.cache_info() == EMPTY
    tok.encode("the")
    assert tok.cache_info() == {"hits": 0, "misses": 1, "size": 1}


def test_train_empties_the_cache():
    tok = trained()
    tok.encode("the hat the hat")
    tok.train("aaaa", 257)
    assert tok.cache_info() == EMPTY
    assert tok.encode("aaaa") == [256, 256]


def test_encode_batch_returns_one_list_per_text_in_order():
    tok = trained()
    texts = ["the hat", "that", "", "the cat."]
    assert tok.encode_batch(texts) == [tok.encode(text) for text in texts]
    assert tok.encode_batch(["that", "the hat"]) == [[116, 104, 256], [258, 260, 256]]


def test_encode_batch_shares_the_cache_across_texts():
    tok = trained()
    tok.encode_batch(["the hat", " hat", "the"])
    assert tok.cache_info() == {"hits": 2, "misses": 2, "size": 2}


def test_encode_batch_with_allowed_special():
    tok = trained()
    tok.register_special_tokens({"<|end|>": 300})
    texts = ["the<|end|>", "<|end|>"]
    assert tok.encode_batch(texts, allowed_special="all") == [[258, 300], [300]]
    assert tok.encode_batch(texts) == [tok.encode(text) for text in texts]


def test_encode_batch_rejects_unknown_allowed_special_even_when_empty():
    tok = trained()
    with pytest.raises(ValueError):
        tok.encode_batch([], allowed_special="some")
    assert tok.encode_batch([]) == []


@pytest.mark.timeout(3)
def test_encode_of_200k_characters_is_fast():
    text = pseudo_text(7, 200_000)
    tok = Tokenizer()
    tok.train(text[:2000], 500)
    ids = tok.encode(text)
    assert tok.decode(ids) == text
    assert len(ids) < len(text) // 2
