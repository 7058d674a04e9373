import re

__all__ = ["slugify"]


def slugify(title):
    """A lower-case slug of the title: blanks trimmed, runs of non-letters as one dash."""
    # The trim-both-ends idiom: "\s+$" retries a long run of blanks from each position.
    text = re.sub(r"^\s+|\s+$", "", title)
    return re.sub(r"[^a-z0-9]+", "-", text.lower())
