from flask import Flask, request
from lxml import etree

app = Flask(__name__)

@app.route("/upload", methods=["POST"])
def upload():
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    doc = etree.fromstring(request.data, parser)
    return {"tag": doc.tag}
