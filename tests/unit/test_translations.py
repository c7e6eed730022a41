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

"""Every user-facing string is marked and extracts for translators."""
import os

from babel.messages.frontend import CommandLineInterface
from babel.messages import pofile
from django.core import management

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def test_strings_of_code_and_templates_extract(tmp_path):
    pot = tmp_path / "django.pot"
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F",
        os.path.join(REPO, "babel-django.cfg"), "-o", str(pot),
        "-k", "gettext_lazy", "-k", "ngettext_lazy:1,2",
        "-k", "pgettext_lazy:1c,2",
        os.path.join(REPO, "volsnap_dashboard"),
        os.path.join(REPO, "templates")])

    with open(pot, "rb") as f:
        ids = {message.id if isinstance(message.id, str) else message.id[0]
               for message in pofile.read_po(f) if message.id}
    for expected in (
            "Protect (Quota exceeded)",
            'Started restoring checkpoint "{checkpoint}" into the new '
            'volume <a href="{url}">{volume}</a>.',
            "Scheduled deletion of Checkpoint",
            "Cinder refused it over quota: %(reason)s",
            "The volume the checkpoint was taken from is not changed.",
            "Snapshot History",
            "Volume %(name)s is attached to an instance. A snapshot of an "
            "attached volume may be inconsistent; choose Force to take it "
            "anyway."):
        assert expected in ids


def test_horizons_extract_messages_check_passes(monkeypatch):
    """What the lint environment runs: Horizon's own extraction, for both
    domains, leaving no template file behind."""
    monkeypatch.chdir(REPO)

    management.call_command("extract_messages", module=["volsnap_dashboard"],
                            check_only=True, verbosity=0)

    assert os.listdir(os.path.join(REPO, "volsnap_dashboard", "locale")) == [
        "README.rst"]
