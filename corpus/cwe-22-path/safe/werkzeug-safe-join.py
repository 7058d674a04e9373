from flask import Flask, abort, request, send_file
from werkzeug.utils import safe_join

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.get("/files")
def download():
    path = safe_join(UPLOADS, request.args.get("name", ""))
    if path is None:
        abort(404)
    return send_file(open(path, "rb"), download_name="file")
