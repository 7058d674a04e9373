import flask

app = flask.Flask(__name__)
ROLES = {"viewer", "editor"}


@app.route("/prefs", methods=["POST"])
def save_prefs():
    role = flask.request.form.get("role")
    flask.session["role"] = role if role in ROLES else "viewer"
    return "saved"
