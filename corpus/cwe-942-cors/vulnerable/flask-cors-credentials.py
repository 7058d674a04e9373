from flask import Flask, jsonify, session
from flask_cors import CORS

app = Flask(__name__)
CORS(app, supports_credentials=True)


@app.get("/api/profile")
def profile():
    return jsonify(user=session.get("user"))
