from flask import request

from .directory import open_directory


def member_of():
    group = request.args["group"]
    query = "(&(objectClass=groupOfNames)(cn={}))".format(group)
    directory = open_directory()
    return directory.search_s("dc=example,dc=org", 2, query)
