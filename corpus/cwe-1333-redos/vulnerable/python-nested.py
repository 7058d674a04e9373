import re
from flask import Flask, request

app = Flask(__name__)

@app.route("/check")
def check():
    ok = re.match(r"^(\w+\s?)+$", request.args.get("title", ""))
    return {"ok": bool(ok)}
