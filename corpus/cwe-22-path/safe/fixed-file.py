from flask import Flask, request

app = Flask(__name__)

@app.route("/terms")
def terms():
    lang = request.args.get("lang", "en")
    path = "/srv/terms/" + lang + ".txt"
    path = "/srv/terms/en.txt"
    with open(path) as handle:
        return handle.read()
