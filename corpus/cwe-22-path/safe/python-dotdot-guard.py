import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)


@app.get("/report")
def report():
    name = request.args.get("name", "")
    if ".." in name or name.startswith("/"):
        abort(400)
    return send_file(os.path.join("/srv/reports", name))
