import random

from flask import Flask, make_response

app = Flask(__name__)
rng = random.SystemRandom()


@app.route("/login/remember", methods=["POST"])
def remember():
    num = rng.random()
    remembered = str(num)[2:]
    response = make_response("ok")
    response.set_cookie("remember", remembered, secure=True, httponly=True)
    return response
