from flask import Flask, request
from lxml import etree

app = Flask(__name__)
tree = etree.parse("users.xml")

@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    password = request.form["password"]
    return {"ok": bool(tree.xpath("//user[name=$u and password=$p]", u=user, p=password))}
