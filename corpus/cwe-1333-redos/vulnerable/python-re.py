import re
from flask import Flask, request

app = Flask(__name__)

@app.route("/filter")
def filter_names():
    rx = re.compile(request.args["q"])
    return {"names": [n for n in NAMES if rx.search(n)]}
