import itertools
import random
import re

import pytest
from bpe import Tokenizer

SPLIT_PATTERN = r" ?[^\W\d]+|\d+| ?[^\s\w]+|\s+(?!\S)|\s+"
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


@pytest.mark.timeout(3)
def test_encode_batch_of_100_texts_of_2000_characters_is_fast():
    text = pseudo_text(8, 200_000)
    texts = [text[i : i + 2000] for i in range(0, len(text), 2000)]
    tok = Tokenizer()
    tok.train(text[:2000], 500)
    batch = tok.encode_batch(texts)
    assert len(batch) == 100
    assert [tok.decode(ids) for ids in batch] == texts
    assert batch[37] == tok.encode(texts[37])


def test_retraining_never_returns_encodings_from_before():
    tok = Tokenizer()
    tok.train("abab abab", 258)
    tok.encode("abab")
    tok.train("baba baba", 258)
    fresh = Tokenizer()
    fresh.train("baba baba", 258)
    assert tok.encode("abab") == fresh.encode("abab")


def test_registering_special_tokens_keeps_the_cache():
    tok = Tokenizer()
    tok.train("the cat, the hat.", 262)
    tok.encode("the hat")
    tok.register_special_tokens({"<|end|>": 300})
    assert tok.cache_info() == {"hits": 0, "misses": 2, "size": 2}
    tok.encode("the hat")
    assert tok.cache_info() == {"hits": 2, "misses": 2, "size": 2}


def test_loaded_tokenizers_start_with_an_empty_cache():
    tok = Tokenizer()
    tok.train("the cat, the hat.", 262)
    tok.encode("the hat the hat")
    assert Tokenizer.from_dict(tok.to_dict()).cache_info() == EMPTY
    assert Tokenizer.loads(tok.dumps()).cache_info() == EMPTY
    assert tok.cache_info() == {"hits": 1, "misses": 3, "size": 3}


def slow_encode(merges: list[list[int]], text: str) -> list[int]:
    """Levels 1-3 definition: every merge in learned order over each chunk."""
    ids = []
    for chunk in re.findall(SPLIT_PATTERN, text):
        chunk_ids = list(chunk.encode("utf-8"))
        for a, b, new_id in merges:
            merged = []
            i = 0
            while i < len(chunk_ids):
                if i + 1 < len(chunk_ids) and chunk_ids[i] == a and chunk_ids[i + 1] == b:
                    merged.append(new_id)
                    i += 2
                else:
                    merged.append(chunk_ids[i])
                    i += 1
            chunk_ids = merged
        ids.extend(chunk_ids)
    return ids


def test_fast_and_cached_encodings_equal_the_merge_in_order_definition():
    text = pseudo_text(9, 2_000)
    tok = Tokenizer()
    tok.train(pseudo_text(10, 2_000), 400)
    expected = slow_encode(tok.merges(), text)
    assert tok.encode(text) == expected
    assert tok.encode(text) == expected  # every chunk now comes from the cache
    info = tok.cache_info()
    assert info["hits"] + info["misses"] == 2 * len(re.findall(SPLIT_PATTERN, text))
    assert info["misses"] == info["size"] == len(set(re.findall(SPLIT_PATTERN, text)))
