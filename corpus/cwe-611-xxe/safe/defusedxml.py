from flask import Flask, request
from defusedxml.ElementTree import fromstring

app = Flask(__name__)

@app.route("/upload", methods=["POST"])
def upload():
    doc = fromstring(request.data)
    return {"tag": doc.tag}
