from flask import Flask, make_response

app = Flask(__name__)

@app.route("/login", methods=["POST"])
def login():
    response = make_response({"ok": True})
    response.set_cookie("auth_token", new_token(), httponly=True)
    return response
