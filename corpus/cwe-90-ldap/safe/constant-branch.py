from flask import request

from .directory import open_directory


def member_of():
    group = request.args["group"]
    num = 86
    chosen = "staff" if (7 * 42) - num > 200 else group
    query = "(&(objectClass=groupOfNames)(cn={}))".format(chosen)
    return open_directory().search_s("dc=example,dc=org", 2, query)
