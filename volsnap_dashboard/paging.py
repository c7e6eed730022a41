"""Marker pagination the way Horizon's paged tables expect it."""


def cut_page(items, limit, marker, sort_dir):
    """Returns (page, has_more_data, has_prev_data) from limit + 1 items.

    Going back (sort_dir "asc") the items come oldest first; the page is
    turned round so that it reads newest first again.
    """
    overflow = len(items) > limit
    items = list(items)[:limit]
    if sort_dir == "asc":
        items.reverse()
        return items, True, overflow
    return items, overflow, marker is not None
