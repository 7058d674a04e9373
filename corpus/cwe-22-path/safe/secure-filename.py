import os
from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)

@app.route("/logs")
def logs():
    name = secure_filename(request.args["name"])
    with open(os.path.join("/var/log/app", name)) as handle:
        return handle.read()
