from flask import Flask, request

app = Flask(__name__)

@app.route("/search")
def search():
    prefix = request.args.get("prefix", "")
    return {"names": [n for n in NAMES if n.startswith(prefix)]}
