from flask import Flask, request
from lxml import etree

app = Flask(__name__)

@app.route("/upload", methods=["POST"])
def upload():
    parser = etree.XMLParser(resolve_entities=True, no_network=False)
    doc = etree.fromstring(request.data, parser)
    return {"tag": doc.tag}
