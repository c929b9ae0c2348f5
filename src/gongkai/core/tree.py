"""Materialised paths for the project's trees (units, catalog topics): each node stores the
zero-padded ids from the root ("/000000001/000000004/"), so a subtree is one indexed prefix
query and text order is tree order on SQLite and PostgreSQL alike."""


def place(node, *, parent, width: int = 9) -> None:
    """Set `node.path` under `parent` (saved nodes only) and move its descendants with it."""
    old_path = node.path
    node.path = f"{parent.path if parent else '/'}{node.pk:0{width}d}/"
    type(node).objects.filter(pk=node.pk).update(path=node.path)
    if old_path and old_path != node.path:
        for child in type(node).objects.filter(path__startswith=old_path).exclude(pk=node.pk):
            child.path = node.path + child.path[len(old_path):]
            type(node).objects.filter(pk=child.pk).update(path=child.path)
