import unittest

from cloud_storage import CloudStorage


class TestLevel2Hidden(unittest.TestCase):
    def setUp(self):
        self.storage = CloudStorage()

    def add_files(self, *files):
        for name, size in files:
            self.storage.add_file(name, size)

    def test_tied_names_compare_as_plain_strings(self):
        self.add_files(("file9", 50), ("file10", 50), ("apple", 50), ("Zebra", 50))
        self.assertEqual(
            self.storage.get_n_largest("", 4),
            ["Zebra(50)", "apple(50)", "file10(50)", "file9(50)"],
            "equal sizes must be ordered by plain string comparison of names",
        )

    def test_prefix_only_matches_at_start_of_name(self):
        self.add_files(
            ("photos/cat.png", 300), ("old/photos/fox.png", 900), ("photos", 7)
        )
        self.assertEqual(
            self.storage.get_n_largest("photos", 5),
            ["photos/cat.png(300)", "photos(7)"],
            "the prefix matches only at the start; a name equal to the prefix matches",
        )

    def test_zero_size_files_are_listed(self):
        self.add_files(("b.log", 0), ("a.log", 0), ("c.log", 1))
        self.assertEqual(
            self.storage.get_n_largest("", 5),
            ["c.log(1)", "a.log(0)", "b.log(0)"],
            "files of size 0 take part like any other file",
        )

    def test_get_n_largest_changes_nothing(self):
        self.add_files(("a", 10), ("b", 20))
        first = self.storage.get_n_largest("", 1)
        self.assertEqual(self.storage.get_n_largest("", 1), first)
        self.assertEqual(self.storage.get_n_largest("", 5), ["b(20)", "a(10)"])
        self.assertEqual(self.storage.get_file_size("b"), 20)

    def test_get_n_largest_over_many_files(self):
        # 150 files under "logs/", every size shared by three files, plus noise elsewhere.
        for i in range(150):
            self.storage.add_file(f"logs/{i:03d}.log", (i % 50) * 10)
            self.storage.add_file(f"tmp/{i:03d}.log", 10_000)
        expected = [
            f"logs/{i:03d}.log({(i % 50) * 10})"
            for i in sorted(range(150), key=lambda i: (-(i % 50), f"{i:03d}"))
        ][:20]
        self.assertEqual(self.storage.get_n_largest("logs/", 20), expected)


if __name__ == "__main__":
    unittest.main()
