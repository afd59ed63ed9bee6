import unittest

from cloud_storage import CloudStorage


class TestLevel3Hidden(unittest.TestCase):
    def setUp(self):
        self.storage = CloudStorage()

    def test_admin_id_is_reserved(self):
        self.storage.add_user("ana", 1000)
        self.assertFalse(self.storage.add_user("admin", 10), "add_user('admin') must fail")
        self.assertIsNone(
            self.storage.add_file_by("admin", "x.txt", 1), "add_file_by('admin') must fail"
        )
        self.assertIsNone(self.storage.merge_user("ana", "admin"))
        self.assertIsNone(self.storage.merge_user("admin", "ana"))
        self.assertIsNone(self.storage.get_file_size("x.txt"))
        self.assertEqual(self.storage.add_file_by("ana", "a.txt", 1), 999)

    def test_duplicate_add_user_keeps_existing_capacity(self):
        self.storage.add_user("ana", 1000)
        self.storage.add_file_by("ana", "a.txt", 100)
        self.assertFalse(self.storage.add_user("ana", 50))
        self.assertEqual(
            self.storage.add_file_by("ana", "b.txt", 100), 800,
            "a rejected add_user must not change the existing user",
        )

    def test_failed_add_file_by_uses_no_space(self):
        self.storage.add_user("ana", 100)
        self.storage.add_user("ben", 100)
        self.storage.add_file_by("ben", "taken.txt", 10)
        self.assertIsNone(self.storage.add_file_by("ana", "big.bin", 101))
        self.assertIsNone(self.storage.add_file_by("ana", "taken.txt", 10))
        self.assertEqual(
            self.storage.add_file_by("ana", "fits.bin", 100), 0,
            "rejected files must not count towards used space",
        )

    def test_merged_away_id_can_be_added_again_as_new_user(self):
        self.storage.add_user("ana", 1000)
        self.storage.add_user("ben", 300)
        self.storage.add_file_by("ben", "ben/todo.txt", 100)
        self.storage.merge_user("ana", "ben")
        self.assertTrue(self.storage.add_user("ben", 50))
        self.assertEqual(
            self.storage.add_file_by("ben", "ben/new.txt", 50), 0,
            "the new ben starts with no files",
        )
        self.storage.delete_file("ben/todo.txt")
        self.assertEqual(
            self.storage.add_file_by("ben", "ben/more.txt", 0), 0,
            "deleting a file merged into ana must not free space of the new ben",
        )
        self.assertEqual(self.storage.add_file_by("ana", "a.txt", 1), 1299)

    def test_chained_merges_accumulate_capacity_and_files(self):
        for i in range(10):
            self.storage.add_user(f"user{i}", 100)
            self.storage.add_file_by(f"user{i}", f"file{i}", 10 * i)
        for i in range(1, 10):
            self.assertEqual(
                self.storage.merge_user("user0", f"user{i}"),
                100 * (i + 1) - 10 * sum(range(i + 1)),
            )
        self.assertEqual(self.storage.get_file_size("file9"), 90)
        for i in range(1, 10):
            self.storage.delete_file(f"file{i}")
        self.assertEqual(self.storage.add_file_by("user0", "all.bin", 1000), 0)


if __name__ == "__main__":
    unittest.main()
