import unittest

from cloud_storage import CloudStorage


class TestLevel4Hidden(unittest.TestCase):
    def setUp(self):
        self.storage = CloudStorage()

    def add_user_with_files(self, user_id, capacity, *files):
        self.storage.add_user(user_id, capacity)
        for name, size in files:
            self.storage.add_file_by(user_id, name, size)

    def test_restore_uses_backed_up_size_for_readded_name(self):
        self.add_user_with_files("ana", 1000, ("a.txt", 100))
        self.storage.backup_user("ana")
        self.storage.delete_file("a.txt")
        self.storage.add_file_by("ana", "a.txt", 900)
        self.assertEqual(self.storage.restore_user("ana"), 1)
        self.assertEqual(
            self.storage.get_file_size("a.txt"), 100,
            "a restored file takes the size it had in the backup",
        )
        self.assertEqual(self.storage.add_file_by("ana", "b.txt", 0), 900)

    def test_restore_skips_name_taken_by_admin_file(self):
        self.add_user_with_files("ana", 1000, ("logo.png", 100), ("a.txt", 1))
        self.storage.backup_user("ana")
        self.storage.delete_file("logo.png")
        self.storage.add_file("logo.png", 7)
        self.assertEqual(self.storage.restore_user("ana"), 1)
        self.assertEqual(
            self.storage.get_file_size("logo.png"), 7, "admin's file must be left as it is"
        )
        self.assertEqual(self.storage.add_file_by("ana", "b.txt", 0), 999)

    def test_backup_survives_restore_and_can_be_restored_again(self):
        self.add_user_with_files("ana", 1000, ("a.txt", 100), ("b.txt", 200))
        self.storage.add_user("ben", 1000)
        self.storage.backup_user("ana")
        self.storage.delete_file("b.txt")
        self.storage.add_file_by("ben", "b.txt", 10)
        self.assertEqual(self.storage.restore_user("ana"), 1)
        self.storage.delete_file("b.txt")  # ben gives the name up
        self.assertEqual(
            self.storage.restore_user("ana"), 2, "the same backup must restore again"
        )
        self.assertEqual(self.storage.get_file_size("b.txt"), 200)

    def test_restore_after_merge_deletes_files_received_from_merge(self):
        self.add_user_with_files("ana", 1000, ("a.txt", 100))
        self.add_user_with_files("ben", 500, ("ben.txt", 300))
        self.storage.backup_user("ana")
        self.storage.backup_user("ben")
        self.storage.merge_user("ana", "ben")
        self.assertEqual(self.storage.restore_user("ana"), 1)
        self.assertIsNone(
            self.storage.get_file_size("ben.txt"),
            "files received from a merge after the backup are deleted by restore",
        )
        self.assertEqual(
            self.storage.add_file_by("ana", "x.txt", 0), 1400,
            "capacity from the merge stays after restore",
        )

    def test_merged_users_backup_is_discarded(self):
        self.add_user_with_files("ana", 1000)
        self.add_user_with_files("ben", 500, ("ben.txt", 300))
        self.storage.backup_user("ben")
        self.storage.merge_user("ana", "ben")
        self.assertIsNone(self.storage.backup_user("ben"))
        self.assertIsNone(self.storage.restore_user("ben"))
        self.add_user_with_files("ben", 500, ("new.txt", 5))
        self.assertEqual(
            self.storage.restore_user("ben"), 0,
            "a re-added user has no backup: restore behaves like an empty backup",
        )
        self.assertIsNone(self.storage.get_file_size("new.txt"))
        self.assertEqual(self.storage.get_file_size("ben.txt"), 300)

    def test_admin_id_is_rejected_by_backup_and_restore(self):
        self.storage.add_file("logo.png", 7)
        self.assertIsNone(self.storage.backup_user("admin"))
        self.assertIsNone(self.storage.restore_user("admin"))
        self.assertEqual(
            self.storage.get_file_size("logo.png"), 7, "restore_user('admin') changes nothing"
        )


if __name__ == "__main__":
    unittest.main()
