import unittest

from banking_system import BankingSystem

DAY = 86_400_000


class TestLevel3Hidden(unittest.TestCase):
    def setUp(self):
        self.bank = BankingSystem()

    def open_account(self, timestamp, account_id, balance=0):
        self.bank.create_account(timestamp, account_id)
        if balance:
            self.bank.deposit(timestamp, account_id, balance)

    def test_cashback_is_rounded_down(self):
        self.open_account(1000, "alice", 1000)
        self.bank.pay(2000, "alice", 149)  # 2.98 -> 2
        self.assertEqual(
            self.bank.deposit(2000 + DAY, "alice", 1), 1000 - 149 + 2 + 1,
            "cashback must be amount * 2 // 100",
        )

    def test_small_payment_earns_zero_cashback_but_completes(self):
        self.open_account(1000, "alice", 100)
        payment_id = self.bank.pay(2000, "alice", 49)
        self.assertEqual(
            self.bank.get_payment_status(2000 + DAY, "alice", payment_id),
            "CASHBACK_RECEIVED",
            "a zero cashback is still received at the due time",
        )
        self.assertEqual(self.bank.deposit(2000 + DAY, "alice", 1), 52)

    def test_failed_payment_does_not_use_a_payment_id(self):
        self.open_account(1000, "alice", 100)
        self.assertEqual(self.bank.pay(2000, "alice", 10), "payment1")
        self.assertIsNone(self.bank.pay(3000, "alice", 1000))
        self.assertIsNone(self.bank.pay(4000, "ghost", 10))
        self.assertEqual(
            self.bank.pay(5000, "alice", 10), "payment2",
            "failed payments must not advance the payment counter",
        )

    def test_cashback_does_not_reduce_outgoing_total(self):
        self.open_account(1000, "alice", 1000)
        self.bank.pay(2000, "alice", 500)
        self.assertEqual(
            self.bank.top_spenders(2000 + DAY, 1), ["alice(500)"],
            "cashback is not outgoing money",
        )

    def test_get_payment_status_for_unknown_account_returns_none(self):
        self.open_account(1000, "alice", 100)
        payment_id = self.bank.pay(2000, "alice", 10)
        self.assertIsNone(self.bank.get_payment_status(3000, "ghost", payment_id))

    def test_next_call_credits_all_cashbacks_that_came_due(self):
        self.open_account(1000, "alice", 10_000)
        self.open_account(1000, "bob")
        for i in range(10):
            self.bank.pay(2000 + i, "alice", 1000)  # cashback 20 each; alice ends at 0
        # No calls for two days: the next call must credit every cashback that came due.
        self.assertEqual(
            self.bank.transfer(2000 + 2 * DAY, "alice", "bob", 200), 0,
            "all ten cashbacks (200 in total) must be credited before the transfer",
        )
        for i in range(10):
            self.assertEqual(
                self.bank.get_payment_status(2000 + 2 * DAY, "alice", f"payment{i + 1}"),
                "CASHBACK_RECEIVED",
            )


if __name__ == "__main__":
    unittest.main()
