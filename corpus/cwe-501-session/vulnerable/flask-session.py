from flask import Flask, request, session

app = Flask(__name__)

@app.route("/impersonate")
def impersonate():
    session["user_id"] = request.args["as"]
    return "ok"
