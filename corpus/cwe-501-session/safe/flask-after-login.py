from flask import Flask, request, session, abort
from .auth import check_password

app = Flask(__name__)

@app.route("/login", methods=["POST"])
def login():
    user = check_password(request.form["email"], request.form["password"])
    if user is None:
        abort(401)
    session["user_id"] = user.id
    return "ok"
