from flask import request

from .sessions import store


def remember_account():
    account = request.args.get("account", "")
    store["account"] = account
    return "ok"
