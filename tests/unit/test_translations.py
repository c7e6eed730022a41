"""Every user-facing string is marked and extracts for translators."""
import os

from babel.messages import pofile
from babel.messages.frontend import CommandLineInterface

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
            "Requested snapshot or volume would exceed the allowed quota.",
            "The volume the checkpoint was taken from is not changed.",
            "Snapshot History",
            "Volume %(name)s is attached to an instance. A snapshot of an "
            "attached volume may be inconsistent; choose Force to take it "
            "anyway."):
        assert expected in ids
