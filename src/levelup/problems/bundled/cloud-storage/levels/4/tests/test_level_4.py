import unittest

from cloud_storage import CloudStorage


class TestLevel4(unittest.TestCase):
    def setUp(self):
        self.storage = CloudStorage()

    def add_user_with_files(self, user_id, capacity, *files):
        self.storage.add_user(user_id, capacity)
        for name, size in files:
            self.storage.add_file_by(user_id, name, size)

    def test_backup_user_returns_number_of_files(self):
        self.add_user_with_files("ana", 1000, ("a.txt", 100), ("b.txt", 200))
        self.assertEqual(self.storage.backup_user("ana"), 2)

    def test_backup_of_user_without_files_returns_zero(self):
        self.storage.add_user("ana", 1000)
        self.assertEqual(self.storage.backup_user("ana"), 0)

    def test_backup_and_restore_of_unknown_user_return_none(self):
        self.assertIsNone(self.storage.backup_user("zoe"))
        self.assertIsNone(self.storage.restore_user("zoe"))

    def test_restore_brings_back_deleted_files(self):
        self.add_user_with_files("ana", 1000, ("a.txt", 100), ("b.txt", 200))
        self.storage.backup_user("ana")
        self.storage.delete_file("a.txt")
        self.storage.delete_file("b.txt")
        self.assertEqual(self.storage.restore_user("ana"), 2)
        self.assertEqual(self.storage.get_file_size("a.txt"), 100)
        self.assertEqual(self.storage.get_file_size("b.txt"), 200)

    def test_restore_deletes_files_added_after_backup(self):
        self.add_user_with_files("ana", 1000, ("a.txt", 100))
        self.storage.backup_user("ana")
        self.storage.add_file_by("ana", "c.txt", 50)
        self.assertEqual(self.storage.restore_user("ana"), 1)
        self.assertIsNone(self.storage.get_file_size("c.txt"))
        self.assertEqual(self.storage.get_file_size("a.txt"), 100)

    def test_restore_skips_names_now_owned_by_another_user(self):
        self.add_user_with_files("ana", 1000, ("a.txt", 100), ("b.txt", 200))
        self.storage.add_user("ben", 1000)
        self.storage.backup_user("ana")
        self.storage.delete_file("b.txt")
        self.storage.add_file_by("ben", "b.txt", 10)
        self.assertEqual(self.storage.restore_user("ana"), 1)
        self.assertEqual(self.storage.get_file_size("b.txt"), 10)
        self.assertEqual(self.storage.add_file_by("ben", "x.txt", 0), 990)

    def test_restore_without_backup_deletes_all_files(self):
        self.add_user_with_files("ana", 1000, ("a.txt", 100), ("b.txt", 200))
        self.assertEqual(self.storage.restore_user("ana"), 0)
        self.assertIsNone(self.storage.get_file_size("a.txt"))
        self.assertIsNone(self.storage.get_file_size("b.txt"))

    def test_new_backup_replaces_previous_backup(self):
        self.add_user_with_files("ana", 1000, ("a.txt", 100))
        self.storage.backup_user("ana")
        self.storage.add_file_by("ana", "b.txt", 200)
        self.assertEqual(self.storage.backup_user("ana"), 2)
        self.storage.delete_file("a.txt")
        self.storage.delete_file("b.txt")
        self.assertEqual(self.storage.restore_user("ana"), 2)
        self.assertEqual(self.storage.get_file_size("b.txt"), 200)

    def test_restore_keeps_capacity_and_counts_restored_files_as_used(self):
        self.add_user_with_files("ana", 1000, ("a.txt", 100), ("b.txt", 200))
        self.storage.backup_user("ana")
        self.storage.delete_file("a.txt")
        self.storage.add_file_by("ana", "c.txt", 600)
        self.storage.restore_user("ana")
        self.assertEqual(self.storage.add_file_by("ana", "d.txt", 1), 699)

    def test_backup_is_not_changed_by_later_deletes(self):
        self.add_user_with_files("ana", 1000, ("a.txt", 100))
        self.storage.backup_user("ana")
        self.storage.delete_file("a.txt")
        self.assertEqual(self.storage.restore_user("ana"), 1)
        self.assertEqual(self.storage.get_n_largest("", 5), ["a.txt(100)"])


if __name__ == "__main__":
    unittest.main()
