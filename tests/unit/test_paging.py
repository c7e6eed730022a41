"""Numbers from URLs and cookies, parsed once."""
import unittest

from volsnap_dashboard import paging


class NumberTests(unittest.TestCase):

    def test_only_plain_ascii_numbers_are_numbers(self):
        self.assertEqual([0, 42, 10 ** 17], [paging.number(v) for v in (
            "0", "42", "100000000000000000")])
        for value in ("²", "١٢", "-1", "+3", " 4", "4 ", "4\n", "1e3",
                      "9" * 19, "", None, 7):
            with self.subTest(value=value):
                self.assertIsNone(paging.number(value))
