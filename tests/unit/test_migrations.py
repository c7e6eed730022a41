from django.core import management
from openstack_dashboard.test import helpers


class MigrationTests(helpers.TestCase):

    def test_the_models_have_every_migration(self):
        # Exits non-zero when a model change lacks its migration.
        management.call_command("makemigrations", "volsnap_events",
                                "volsnap_policies", check=True,
                                dry_run=True, verbosity=0)
