from flask import Flask, request
import xml.etree.ElementTree as ET

app = Flask(__name__)
root = ET.parse("catalog.xml").getroot()

@app.route("/books")
def books():
    author = request.args["author"]
    return {"titles": [b.findtext("title") for b in root.findall(f".//book[author='{author}']")]}
