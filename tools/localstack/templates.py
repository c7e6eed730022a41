"""Config files written from the templates in templates/."""
import os
import string

from localstack import config


def render(name, target, **values):
    """Writes templates/<name> to `target`, ${names} filled in."""
    with open(os.path.join(config.TEMPLATES, name)) as f:
        text = string.Template(f.read()).substitute(values)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w") as f:
        f.write(text)
    return target
