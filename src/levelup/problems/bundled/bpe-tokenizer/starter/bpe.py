class Tokenizer:
    """A byte-level byte pair encoding (BPE) tokenizer."""

    def __init__(self) -> None:
        """Create a tokenizer that knows only the 256 byte tokens."""

    def train(self, text: str, vocab_size: int) -> None:
        """Learn merges from `text` until the vocabulary has `vocab_size` tokens."""
        raise NotImplementedError

    def merges(self) -> list[list[int]]:
        """Return the learned merges in order, each as [id1, id2, new_id]."""
        raise NotImplementedError

    def encode(self, text: str) -> list[int]:
        """Return the token ids of `text`."""
        raise NotImplementedError

    def decode(self, ids: list[int]) -> str:
        """Return the text that the token ids stand for."""
        raise NotImplementedError
