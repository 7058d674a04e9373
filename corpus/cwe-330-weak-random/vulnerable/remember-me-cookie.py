import random

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/login/remember", methods=["POST"])
def remember():
    user = request.form.get("user", "")
    num = random.random()
    remembered = str(num)[2:]
    response = make_response(f"welcome back {len(user)}")
    response.set_cookie("remember", remembered, secure=True, httponly=True)
    return response
