import unittest

from banking_system import BankingSystem


class TestLevel1Hidden(unittest.TestCase):
    def setUp(self):
        self.bank = BankingSystem()

    def test_duplicate_create_keeps_existing_balance(self):
        self.bank.create_account(1000, "alice")
        self.bank.deposit(2000, "alice", 300)
        self.bank.create_account(3000, "alice")
        self.assertEqual(
            self.bank.deposit(4000, "alice", 1), 301,
            "a rejected create_account must not reset the existing account",
        )

    def test_transfer_of_entire_balance_is_allowed(self):
        self.bank.create_account(1000, "alice")
        self.bank.create_account(2000, "bob")
        self.bank.deposit(3000, "alice", 400)
        self.assertEqual(
            self.bank.transfer(4000, "alice", "bob", 400), 0,
            "transferring exactly the balance must succeed and leave 0",
        )
        self.assertEqual(self.bank.deposit(5000, "bob", 1), 401)

    def test_failed_transfer_changes_no_balance(self):
        self.bank.create_account(1000, "alice")
        self.bank.create_account(2000, "bob")
        self.bank.deposit(3000, "alice", 100)
        self.bank.deposit(4000, "bob", 50)
        self.assertIsNone(self.bank.transfer(5000, "alice", "bob", 150))
        self.assertEqual(
            self.bank.deposit(6000, "alice", 1), 101, "source changed by a failed transfer"
        )
        self.assertEqual(
            self.bank.deposit(7000, "bob", 1), 51, "target changed by a failed transfer"
        )

    def test_chain_of_transfers_across_many_accounts(self):
        ids = [f"acc{i}" for i in range(100)]
        for t, account_id in enumerate(ids):
            self.bank.create_account(t, account_id)
        self.bank.deposit(1000, "acc0", 10_000)
        # Each account passes on everything except 100 to the next one.
        for i in range(99):
            expected_left = 100
            amount = 10_000 - 100 * (i + 1)
            self.assertEqual(
                self.bank.transfer(2000 + i, ids[i], ids[i + 1], amount), expected_left
            )
        self.assertEqual(self.bank.deposit(3000, "acc99", 1), 10_000 - 100 * 99 + 1)

    def test_calls_may_share_a_timestamp(self):
        self.bank.create_account(1000, "alice")
        self.bank.create_account(1000, "bob")
        self.assertEqual(self.bank.deposit(1000, "alice", 70), 70)
        self.assertEqual(
            self.bank.transfer(1000, "alice", "bob", 30), 40,
            "several calls at the same timestamp must all take effect",
        )


if __name__ == "__main__":
    unittest.main()
