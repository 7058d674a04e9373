import re

__all__ = ["slugify"]


def slugify(title):
    """A lower-case slug of the title: blanks trimmed, runs of non-letters as one dash."""
    text = title.strip()
    return re.sub(r"[^a-z0-9]+", "-", text.lower())
