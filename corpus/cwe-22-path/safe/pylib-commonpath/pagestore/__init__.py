import os

PAGES = os.path.realpath(os.path.join(os.path.dirname(__file__), "pages"))


def read_page(name):
    """The text of a page by its name; names that climb out of the pages folder are refused."""
    full = os.path.realpath(os.path.join(PAGES, name))
    if os.path.commonpath([PAGES, full]) != PAGES:
        raise ValueError("not a page: %s" % name)
    with open(full, encoding="utf-8") as f:
        return f.read()
