from flask import Flask, request
from lxml import etree

app = Flask(__name__)
tree = etree.parse("users.xml")

@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    password = request.form["password"]
    query = "//user[name='" + user + "' and password='" + password + "']"
    return {"ok": bool(tree.xpath(query))}
