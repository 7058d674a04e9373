import os

from flask import Flask, abort, request

app = Flask(__name__)


@app.post("/resize")
def resize():
    width = request.get_json().get("width")
    if not isinstance(width, (int, float)):
        abort(400)
    os.system("convert in.png -resize %dx out.png" % width)
    return {"ok": True}
