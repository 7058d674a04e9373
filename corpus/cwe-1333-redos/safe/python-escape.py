import re
from flask import Flask, request

app = Flask(__name__)

@app.route("/filter")
def filter_names():
    rx = re.compile(re.escape(request.args["q"]), re.IGNORECASE)
    ok = re.match(r"^[\w\s]+$", request.args.get("title", ""))
    return {"names": [n for n in NAMES if rx.search(n)], "ok": bool(ok)}
