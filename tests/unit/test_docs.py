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

"""The configuration reference names every setting the code reads."""
import pathlib
import re
import unittest

import volsnap_dashboard

PACKAGE = pathlib.Path(volsnap_dashboard.__file__).parent
REFERENCE = PACKAGE.parent / "doc" / "source" / "configuration.rst"
SETTING = re.compile(r"\bVOLSNAP_[A-Z_]+\b")


@unittest.skipUnless(REFERENCE.exists(), "not run from a checkout")
class ConfigurationReferenceTests(unittest.TestCase):

    def test_every_setting_read_is_documented(self):
        read = {name for path in PACKAGE.rglob("*.py")
                for name in SETTING.findall(path.read_text())}
        read |= {name for path in (PACKAGE / "enabled").rglob("*.py")
                 for name in SETTING.findall(path.read_text())}
        documented = set(re.findall(r"^``(VOLSNAP_[A-Z_]+)``$",
                                    REFERENCE.read_text(), re.MULTILINE))

        self.assertTrue(read)
        self.assertEqual(set(), read - documented)
        self.assertEqual(set(), documented - read)
