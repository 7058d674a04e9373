from flask import request

from .cache import store


def remember_search():
    query = request.args.get("q", "")
    store["last-search"] = query
    return "ok"
