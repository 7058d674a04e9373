from flask import Flask, session, request

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"


@app.route("/visit")
def visit():
    session["visits"] = session.get("visits", 0) + 1
    return {"visits": session["visits"]}
