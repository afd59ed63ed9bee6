class BankingSystem:
    """An in-memory bank. Every method takes the call's timestamp in milliseconds first."""

    def __init__(self) -> None:
        pass

    def create_account(self, timestamp: int, account_id: str) -> bool:
        """Open an account with balance 0; False if the id is already taken."""
        raise NotImplementedError

    def deposit(self, timestamp: int, account_id: str, amount: int) -> int | None:
        """Add amount to the account and return its new balance; None if it does not exist."""
        raise NotImplementedError

    def transfer(
        self, timestamp: int, source_id: str, target_id: str, amount: int
    ) -> int | None:
        """Move amount from source to target and return the source's new balance, or None."""
        raise NotImplementedError
