from urllib.request import urlopen
from flask import Flask, request

app = Flask(__name__)

@app.route("/status")
def status():
    host = request.args["host"]
    return urlopen("http://" + host + "/health").read()
