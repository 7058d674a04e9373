import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)
EXPORTS = "/srv/exports"


def assert_export_name(name):
    """Refuses names that would leave the folder: raises, so the caller goes no further."""
    if ".." in name or "/" in name or "\\" in name:
        raise ValueError("bad export name")


@app.route("/exports")
def download_export():
    name = request.args["name"]
    try:
        assert_export_name(name)
    except ValueError:
        abort(400)
    return send_file(os.path.join(EXPORTS, name))
