from flask import Flask, request
from jinja2 import Environment

app = Flask(__name__)
env = Environment()

@app.route("/card", methods=["POST"])
def card():
    template = env.from_string(request.form["layout"])
    return template.render(name="guest")
