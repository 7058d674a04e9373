import re
from flask import Flask, request

app = Flask(__name__)


@app.route("/comments", methods=["POST"])
def add_comment():
    # r"\s+$" tries each blank of a long run as the start of the match.
    body = re.sub(r"\s+$", "", request.form["body"])
    return {"body": body}
