from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
products = MongoClient()["shop"]["products"]

@app.route("/products")
def by_category():
    category = request.args.get("category", "all")
    return {"items": [p["name"] for p in products.find({"category": category})]}
