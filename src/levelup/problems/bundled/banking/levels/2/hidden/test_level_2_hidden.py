import unittest

from banking_system import BankingSystem


class TestLevel2Hidden(unittest.TestCase):
    def setUp(self):
        self.bank = BankingSystem()

    def open_account(self, timestamp, account_id, balance=0):
        self.bank.create_account(timestamp, account_id)
        if balance:
            self.bank.deposit(timestamp, account_id, balance)

    def test_tied_ids_compare_as_plain_strings(self):
        for account_id in ("acc9", "acc10", "acc1"):
            self.open_account(1000, account_id)
        self.assertEqual(
            self.bank.top_spenders(2000, 3), ["acc1(0)", "acc10(0)", "acc9(0)"],
            'ties are ordered by plain string comparison, so "acc10" precedes "acc9"',
        )

    def test_money_passed_along_counts_for_each_sender(self):
        self.open_account(1000, "alice", 100)
        self.open_account(1000, "bob")
        self.open_account(1000, "carol")
        self.bank.transfer(2000, "alice", "bob", 100)
        self.bank.transfer(3000, "bob", "carol", 100)
        self.assertEqual(
            self.bank.top_spenders(4000, 3), ["alice(100)", "bob(100)", "carol(0)"]
        )

    def test_top_spenders_changes_nothing(self):
        self.open_account(1000, "alice", 300)
        self.open_account(1000, "bob")
        self.bank.transfer(2000, "alice", "bob", 100)
        first = self.bank.top_spenders(3000, 2)
        self.assertEqual(self.bank.top_spenders(4000, 2), first)
        self.assertEqual(self.bank.deposit(5000, "alice", 1), 201)

    def test_top_spenders_over_many_accounts(self):
        # Account i sends (i * 7) % 20 to the sink: every total is shared by three accounts.
        self.open_account(1000, "sink")
        expected = [(0, "sink")]
        for i in range(60):
            account_id = f"user{i:02d}"
            self.open_account(1000, account_id, 1000)
            total = (i * 7) % 20
            if total:
                self.bank.transfer(2000 + i, account_id, "sink", total)
            expected.append((total, account_id))
        expected.sort(key=lambda pair: (-pair[0], pair[1]))
        want = [f"{account_id}({total})" for total, account_id in expected[:25]]
        self.assertEqual(self.bank.top_spenders(3000, 25), want)


if __name__ == "__main__":
    unittest.main()
