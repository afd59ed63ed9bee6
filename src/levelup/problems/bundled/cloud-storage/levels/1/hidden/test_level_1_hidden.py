import unittest

from cloud_storage import CloudStorage


class TestLevel1Hidden(unittest.TestCase):
    def setUp(self):
        self.storage = CloudStorage()

    def test_rejected_add_keeps_existing_size(self):
        self.storage.add_file("photos/cat.png", 300)
        self.storage.add_file("photos/cat.png", 999)
        self.assertEqual(
            self.storage.get_file_size("photos/cat.png"), 300,
            "a rejected add_file must not change the existing file's size",
        )

    def test_empty_file_has_size_zero_not_none(self):
        self.assertTrue(self.storage.add_file("empty.log", 0))
        self.assertEqual(
            self.storage.get_file_size("empty.log"), 0, "a size-0 file exists: size is 0"
        )
        self.assertFalse(
            self.storage.add_file("empty.log", 5), "a size-0 file still takes its name"
        )
        self.assertEqual(self.storage.delete_file("empty.log"), 0)
        self.assertIsNone(self.storage.get_file_size("empty.log"))

    def test_second_delete_of_same_file_returns_none(self):
        self.storage.add_file("notes.txt", 20)
        self.assertEqual(self.storage.delete_file("notes.txt"), 20)
        self.assertIsNone(
            self.storage.delete_file("notes.txt"), "a file can only be deleted once"
        )

    def test_many_files_added_and_half_deleted(self):
        for i in range(200):
            self.assertTrue(self.storage.add_file(f"dir/file{i}.bin", i * 10))
        for i in range(0, 200, 2):
            self.assertEqual(self.storage.delete_file(f"dir/file{i}.bin"), i * 10)
        for i in range(200):
            expected = None if i % 2 == 0 else i * 10
            self.assertEqual(self.storage.get_file_size(f"dir/file{i}.bin"), expected)


if __name__ == "__main__":
    unittest.main()
