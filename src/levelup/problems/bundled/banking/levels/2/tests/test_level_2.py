import unittest

from banking_system import BankingSystem


class TestLevel2(unittest.TestCase):
    def setUp(self):
        self.bank = BankingSystem()

    def open_account(self, timestamp, account_id, balance=0):
        self.bank.create_account(timestamp, account_id)
        if balance:
            self.bank.deposit(timestamp, account_id, balance)

    def test_top_spenders_ranks_by_outgoing_total(self):
        self.open_account(1000, "alice", 1000)
        self.open_account(1000, "bob", 1000)
        self.open_account(1000, "carol", 1000)
        self.bank.transfer(2000, "alice", "bob", 100)
        self.bank.transfer(3000, "bob", "carol", 300)
        self.bank.transfer(4000, "carol", "alice", 200)
        self.assertEqual(
            self.bank.top_spenders(5000, 3), ["bob(300)", "carol(200)", "alice(100)"]
        )

    def test_top_spenders_returns_only_n_accounts(self):
        self.open_account(1000, "alice", 1000)
        self.open_account(1000, "bob", 1000)
        self.open_account(1000, "carol", 1000)
        self.bank.transfer(2000, "alice", "bob", 500)
        self.bank.transfer(3000, "bob", "carol", 200)
        self.assertEqual(self.bank.top_spenders(4000, 2), ["alice(500)", "bob(200)"])

    def test_top_spenders_breaks_ties_by_account_id(self):
        self.open_account(1000, "bob", 500)
        self.open_account(1000, "alice", 500)
        self.open_account(1000, "carol", 0)
        self.bank.transfer(2000, "bob", "carol", 250)
        self.bank.transfer(3000, "alice", "carol", 250)
        self.assertEqual(
            self.bank.top_spenders(4000, 3), ["alice(250)", "bob(250)", "carol(0)"]
        )

    def test_top_spenders_includes_accounts_with_no_outgoing(self):
        self.open_account(1000, "zoe")
        self.open_account(1000, "adam")
        self.assertEqual(self.bank.top_spenders(2000, 2), ["adam(0)", "zoe(0)"])

    def test_top_spenders_returns_all_accounts_when_fewer_than_n(self):
        self.open_account(1000, "alice", 100)
        self.open_account(1000, "bob")
        self.bank.transfer(2000, "alice", "bob", 60)
        self.assertEqual(self.bank.top_spenders(3000, 5), ["alice(60)", "bob(0)"])

    def test_top_spenders_with_no_accounts_returns_empty_list(self):
        self.assertEqual(self.bank.top_spenders(1000, 3), [])

    def test_outgoing_totals_accumulate_across_transfers(self):
        self.open_account(1000, "alice", 1000)
        self.open_account(1000, "bob")
        self.open_account(1000, "carol")
        self.bank.transfer(2000, "alice", "bob", 100)
        self.bank.transfer(3000, "alice", "carol", 150)
        self.bank.transfer(4000, "alice", "bob", 50)
        self.assertEqual(self.bank.top_spenders(5000, 1), ["alice(300)"])

    def test_incoming_transfers_do_not_count(self):
        self.open_account(1000, "alice", 1000)
        self.open_account(1000, "bob")
        self.bank.transfer(2000, "alice", "bob", 700)
        self.assertEqual(self.bank.top_spenders(3000, 2), ["alice(700)", "bob(0)"])

    def test_deposits_do_not_count(self):
        self.open_account(1000, "alice", 5000)
        self.open_account(1000, "bob", 10)
        self.open_account(1000, "carol")
        self.bank.transfer(2000, "bob", "carol", 10)
        self.assertEqual(
            self.bank.top_spenders(3000, 3), ["bob(10)", "alice(0)", "carol(0)"]
        )

    def test_failed_transfers_do_not_count(self):
        self.open_account(1000, "alice", 100)
        self.open_account(1000, "bob")
        self.assertIsNone(self.bank.transfer(2000, "alice", "bob", 500))
        self.assertIsNone(self.bank.transfer(3000, "alice", "alice", 50))
        self.assertIsNone(self.bank.transfer(4000, "alice", "ghost", 50))
        self.assertEqual(self.bank.top_spenders(5000, 2), ["alice(0)", "bob(0)"])


if __name__ == "__main__":
    unittest.main()
