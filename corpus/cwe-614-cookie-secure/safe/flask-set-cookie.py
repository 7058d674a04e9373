from flask import Flask, make_response

app = Flask(__name__)

@app.route("/login", methods=["POST"])
def login():
    response = make_response({"ok": True})
    response.set_cookie("auth_token", new_token(), secure=True, httponly=True, samesite="Lax")
    return response
