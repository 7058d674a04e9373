import re
from flask import Flask, request

app = Flask(__name__)


@app.route("/signup", methods=["POST"])
def signup():
    # A bounded repetition over one character class: linear.
    name = request.form["username"]
    if not re.fullmatch(r"[a-z0-9_]{3,16}", name):
        return {"error": "bad username"}, 400
    return {"username": name}
