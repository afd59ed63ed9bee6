import unittest

from banking_system import BankingSystem

DAY = 86_400_000


class TestLevel4Hidden(unittest.TestCase):
    def setUp(self):
        self.bank = BankingSystem()

    def open_account(self, timestamp, account_id, balance=0):
        self.bank.create_account(timestamp, account_id)
        if balance:
            self.bank.deposit(timestamp, account_id, balance)

    def test_recreated_account_starts_fresh_with_separate_history(self):
        self.open_account(1000, "alice", 500)
        self.open_account(1000, "bob", 300)
        self.bank.pay(1500, "bob", 100)
        self.bank.merge_accounts(2000, "alice", "bob")
        self.assertTrue(self.bank.create_account(3000, "bob"))
        self.assertEqual(
            self.bank.top_spenders(4000, 2), ["alice(100)", "bob(0)"],
            "a re-created account starts with outgoing total 0",
        )
        self.assertIsNone(
            self.bank.get_payment_status(4000, "bob", "payment1"),
            "payments of the old account stay with the account it merged into",
        )
        self.assertEqual(self.bank.get_balance(4000, "bob", 1500), 200)
        self.assertIsNone(self.bank.get_balance(4000, "bob", 2500))
        self.assertEqual(self.bank.get_balance(4000, "bob", 3000), 0)

    def test_get_balance_uses_last_call_at_the_same_timestamp(self):
        self.open_account(1000, "alice")
        self.open_account(1000, "bob")
        self.bank.deposit(2000, "alice", 100)
        self.bank.transfer(2000, "alice", "bob", 30)
        self.bank.deposit(2000, "alice", 5)
        self.assertEqual(self.bank.get_balance(3000, "alice", 2000), 75)
        self.assertEqual(self.bank.get_balance(3000, "bob", 2000), 30)

    def test_merged_cashback_appears_in_first_accounts_history_at_due_time(self):
        self.open_account(1000, "alice", 100)
        self.open_account(1000, "bob", 1000)
        self.bank.pay(2000, "bob", 1000)  # cashback 20
        self.bank.merge_accounts(3000, "alice", "bob")
        # The next call comes long after the due time.
        self.assertEqual(self.bank.get_balance(5 * DAY, "alice", 2000 + DAY - 1), 100)
        self.assertEqual(
            self.bank.get_balance(5 * DAY, "alice", 2000 + DAY), 120,
            "the cashback counts in alice's history from its due time",
        )

    def test_transfer_is_recorded_in_both_histories(self):
        self.open_account(1000, "alice", 400)
        self.open_account(1000, "bob")
        self.bank.transfer(2000, "alice", "bob", 150)
        self.bank.transfer(3000, "bob", "alice", 50)
        self.assertEqual(self.bank.get_balance(4000, "alice", 2000), 250)
        self.assertEqual(self.bank.get_balance(4000, "bob", 2000), 150)
        self.assertEqual(self.bank.get_balance(4000, "alice", 3000), 300)
        self.assertEqual(self.bank.get_balance(4000, "bob", 3000), 100)

    def test_merged_away_account_cannot_be_merged_again(self):
        self.open_account(1000, "alice", 100)
        self.open_account(1000, "bob", 100)
        self.open_account(1000, "carol", 100)
        self.assertTrue(self.bank.merge_accounts(2000, "alice", "bob"))
        self.assertFalse(self.bank.merge_accounts(3000, "carol", "bob"))
        self.assertFalse(self.bank.merge_accounts(4000, "bob", "carol"))
        self.assertTrue(self.bank.merge_accounts(5000, "carol", "alice"))
        self.assertEqual(self.bank.get_balance(6000, "carol", 5000), 300)
        self.assertEqual(self.bank.top_spenders(6000, 5), ["carol(0)"])

    def test_balance_history_over_many_operations(self):
        self.open_account(0, "alice")
        expected = {}
        balance = 0
        for i in range(1, 301):
            amount = (i * 13) % 50 + 1
            balance += amount
            self.bank.deposit(i * 10, "alice", amount)
            expected[i * 10] = balance
        for t, want in expected.items():
            self.assertEqual(self.bank.get_balance(5000, "alice", t + 5), want)


if __name__ == "__main__":
    unittest.main()
