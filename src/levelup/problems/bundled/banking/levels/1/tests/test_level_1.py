import unittest

from banking_system import BankingSystem


class TestLevel1(unittest.TestCase):
    def setUp(self):
        self.bank = BankingSystem()

    def test_create_account_returns_true(self):
        self.assertTrue(self.bank.create_account(1000, "alice"))

    def test_create_existing_account_returns_false(self):
        self.bank.create_account(1000, "alice")
        self.assertFalse(self.bank.create_account(2000, "alice"))

    def test_account_ids_are_case_sensitive(self):
        self.bank.create_account(1000, "alice")
        self.assertTrue(self.bank.create_account(2000, "Alice"))

    def test_deposit_returns_new_balance(self):
        self.bank.create_account(1000, "alice")
        self.assertEqual(self.bank.deposit(2000, "alice", 500), 500)
        self.assertEqual(self.bank.deposit(3000, "alice", 250), 750)

    def test_deposit_to_unknown_account_returns_none(self):
        self.assertIsNone(self.bank.deposit(1000, "ghost", 100))

    def test_transfer_returns_source_new_balance(self):
        self.bank.create_account(1000, "alice")
        self.bank.create_account(2000, "bob")
        self.bank.deposit(3000, "alice", 500)
        self.assertEqual(self.bank.transfer(4000, "alice", "bob", 200), 300)

    def test_transfer_credits_target(self):
        self.bank.create_account(1000, "alice")
        self.bank.create_account(2000, "bob")
        self.bank.deposit(3000, "alice", 500)
        self.bank.transfer(4000, "alice", "bob", 200)
        self.assertEqual(self.bank.deposit(5000, "bob", 1), 201)

    def test_transfer_with_insufficient_funds_returns_none(self):
        self.bank.create_account(1000, "alice")
        self.bank.create_account(2000, "bob")
        self.bank.deposit(3000, "alice", 100)
        self.assertIsNone(self.bank.transfer(4000, "alice", "bob", 101))

    def test_transfer_to_same_account_returns_none(self):
        self.bank.create_account(1000, "alice")
        self.bank.deposit(2000, "alice", 100)
        self.assertIsNone(self.bank.transfer(3000, "alice", "alice", 50))
        self.assertEqual(self.bank.deposit(4000, "alice", 1), 101)

    def test_transfer_from_unknown_account_returns_none(self):
        self.bank.create_account(1000, "bob")
        self.assertIsNone(self.bank.transfer(2000, "ghost", "bob", 10))

    def test_transfer_to_unknown_account_returns_none(self):
        self.bank.create_account(1000, "alice")
        self.bank.deposit(2000, "alice", 100)
        self.assertIsNone(self.bank.transfer(3000, "alice", "ghost", 10))
        self.assertEqual(self.bank.deposit(4000, "alice", 1), 101)


if __name__ == "__main__":
    unittest.main()
