import unittest

from banking_system import BankingSystem

DAY = 86_400_000


class TestLevel3(unittest.TestCase):
    def setUp(self):
        self.bank = BankingSystem()

    def open_account(self, timestamp, account_id, balance=0):
        self.bank.create_account(timestamp, account_id)
        if balance:
            self.bank.deposit(timestamp, account_id, balance)

    def test_pay_returns_payment_ids_numbered_across_accounts(self):
        self.open_account(1000, "alice", 500)
        self.open_account(1000, "bob", 500)
        self.assertEqual(self.bank.pay(2000, "alice", 100), "payment1")
        self.assertEqual(self.bank.pay(3000, "bob", 100), "payment2")
        self.assertEqual(self.bank.pay(4000, "alice", 100), "payment3")

    def test_pay_withdraws_amount_immediately(self):
        self.open_account(1000, "alice", 500)
        self.bank.pay(2000, "alice", 200)
        self.assertEqual(self.bank.deposit(3000, "alice", 1), 301)

    def test_pay_with_insufficient_funds_returns_none(self):
        self.open_account(1000, "alice", 100)
        self.assertIsNone(self.bank.pay(2000, "alice", 101))
        self.assertEqual(self.bank.deposit(3000, "alice", 1), 101)

    def test_pay_from_unknown_account_returns_none(self):
        self.assertIsNone(self.bank.pay(1000, "ghost", 10))

    def test_payment_status_is_in_progress_before_due_time(self):
        self.open_account(1000, "alice", 500)
        payment_id = self.bank.pay(2000, "alice", 100)
        self.assertEqual(
            self.bank.get_payment_status(3000, "alice", payment_id), "IN_PROGRESS"
        )
        self.assertEqual(
            self.bank.get_payment_status(2000 + DAY - 1, "alice", payment_id),
            "IN_PROGRESS",
        )

    def test_payment_status_is_cashback_received_at_due_time(self):
        self.open_account(1000, "alice", 500)
        payment_id = self.bank.pay(2000, "alice", 100)
        self.assertEqual(
            self.bank.get_payment_status(2000 + DAY, "alice", payment_id),
            "CASHBACK_RECEIVED",
        )

    def test_cashback_of_two_percent_is_credited_one_day_later(self):
        self.open_account(1000, "alice", 1000)
        self.bank.pay(2000, "alice", 500)  # cashback 10
        self.assertEqual(self.bank.deposit(2000 + DAY - 1, "alice", 1), 501)
        self.assertEqual(self.bank.deposit(2000 + DAY, "alice", 1), 512)

    def test_cashback_is_credited_before_a_transfer_at_due_time(self):
        self.open_account(1000, "alice", 1000)
        self.open_account(1000, "bob")
        self.bank.pay(2000, "alice", 1000)  # balance 0, cashback 20
        self.assertEqual(self.bank.transfer(2000 + DAY, "alice", "bob", 20), 0)

    def test_get_payment_status_of_unknown_payment_returns_none(self):
        self.open_account(1000, "alice", 500)
        self.bank.pay(2000, "alice", 100)
        self.assertIsNone(self.bank.get_payment_status(3000, "alice", "payment2"))

    def test_get_payment_status_of_another_accounts_payment_returns_none(self):
        self.open_account(1000, "alice", 500)
        self.open_account(1000, "bob", 500)
        payment_id = self.bank.pay(2000, "alice", 100)
        self.assertIsNone(self.bank.get_payment_status(3000, "bob", payment_id))

    def test_payments_count_towards_top_spenders(self):
        self.open_account(1000, "alice", 1000)
        self.open_account(1000, "bob", 1000)
        self.bank.pay(2000, "alice", 300)
        self.bank.transfer(3000, "alice", "bob", 100)
        self.bank.pay(4000, "bob", 350)
        self.assertEqual(self.bank.top_spenders(5000, 2), ["alice(400)", "bob(350)"])


if __name__ == "__main__":
    unittest.main()
