import logging
import os

PAGES = os.path.realpath(os.path.join(os.path.dirname(__file__), "pages"))
log = logging.getLogger(__name__)


def read_page(name):
    """The text of a page by its name."""
    full = os.path.realpath(os.path.join(PAGES, name))
    if os.path.relpath(full, PAGES).startswith(".."):
        log.warning("page outside the pages folder: %s", name)
    with open(full, encoding="utf-8") as f:
        return f.read()
