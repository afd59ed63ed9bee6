import unittest

from banking_system import BankingSystem

DAY = 86_400_000


class TestLevel4(unittest.TestCase):
    def setUp(self):
        self.bank = BankingSystem()

    def open_account(self, timestamp, account_id, balance=0):
        self.bank.create_account(timestamp, account_id)
        if balance:
            self.bank.deposit(timestamp, account_id, balance)

    def test_merge_returns_true_and_combines_balances(self):
        self.open_account(1000, "alice", 500)
        self.open_account(1000, "bob", 300)
        self.assertTrue(self.bank.merge_accounts(2000, "alice", "bob"))
        self.assertEqual(self.bank.deposit(3000, "alice", 1), 801)

    def test_merged_account_no_longer_exists(self):
        self.open_account(1000, "alice", 500)
        self.open_account(1000, "bob", 300)
        self.bank.merge_accounts(2000, "alice", "bob")
        self.assertIsNone(self.bank.deposit(3000, "bob", 10))
        self.assertIsNone(self.bank.transfer(4000, "alice", "bob", 10))
        self.assertIsNone(self.bank.pay(5000, "bob", 10))

    def test_merge_with_unknown_or_same_account_returns_false(self):
        self.open_account(1000, "alice", 500)
        self.assertFalse(self.bank.merge_accounts(2000, "alice", "ghost"))
        self.assertFalse(self.bank.merge_accounts(3000, "ghost", "alice"))
        self.assertFalse(self.bank.merge_accounts(4000, "alice", "alice"))
        self.assertEqual(self.bank.deposit(5000, "alice", 1), 501)

    def test_merge_combines_outgoing_totals_in_top_spenders(self):
        self.open_account(1000, "alice", 1000)
        self.open_account(1000, "bob", 1000)
        self.open_account(1000, "carol", 1000)
        self.bank.transfer(2000, "alice", "carol", 100)
        self.bank.pay(3000, "bob", 250)
        self.bank.transfer(4000, "carol", "alice", 300)
        self.bank.merge_accounts(5000, "alice", "bob")
        self.assertEqual(self.bank.top_spenders(6000, 5), ["alice(350)", "carol(300)"])

    def test_payments_of_merged_account_are_reported_through_first_account(self):
        self.open_account(1000, "alice", 500)
        self.open_account(1000, "bob", 500)
        payment_id = self.bank.pay(2000, "bob", 100)
        self.bank.merge_accounts(3000, "alice", "bob")
        self.assertEqual(
            self.bank.get_payment_status(4000, "alice", payment_id), "IN_PROGRESS"
        )
        self.assertIsNone(self.bank.get_payment_status(4000, "bob", payment_id))

    def test_pending_cashback_of_merged_account_goes_to_first_account(self):
        self.open_account(1000, "alice", 500)
        self.open_account(1000, "bob", 500)
        payment_id = self.bank.pay(2000, "bob", 500)  # cashback 10
        self.bank.merge_accounts(3000, "alice", "bob")
        self.assertEqual(self.bank.deposit(2000 + DAY, "alice", 1), 511)
        self.assertEqual(
            self.bank.get_payment_status(2000 + DAY, "alice", payment_id),
            "CASHBACK_RECEIVED",
        )

    def test_get_balance_returns_balance_at_past_time(self):
        self.open_account(1000, "alice")
        self.bank.deposit(2000, "alice", 100)
        self.bank.deposit(3000, "alice", 50)
        self.bank.deposit(4000, "alice", 25)
        self.assertEqual(self.bank.get_balance(5000, "alice", 1000), 0)
        self.assertEqual(self.bank.get_balance(5000, "alice", 2500), 100)
        self.assertEqual(self.bank.get_balance(5000, "alice", 3000), 150)
        self.assertEqual(self.bank.get_balance(5000, "alice", 5000), 175)

    def test_get_balance_before_account_creation_returns_none(self):
        self.open_account(1000, "alice", 100)
        self.assertIsNone(self.bank.get_balance(2000, "alice", 999))

    def test_get_balance_of_unknown_account_returns_none(self):
        self.assertIsNone(self.bank.get_balance(1000, "ghost", 1000))

    def test_get_balance_counts_cashback_from_its_due_time(self):
        self.open_account(1000, "alice", 1000)
        self.bank.pay(2000, "alice", 500)  # cashback 10 due at 2000 + DAY
        self.assertEqual(self.bank.get_balance(3 * DAY, "alice", 2000 + DAY - 1), 500)
        self.assertEqual(self.bank.get_balance(3 * DAY, "alice", 2000 + DAY), 510)

    def test_merge_does_not_rewrite_earlier_history(self):
        self.open_account(1000, "alice", 500)
        self.open_account(1000, "bob", 300)
        self.bank.merge_accounts(2000, "alice", "bob")
        self.assertEqual(self.bank.get_balance(3000, "alice", 1999), 500)
        self.assertEqual(self.bank.get_balance(3000, "alice", 2000), 800)
        self.assertEqual(self.bank.get_balance(3000, "bob", 1999), 300)
        self.assertIsNone(self.bank.get_balance(3000, "bob", 2000))


if __name__ == "__main__":
    unittest.main()
