"""What volsnap's services share: Django set up from Horizon's settings,
their log format, and their settings over their defaults."""
import logging


def setup():
    import django
    django.setup()
    logging.basicConfig(level=logging.INFO, format=(
        "%(asctime)s %(process)d %(levelname)s %(name)s %(message)s"))


def settings(name, defaults):
    """Horizon's setting `name` (a dict) over `defaults`."""
    from django.conf import settings as django_settings
    conf = dict(defaults)
    conf.update(getattr(django_settings, name, {}))
    return conf
