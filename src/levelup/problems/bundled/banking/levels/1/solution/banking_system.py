from dataclasses import dataclass


@dataclass
class Account:
    balance: int = 0


class BankingSystem:
    def __init__(self) -> None:
        self.accounts: dict[str, Account] = {}

    def create_account(self, timestamp: int, account_id: str) -> bool:
        if account_id in self.accounts:
            return False
        self.accounts[account_id] = Account()
        return True

    def deposit(self, timestamp: int, account_id: str, amount: int) -> int | None:
        account = self.accounts.get(account_id)
        if account is None:
            return None
        account.balance += amount
        return account.balance

    def transfer(
        self, timestamp: int, source_id: str, target_id: str, amount: int
    ) -> int | None:
        source = self.accounts.get(source_id)
        target = self.accounts.get(target_id)
        if source is None or target is None or source_id == target_id:
            return None
        if source.balance < amount:
            return None
        source.balance -= amount
        target.balance += amount
        return source.balance
