import flask

app = flask.Flask(__name__)


@app.route("/prefs", methods=["POST"])
def save_prefs():
    role = flask.request.form.get("role")
    flask.session["role"] = role
    return "saved"
