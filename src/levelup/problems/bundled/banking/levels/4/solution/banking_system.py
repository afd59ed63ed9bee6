from bisect import bisect_right
from collections import deque
from dataclasses import dataclass

CASHBACK_DELAY_MS = 86_400_000  # one day
CASHBACK_PERCENT = 2


@dataclass
class Account:
    balance: int = 0
    outgoing: int = 0


@dataclass
class Payment:
    account_id: str
    cashback: int
    due: int
    received: bool = False


class BankingSystem:
    def __init__(self) -> None:
        self.accounts: dict[str, Account] = {}
        self.payments: dict[str, Payment] = {}
        # Timestamps never decrease and the delay is fixed, so payments come due in the
        # order they were made: a FIFO queue is enough.
        self.pending: deque[Payment] = deque()
        # account id -> (timestamp, balance after that change); None while the id has no
        # account (after a merge). Entries are appended in timestamp order.
        self.history: dict[str, list[tuple[int, int | None]]] = {}

    def _record(self, timestamp: int, account_id: str) -> None:
        account = self.accounts.get(account_id)
        balance = None if account is None else account.balance
        self.history.setdefault(account_id, []).append((timestamp, balance))

    def _credit_due_cashbacks(self, timestamp: int) -> None:
        while self.pending and self.pending[0].due <= timestamp:
            payment = self.pending.popleft()
            self.accounts[payment.account_id].balance += payment.cashback
            payment.received = True
            # Recorded at the due time, not the time of the call that noticed it.
            self._record(payment.due, payment.account_id)

    def create_account(self, timestamp: int, account_id: str) -> bool:
        self._credit_due_cashbacks(timestamp)
        if account_id in self.accounts:
            return False
        self.accounts[account_id] = Account()
        self._record(timestamp, account_id)
        return True

    def deposit(self, timestamp: int, account_id: str, amount: int) -> int | None:
        self._credit_due_cashbacks(timestamp)
        account = self.accounts.get(account_id)
        if account is None:
            return None
        account.balance += amount
        self._record(timestamp, account_id)
        return account.balance

    def transfer(
        self, timestamp: int, source_id: str, target_id: str, amount: int
    ) -> int | None:
        self._credit_due_cashbacks(timestamp)
        source = self.accounts.get(source_id)
        target = self.accounts.get(target_id)
        if source is None or target is None or source_id == target_id:
            return None
        if source.balance < amount:
            return None
        source.balance -= amount
        source.outgoing += amount
        target.balance += amount
        self._record(timestamp, source_id)
        self._record(timestamp, target_id)
        return source.balance

    def top_spenders(self, timestamp: int, n: int) -> list[str]:
        self._credit_due_cashbacks(timestamp)
        ranked = sorted(
            self.accounts.items(), key=lambda item: (-item[1].outgoing, item[0])
        )
        return [f"{account_id}({account.outgoing})" for account_id, account in ranked[:n]]

    def pay(self, timestamp: int, account_id: str, amount: int) -> str | None:
        self._credit_due_cashbacks(timestamp)
        account = self.accounts.get(account_id)
        if account is None or account.balance < amount:
            return None
        account.balance -= amount
        account.outgoing += amount
        self._record(timestamp, account_id)
        payment_id = f"payment{len(self.payments) + 1}"
        payment = Payment(
            account_id=account_id,
            cashback=amount * CASHBACK_PERCENT // 100,
            due=timestamp + CASHBACK_DELAY_MS,
        )
        self.payments[payment_id] = payment
        self.pending.append(payment)
        return payment_id

    def get_payment_status(
        self, timestamp: int, account_id: str, payment_id: str
    ) -> str | None:
        self._credit_due_cashbacks(timestamp)
        payment = self.payments.get(payment_id)
        if account_id not in self.accounts or payment is None:
            return None
        if payment.account_id != account_id:
            return None
        return "CASHBACK_RECEIVED" if payment.received else "IN_PROGRESS"

    def merge_accounts(self, timestamp: int, account_id_1: str, account_id_2: str) -> bool:
        self._credit_due_cashbacks(timestamp)
        if account_id_1 == account_id_2:
            return False
        if account_id_1 not in self.accounts or account_id_2 not in self.accounts:
            return False
        survivor = self.accounts[account_id_1]
        merged = self.accounts.pop(account_id_2)
        survivor.balance += merged.balance
        survivor.outgoing += merged.outgoing
        for payment in self.payments.values():
            if payment.account_id == account_id_2:
                payment.account_id = account_id_1
        self._record(timestamp, account_id_1)
        self._record(timestamp, account_id_2)
        return True

    def get_balance(self, timestamp: int, account_id: str, time_at: int) -> int | None:
        self._credit_due_cashbacks(timestamp)
        history = self.history.get(account_id, [])
        index = bisect_right(history, time_at, key=lambda entry: entry[0])
        return history[index - 1][1] if index else None
