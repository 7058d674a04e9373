from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
accounts = MongoClient()["bank"]["accounts"]

@app.route("/login", methods=["POST"])
def login():
    body = request.get_json()
    account = accounts.find_one({"user": body["user"], "pin": body["pin"]})
    return {"ok": account is not None}
