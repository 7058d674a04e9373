import logging
import os

from flask import Flask, request, send_file

app = Flask(__name__)
EXPORTS = "/srv/exports"
log = logging.getLogger(__name__)


def check_export_name(name):
    """Meant to refuse names that leave the folder; it only logs."""
    if ".." in name or "/" in name:
        log.warning("suspicious export name %s", name)


@app.route("/exports")
def download_export():
    name = request.args["name"]
    check_export_name(name)
    return send_file(os.path.join(EXPORTS, name))
