"""What every batch action of the panels shares."""


class OncePerObject:
    """A batch action acts once per object, however many times a request
    names it (a crafted POST can repeat an id)."""

    def handle(self, table, request, obj_ids):
        return super().handle(table, request, list(dict.fromkeys(obj_ids)))
