import unittest

from cloud_storage import CloudStorage


class TestLevel3(unittest.TestCase):
    def setUp(self):
        self.storage = CloudStorage()

    def test_add_user_returns_true_and_rejects_duplicate_id(self):
        self.assertTrue(self.storage.add_user("ana", 1000))
        self.assertFalse(self.storage.add_user("ana", 50))

    def test_add_file_by_returns_remaining_capacity(self):
        self.storage.add_user("ana", 1000)
        self.assertEqual(self.storage.add_file_by("ana", "ana/cv.pdf", 400), 600)
        self.assertEqual(self.storage.add_file_by("ana", "ana/photo.jpg", 250), 350)

    def test_add_file_by_unknown_user_returns_none(self):
        self.assertIsNone(self.storage.add_file_by("zoe", "zoe.txt", 10))
        self.assertIsNone(self.storage.get_file_size("zoe.txt"))

    def test_file_over_capacity_is_rejected(self):
        self.storage.add_user("ana", 1000)
        self.storage.add_file_by("ana", "ana/cv.pdf", 400)
        self.assertIsNone(self.storage.add_file_by("ana", "ana/movie.mp4", 601))
        self.assertIsNone(self.storage.get_file_size("ana/movie.mp4"))

    def test_file_filling_capacity_exactly_is_allowed(self):
        self.storage.add_user("ana", 1000)
        self.storage.add_file_by("ana", "ana/cv.pdf", 400)
        self.assertEqual(self.storage.add_file_by("ana", "ana/movie.mp4", 600), 0)

    def test_add_file_by_with_taken_name_returns_none(self):
        self.storage.add_user("ana", 1000)
        self.storage.add_user("ben", 1000)
        self.storage.add_file_by("ana", "report.pdf", 100)
        self.storage.add_file("logo.png", 50)
        self.assertIsNone(self.storage.add_file_by("ben", "report.pdf", 10))
        self.assertIsNone(self.storage.add_file_by("ben", "logo.png", 10))
        self.assertEqual(self.storage.get_file_size("report.pdf"), 100)

    def test_add_file_has_no_capacity_limit(self):
        self.storage.add_user("ana", 10)
        self.assertTrue(self.storage.add_file("shared/huge.iso", 10**12))
        self.assertEqual(self.storage.get_file_size("shared/huge.iso"), 10**12)

    def test_earlier_methods_see_files_of_every_owner(self):
        self.storage.add_user("ana", 1000)
        self.storage.add_file_by("ana", "ana/cv.pdf", 400)
        self.storage.add_file("shared/logo.png", 5000)
        self.assertEqual(self.storage.get_file_size("ana/cv.pdf"), 400)
        self.assertEqual(
            self.storage.get_n_largest("", 5), ["shared/logo.png(5000)", "ana/cv.pdf(400)"]
        )

    def test_delete_file_frees_the_owners_space(self):
        self.storage.add_user("ana", 1000)
        self.storage.add_file_by("ana", "ana/cv.pdf", 400)
        self.assertEqual(self.storage.delete_file("ana/cv.pdf"), 400)
        self.assertEqual(self.storage.add_file_by("ana", "ana/movie.mp4", 1000), 0)

    def test_merge_user_returns_combined_remaining_capacity(self):
        self.storage.add_user("ana", 1000)
        self.storage.add_user("ben", 300)
        self.storage.add_file_by("ana", "ana/cv.pdf", 400)
        self.storage.add_file_by("ben", "ben/todo.txt", 100)
        self.assertEqual(self.storage.merge_user("ana", "ben"), 800)

    def test_merge_user_moves_files_to_first_user(self):
        self.storage.add_user("ana", 1000)
        self.storage.add_user("ben", 300)
        self.storage.add_file_by("ben", "ben/todo.txt", 100)
        self.storage.merge_user("ana", "ben")
        self.assertEqual(self.storage.get_file_size("ben/todo.txt"), 100)
        self.assertEqual(self.storage.add_file_by("ana", "a.txt", 1), 1199)
        self.storage.delete_file("ben/todo.txt")
        self.assertEqual(self.storage.add_file_by("ana", "b.txt", 1), 1298)

    def test_merged_user_no_longer_exists(self):
        self.storage.add_user("ana", 1000)
        self.storage.add_user("ben", 300)
        self.storage.merge_user("ana", "ben")
        self.assertIsNone(self.storage.add_file_by("ben", "ben/x.txt", 1))
        self.assertIsNone(self.storage.merge_user("ana", "ben"))

    def test_merge_with_unknown_or_same_user_returns_none(self):
        self.storage.add_user("ana", 1000)
        self.assertIsNone(self.storage.merge_user("ana", "zoe"))
        self.assertIsNone(self.storage.merge_user("zoe", "ana"))
        self.assertIsNone(self.storage.merge_user("ana", "ana"))
        self.assertEqual(self.storage.add_file_by("ana", "a.txt", 1), 999)


if __name__ == "__main__":
    unittest.main()
