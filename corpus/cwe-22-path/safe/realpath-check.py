import os
from flask import Flask, request, abort, send_file

app = Flask(__name__)
MEDIA = os.path.realpath("/srv/media")

@app.route("/download")
def download():
    target = os.path.realpath(os.path.join(MEDIA, request.args["name"]))
    if not target.startswith(MEDIA + os.sep):
        abort(403)
    return send_file(target)
