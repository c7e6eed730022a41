#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License. You may obtain
#    a copy of the License at
#
#         http://www.apache.org/licenses/LICENSE-2.0
#
#    Unless required by applicable law or agreed to in writing, software
#    distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
#    WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
#    License for the specific language governing permissions and limitations
#    under the License.

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
