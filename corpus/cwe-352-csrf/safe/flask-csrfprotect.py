from flask import Flask, redirect, request, session
from flask_wtf.csrf import CSRFProtect

from .models import Account

app = Flask(__name__)
app.secret_key = __import__("os").environ["SECRET_KEY"]
csrf = CSRFProtect(app)


@app.route("/settings/password", methods=["GET", "POST"])
def change_password():
    if request.method == "POST":
        account = Account.get(session["user_id"])
        account.set_password(request.form["password"])
        return redirect("/settings")
    return "<form method=post><input name=password><button>Save</button></form>"
