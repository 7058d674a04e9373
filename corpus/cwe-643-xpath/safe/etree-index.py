from flask import Flask, request
import xml.etree.ElementTree as ET

app = Flask(__name__)
root = ET.parse("catalog.xml").getroot()

@app.route("/books")
def books():
    index = int(request.args["index"])
    return {"title": root.findall(f".//book[{index}]/title")[0].text}
