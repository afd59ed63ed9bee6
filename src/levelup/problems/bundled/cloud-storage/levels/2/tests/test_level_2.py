import unittest

from cloud_storage import CloudStorage


class TestLevel2(unittest.TestCase):
    def setUp(self):
        self.storage = CloudStorage()

    def add_files(self, *files):
        for name, size in files:
            self.storage.add_file(name, size)

    def test_get_n_largest_orders_by_size_descending(self):
        self.add_files(("a.txt", 10), ("b.txt", 30), ("c.txt", 20))
        self.assertEqual(
            self.storage.get_n_largest("", 3), ["b.txt(30)", "c.txt(20)", "a.txt(10)"]
        )

    def test_equal_sizes_are_ordered_by_name(self):
        self.add_files(("owl.png", 300), ("cat.png", 300), ("dog.png", 500))
        self.assertEqual(
            self.storage.get_n_largest("", 3),
            ["dog.png(500)", "cat.png(300)", "owl.png(300)"],
        )

    def test_only_names_starting_with_prefix_are_listed(self):
        self.add_files(
            ("photos/cat.png", 300), ("music/song.mp3", 800), ("photos/dog.png", 500)
        )
        self.assertEqual(
            self.storage.get_n_largest("photos/", 5),
            ["photos/dog.png(500)", "photos/cat.png(300)"],
        )

    def test_get_n_largest_returns_at_most_n_files(self):
        self.add_files(("a", 1), ("b", 2), ("c", 3), ("d", 4))
        self.assertEqual(self.storage.get_n_largest("", 2), ["d(4)", "c(3)"])

    def test_fewer_matches_than_n_returns_all_matches(self):
        self.add_files(("a", 1), ("b", 2))
        self.assertEqual(self.storage.get_n_largest("", 10), ["b(2)", "a(1)"])

    def test_no_matching_file_returns_empty_list(self):
        self.add_files(("photos/cat.png", 300))
        self.assertEqual(self.storage.get_n_largest("video/", 3), [])

    def test_empty_storage_returns_empty_list(self):
        self.assertEqual(self.storage.get_n_largest("", 5), [])

    def test_empty_prefix_matches_every_file(self):
        self.add_files(("photos/cat.png", 300), ("music/song.mp3", 800), ("x", 1))
        self.assertEqual(
            self.storage.get_n_largest("", 3),
            ["music/song.mp3(800)", "photos/cat.png(300)", "x(1)"],
        )

    def test_deleted_files_are_not_listed(self):
        self.add_files(("a", 10), ("b", 20), ("c", 30))
        self.storage.delete_file("c")
        self.assertEqual(self.storage.get_n_largest("", 3), ["b(20)", "a(10)"])

    def test_prefix_match_is_case_sensitive(self):
        self.add_files(("Photos/cat.png", 300), ("photos/dog.png", 500))
        self.assertEqual(self.storage.get_n_largest("Photos/", 5), ["Photos/cat.png(300)"])


if __name__ == "__main__":
    unittest.main()
