import requests
from urllib.parse import quote
from flask import Flask, request

app = Flask(__name__)

@app.route("/repo")
def repo():
    name = quote(request.args["name"], safe="")
    return requests.get(f"https://api.github.com/repos/acme/{name}", timeout=5).json()
