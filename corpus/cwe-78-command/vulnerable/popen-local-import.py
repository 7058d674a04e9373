from flask import request


def ping():
    import os

    host = request.args.get("host", "")
    cmd = "ping -c 1 %s" % host
    with os.popen(cmd) as out:
        return out.read()
