from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/prefs", methods=["POST"])
def prefs():
    response = make_response("saved")
    response.set_cookie("layout", request.form.get("layout", "grid"), secure=False, httponly=True)
    return response
