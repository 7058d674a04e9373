import os
from flask import Flask, request

app = Flask(__name__)

@app.route("/logs")
def logs():
    name = request.args["name"]
    with open(os.path.join("/var/log/app", name)) as handle:
        return handle.read()
