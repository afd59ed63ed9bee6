import unittest

from cloud_storage import CloudStorage


class TestLevel1(unittest.TestCase):
    def setUp(self):
        self.storage = CloudStorage()

    def test_add_file_returns_true(self):
        self.assertTrue(self.storage.add_file("notes.txt", 20))

    def test_add_existing_file_returns_false(self):
        self.storage.add_file("notes.txt", 20)
        self.assertFalse(self.storage.add_file("notes.txt", 30))

    def test_get_file_size_returns_size(self):
        self.storage.add_file("photos/cat.png", 300)
        self.assertEqual(self.storage.get_file_size("photos/cat.png"), 300)

    def test_get_file_size_of_missing_file_returns_none(self):
        self.assertIsNone(self.storage.get_file_size("ghost.txt"))

    def test_files_keep_their_own_sizes(self):
        self.storage.add_file("a.txt", 10)
        self.storage.add_file("b.txt", 20)
        self.storage.add_file("c.txt", 30)
        self.assertEqual(self.storage.get_file_size("a.txt"), 10)
        self.assertEqual(self.storage.get_file_size("b.txt"), 20)
        self.assertEqual(self.storage.get_file_size("c.txt"), 30)

    def test_file_names_are_case_sensitive(self):
        self.storage.add_file("notes.txt", 20)
        self.assertTrue(self.storage.add_file("Notes.txt", 5))
        self.assertEqual(self.storage.get_file_size("notes.txt"), 20)
        self.assertEqual(self.storage.get_file_size("Notes.txt"), 5)

    def test_delete_file_returns_its_size(self):
        self.storage.add_file("notes.txt", 20)
        self.assertEqual(self.storage.delete_file("notes.txt"), 20)

    def test_deleted_file_is_gone(self):
        self.storage.add_file("notes.txt", 20)
        self.storage.delete_file("notes.txt")
        self.assertIsNone(self.storage.get_file_size("notes.txt"))

    def test_delete_missing_file_returns_none(self):
        self.storage.add_file("notes.txt", 20)
        self.assertIsNone(self.storage.delete_file("ghost.txt"))
        self.assertEqual(self.storage.get_file_size("notes.txt"), 20)

    def test_deleted_name_can_be_added_again(self):
        self.storage.add_file("notes.txt", 20)
        self.storage.delete_file("notes.txt")
        self.assertTrue(self.storage.add_file("notes.txt", 45))
        self.assertEqual(self.storage.get_file_size("notes.txt"), 45)


if __name__ == "__main__":
    unittest.main()
